/*
 * Who pushed and who signed (lib/identity.c): the authenticated pusher a
 * git server names in the hook's environment, mapped to a person of the
 * config by `logins:`, and a commit's SSH signature checked by git
 * against the `signing_keys:` of the config before the push.
 */
#ifndef HANDOFF_IDENTITY_H
#define HANDOFF_IDENTITY_H

#include <git2.h>

#include "common.h"
#include "config.h"
#include "kind.h"
#include "record.h"

/* The variables a config without `pusher_env:` reads, in order. */
extern const char *const handoff__identity_default_env[];

struct pusher {
	const char *login;	/* borrowed from the environment (or `email`); NULL: none */
	char from[64];		/* the variable it came from, or "a signed push" */
	char email[256];	/* a GPG push signer's <email> */
	const struct person *person;	/* NULL: no one (or two) in people */
};

/* A commit's signature as git checked it. */
struct signature {
	char status;		/* git's %G?: G good, N none, B bad, U/E/X/Y/R */
	char signer[512];	/* %GS: the principal, a person's email */
};

struct identity {
	const struct config *cfg;	/* the config before the push */
	struct pusher pusher;
	char *signers;		/* the allowed signers file, made when needed */
	int signers_failed;
	char sig_hex[GIT_OID_HEXSZ + 1];	/* the commit `sig` is of */
	struct signature sig;
};

/*
 * The pusher `env` ("NAME=value", NULL-terminated; NULL: none) names by
 * `cfg`'s `pusher_env:` (else identity_default_env), else a push
 * certificate git verified (GIT_PUSH_CERT_STATUS=G with its nonce OK).
 */
void handoff__identity_pusher(struct pusher *out, const struct config *cfg,
	const char *const *env);

/*
 * The person `login` is: the one whose `logins:` hold it, else whose
 * email it is (without letter case). NULL when no one is, or when two
 * are (ambiguous: trusted as no one).
 */
const struct person *handoff__identity_person(const struct config *cfg, const char *login);

/* git's allowed signers text of every person's signing_keys into `out`. */
int handoff__identity_allowed_signers(handoff_buf *out, const struct config *cfg);

void handoff__identity_init(struct identity *id, const struct config *cfg,
	const char *const *env);
void handoff__identity_release(struct identity *id);	/* removes the signers file */

/*
 * The signature of commit `hex`, checked by `git log --format=%G?` with
 * gpg.format=ssh and the people's keys as allowed signers. A commit
 * without one, or a config with no keys, is 'N'.
 */
int handoff__identity_verify(const struct signature **out, struct identity *id,
	git_repository *git, const char *hex);

/* 1 when `sig` is good and by `p` */
int handoff__identity_signed_by(const struct signature *sig, const struct person *p);

/*
 * Whether `commit` may make a decision (`decision`) or another change only
 * its author may (a material change once accepted, the rules): pushed by
 * its author, or signed by them; and with `decisions: signed`, a
 * decision signed by them whoever pushed it. 0 with `why` empty when it
 * may; else `why` says why not.
 */
int handoff__identity_judge(handoff_buf *why, struct identity *id, git_repository *git,
	git_commit *commit, int decision);

/*
 * The first decider field of `kind` (its x-handoff roles at pointers
 * ending in /by: /acceptance/by, /preclose_approval/by) that the change
 * from `old` to `rec` sets anew (its value or its sibling `at` changes,
 * or with `decided` the acceptance it is of) to someone other than
 * `pusher` and `signer` (emails; NULL: not known). 1 and *pointer, *line,
 * *value when there is one.
 */
int handoff__identity_decider_field(const char **pointer, unsigned int *line,
	const char **value, const struct kind *kind, const struct record *old,
	const struct record *rec, int decided, const char *pusher, const char *signer);

/*
 * The server's own word (its git config `handoff.identity`, which no
 * push changes): handoff__identity_require() sets it to required;
 * handoff__identity_server_required() is 1 when it is.
 */
int handoff__identity_require(git_repository *git);
int handoff__identity_server_required(git_repository *git);

#endif
