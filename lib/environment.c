/*
 * The process environment as the program hands it over, once at start-up.
 * The library reads no variable itself: which variables count, and what
 * an odd value means, is the program's business, and a test or a fuzzer
 * linking the library sets exactly what it means without touching its own
 * environment.
 */
#include "environment.h"

/* nothing set: as with an empty environment */
static handoff_environment environment;

/* "" is unset, as git takes an empty variable */
static const char *value(const char *s)
{
	return s && *s ? s : NULL;
}

void handoff_set_environment(const handoff_environment *env)
{
	environment = *env;
	environment.git_dir = value(env->git_dir);
	environment.git_work_tree = value(env->git_work_tree);
	environment.git_index_file = value(env->git_index_file);
	environment.git_common_dir = value(env->git_common_dir);
	environment.git_config_parameters = value(env->git_config_parameters);
	environment.git_author_email = value(env->git_author_email);
	environment.email = value(env->email);
	environment.git_author_date = value(env->git_author_date);
	environment.home = value(env->home);
	environment.tzdir = value(env->tzdir);
	environment.schema_dir = value(env->schema_dir);
}

const handoff_environment *handoff__env(void)
{
	return &environment;
}
