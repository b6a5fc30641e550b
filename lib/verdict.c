/*
 * The pre-commit hook's verdict, left for the commit-msg hook of the same
 * commit: "no staged record is material for an accepted handoff", so
 * commit-msg need not start a program, let alone libgit2 (15 ms of CA
 * certificates alone in 1.5.1), to find that out again.
 *
 * A verdict is only as good as its key, and a stale or damaged one must
 * mean the full check, never a pass. The key is the git process both
 * hooks are children of: its pid and start time (another commit, a merge
 * whose commit-msg runs without pre-commit, never match). The file holds
 * "git-handoff verdict 2", "git <pid> <start>" and "clear", one a line,
 * nothing more; commit-msg builds the key again and compares byte for
 * byte, so another commit or any damage is a mismatch. The commit-msg
 * hook script makes the same comparison with the shell's own `read`
 * (hooks/commit-msg), and starts no program when it holds.
 *
 * The index is not part of the key: git commits the index as it reads it
 * again right after the pre-commit hook, and what a later hook stages
 * (prepare-commit-msg, commit-msg.local) is left for the next commit,
 * whose own hooks judge it. The verdict is on what this commit records.
 *
 * Without /proc, GIT_INDEX_FILE (git names it to a commit's hooks) or a
 * git folder of our own to write in, there is no verdict and the full
 * check runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "environment.h"
#include "verdict.h"

#define VERDICT_MAX 8192

/*
 * Field `want` of /proc/<pid>/stat, counted from 1 as proc(5) does: 4 is
 * the parent, 22 the start time.
 */
static int stat_field(long pid, int want, unsigned long long *out)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd, field;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* the command name may hold spaces and parentheses: after the last ')' */
	if (!(p = strrchr(buf, ')')))
		return -1;
	for (field = 2; field < want && p; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return -1;
	*out = strtoull(p + 1, NULL, 10);
	return 0;
}

/* "<dir>/handoff/verdict": the hook's own git folder (worktrees have one each) */
static char *verdict_path(void)
{
	const char *dir = handoff__env()->git_dir;
	struct stat sb;

	if (!dir) {
		if (stat(".git", &sb) < 0 || !S_ISDIR(sb.st_mode))
			return NULL;
		dir = ".git";
	}
	return handoff__asprintf("%s/handoff/verdict", dir);
}

/*
 * The key of the commit that git process `git` makes: 0 for our parent,
 * else our parent or its parent (the hook's shell ran us in a pipeline).
 */
static int key(handoff_buf *out, long git)
{
	unsigned long long started, grandparent;
	long parent = (long)getppid();

	if (!git)
		git = parent;
	if (git != parent && (stat_field(parent, 4, &grandparent) < 0 ||
	    (unsigned long long)git != grandparent))
		return -1;
	if (!handoff__env()->git_index_file || stat_field(git, 22, &started) < 0)
		return -1;
	return handoff__buf_printf(out, "git-handoff verdict 2\ngit %ld %llu\nclear\n",
		git, started);
}

int handoff__verdict_begin(struct verdict *v, long git)
{
	memset(v, 0, sizeof(*v));
	if (key(&v->key, git) < 0) {
		handoff_buf_dispose(&v->key);
		return -1;
	}
	return 0;
}

void handoff__verdict_end(struct verdict *v, int clear)
{
	char *path = v->key.size ? verdict_path() : NULL, *slash;
	int fd;

	if (!path)
		goto done;
	if (!clear) {
		unlink(path);
		goto done;
	}
	slash = strrchr(path, '/');
	*slash = '\0';
	mkdir(path, 0777);		/* .git/handoff, often there already */
	*slash = '/';
	/*
	 * Written over in place, not renamed over nor cut to nothing first:
	 * ext4 then writes the file out to disk at once (auto_da_alloc), a
	 * third of a millisecond in every commit. A verdict half written, or
	 * with the tail of a longer one behind it, matches no key: the full
	 * check, as does a verdict lost in a crash (no fsync).
	 */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666)) < 0)
		goto done;
	if (pwrite(fd, v->key.ptr, v->key.size, 0) != (ssize_t)v->key.size ||
	    ftruncate(fd, (off_t)v->key.size) < 0)
		unlink(path);
	close(fd);
done:
	free(path);
	handoff_buf_dispose(&v->key);
}

/* Whether the message in `file` has a line starting "Handoff-Backfill:" (any case). */
static int backfill_trailer(const char *file)
{
	static const char key[] = "handoff-backfill:";
	char line[256];
	FILE *f = fopen(file, "r");
	int found = 0, at_start = 1;

	if (!f)
		return 1;	/* cannot tell: the full check */
	while (!found && fgets(line, sizeof(line), f)) {
		found = at_start && !strncasecmp(line, key, sizeof(key) - 1);
		at_start = strchr(line, '\n') != NULL;
	}
	fclose(f);
	return found;
}

int handoff_verdict_clear(const char *msg_file)
{
	handoff_buf want = HANDOFF_BUF_INIT;
	char *path = NULL, got[VERDICT_MAX];
	ssize_t n = -1;
	int fd, clear = 0;

	if (key(&want, 0) < 0 || want.size >= sizeof(got) || !(path = verdict_path()))
		goto done;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) >= 0) {
		n = read(fd, got, sizeof(got));
		close(fd);
	}
	clear = n == (ssize_t)want.size && !memcmp(got, want.ptr, want.size) &&
		!backfill_trailer(msg_file);
done:
	free(path);
	handoff_buf_dispose(&want);
	return clear;
}
