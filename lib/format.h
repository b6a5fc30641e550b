/*
 * The `format` keyword as an assertion: the string formats a kind may
 * demand (date, date-time, email, uri), checked strictly by their RFCs
 * rather than by a loose regular expression, because a record's dates
 * and addresses are read by programs downstream.
 */
#ifndef HANDOFF_FORMAT_H
#define HANDOFF_FORMAT_H

#include <stddef.h>

/*
 * 1 when the `len` bytes at `s` are a valid `format`, 0 when not (and
 * for a format handoff__format_known() does not know).
 *   date       RFC 3339 full-date, with month lengths and leap years
 *   date-time  RFC 3339 date-time: T and Z in either case, an offset,
 *              a leap second only where UTC reads 23:59:60
 *   email      RFC 5321 Mailbox: dot-string or quoted local part, a
 *              domain or an [IPv4] / [IPv6:...] address literal
 *   uri        RFC 3986 URI: absolute, with a scheme
 */
int handoff__format_check(const char *format, const char *s, size_t len);

/* 1 when `format` is one of the names handoff__format_check() knows. */
int handoff__format_known(const char *format);

/*
 * A date or date-time as seconds since the epoch (UTC); a date alone is
 * its midnight UTC, and *date_only says so. 0 when `s` is neither.
 */
int handoff__format_parse_time(const char *s, size_t len, long long *secs,
	int *date_only);

#endif
