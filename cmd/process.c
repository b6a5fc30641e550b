/*
 * What each program of git-handoff does first and last: standard streams
 * that are really there, signals that leave no temporary file behind,
 * the folder of the built-in kinds; and output that could not be written
 * counted as an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cmd.h"

#ifndef HANDOFF_MANDIR
#define HANDOFF_MANDIR "/usr/local/share/man"
#endif

/* where this program's manual pages are, or "" when it runs from its source tree */
static char man_dir[PATH_MAX + 32] = HANDOFF_MANDIR;

/*
 * Where the built-in kinds and hook scripts are: beside the binary when it
 * runs from the source tree (or two folders up, from a build folder such
 * as build/asan), else ../share/git-handoff from it (so an installed tree
 * can be moved), else the folder compiled in.
 *
 * The manual pages go the same way: ../share/man from an installed
 * program, the folder compiled in when the kinds are, and none from the
 * source tree (a build there answers --help with its own usage).
 */
static void find_data_dir(void)
{
	static const char *const candidates[] = { "", "/../..", "/../share/git-handoff" };
	char exe[PATH_MAX], dir[PATH_MAX + 32], probe[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct stat st;
	char *slash;
	size_t i;

	if (n <= 0)
		return;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return;
	*slash = '\0';
	for (i = 0; i < sizeof(candidates) / sizeof(*candidates); i++) {
		snprintf(dir, sizeof(dir), "%s%s", exe, candidates[i]);
		snprintf(probe, sizeof(probe), "%s/schemas/deal-handoff.yaml", dir);
		if (stat(probe, &st) == 0) {
			handoff_set_data_dir(dir);
			if (i + 1 < sizeof(candidates) / sizeof(*candidates))
				man_dir[0] = '\0';
			else
				snprintf(man_dir, sizeof(man_dir), "%s/../share/man", exe);
			return;
		}
	}
}

/*
 * A standard stream the caller closed (`git-handoff ... >&-`) would be the
 * next file we open, and output would land in it: in a cache file, say.
 * Each gets /dev/null instead; stdout read-only, so that writing to a
 * closed stdout fails as a full disk does (exit 2), and is not a success.
 */
static void keep_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY) < 0)
			exit(EXIT_TROUBLE);
}

/* An interrupted run leaves no temporary file (of a cache, of a record). */
static void on_signal(int sig)
{
	handoff_remove_temp_files();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		struct sigaction sa, old;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		/* a signal the caller ignores (nohup, a shell's &) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

/*
 * Blocks of up to 32 MB from the heap, not each mapped on its own: a
 * pass over a long history takes and frees blocks of hundreds of
 * kilobytes thousands of times, and glibc would map and unmap each,
 * its pages faulted in again every time (a sixth of a pass after one
 * new commit).
 */
static void keep_memory(void)
{
#ifdef M_MMAP_THRESHOLD
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

void cli_start(void)
{
	keep_memory();
	keep_std_fds();
	catch_signals();
	find_data_dir();
}

/*
 * The variables the library acts on, read here once and handed over
 * (lib/ reads none): git's, as git exports them to hooks and to
 * `git --git-dir=`, who and when a decision is (as git signs commits),
 * where time zones and the built-in kinds are, and how the library runs.
 */
void cli_environment(void)
{
	static handoff_environment env = HANDOFF_ENVIRONMENT_INIT;
	const char *threads = getenv("GIT_HANDOFF_THREADS");
	long n;

	env.git_dir = getenv("GIT_DIR");
	env.git_work_tree = getenv("GIT_WORK_TREE");
	env.git_index_file = getenv("GIT_INDEX_FILE");
	env.git_common_dir = getenv("GIT_COMMON_DIR");
	env.git_config_parameters = getenv("GIT_CONFIG_PARAMETERS");
	env.git_author_email = getenv("GIT_AUTHOR_EMAIL");
	env.email = getenv("EMAIL");
	env.git_author_date = getenv("GIT_AUTHOR_DATE");
	env.home = getenv("HOME");
	env.tzdir = getenv("TZDIR");
	env.schema_dir = getenv("HANDOFF_SCHEMA_DIR");
	/* a number; anything below 1 is one thread, unset one per processor */
	if (threads && *threads) {
		n = strtol(threads, NULL, 10);
		env.threads = n < 1 ? 1 : n > 4096 ? 4096 : (unsigned int)n;
	}
	env.no_jit = getenv("GIT_HANDOFF_NO_JIT") != NULL;
	handoff_set_environment(&env);
}

int cli_finish(int status)
{
	/* a full disk or a closed pipe is not a success (git's run_builtin) */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "git-handoff: cannot write output: %s\n",
				strerror(errno));
		return EXIT_TROUBLE;
	}
	return status;
}

const char *cli_man_dir(void)
{
	return man_dir[0] ? man_dir : NULL;
}
