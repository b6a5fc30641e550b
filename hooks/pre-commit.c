/*
 * git-handoff-pre-commit: `git handoff hook pre-commit` as a program of
 * its own, which the pre-commit hook runs in every commit.
 *
 * Judging staged records reads them through git (lib/staged.c), never
 * through libgit2. Linked with --gc-sections and without libgit2 (see
 * the Makefile), this program leaves out libgit2 and the TLS, SSH and
 * Kerberos libraries it brings, whose loading alone (3.4 ms here) was a
 * fifth of the check.
 */
#include "cmd.h"

int main(int argc, char **argv)
{
	cli_start();
	cli_environment();
	return cli_finish(hook_pre_commit(argc, argv));
}
