/*
 * --help: the manual page, as git's own commands answer it. git turns
 * `git handoff --help` into `man git-handoff` itself; `git handoff
 * validate --help` reaches us, and shows git-handoff-validate(1) when
 * that page was installed with this program. Without one (no man(1),
 * a program run from its source tree, pages not installed) the caller
 * prints the short usage instead, as it does for -h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"

#ifndef HANDOFF_MANDIR
#define HANDOFF_MANDIR "/usr/local/share/man"
#endif

static int has_page(const char *dir, const char *page)
{
	char path[PATH_MAX];
	struct stat st;

	/* a packager may have compressed it */
	snprintf(path, sizeof(path), "%s/man1/%s.1", dir, page);
	if (stat(path, &st) == 0)
		return 1;
	snprintf(path, sizeof(path), "%s/man1/%s.1.gz", dir, page);
	return stat(path, &st) == 0;
}

/* Whether `man -w 1 <page>` finds it, saying nothing. */
static int man_finds(const char *page)
{
	pid_t pid;
	int st, fd;

	fflush(NULL);
	if ((pid = fork()) < 0)
		return 0;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execlp("man", "man", "-w", "1", page, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

void cli_manual(const char *page)
{
	const char *dirs[] = { cli_man_dir(), HANDOFF_MANDIR };
	const char *dir = NULL, *old = getenv("MANPATH");
	char *saved = old ? strdup(old) : NULL, *path;
	size_t i, n;

	if (!dirs[0] || (old && !saved))
		goto none;
	for (i = 0; i < sizeof(dirs) / sizeof(*dirs) && !dir; i++)
		if (has_page(dirs[i], page))
			dir = dirs[i];
	if (!dir)
		goto none;
	/*
	 * Our folder first, then the reader's MANPATH, or man's own search
	 * path: a MANPATH that ends with ':' has it appended (manpath(5)).
	 */
	n = strlen(dir) + (old ? strlen(old) : 0) + 2;
	if (!(path = malloc(n)))
		goto none;
	snprintf(path, n, "%s:%s", dir, old ? old : "");
	setenv("MANPATH", path, 1);
	free(path);
	if (man_finds(page))
		execlp("man", "man", "1", page, (char *)NULL);
	if (saved)
		setenv("MANPATH", saved, 1);
	else
		unsetenv("MANPATH");
none:
	free(saved);
}
