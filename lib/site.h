/*
 * The HTML pieces the one-page report (html.c) and the dashboard site
 * (site.c) share: escaping, the style sheet, the band colours and the
 * inline SVG charts. Every page stands alone, so each one carries the
 * style and the band patterns itself.
 */
#ifndef HANDOFF_SITE_H
#define HANDOFF_SITE_H

#include "assess.h"

struct tz;

/* `s` as HTML text or attribute value; nothing for NULL. */
void handoff__html_esc(handoff_buf *b, const char *s);

/* The style sheet, for a <style> element. */
extern const char *const handoff__html_style;

/*
 * An invisible <svg> defining the band fills (url(#band0) ...), once per
 * page, before any chart or swatch uses them.
 */
void handoff__html_band_defs(handoff_buf *b);

/*
 * The bands the records use, best first: a name's place is by the
 * highest minimum any kind gives it. `out` holds up to `max` borrowed
 * names; returns how many.
 */
size_t handoff__html_band_order(const char **out, size_t max, const handoff_assessments *a);

/*
 * The rank of band `name` in `order` (0: best), which picks its fill: the
 * fills go from dark to light and each has its own pattern and label,
 * so they keep their meaning in greyscale. `n` when it is not there.
 */
size_t handoff__html_band_rank(const char *const *order, size_t n, const char *name);

/* A band's name after a small swatch of its fill. */
void handoff__html_band_swatch(handoff_buf *b, const char *const *order, size_t n,
	const char *name);

struct html_bar {
	const char *label;
	double value;
	int fill;	/* a band rank for its fill, or -1 for the plain bar */
};

/* A horizontal bar chart in a <figure>, bars scaled to `max`. */
void handoff__html_chart(handoff_buf *b, const char *id, const char *title,
	const struct html_bar *bars, size_t n, double max, const char *unit);

/* A line through the values left to right, 0 to `max`, labels below. */
void handoff__html_line_chart(handoff_buf *b, const char *id, const char *title,
	const struct html_bar *points, size_t n, double max, const char *unit);

#endif
