/*
 * .handoff/config.yaml: where records live, the people and their roles,
 * the clock settings. Read strictly: a wrong key or value is a problem
 * with the file's line and column, never a silent default.
 */
#ifndef HANDOFF_CONFIG_H
#define HANDOFF_CONFIG_H

#include "node.h"

#define CONFIG_PATH ".handoff/config.yaml"

struct person {
	const char *email;
	const char **emails;	/* more addresses of the same person (`emails:`) */
	size_t nemails;
	const char *name;
	const char *team;
	const char **roles;
	size_t nroles;
	/* `logins:`: the person's names on the git server (REMOTE_USER, ...) */
	const char **logins;
	size_t nlogins;
	/* `signing_keys:`: "ssh-ed25519 AAAA..." public keys, one each */
	const char **signing_keys;
	size_t nsigning_keys;
};

/* `teams: {east: {manager: lee@x}}`: who hears of a missed SLA its people own. */
struct team {
	const char *name;
	const char *manager;	/* an email, or NULL */
};

/* An SLA rule's `within`, overridden by name. */
struct sla_override {
	const char *name;
	double within;		/* seconds */
	int business;
	unsigned int line, col;
};

struct config {
	struct doc *doc;
	const char **records;	/* folder prefixes, each ending in '/' */
	size_t nrecords;
	const char *timezone;
	unsigned int business_days;	/* bit 0 Monday ... bit 6 Sunday */
	double backdate_tolerance;	/* seconds */
	double due_soon;	/* status shows commitments due within it (seconds) */
	struct person *people;
	size_t npeople;
	int has_people;		/* a people: section exists */
	struct sla_override *sla;
	size_t nsla;
	struct team *teams;
	size_t nteams;
	const char *record_url;	/* export's link template, or NULL */
	/*
	 * Branches only submitted or decided records may land on (`main`,
	 * or a full ref name); has_protected 0: the server's default branch,
	 * the one its HEAD names.
	 */
	const char **protected;
	size_t nprotected;
	int has_protected;
	/*
	 * `default_branch:`: the branch whose rules judge a push that creates
	 * a branch (a short name or a full ref name), or NULL.
	 */
	const char *default_branch;
	const char **roles;	/* the declared roles (`roles:`, else the defaults) */
	size_t nroles;
	/* `notify:`: the command `status --notify` runs, NULL-terminated, or NULL */
	const char **notify_command;
	const char *notify_from;	/* the mbox From: header, or NULL */
	/*
	 * Who pushed (lib/identity.c): `identity: required` refuses a push
	 * no pusher is known for; `decisions: signed` wants every decision
	 * signed by its author; `pusher_env:` the variables naming the
	 * pusher, in order (NULL: the defaults).
	 */
	int identity_required;
	int decisions_signed;
	const char **pusher_env;
	size_t npusher_env;
};

/* The placeholders of `record_url`, NULL-terminated. */
extern const char *const handoff__config_url_placeholders[];

/* The defaults, as if the file were empty. */
int handoff__config_default(struct config **out);
/*
 * Parse the text of a config file. Problems go to `diags` with lines and
 * columns, and HANDOFF_ESCHEMA is returned.
 */
int handoff__config_parse(struct config **out, const char *text, size_t len,
	struct diag_list *diags);
void handoff__config_free(struct config *cfg);

/*
 * 1 when the ref `ref` (refs/heads/main) is a protected branch of `cfg`;
 * `head` is the ref the repository's HEAD names (NULL: none), the
 * protected branch when the config names none.
 */
int handoff__config_is_protected(const struct config *cfg, const char *ref,
	const char *head);

/*
 * 1 when `role` is well formed as a role name: a lowercase letter, then
 * lowercase letters, digits, '_' or '-', 64 at most. Whether a config
 * declares it is handoff__config_role_declared()'s.
 */
int handoff__role_known(const char *role);
/* 1 when the config declares `role` (its `roles:`, else the default set). */
int handoff__config_role_declared(const struct config *cfg, const char *role);
/* The declared roles as "sales, cs, ..." into `b`. */
int handoff__config_roles_text(handoff_buf *b, const struct config *cfg);

/* The person with `email` as their key or one of their `emails:`, or NULL. */
const struct person *handoff__config_person(const struct config *cfg, const char *email);
/* The manager of team `team` (`teams:`), or NULL. */
const char *handoff__config_team_manager(const struct config *cfg, const char *team);
/* The override of SLA rule `name`, or NULL. */
const struct sla_override *handoff__config_sla(const struct config *cfg, const char *name);
int handoff__person_has_role(const struct person *p, const char *role);
/* 1 when `p` (may be NULL) has one of the NULL-terminated `roles`. */
int handoff__person_has_any_role(const struct person *p, const char *const *roles);
/*
 * 1 when `path` (repository-relative) is under a records folder, with no
 * file or folder name starting with '.' below it.
 */
int handoff__config_is_record_path(const struct config *cfg, const char *path);

/*
 * lib/people.c: `text`, a config, with `person` added to people or the
 * person with `email` removed, into `out`; the same codes as
 * handoff_people_add() and handoff_people_remove().
 */
int handoff__people_add_text(handoff_buf *out, const char *text, size_t len,
	const handoff_person_spec *person);
int handoff__people_remove_text(handoff_buf *out, const char *text, size_t len,
	const char *email);

/* "24h", "3d", "5bd", "2w", "90m" to seconds (bd counted as days here). */
int handoff__parse_duration(double *out, const char *s, int *business);

#endif
