/*
 * Time zones from TZif files (RFC 8536) and deadlines (see clock.h).
 *
 * Only the transition table is read: Debian's zoneinfo files are built
 * "fat", listing every transition up to 2037, so past the last one the
 * last offset holds. The POSIX rule in the footer is not evaluated.
 */
#include <errno.h>

#include "clock.h"
#include "common.h"
#include "environment.h"
#include "format.h"

#define TZ_MAX_FILE (256 * 1024)

struct tz {
	char *name;
	long long *at;		/* transition instants, ascending */
	long *offset;		/* the offset from at[i] on */
	size_t n;
	long first;		/* before the first transition (or always, n == 0) */
};

static long long be(const unsigned char *p, int bytes)
{
	unsigned long long v = 0;
	int i;

	for (i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	if (bytes == 4)
		return (long long)(int)(unsigned int)v;
	return (long long)v;
}

/*
 * Parse the data block that starts at `p` (after a 44-byte header) with
 * `size`-byte times. Returns its length, or 0 when the file is short.
 */
static size_t tz_block(struct tz *tz, const unsigned char *p, size_t avail,
	const unsigned char *hdr, int size)
{
	size_t isut = (size_t)be(hdr + 20, 4), isstd = (size_t)be(hdr + 24, 4),
		leap = (size_t)be(hdr + 28, 4), timecnt = (size_t)be(hdr + 32, 4),
		typecnt = (size_t)be(hdr + 36, 4), chars = (size_t)be(hdr + 40, 4);
	size_t need, i, first_std = 0;
	const unsigned char *times = p, *idx = p + timecnt * size,
		*types = idx + timecnt;

	if (timecnt > 4096 || typecnt == 0 || typecnt > 256 || chars > 4096 ||
	    leap > 4096 || isut > 256 || isstd > 256)
		return 0;
	need = timecnt * (size + 1) + typecnt * 6 + chars + leap * (size + 4) +
		isstd + isut;
	if (need > avail)
		return 0;
	free(tz->at);
	free(tz->offset);
	tz->at = calloc(timecnt + 1, sizeof(*tz->at));
	tz->offset = calloc(timecnt + 1, sizeof(*tz->offset));
	if (!tz->at || !tz->offset)
		return 0;
	for (i = 0; i < timecnt; i++) {
		size_t t = idx[i];

		if (t >= typecnt)
			return 0;
		tz->at[i] = be(times + i * size, size);
		tz->offset[i] = (long)be(types + t * 6, 4);
	}
	tz->n = timecnt;
	/* before any transition: the first standard-time type (RFC 8536 3.2) */
	for (i = 0; i < typecnt; i++)
		if (!types[i * 6 + 4]) {
			first_std = i;
			break;
		}
	tz->first = (long)be(types + first_std * 6, 4);
	return need;
}

static int name_ok(const char *name)
{
	const char *s;

	if (!*name || *name == '/' || strlen(name) > 128)
		return 0;
	for (s = name; *s; s++)
		if (!(('a' <= *s && *s <= 'z') || ('A' <= *s && *s <= 'Z') ||
		    ('0' <= *s && *s <= '9') || strchr("/_+-", *s)))
			return 0;
	return !strstr(name, "//") && name[strlen(name) - 1] != '/';
}

static int tz_read(struct tz *tz, const char *name)
{
	const char *dir = handoff__env()->tzdir;
	unsigned char *buf;
	size_t len, used;
	char *path;
	FILE *f;
	int err = HANDOFF_EINVALID;

	path = handoff__asprintf("%s/%s", dir ? dir : "/usr/share/zoneinfo", name);
	if (!path)
		return HANDOFF_ERROR;
	if (!(f = fopen(path, "rb"))) {
		err = errno == ENOENT || errno == ENOTDIR ? HANDOFF_ENOTFOUND : HANDOFF_ERROR;
		handoff__error_set(HANDOFF_ERROR_OS, "unknown time zone '%s' (no %s)",
			name, path);
		free(path);
		return err;
	}
	if (!(buf = malloc(TZ_MAX_FILE))) {
		fclose(f);
		free(path);
		return handoff__error_oom();
	}
	len = fread(buf, 1, TZ_MAX_FILE, f);
	fclose(f);
	if (len >= 44 && !memcmp(buf, "TZif", 4) &&
	    (used = tz_block(tz, buf + 44, len - 44, buf, 4)) != 0) {
		err = 0;
		/* version 2 and later: a second header with 64-bit times */
		if (buf[4] >= '2' && len >= 88 + used &&
		    !memcmp(buf + 44 + used, "TZif", 4) &&
		    !tz_block(tz, buf + 88 + used, len - 88 - used, buf + 44 + used, 8))
			err = HANDOFF_EINVALID;
	}
	if (err)
		handoff__error_set(HANDOFF_ERROR_INVALID,
			"time zone '%s': %s is not a TZif file", name, path);
	free(buf);
	free(path);
	return err;
}

int handoff__tz_load(struct tz **out, const char *name)
{
	struct tz *tz;
	int err = 0;

	*out = NULL;
	if (!name_ok(name))
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"'%s' is not a time zone name", name), HANDOFF_EINVALID;
	if (!(tz = calloc(1, sizeof(*tz))) || !(tz->name = handoff__strdup(name))) {
		free(tz);
		return handoff__error_oom();
	}
	if (strcmp(name, "UTC") && strcmp(name, "Etc/UTC"))
		err = tz_read(tz, name);
	if (err) {
		handoff__tz_free(tz);
		return err;
	}
	*out = tz;
	return 0;
}

