/*
 * Who pushed, and who signed. A commit's author is typed by the client;
 * on a server, the one who authenticated is not. The server (apache's
 * REMOTE_USER, GitLab's GL_USERNAME, GitHub Enterprise's
 * GITHUB_USER_LOGIN, Gitea's GITEA_PUSHER_NAME, gitolite's GL_USER) names
 * that login to the hooks in their environment, which the caller hands in
 * (the library reads no environment of its own); `logins:` in the config
 * maps it to a person. A commit signed with an SSH key listed in the
 * author's `signing_keys:` vouches for its author whoever pushed it: git
 * itself checks the signature, against an allowed signers file written
 * from the config before the push, never from the push.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "identity.h"
#include "source.h"

extern char **environ;

const char *const handoff__identity_default_env[] = { "REMOTE_USER", "GL_USERNAME",
	"GITHUB_USER_LOGIN", "GITEA_PUSHER_NAME", "GITEA_PUSHER_EMAIL", "GL_USER",
	NULL };

/* The value of `name` in `env`, or NULL; an empty one is none. */
static const char *env_get(const char *const *env, const char *name)
{
	size_t n = strlen(name);

	for (; env && *env; env++)
		if (!strncmp(*env, name, n) && (*env)[n] == '=')
			return (*env)[n + 1] ? *env + n + 1 : NULL;
	return NULL;
}

static int same(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

const struct person *handoff__identity_person(const struct config *cfg, const char *login)
{
	const struct person *found = NULL;
	size_t i, k;

	if (!cfg || !login || !*login)
		return NULL;
	for (i = 0; i < cfg->npeople; i++) {
		const struct person *p = &cfg->people[i];
		int match = same(p->email, login);

		for (k = 0; !match && k < p->nlogins; k++)
			match = same(p->logins[k], login);
		if (match && found)
			return NULL;	/* two people: no one is trusted */
		if (match)
			found = p;
	}
	return found;
}

void handoff__identity_pusher(struct pusher *out, const struct config *cfg,
	const char *const *env)
{
	const char *const *names = cfg && cfg->pusher_env ?
		(const char *const *)cfg->pusher_env : handoff__identity_default_env;
	size_t i, n = cfg && cfg->pusher_env ? cfg->npusher_env : SIZE_MAX;
	const char *v;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n && names[i]; i++)
		if ((v = env_get(env, names[i]))) {
			out->login = v;
			snprintf(out->from, sizeof(out->from), "%s", names[i]);
			break;
		}
	/* a push certificate git checked, its nonce the one git gave */
	if (!out->login && (v = env_get(env, "GIT_PUSH_CERT_STATUS")) &&
	    !strcmp(v, "G") && (v = env_get(env, "GIT_PUSH_CERT_NONCE_STATUS")) &&
	    !strcmp(v, "OK") && (v = env_get(env, "GIT_PUSH_CERT_SIGNER"))) {
		const char *lt = strrchr(v, '<'), *gt = lt ? strchr(lt, '>') : NULL;

		out->login = v;
		snprintf(out->from, sizeof(out->from), "a signed push");
		/* GPG names "Sam Lee <sam@vendor.example>": the email is who */
		if (gt && (size_t)(gt - lt) < sizeof(out->email)) {
			memcpy(out->email, lt + 1, (size_t)(gt - lt - 1));
			out->email[gt - lt - 1] = '\0';
			out->login = out->email;
		}
	}
	out->person = handoff__identity_person(cfg, out->login);
}

/* An email git's allowed signers file takes as one plain principal. */
static int plain_principal(const char *s)
{
	return *s && !s[strcspn(s, " \t\",*?!")];
}

int handoff__identity_allowed_signers(handoff_buf *out, const struct config *cfg)
{
	size_t i, k;
	int err = 0;

	for (i = 0; !err && cfg && i < cfg->npeople; i++) {
		const struct person *p = &cfg->people[i];

		for (k = 0; !err && plain_principal(p->email) && k < p->nsigning_keys; k++)
			err = handoff__buf_printf(out, "%s namespaces=\"git\" %s\n",
				p->email, p->signing_keys[k]);
	}
	return err;
}

void handoff__identity_init(struct identity *id, const struct config *cfg,
	const char *const *env)
{
	memset(id, 0, sizeof(*id));
	id->cfg = cfg;
	handoff__identity_pusher(&id->pusher, cfg, env);
}

void handoff__identity_release(struct identity *id)
{
	if (id->signers)
		unlink(id->signers);
	free(id->signers);
	id->signers = NULL;
}

