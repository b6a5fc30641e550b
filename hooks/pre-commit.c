/*
 * git-handoff-pre-commit: `git handoff hook pre-commit` as a program of
 * its own, which the pre-commit hook runs in every commit.
 *
 * Judging staged records reads them through git (lib/staged.c), never
 * through libgit2; linked with --gc-sections and --as-needed, this
 * program leaves libgit2 and the TLS, SSH and Kerberos libraries it
 * brings out, whose loading alone (3.4 ms here) is a fifth of what the
 * hook may cost a commit.
 */
#include "cmd.h"

int main(int argc, char **argv)
{
	cli_start();
	return cli_finish(hook_pre_commit(argc, argv));
}
