/*
 * The files under .git/handoff/ that keep what a history pass learned.
 * Each is "<magic>\t<key>\n", a body, then "end <body length> <body
 * CRC-32C>\n": a file cut short (even at a line boundary), damaged, of
 * another format or version, or made for another key is told from a
 * whole one and read as absent, never as a shorter answer. Written
 * through a temporary file and a rename, so a reader sees the old file
 * or the new one; without an fsync, since what a crash leaves of one is
 * such a file.
 */
#ifndef HANDOFF_CACHEFILE_H
#define HANDOFF_CACHEFILE_H

#include <stdio.h>

#include <git2.h>

#include "common.h"

/* A line of a cache file, its fields read with handoff__cache_take() (below). */
struct cache_line {
	char *p, *end;
	int bad;
};

/*
 * The body of `data` (`size` bytes), when it is a whole cache file of
 * `magic` made for `key`: 0 and *body, *len point into `data`; else
 * HANDOFF_ENOTFOUND.
 */
int handoff__cache_file_open(const char **body, size_t *len, const char *data,
	size_t size, const char *magic, const char *key);

/* `body` sealed as above, appended to `out`. */
int handoff__cache_file_seal(handoff_buf *out, const char *magic, const char *key,
	const char *body, size_t len);

/*
 * A cache file read as it was written, a line at a time, so that it is
 * never in memory whole: open (HANDOFF_ENOTFOUND for a missing file or
 * one of another format, version or key), then next() until it says 0,
 * the end of a whole file, or HANDOFF_ENOTFOUND, a file cut short or
 * damaged. What was read is the answer only once next() said 0: until
 * then it may be the beginning of a damaged file. Each line is valid
 * until the next call; the reader holds two lines and a stdio buffer.
 */
struct cache_reader {
	FILE *f;
	char *buf;		/* f's buffer */
	char *line[2];		/* the line handed out and the one read ahead */
	size_t alloc[2];
	size_t len[2];
	int ahead;		/* which of them is ahead */
	unsigned long crc;	/* of the body so far */
	size_t head;		/* bytes of the header line */
	size_t size;		/* of the body read so far */
	int whole;		/* next() said 0 */
};

int handoff__cache_reader_open(struct cache_reader *r, git_repository *git,
	const char *name, const char *magic, const char *key);
/*
 * The next line of the body in *l ([p, end), its newline at end), 1;
 * 0 at the end of a whole file; HANDOFF_ENOTFOUND when it is not whole.
 */
int handoff__cache_reader_next(struct cache_line *l, struct cache_reader *r);
void handoff__cache_reader_close(struct cache_reader *r);

/*
 * A cache file written as it is made: open, append to `body` and call
 * handoff__cache_writer_step() now and then (it writes what `body` holds once it
 * is large), then commit, which puts the file in place; or abort. After
 * a failed call the writer is aborted already.
 */
struct cache_writer {
	handoff_file *f;
	handoff_buf body;
	unsigned long crc;
	size_t len;
	const struct cache_reader *kept;	/* bytes of its body to copy before `body` */
	size_t kept_at, kept_len;
};

int handoff__cache_writer_open(struct cache_writer *w, git_repository *git,
	const char *name, const char *magic, const char *key);
int handoff__cache_writer_step(struct cache_writer *w);
int handoff__cache_writer_commit(struct cache_writer *w);
/*
 * A writer whose file begins with the body `r` read whole (its next()
 * said 0), copied from the file `r` has open, not made again: what the
 * writer is given follows it. The file `r` read is never changed (cache
 * files are replaced, not written in place), so the copy is what was read.
 */
int handoff__cache_writer_extend(struct cache_writer *w, const struct cache_reader *r,
	git_repository *git, const char *name, const char *magic, const char *key);
/*
 * Bytes [at, at + len) of the body `r` read whole (its next() said 0),
 * to follow what `body` holds, copied from the file `r` has open when
 * the writer next writes: a part of an old answer kept as it was
 * written. Parts kept one after another, as they lay in that file, are
 * copied in one go. `r` stays open until the commit.
 */
int handoff__cache_writer_keep(struct cache_writer *w, const struct cache_reader *r,
	size_t at, size_t len);
void handoff__cache_writer_abort(struct cache_writer *w);

/*
 * Fields: each after a tab, with \\, \t and \n escaped, "\-" for none.
 * handoff__cache_take() reads the next one of the line [p, end), unescaped in
 * place and NUL-terminated: NULL for none, or with `bad` set when there
 * is no field. A line was read whole when it ends with p == end and
 * bad unset.
 */
void handoff__cache_put(handoff_buf *b, const char *s);
/* `tag`, then the `n` fields at `s`, each as handoff__cache_put() puts it. */
void handoff__cache_put_all(handoff_buf *b, const char *tag, const char *const *s,
	size_t n);
char *handoff__cache_take(struct cache_line *l);
/* The same, with the field's length in *len (0 for none). */
char *handoff__cache_take_len(struct cache_line *l, size_t *len);
int handoff__cache_take_oid(git_oid *out, struct cache_line *l);
long long handoff__cache_take_num(struct cache_line *l);

/*
 * CRC-32C of `len` bytes going on from `crc` (0 to start): with the
 * processor's instruction where it has one, or through tables.
 */
unsigned long handoff__crc32c(unsigned long crc, const void *data, size_t len);
unsigned long handoff__crc32c_tables(unsigned long crc, const void *data, size_t len);

/* The hex sha1 of `len` bytes at `p`, in `hex` (41 bytes). */
int handoff__cache_hash(char *hex, const void *p, size_t len);

#endif