static int write_signers(struct identity *id)
{
	handoff_buf text = HANDOFF_BUF_INIT;
	char *path = handoff__strdup("/tmp/handoff-signers-XXXXXX");
	int fd = -1, err;

	if (!path)
		return HANDOFF_ERROR;
	if ((err = handoff__identity_allowed_signers(&text, id->cfg)) < 0)
		goto done;
	if ((fd = mkstemp(path)) < 0 ||
	    (text.size && write(fd, text.ptr, text.size) != (ssize_t)text.size)) {
		err = handoff__error_os("write the allowed signers", path);
		if (fd >= 0)
			unlink(path);
		goto done;
	}
	id->signers = path;
	path = NULL;
done:
	if (fd >= 0)
		close(fd);
	free(path);
	handoff_buf_dispose(&text);
	return err;
}

/* git's verdict on commit `hex`: `git log -1 --format=%G?%x00%GS` */
static int git_verify(struct signature *out, git_repository *git,
	const char *signers, const char *hex)
{
	char *opt = handoff__asprintf("gpg.ssh.allowedSignersFile=%s", signers);
	char *dir = handoff__asprintf("--git-dir=%s", git_repository_path(git));
	const char *argv[] = { "git", NULL, "-c", "gpg.format=ssh", "-c", NULL,
		"log", "-1", "--no-walk", "--format=%G?%x00%GS", NULL, "--", NULL };
	posix_spawn_file_actions_t fa;
	char buf[512];
	size_t len = 0;
	ssize_t r;
	pid_t pid;
	int fds[2] = { -1, -1 }, status, err = 0;

	if (!opt || !dir) {
		err = HANDOFF_ERROR;
		goto done;
	}
	argv[1] = dir;
	argv[5] = opt;
	argv[10] = hex;
	if (pipe(fds) < 0) {
		err = handoff__error_os("start", "git log");
		goto done;
	}
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	r = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (r) {
		errno = (int)r;
		err = handoff__error_os("start", "git");
		goto done;
	}
	/* a status, a NUL, a principal: the rest is not read */
	while ((r = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0 ||
	    (r < 0 && errno == EINTR))
		if (r > 0 && (len += (size_t)r) == sizeof(buf) - 1)
			break;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	buf[len] = '\0';
	if (len < 2 || buf[1] != '\0' || !WIFEXITED(status) || WEXITSTATUS(status)) {
		err = handoff__error_set(HANDOFF_ERROR_GIT, "cannot check the signature "
			"of commit %s: 'git log --format=%%G?' failed", hex);
		goto done;
	}
	out->status = buf[0];
	buf[2 + strcspn(buf + 2, "\n")] = '\0';
	snprintf(out->signer, sizeof(out->signer), "%s", buf + 2);
done:
	if (fds[0] >= 0)
		close(fds[0]);
	free(opt);
	free(dir);
	return err;
}

int handoff__identity_verify(const struct signature **out, struct identity *id,
	git_repository *git, const char *hex)
{
	git_buf sig = GIT_BUF_INIT, data = GIT_BUF_INIT;
	git_oid oid;
	int err = 0, has;

	*out = &id->sig;
	if (!strcmp(id->sig_hex, hex))
		return 0;
	memset(&id->sig, 0, sizeof(id->sig));
	id->sig.status = 'N';
	/* an unsigned commit needs no git to say so */
	has = git_oid_fromstr(&oid, hex) == 0 &&
		git_commit_extract_signature(&sig, &data, git, &oid, NULL) == 0;
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	if (has && !id->signers && (err = write_signers(id)) < 0)
		return err;
	if (has && (err = git_verify(&id->sig, git, id->signers, hex)) < 0)
		return err;
	snprintf(id->sig_hex, sizeof(id->sig_hex), "%s", hex);
	return 0;
}

int handoff__identity_signed_by(const struct signature *sig, const struct person *p)
{
	return sig && p && sig->status == 'G' && same(sig->signer, p->email);
}

static const char *sig_text(const struct signature *s)
{
	switch (s->status) {
	case 'N':
		return "it is not signed";
	case 'G':
		return "it is signed by someone else";
	case 'B':
		return "its signature is bad";
	case 'E':
		return "its signature cannot be checked (not an SSH signature?)";
	default:
		return "it is signed with a key that is not one of the author's signing_keys";
	}
}

int handoff__identity_judge(handoff_buf *why, struct identity *id, git_repository *git,
	git_commit *commit, int decision)
{
	const git_signature *a = git_commit_author(commit);
	const struct person *author = id->cfg ? handoff__config_person(id->cfg,
		a->email) : NULL;
	const struct pusher *pu = &id->pusher;
	const struct signature *sig = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int by_pusher = pu->login && pu->person && pu->person == author;
	int err;

	git_oid_tostr(hex, sizeof(hex), git_commit_id(commit));
	if (!pu->login && !(decision && id->cfg && id->cfg->decisions_signed))
		return 0;	/* self-asserted: the author is taken as typed */
	if ((err = handoff__identity_verify(&sig, id, git, hex)) < 0)
		return err;
	if (handoff__identity_signed_by(sig, author))
		return 0;
	if (decision && id->cfg && id->cfg->decisions_signed)
		return handoff__buf_printf(why, "decisions must be signed by their "
			"author ('decisions: signed' in %s), but %s; sign it with a key of "
			"%s's signing_keys ('git handoff accept --commit' signs with "
			"user.signingkey)", CONFIG_PATH, sig_text(sig), a->email);
	if (by_pusher)
		return 0;
	return handoff__buf_printf(why, "was pushed by '%s' (%s%s%s), not by its author; "
		"a decision, a change of an accepted handoff or of the rules must be "
		"pushed by the person it names as author, or signed by them, and %s",
		pu->login, pu->from, pu->person ? ", that is " : ", who is no one in ",
		pu->person ? pu->person->email : "people: add it to a person's 'logins'",
		sig_text(sig));
}

/* the string at `pointer` of `rec`, or NULL */
static const char *str_at(const struct record *rec, const char *pointer)
{
	const struct node *n = rec ? handoff__node_at(handoff__record_front(rec), pointer) : NULL;

	return n && n->type == NODE_STRING ? n->str : NULL;
}

static int differ(const char *a, const char *b)
{
	return a != b && (!a || !b || strcmp(a, b));
}

/*
 * Whether the decider field at `pointer` (".../by") is set anew: its value
 * changed, or its sibling "at" (a decision made again), or with `decided`
 * the acceptance it names the decider of.
 */
static int decider_set(const char *pointer, const struct record *old,
	const struct record *rec, int decided)
{
	size_t n = strlen(pointer);
	char at[256];

	if (n < 3 || strcmp(pointer + n - 3, "/by") || n + 1 > sizeof(at))
		return 0;
	if (!str_at(rec, pointer))
		return 0;
	snprintf(at, sizeof(at), "%.*s/at", (int)(n - 3), pointer);
	return differ(str_at(old, pointer), str_at(rec, pointer)) ||
		differ(str_at(old, at), str_at(rec, at)) ||
		(decided && !strcmp(pointer, "/acceptance/by"));
}

int handoff__identity_decider_field(const char **pointer, unsigned int *line,
	const char **value, const struct kind *kind, const struct record *old,
	const struct record *rec, int decided, const char *pusher, const char *signer)
{
	static const struct kind_role_rule fallback[] = {
		{ "/acceptance/by", NULL, 0 }, { "/preclose_approval/by", NULL, 0 } };
	const struct kind_role_rule *rules = kind && kind->nroles ? kind->roles : fallback;
	size_t i, n = kind && kind->nroles ? kind->nroles : ARRAY_SIZE(fallback);

	for (i = 0; rec && i < n; i++) {
		const char *p = rules[i].pointer, *v = str_at(rec, p);

		if (!decider_set(p, old, rec, decided) || same(v, pusher) || same(v, signer))
			continue;
		*pointer = p;
		*line = handoff__node_at(handoff__record_front(rec), p)->line;
		*value = v;
		return 1;
	}
	return 0;
}

int handoff_decision_signing(int *sign, int *required, handoff_repo *repo)
{
	git_config *cfg = NULL;
	git_buf key = GIT_BUF_INIT, format = GIT_BUF_INIT;
	struct source src;
	int err;

	*sign = *required = 0;
	if (!repo->git)
		return 0;
	memset(&src, 0, sizeof(src));
	/* the committed rules: HEAD's config, as the server will read it */
	if ((err = handoff__source_open(&src, repo, HANDOFF_SOURCE_REV, "HEAD")) == 0 &&
	    src.config)
		*required = src.config->decisions_signed;
	handoff__source_release(&src);
	if (err < 0 && err != HANDOFF_ESCHEMA && err != HANDOFF_ENOTFOUND)
		return err;
	if (git_repository_config_snapshot(&cfg, repo->git) == 0 &&
	    git_config_get_string_buf(&key, cfg, "user.signingkey") == 0 && key.size)
		*sign = git_config_get_string_buf(&format, cfg, "gpg.format") == 0 &&
			!strcmp(format.ptr, "ssh") ? HANDOFF_SIGN_SSH : HANDOFF_SIGN_OTHER;
	git_buf_dispose(&key);
	git_buf_dispose(&format);
	git_config_free(cfg);
	return 0;
}

int handoff__identity_require(git_repository *git)
{
	git_config *cfg = NULL;
	int err;

	if ((err = git_repository_config(&cfg, git)) == 0)
		err = git_config_set_string(cfg, "handoff.identity", "required");
	git_config_free(cfg);
	return err < 0 ? handoff__error_from_git(err) : 0;
}

int handoff__identity_server_required(git_repository *git)
{
	git_config *cfg = NULL;
	git_buf v = GIT_BUF_INIT;
	int yes = git_repository_config_snapshot(&cfg, git) == 0 &&
		git_config_get_string_buf(&v, cfg, "handoff.identity") == 0 &&
		!strcmp(v.ptr, "required");

	git_buf_dispose(&v);
	git_config_free(cfg);
	return yes;
}
