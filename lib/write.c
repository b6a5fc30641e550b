/*
 * Writing files the safe way: a temporary file beside the target, fsync,
 * then rename (or link, when the target must not exist yet), so a reader
 * sees the old bytes or the new ones, never half of them, and a crash
 * leaves the user's file as it was. A signal handler removes a temporary
 * file left half-written (handoff_remove_temp_files).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
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

int handoff_write_file(const char *path, const char *data, size_t len,
	int exclusive)
{
	char *tmp = NULL;
	const char *slash = strrchr(path, '/');
	struct stat st;
	mode_t mode = 0666, mask;
	int fd = -1, err;

	if ((err = make_parents(path)) < 0)
		return err;
	if (exclusive && lstat(path, &st) == 0) {
		handoff__error_set(HANDOFF_ERROR_OS, "'%s' already exists", path);
		return HANDOFF_EEXISTS;
	}
	if (!exclusive && stat(path, &st) == 0)
		mode = st.st_mode & 07777;	/* keep an executable hook executable */
	if (!(tmp = slash ? handoff__asprintf("%.*s/.%s.tmp-XXXXXX",
	    (int)(slash - path), path, slash + 1) :
	    handoff__asprintf(".%s.tmp-XXXXXX", path)))
		return HANDOFF_ERROR;
	if ((fd = mkstemp(tmp)) < 0) {
		err = handoff__error_os("create", tmp);
		free(tmp);
		return err;
	}
	track(tmp);
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, exclusive || mode == 0666 ? mode & ~mask : mode) < 0 ||
	    write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		err = handoff__error_os("write", path);
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		err = handoff__error_os("write", path);
		goto fail;
	}
	fd = -1;
	if (exclusive) {
		/* link() fails if the target appeared meanwhile: never clobber */
		if (link(tmp, path) < 0) {
			err = errno == EEXIST ? HANDOFF_EEXISTS : HANDOFF_ERROR;
			handoff__error_os("create", path);
			goto fail;
		}
		unlink(tmp);
	} else if (rename(tmp, path) < 0) {
		err = handoff__error_os("replace", path);
		goto fail;
	}
	have_pending = 0;
	free(tmp);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	have_pending = 0;
	free(tmp);
	return err;
}
