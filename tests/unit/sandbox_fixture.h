/*
 * A fresh sandbox (sandbox.h) for each test, in `sb`: the cmocka setup
 * and teardown of the files whose tests all work in one repository.
 */
#ifndef HANDOFF_TEST_SANDBOX_FIXTURE_H
#define HANDOFF_TEST_SANDBOX_FIXTURE_H

#include "sandbox.h"

static struct sandbox *sb;

static int setup(void **state)
{
	(void)state;
	return sandbox_init(&sb);
}

static int teardown(void **state)
{
	(void)state;
	sandbox_free(sb);
	sb = NULL;
	return 0;
}

#endif
