/*
 * Format checks, written as small hand parsers of the RFC grammars: they
 * say yes only to what the grammar derives, look at every byte (a NUL or
 * a trailing newline is a failure, not the end of the string), and take
 * only ASCII where the RFCs do, so a Bengali digit is not a digit.
 *
 * Where the grammar and the JSON Schema test suite meet: a date-time
 * leap second (second 60) is accepted only at 23:59 UTC once the offset
 * is applied; years are exactly four digits; an IPv4 part inside an IPv6
 * literal takes no leading zeros (RFC 3986 dec-octet); a URI's host that
 * looks like a bad IPv4 address is still a valid reg-name.
 */
#include <string.h>

#include "format.h"

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* n ASCII digits at s as a number, or -1. */
static int digits(const char *s, size_t n)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		return 29;
	return days[month - 1];
}

/* full-date = date-fullyear "-" date-month "-" date-mday, 10 bytes */
static int full_date(const char *s)
{
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);

	if (y < 0 || m < 1 || m > 12 || d < 1 || s[4] != '-' || s[7] != '-')
		return 0;
	return d <= days_in_month(y, m);
}

static int check_date(const char *s, size_t len)
{
	return len == 10 && full_date(s);
}

/*
 * date-time = full-date "T" partial-time time-offset
 * partial-time = HH ":" MM ":" SS [ "." 1*DIGIT ]
 * time-offset = "Z" / ( "+" / "-" ) HH ":" MM
 */
static int check_date_time(const char *s, size_t len)
{
	int hh, mm, ss, oh = 0, om = 0, sign = 0;
	size_t i;

	if (len < 20 || !full_date(s) || (s[10] != 'T' && s[10] != 't'))
		return 0;
	hh = digits(s + 11, 2);
	mm = digits(s + 14, 2);
	ss = digits(s + 17, 2);
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 ||
	    s[13] != ':' || s[16] != ':')
		return 0;
	i = 19;
	if (s[i] == '.') {
		size_t start = ++i;

		while (i < len && is_digit((unsigned char)s[i]))
			i++;
		if (i == start)
			return 0;
	}
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z')) {
		sign = 0;
	} else if (i + 6 == len && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '+' ? 1 : -1;
		oh = digits(s + i + 1, 2);
		om = digits(s + i + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59 || s[i + 3] != ':')
			return 0;
	} else {
		return 0;
	}
	if (ss == 60) {
		/* a leap second happens at 23:59:60 UTC and nowhere else */
		int utc = hh * 60 + mm - sign * (oh * 60 + om);

		utc = ((utc % 1440) + 1440) % 1440;
		if (utc != 23 * 60 + 59)
			return 0;
	}
	return 1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int handoff__format_parse_time(const char *s, size_t len, long long *secs, int *date_only)
{
	long long t;
	int offset = 0;

	if (!check_date(s, len < 10 ? len : 10) ||
	    (len > 10 && !check_date_time(s, len)))
		return 0;
	t = days_from_civil(digits(s, 4), digits(s + 5, 2), digits(s + 8, 2)) * 86400;
	*date_only = len == 10;
	if (len > 10) {
		const char *z = s + len - 6;

		t += digits(s + 11, 2) * 3600 + digits(s + 14, 2) * 60 +
			digits(s + 17, 2);
		if (*z == '+' || *z == '-')
			offset = (*z == '+' ? 1 : -1) *
				(digits(z + 1, 2) * 60 + digits(z + 4, 2));
	}
	*secs = t - (long long)offset * 60;
	return 1;
}

/* dec-octet without leading zeros (RFC 3986); advances *i. */
static int dec_octet(const char *s, size_t len, size_t *i)
{
	size_t start = *i;
	int v = 0;

	while (*i < len && is_digit((unsigned char)s[*i]) && *i - start < 3)
		v = v * 10 + (s[(*i)++] - '0');
	if (*i == start || v > 255 || (*i - start > 1 && s[start] == '0'))
		return 0;
	return 1;
}

static int ipv4(const char *s, size_t len)
{
	size_t i = 0;
	int k;

	for (k = 0; k < 4; k++) {
		if (k && (i >= len || s[i++] != '.'))
			return 0;
		if (!dec_octet(s, len, &i))
			return 0;
	}
	return i == len;
}

/*
 * IPv6address of RFC 3986: eight h16 groups, or fewer with one "::",
 * the last two groups possibly written as an IPv4 address.
 */
static int ipv6(const char *s, size_t len)
{
	size_t i = 0;
	int groups = 0, compressed = 0;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		compressed = 1;
		i = 2;
	} else if (len && s[0] == ':') {
		return 0;
	}
	while (i < len) {
		size_t start = i;

		while (i < len && is_hex((unsigned char)s[i]) && i - start < 4)
			i++;
		if (i < len && s[i] == '.') {
			/* the trailing IPv4 part takes two groups */
			if (!ipv4(s + start, len - start))
				return 0;
			groups += 2;
			break;
		}
		if (i == start)
			return 0;
		groups++;
		if (i == len)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < len && s[i] == ':') {
			if (compressed)
				return 0;
			compressed = 1;
			i++;
			continue;
		}
		if (i == len)
			return 0;	/* a single trailing ':' */
	}
	if (groups > 8 || (!compressed && groups != 8) ||
	    (compressed && groups > 7))
		return 0;
	return 1;
}

/* ---- email (RFC 5321 Mailbox) */

