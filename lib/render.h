/*
 * A record as one readable Markdown document (render.c): for `render`,
 * and for the review packet.
 */
#ifndef HANDOFF_RENDER_H
#define HANDOFF_RENDER_H

#include "kind.h"
#include "record.h"

/* `rec` as one document by its kind (NULL: the body as written), appended to `b`. */
int handoff__render_record(handoff_buf *b, const struct kind *kind,
	const struct record *rec);

#endif
