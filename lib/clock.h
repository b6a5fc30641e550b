/*
 * The SLA clock's arithmetic: a time zone read from the system's zoneinfo
 * (TZif files, as glibc reads them), local midnights for date-only
 * values, and deadlines in calendar time or in business days.
 *
 * Nothing here touches TZ or the process's locale: the library may run
 * inside a program that has its own idea of local time.
 */
#ifndef HANDOFF_CLOCK_H
#define HANDOFF_CLOCK_H

#include <stddef.h>

struct tz;

/*
 * Load zone `name` ("UTC", "Asia/Tokyo") from /usr/share/zoneinfo (or
 * $TZDIR). HANDOFF_ENOTFOUND when there is no such zone, HANDOFF_EINVALID
 * for a name that could leave the zoneinfo folder.
 */
int handoff__tz_load(struct tz **out, const char *name);
void handoff__tz_free(struct tz *tz);
const char *handoff__tz_name(const struct tz *tz);

/* Seconds east of UTC in effect at instant `t`. */
long handoff__tz_offset(const struct tz *tz, long long t);

/* The instant when clocks in the zone read `local` (seconds since the epoch, as if UTC). */
long long handoff__tz_from_local(const struct tz *tz, long long local);

/*
 * A date or date-time as an instant; a date alone is its midnight in the
 * zone. 0 when `s` is neither.
 */
int handoff__clock_parse(const struct tz *tz, const char *s, size_t len, long long *out);

/*
 * `start` plus a duration: `secs` of calendar time, or with `business`,
 * secs / 86400 business days (days whose bit is set in `days`, bit 0
 * Monday) at the same local time of day; a start on a day off counts
 * from that day. A negative `secs` goes back.
 */
long long handoff__clock_deadline(const struct tz *tz, unsigned int days,
	long long start, double secs, int business);

/* "2d 4h", "5h", "35m": a length of time for people. */
void handoff__clock_span(char *buf, size_t size, long long secs);

#endif
