/*
 * What the renderers of assessments share (score_out.c, status.c,
 * summary.c, html.c): JSON strings that may be null, RFC 4180 fields,
 * times in the config's zone.
 */
#ifndef HANDOFF_OUT_H
#define HANDOFF_OUT_H

#include "changes.h"
#include "clock.h"
#include "common.h"

/* A JSON string literal, or null for NULL. */
int handoff__out_json_str(handoff_buf *b, const char *s);
/* A CSV field, quoted when it holds a comma, quote or line break; nothing for NULL. */
int handoff__out_csv_field(handoff_buf *b, const char *s);
/* handoff__out_time(): changes.h */

#endif
