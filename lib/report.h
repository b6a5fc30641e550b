/*
 * The report: the verdicts of one run, file by file, and its rendering as
 * text, JSON, SARIF 2.1.0 or GitHub workflow commands.
 */
#ifndef HANDOFF_REPORT_H
#define HANDOFF_REPORT_H

#include "common.h"

struct handoff_report {
	handoff_file_result *files;
	size_t n, alloc;
	char **notes;
	size_t nnotes;
};

int handoff__report_new(handoff_report **out);
/* Add a file; its diagnostics are moved out of `diags` and sorted. */
int handoff__report_add(handoff_report *r, const char *path, const char *kind,
	const char *id, struct diag_list *diags);
int handoff__report_note(handoff_report *r, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
