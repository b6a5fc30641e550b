/*
 * The benchmark's repository, as a `git fast-import` stream on stdout:
 * RECORDS deal handoff records (about 5.9 KB each, the shape of
 * examples/) in one flat handoffs/ folder, over COMMITS commits by eight
 * people with increasing dates in several time zones. The first commits
 * add the records ten at a time; every later commit edits one to three
 * of them (a due date moved, a checklist item ticked, the value raised);
 * one commit in 500 renames a record, one in 200 is a merge of a side
 * branch that edited a record. Deterministic: the same seed, the same
 * repository.
 *
 *   gen RECORDS COMMITS SEED | git fast-import --quiet
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

static const char *const words[] = { "integration", "warehouse", "dispatch",
	"rollout", "training", "sponsor", "budget", "milestone", "renewal",
	"security", "review", "pilot", "migration", "reporting", "support",
	"customer", "operations", "timeline", "risk", "adoption" };

static const char *const sections[] = { "Customer Overview", "Stakeholder Map",
	"Business Objectives", "Scope and Commitments", "Technical Requirements",
	"Implementation Plan", "Commercial Terms", "Risk Factors", "Notes" };

static const char *const items[] = { "CRM fully updated", "Deal summary complete",
	"Stakeholder map created", "Commitments documented and validated",
	"Handoff meeting scheduled", "Customer introduction sent",
	"CS internal preparation done", "Implementation kickoff scheduled",
	"Implementation kickoff held", "CS accepted handoff as complete" };

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

static void sentence(uint64_t seed, unsigned int n)
{
	uint64_t s = seed;
	unsigned int i;

	for (i = 0; i < n; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		put("%s%s", i ? " " : "", words[(s >> 33) % 20]);
	}
	put(".");
}

/* Record i as it reads after `version` edits. */
static void record(unsigned int i, unsigned int version)
{
	unsigned int k, ncommit = 6 + i % 5;

	len = 0;
	put("---\nkind: deal-handoff\nid: D-%05u\nhandoff_type: post-close\n"
		"segment: %s\n", i, i % 3 ? "mid-market" : "enterprise");
	put("account:\n  name: Account %u\n  industry: Logistics\n"
		"  size: %u employees\n  region: Region %u\n  crm_id: ACC-%06u\n",
		i, 100 + i % 5000, i % 12, i);
	put("contract:\n  signed: 2026-%02u-%02uT15:00:00+09:00\n  acv: %u\n"
		"  tcv: %u\n  currency: USD\n  payment_terms: net-30\n  term: 36 months\n",
		1 + i % 12, 1 + i % 28, 50000 + i % 100 * 1000 + version % 7 * 500,
		150000 + i % 100 * 3000);
	put("owners:\n  ae: %s\n  csm: %s\n", people[i % 2][1], people[2 + i % 2][1]);
	put("stakeholders:\n");
	for (k = 0; k < 6; k++) {
		put("  - role: role_%u\n    name: Person %u-%u\n    title: Title %u\n"
			"    goals: ", k, i, k, k);
		sentence((uint64_t)i * 31 + k, 8);
		put("\n");
	}
	put("commitments:\n");
	for (k = 0; k < ncommit; k++) {
		put("  - id: C%u\n    text: ", k + 1);
		sentence((uint64_t)i * 17 + k, 7);
		put("\n    type: integration\n    owner: cs\n    due: 2027-%02u-%02u\n",
			1 + (k + version / 3) % 12, 1 + (i + k + version) % 28);
	}
	put("implementation: {start: 2026-11-09, go_live: 2027-01-15}\n"
		"acceptance: {status: %s}\n---\n", version > 5 ? "accepted" : "pending");
	for (k = 0; k < 8; k++) {
		put("## %s\n\n", sections[k]);
		sentence((uint64_t)i * 7 + k + (k == version % 8 ? version : 0), 60);
		put("\n\n");
	}
	put("## Handoff Checklist\n\n");
	for (k = 0; k < 10; k++)
		put("- [%c] %s\n", k < version ? 'x' : ' ', items[k]);
}

static char path[64];

static const char *path_of(unsigned int i)
{
	snprintf(path, sizeof(path), recs[i].renamed ? "handoffs/D-%05u-renamed.md" :
		"handoffs/D-%05u.md", i);
	return path;
}

static unsigned long long when = 1704067200;	/* 2024-01-01 */
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
	unsigned int nrec, ncommits, c, i, added = 0, head = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: gen RECORDS COMMITS SEED\n");
		return 2;
	}
	nrec = (unsigned int)strtoul(argv[1], NULL, 10);
	ncommits = (unsigned int)strtoul(argv[2], NULL, 10);
	rng_state = strtoull(argv[3], NULL, 10) | 1;
	if (!nrec || ncommits * 10ULL < nrec) {
		fprintf(stderr, "gen: need at least RECORDS/10 commits\n");
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
			unsigned int r = pick(nrec), side;

			header("side", head, 0);
			side = mark;
			recs[r].version++;
			write_record(r);
			header("main", head, side);
			write_record(r);
			c++;
		} else if (c % 500 == 0) {
			unsigned int r = pick(nrec);

			header("main", head, 0);
			printf("D %s\n", path_of(r));
			recs[r].renamed = !recs[r].renamed;
			recs[r].version++;
			write_record(r);
		} else {
			unsigned int n = 1 + pick(3);

			header("main", head, 0);
			for (i = 0; i < n; i++) {
				unsigned int r = pick(nrec);

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
