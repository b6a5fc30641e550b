/*
 * Writing files the safe way: a temporary file beside the target, fsync,
 * then rename (or link, when the target must not exist yet), so a reader
 * sees the old bytes or the new ones, never half of them, and a crash
 * leaves the user's file as it was. A signal handler removes a temporary
 * file left half-written (handoff_remove_temp_files).
 *
 * A writer killed outright (SIGKILL, a power cut) still leaves its
 * temporary file, `.<name>.tmp-<pid>-XXXXXX`. It stays beside the target
 * rather than in the git dir because only the target's own folder is
 * sure to be on its filesystem (a linked worktree, a bind mount), and
 * rename is atomic only within one. Its name is safe there: hidden, and
 * ending in no record extension, so no reader takes it for a record. And
 * each write cleans the folder it writes to of such files that are
 * stale: ours (the pattern, a regular file of this user), older than
 * STALE_SECONDS (no write takes that long) and with their writer gone.
 * Both tests, because a pid says nothing across machines or pid
 * namespaces sharing the folder, and an age alone would remove the file
 * of a writer stopped in a debugger.
 */
#if defined(__linux__)
#define _GNU_SOURCE	/* copy_file_range */
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static int make_parents(const char *path)
{
	char *copy = handoff__strdup(path), *p;
	int err = 0;

	if (!copy)
		return HANDOFF_ERROR;
	for (p = copy + 1; *p && !err; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) < 0 && errno != EEXIST)
			err = handoff__error_os("create folder", copy);
		*p = '/';
	}
	free(copy);
	return err;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * The temporary file being written, for handoff_remove_temp_files() to
 * remove from a signal handler: a fixed buffer and a flag, nothing that
 * allocates.
 */
static char pending[4096];
static volatile sig_atomic_t have_pending;

void handoff_remove_temp_files(void)
{
	if (have_pending)
		unlink(pending);
}

static void track(const char *tmp)
{
	size_t n = strlen(tmp);

	if (n < sizeof(pending)) {
		memcpy(pending, tmp, n + 1);
		have_pending = 1;
	}
}

#define STALE_SECONDS (10 * 60)

/*
 * Whether `name` is one of our temporary files, `.<name>.tmp-<pid>-`
 * then mkstemp's six letters or digits; *pid its writer's.
 */
static int temp_file_name(const char *name, long *pid)
{
	const char *t, *p, *last = NULL;
	size_t n = strlen(name), i;

	if (name[0] != '.' || n < 14)
		return 0;
	for (t = strstr(name + 1, ".tmp-"); t; t = strstr(t + 1, ".tmp-"))
		last = t;
	if (!last || name + n - last < 13 || name[n - 7] != '-')
		return 0;
	for (i = n - 6; i < n; i++)
		if (!((name[i] | 0x20) >= 'a' && (name[i] | 0x20) <= 'z') &&
		    !(name[i] >= '0' && name[i] <= '9'))
			return 0;
	*pid = 0;
	for (p = last + 5; p < name + n - 7; p++) {
		if (*p < '0' || *p > '9' || *pid > 99999999)
			return 0;
		*pid = *pid * 10 + (*p - '0');
	}
	return *pid > 0;
}

/* Remove what killed writers left in `dir` (see the top); best effort. */
static void clean_stale(const char *dir)
{
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;
	time_t now = time(NULL);

	while (d && (e = readdir(d))) {
		struct stat st;
		char *path;
		long pid;

		if (!temp_file_name(e->d_name, &pid) ||
		    !(path = handoff__asprintf("%s%s", dir, e->d_name)))
			continue;
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid() && now - st.st_mtime > STALE_SECONDS &&
		    kill((pid_t)pid, 0) < 0 && errno == ESRCH)
			unlink(path);
		free(path);
	}
	if (d)
		closedir(d);
}

struct handoff_file {
	char *path, *tmp;
	int fd, exclusive;
	int no_sync;		/* a cache's: handoff__file_no_sync() */
	int err;		/* a write failed: what it returned */
};

/* `f` freed; its temporary file removed unless it was renamed into place. */
static void file_discard(handoff_file *f, int renamed)
{
	if (f->fd >= 0)
		close(f->fd);
	if (!renamed)
		unlink(f->tmp);
	have_pending = 0;
	free(f->tmp);
	free(f->path);
	free(f);
}

