/*
 * The benchmark's repository, as a `git fast-import` stream on stdout:
 * RECORDS records of the three built-in kinds, made from the example
 * records in EXAMPLES (eight deal handoffs in ten, one account
 * transition, one support handoff), over COMMITS commits by eight people
 * with increasing dates in several time zones. A record starts as a
 * draft (its checklist unticked, so it does not validate) and is complete
 * from its third version on; a deal is accepted from its fifth. The first
 * commits add the records ten at a time; every later commit edits one to
 * three of them (due dates moved, the value changed, a line of the body);
 * one commit in 500 renames a record, one in 200 is a merge of a side
 * branch that edited a record. Deterministic: the same seed, the same
 * repository.
 *
 * With ONE, a record's number, every commit after the first ones edits
 * that record alone, once (renames and merges included): a record with
 * about as many versions as there are commits.
 *
 *   gen RECORDS COMMITS SEED EXAMPLES [ONE] | git fast-import --quiet
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static unsigned int pick(unsigned int n)
{
	return (unsigned int)(rng() % n);
}

static const char *const people[][2] = {
	{ "Jane Doe", "jane@vendor.example" },
	{ "Omar Haddad", "omar@vendor.example" },
	{ "Sam Lee", "sam@vendor.example" },
	{ "Ana Lima", "ana@vendor.example" },
	{ "Kim Park", "kim@vendor.example" },
	{ "Olu Ade", "olu@vendor.example" },
	{ "Sari Wijaya", "sari@vendor.example" },
	{ "Aiko Tanaka", "aiko@vendor.example" },
};

static const char *const zones[] = { "+0900", "-0500", "+0000", "+0530",
	"+0700", "+0100", "-0800", "+0800" };

/* The example records a record of each kind is made from. */
static const char *const template_names[] = { "D-2026-0142-acme-logistics.md",
	"T-2026-0007-seabright-planned.md", "S-2026-0031-kumo-support.md" };
static const char *const folders[] = { "handoffs", "transitions", "support" };
static const char prefixes[] = "DTS";
static char *templates[3];

struct rec {
	unsigned int version;	/* edits so far: moves dates, ticks items */
	unsigned int renamed;
};

static struct rec *recs;
static char *buf;
static size_t len, cap;

static void put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#include <stdarg.h>

static void put(const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(buf + len, cap - len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < cap - len)
			break;
		cap = cap * 2 + (size_t)n;
		if (!(buf = realloc(buf, cap)))
			exit(1);
	}
	len += (size_t)n;
}

static unsigned int kind_of(unsigned int i)
{
	return i % 10 == 0 ? 1 : i % 10 == 1 ? 2 : 0;
}

/*
 * Record i as it reads after `version` edits: its example, line by line,
 * with its own id and account, due dates and value that move with the
 * version, a body line that says which revision it is, the checklist
 * unticked before version 2 and a deal's acceptance pending before 4.
 */
static void record(unsigned int i, unsigned int version)
{
	const char *line = templates[kind_of(i)];
	unsigned int dues = 0, named = 0, fences = 0, revised = 0;
	int in_acceptance = 0;

	len = 0;
	while (*line) {
		const char *nl = strchr(line, '\n');
		int n = (int)(nl ? nl - line : (long)strlen(line));

		fences += n == 3 && !strncmp(line, "---", 3);
		if (!strncmp(line, "id: ", 4))
			put("id: %c-%05u\n", prefixes[kind_of(i)], i);
		else if (!named && !strncmp(line, "  name: ", 8) && ++named)
			put("  name: Account %u\n", i);
		else if (!strncmp(line, "  acv: ", 7) || !strncmp(line, "  price: ", 9))
			put("%.*s %u\n", (int)(strchr(line, ':') - line + 1), line,
				40000 + i % 100 * 1000 + version % 7 * 500);
		else if (!strncmp(line, "    due: 20", 11) && ++dues)
			put("    due: 2027-%02u-%02u\n", 1 + (dues + version / 3) % 12,
				1 + (i + dues + version) % 28);
		else if (version < 2 && !strncmp(line, "- [x] ", 6))
			put("- [ ] %.*s\n", n - 6, line + 6);
		else if (!strncmp(line, "acceptance:", 11) && (in_acceptance = 1))
			put("%.*s\n", n, line);
		else if (in_acceptance && line[0] == ' ') {
			if (version >= 4)
				put("%.*s\n", n, line);
			else if (!strncmp(line, "  status: ", 10))
				put("  status: pending\n");
		} else if (fences == 2 && !revised && n > 0 && line[0] != '#' &&
		    line[0] != '-' && ++revised)
			put("%.*s Revision %u.\n", n, line, version);
		else
			put("%.*s\n", n, line);
		if (in_acceptance && line[0] != ' ' && strncmp(line, "acceptance:", 11))
			in_acceptance = 0;
		line = nl ? nl + 1 : line + n;
	}
}

