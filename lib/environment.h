/*
 * The environment the program gave the library (handoff_set_environment),
 * read where a variable used to be: every value NULL when unset or empty.
 */
#ifndef HANDOFF_ENVIRONMENT_H
#define HANDOFF_ENVIRONMENT_H

#include "handoff.h"

const handoff_environment *handoff__env(void);

#endif