void handoff__tz_free(struct tz *tz)
{
	if (!tz)
		return;
	free(tz->name);
	free(tz->at);
	free(tz->offset);
	free(tz);
}

const char *handoff__tz_name(const struct tz *tz)
{
	return tz ? tz->name : "UTC";
}

long handoff__tz_offset(const struct tz *tz, long long t)
{
	size_t lo = 0, hi;

	if (!tz || !tz->n)
		return tz ? tz->first : 0;
	if (t < tz->at[0])
		return tz->first;
	hi = tz->n;
	while (hi - lo > 1) {	/* the last transition at or before t */
		size_t mid = lo + (hi - lo) / 2;

		if (tz->at[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return tz->offset[lo];
}

long long handoff__tz_from_local(const struct tz *tz, long long local)
{
	long long guess = local - handoff__tz_offset(tz, local);

	/* a second look settles times near a transition */
	return local - handoff__tz_offset(tz, guess);
}

int handoff__clock_parse(const struct tz *tz, const char *s, size_t len, long long *out)
{
	int date_only;

	if (!handoff__format_parse_time(s, len, out, &date_only))
		return 0;
	if (date_only)
		*out = handoff__tz_from_local(tz, *out);
	return 1;
}

static long long floor_div(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

long long handoff__clock_deadline(const struct tz *tz, unsigned int days,
	long long start, double secs, int business)
{
	long long local, day, tod, n;

	if (!business || !(days & 0x7f))
		return start + (long long)secs;
	local = start + handoff__tz_offset(tz, start);
	day = floor_div(local, 86400);
	tod = local - day * 86400;
	for (n = (long long)(secs / 86400); n != 0; ) {
		day += n > 0 ? 1 : -1;
		/* 1970-01-01 was a Thursday: Monday is bit 0 */
		if (days & (1u << (unsigned int)((day % 7 + 7 + 3) % 7)))
			n += n > 0 ? -1 : 1;
	}
	return handoff__tz_from_local(tz, day * 86400 + tod);
}

void handoff__clock_span(char *buf, size_t size, long long secs)
{
	long long m = (secs < 0 ? -secs : secs) / 60;

	if (m >= 24 * 60)
		snprintf(buf, size, "%lldd %lldh", m / 1440, m % 1440 / 60);
	else if (m >= 60)
		snprintf(buf, size, "%lldh %lldm", m / 60, m % 60);
	else
		snprintf(buf, size, "%lldm", m);
}