static int atext(int c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static int local_part(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 64)
		return 0;
	if (s[0] == '"') {
		/* Quoted-string: qtextSMTP or a backslash pair */
		if (n < 2 || s[n - 1] != '"')
			return 0;
		for (i = 1; i < n - 1; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '\\') {
				if (++i >= n - 1)
					return 0;
				c = (unsigned char)s[i];
				if (c < 32 || c > 126)
					return 0;
			} else if (c < 32 || c > 126 || c == '"') {
				return 0;
			}
		}
		return 1;
	}
	/* Dot-string: atoms separated by single dots */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (i == 0 || i == n - 1 || s[i + 1] == '.')
				return 0;
		} else if (!atext(c)) {
			return 0;
		}
	}
	return 1;
}

/* sub-domain *("." sub-domain); labels are letters, digits and inner hyphens */
static int domain(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || n > 255)
		return 0;
	while (i < n) {
		size_t start = i;

		while (i < n && s[i] != '.') {
			unsigned char c = (unsigned char)s[i];

			if (!is_alpha(c) && !is_digit(c) && c != '-')
				return 0;
			i++;
		}
		if (i == start || i - start > 63 || s[start] == '-' ||
		    s[i - 1] == '-')
			return 0;
		if (i < n && ++i == n)
			return 0;	/* a trailing dot */
	}
	return 1;
}

static int check_email(const char *s, size_t len)
{
	size_t at;

	/* the domain holds no '@', so the last one ends the local part */
	for (at = len; at > 0 && s[at - 1] != '@'; at--)
		;
	if (at == 0)
		return 0;
	at--;
	if (!local_part(s, at))
		return 0;
	s += at + 1;
	len -= at + 1;
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		if (len > 7 && !memcmp(s + 1, "IPv6:", 5))
			return ipv6(s + 6, len - 7);
		return ipv4(s + 1, len - 2);
	}
	return domain(s, len);
}

/* ---- uri (RFC 3986 URI) */

static int unreserved(int c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' ||
		c == '~';
}

static int sub_delim(int c)
{
	return c && strchr("!$&'()*+,;=", c) != NULL;
}

/*
 * Check that s[0..n) is made of unreserved, sub-delims, pct-encoded and
 * the characters in `extra`.
 */
static int uri_chars(const char *s, size_t n, const char *extra)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (i + 2 >= n ||
			    !is_hex((unsigned char)s[i + 1]) ||
			    !is_hex((unsigned char)s[i + 2]))
				return 0;
			i += 2;
		} else if (!unreserved(c) && !sub_delim(c) &&
		    !(c && strchr(extra, c))) {
			return 0;
		}
	}
	return 1;
}

static int ip_literal(const char *s, size_t n)
{
	size_t i;

	if (n >= 1 && (s[0] == 'v' || s[0] == 'V')) {
		/* IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ) */
		for (i = 1; i < n && is_hex((unsigned char)s[i]); i++)
			;
		if (i == 1 || i >= n || s[i] != '.' || i + 1 == n)
			return 0;
		for (i++; i < n; i++)
			if (!unreserved((unsigned char)s[i]) &&
			    !sub_delim((unsigned char)s[i]) && s[i] != ':')
				return 0;
		return 1;
	}
	return ipv6(s, n);
}

static int authority(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n), *host;
	size_t hn, i;

	if (at) {
		if (!uri_chars(s, (size_t)(at - s), ":"))
			return 0;
		n -= (size_t)(at - s) + 1;
		s = at + 1;
	}
	host = s;
	if (n && s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (!close || !ip_literal(s + 1, (size_t)(close - s) - 1))
			return 0;
		i = (size_t)(close - s) + 1;
	} else {
		for (i = 0; i < n && s[i] != ':'; i++)
			;
		hn = i;
		if (!uri_chars(host, hn, ""))
			return 0;
	}
	if (i < n) {
		if (s[i] != ':')
			return 0;
		for (i++; i < n; i++)
			if (!is_digit((unsigned char)s[i]))
				return 0;
	}
	return 1;
}

static int check_uri(const char *s, size_t len)
{
	size_t i = 0, end;

	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	if (!len || !is_alpha((unsigned char)s[0]))
		return 0;
	while (i < len && (is_alpha((unsigned char)s[i]) ||
	    is_digit((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' ||
	    s[i] == '.'))
		i++;
	if (i == len || s[i] != ':')
		return 0;
	i++;
	if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		i += 2;
		for (end = i; end < len && s[end] != '/' && s[end] != '?' &&
		    s[end] != '#'; end++)
			;
		if (!authority(s + i, end - i))
			return 0;
		i = end;
	}
	/* the path up to '?' or '#'; it is a run of segments of pchar */
	for (end = i; end < len && s[end] != '?' && s[end] != '#'; end++)
		;
	if (!uri_chars(s + i, end - i, ":@/"))
		return 0;
	i = end;
	if (i < len && s[i] == '?') {
		for (end = ++i; end < len && s[end] != '#'; end++)
			;
		if (!uri_chars(s + i, end - i, ":@/?"))
			return 0;
		i = end;
	}
	if (i < len && s[i] == '#')
		return uri_chars(s + i + 1, len - i - 1, ":@/?");
	return 1;
}

static const struct {
	const char *name;
	int (*check)(const char *s, size_t len);
} formats[] = {
	{ "date", check_date },
	{ "date-time", check_date_time },
	{ "email", check_email },
	{ "uri", check_uri },
};

int handoff__format_known(const char *format)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].name, format))
			return 1;
	return 0;
}

int handoff__format_check(const char *format, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].name, format))
			return formats[i].check(s, len);
	return 0;
}
