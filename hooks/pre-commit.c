/*
 * git-handoff-pre-commit: `git handoff hook pre-commit` as a program of
 * its own, which the pre-commit hook runs in every commit, and the first
 * step of the commit-msg hook.
 *
 * Judging staged records reads them through git (lib/staged.c), never
 * through libgit2. Linked with --gc-sections and without libgit2 (see
 * the Makefile), this program leaves out libgit2 and the TLS, SSH and
 * Kerberos libraries it brings, whose loading alone (3.4 ms here) was a
 * fifth of the check; libgit2's global init parses every CA certificate
 * of the system besides (4.7 ms of CPU here).
 *
 * `git-handoff-pre-commit --commit-msg <file>`, which the commit-msg
 * hook runs when its shell found no clear verdict of this commit's
 * pre-commit hook, ends it at once when there is one after all
 * (handoff_verdict_clear), and otherwise hands over to `git-handoff
 * hook commit-msg <file>`, which reads the repository with libgit2.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int commit_msg(char *file)
{
	const char *full[] = { "git-handoff", "hook", "commit-msg", file, NULL };
	const char *via_git[] = { "git", "handoff", "hook", "commit-msg", file, NULL };

	if (handoff_verdict_clear(file))
		return 0;
	execvp(full[0], (char *const *)full);
	execvp(via_git[0], (char *const *)via_git);
	perror("git-handoff: cannot run 'git handoff hook commit-msg'");
	return EXIT_TROUBLE;
}

int main(int argc, char **argv)
{
	cli_environment();	/* a verdict is for a commit's hooks: git names GIT_INDEX_FILE */
	if (argc == 3 && !strcmp(argv[1], "--commit-msg"))
		return commit_msg(argv[2]);
	cli_start();
	return cli_finish(hook_pre_commit(argc, argv));
}