int handoff_file_open(handoff_file **out, const char *path, int exclusive)
{
	handoff_file *f;
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash + 1 - path) : 0;
	struct stat st;
	mode_t mode = 0666, mask;
	int err;

	*out = NULL;
	if ((err = make_parents(path)) < 0)
		return err;
	if (exclusive && lstat(path, &st) == 0) {
		handoff__error_set(HANDOFF_ERROR_OS, "'%s' already exists", path);
		return HANDOFF_EEXISTS;
	}
	if (!exclusive && stat(path, &st) == 0)
		mode = st.st_mode & 07777;	/* keep an executable hook executable */
	if (!(f = calloc(1, sizeof(*f))))
		return handoff__error_oom();
	f->fd = -1;
	f->exclusive = exclusive;
	if (!(f->path = handoff__strdup(path)) ||
	    !(f->tmp = handoff__asprintf("%.*s.%s.tmp-%ld-XXXXXX", (int)dirlen,
	    path, path + dirlen, (long)getpid()))) {
		err = HANDOFF_ERROR;
	} else {
		f->tmp[dirlen] = '\0';		/* the folder, for a moment */
		clean_stale(f->tmp);
		f->tmp[dirlen] = '.';
		if ((f->fd = mkstemp(f->tmp)) < 0)
			err = handoff__error_os("create", f->tmp);
	}
	if (err < 0) {
		free(f->tmp);
		free(f->path);
		free(f);
		return err;
	}
	track(f->tmp);
	mask = umask(0);
	umask(mask);
	if (fchmod(f->fd, exclusive || mode == 0666 ? mode & ~mask : mode) < 0) {
		err = handoff__error_os("write", path);
		file_discard(f, 0);
		return err;
	}
	*out = f;
	return 0;
}

int handoff_file_write(handoff_file *f, const char *data, size_t len)
{
	if (!f->err && write_all(f->fd, data, len) < 0)
		f->err = handoff__error_os("write", f->path);
	return f->err;
}

int handoff__file_copy(handoff_file *f, int fd, off_t at, size_t len)
{
#if defined(__linux__)
	loff_t in = at;
	ssize_t n;
	int copied = 0;

	while (!f->err && len) {
		n = copy_file_range(fd, &in, f->fd, NULL, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && !copied && (errno == EXDEV || errno == ENOSYS ||
		    errno == EINVAL || errno == EOPNOTSUPP))
			return 1;	/* not between these two files */
		if (n <= 0) {
			if (n == 0)
				errno = EIO;	/* the file read is shorter than it was */
			f->err = handoff__error_os("write", f->path);
		} else {
			copied = 1;
			len -= (size_t)n;
		}
	}
	return f->err;
#else
	(void)f, (void)fd, (void)at, (void)len;
	return 1;
#endif
}

void handoff_file_abort(handoff_file *f)
{
	if (f)
		file_discard(f, 0);
}

void handoff__file_no_sync(handoff_file *f)
{
	f->no_sync = 1;
}

int handoff_file_commit(handoff_file *f)
{
	int err = f->err, renamed = 0;

	if (!err && !f->no_sync && fsync(f->fd) < 0)
		err = handoff__error_os("write", f->path);
	if (close(f->fd) < 0 && !err)
		err = handoff__error_os("write", f->path);
	f->fd = -1;
	if (!err && f->exclusive) {
		/* link() fails if the target appeared meanwhile: never clobber */
		if (link(f->tmp, f->path) < 0) {
			err = errno == EEXIST ? HANDOFF_EEXISTS : HANDOFF_ERROR;
			handoff__error_os("create", f->path);
		}
	} else if (!err) {
		if (rename(f->tmp, f->path) < 0)
			err = handoff__error_os("replace", f->path);
		else
			renamed = 1;
	}
	file_discard(f, renamed);
	return err;
}

int handoff_write_file(const char *path, const char *data, size_t len,
	int exclusive)
{
	handoff_file *f;
	int err = handoff_file_open(&f, path, exclusive);

	if (err < 0)
		return err;
	if ((err = handoff_file_write(f, data, len)) < 0) {
		handoff_file_abort(f);
		return err;
	}
	return handoff_file_commit(f);
}