static char path[64];

static const char *path_of(unsigned int i)
{
	snprintf(path, sizeof(path), recs[i].renamed ? "%s/%c-%05u-renamed.md" :
		"%s/%c-%05u.md", folders[kind_of(i)], prefixes[kind_of(i)], i);
	return path;
}

static unsigned long long when = 1793491200;	/* 2026-11-01, the examples' month */
static unsigned int mark;

static void header(const char *branch, unsigned int from, unsigned int merge)
{
	unsigned int who = pick(8);
	const char *zone = zones[who];

	when += 300 + pick(3300);
	printf("commit refs/heads/%s\nmark :%u\n", branch, ++mark);
	printf("author %s <%s> %llu %s\n", people[who][0], people[who][1], when, zone);
	printf("committer %s <%s> %llu %s\n", people[who][0], people[who][1], when, zone);
	printf("data 6\nchange\n");
	if (from)
		printf("from :%u\n", from);
	if (merge)
		printf("merge :%u\n", merge);
}

static void write_record(unsigned int i)
{
	record(i, recs[i].version);
	printf("M 100644 inline %s\ndata %zu\n", path_of(i), len);
	fwrite(buf, 1, len, stdout);
	printf("\n");
}

int main(int argc, char **argv)
{
	unsigned int nrec, ncommits, c, i, added = 0, head = 0, one = 0;
	int focus = argc == 6;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: gen RECORDS COMMITS SEED EXAMPLES [ONE]\n");
		return 2;
	}
	for (i = 0; i < 3; i++) {
		char file[4096];
		FILE *f;
		long size;

		snprintf(file, sizeof(file), "%s/%s", argv[4], template_names[i]);
		if (!(f = fopen(file, "rb")) || fseek(f, 0, SEEK_END) < 0 ||
		    (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0 ||
		    !(templates[i] = calloc(1, (size_t)size + 1)) ||
		    fread(templates[i], 1, (size_t)size, f) != (size_t)size) {
			fprintf(stderr, "gen: cannot read %s\n", file);
			return 2;
		}
		fclose(f);
	}
	nrec = (unsigned int)strtoul(argv[1], NULL, 10);
	ncommits = (unsigned int)strtoul(argv[2], NULL, 10);
	rng_state = strtoull(argv[3], NULL, 10) | 1;
	if (!nrec || ncommits * 10ULL < nrec) {
		fprintf(stderr, "gen: need at least RECORDS/10 commits\n");
		return 2;
	}
	if (focus && (one = (unsigned int)strtoul(argv[5], NULL, 10)) >= nrec) {
		fprintf(stderr, "gen: ONE is a record's number, below RECORDS\n");
		return 2;
	}
	recs = calloc(nrec, sizeof(*recs));
	cap = 1 << 16;
	buf = malloc(cap);
	if (!recs || !buf)
		return 1;
	for (c = 0; c < ncommits; c++) {
		if (added < nrec) {
			header("main", head, 0);
			for (i = 0; i < 10 && added < nrec; i++)
				write_record(added++);
		} else if (c % 200 == 0) {
			/* a side branch edits a record; main merges it */
			unsigned int r = focus ? one : pick(nrec), side;

			header("side", head, 0);
			side = mark;
			recs[r].version++;
			write_record(r);
			header("main", head, side);
			write_record(r);
			c++;
		} else if (c % 500 == 0) {
			unsigned int r = focus ? one : pick(nrec);

			header("main", head, 0);
			printf("D %s\n", path_of(r));
			recs[r].renamed = !recs[r].renamed;
			recs[r].version++;
			write_record(r);
		} else {
			unsigned int n = focus ? 1 : 1 + pick(3);

			header("main", head, 0);
			for (i = 0; i < n; i++) {
				unsigned int r = focus ? one : pick(nrec);

				recs[r].version++;
				write_record(r);
			}
		}
		head = mark;
		printf("\n");
	}
	free(recs);
	free(buf);
	return 0;
}
