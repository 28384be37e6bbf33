/* app_raster.h — anti-aliased drawing into caller-owned ARGB pixels (plain C, no SDL),
 * in the manner of olive.c. Plots draw their curves here and the platform layer uploads
 * the pixels as one texture: the same picture under every renderer, testable without a
 * display, and fast on the software renderer (whose blended triangles cost a temporary
 * surface each). Coordinates are screen pixels; the canvas knows where it sits.
 * Invariant: canvas pixels are opaque; everything is composited "over" them. */
#ifndef APP_RASTER_H
#define APP_RASTER_H

#include <stddef.h>
#include <stdint.h>
#include "app_theme.h"

typedef struct AppCanvas {
    uint32_t *px;   /* w*h pixels, 0xAARRGGBB, row-major, owned */
    uint8_t *cov;   /* coverage scratch, w*h, all zero between calls, owned */
    int *span;      /* per row: first and last+1 column with coverage (2*h ints), owned */
    int w, h;
    int ox, oy;     /* screen position of pixel (0, 0) */
    int cap;        /* pixels allocated */
    int span_rows;  /* rows the span array holds */
    int *written;   /* per row: columns written since mark 0 and since mark 1 (4*h ints), owned */
    float *pts;     /* simplified polyline scratch, owned */
    float *segs;    /* a polyline's capsules (4 floats each), owned */
    int segs_cap;
    int pts_cap;    /* points it holds */
    /* While deferring, the drawing calls below are queued here, in order, instead of run;
     * app_canvas_run_queued runs them (on another thread: see app_draw.h, layers). */
    int deferring;
    unsigned char *queue; /* owned */
    size_t queue_len, queue_cap;
} AppCanvas;

/* Makes the canvas w x h at screen position (ox, oy), keeping memory when it fits.
 * Returns 0 when out of memory (the canvas is then empty). Free with app_canvas_free. */
int app_canvas_resize(AppCanvas *c, int w, int h, int ox, int oy);
void app_canvas_free(AppCanvas *c);
/* Bytes the canvas holds now (its buffers follow its size down as well as up). */
size_t app_canvas_bytes(const AppCanvas *c);

void app_canvas_clear(AppCanvas *c, AppColor color);

/* What changed since a mark: every call that writes pixels records, per row, the first
 * and last+1 column it wrote, under two independent marks (which = 0 or 1), so a caller
 * can copy or compare only those (the layers: 0 since the kept static part, 1 since the
 * upload). A size change counts as writing everything. */
void app_canvas_mark(AppCanvas *c, int which);
/* Row y's columns [*x0, *x1) written since mark which; returns 0 when none. */
int app_canvas_written(const AppCanvas *c, int which, int y, int *x0, int *x1);
/* For writers outside this module (a copy into px): row y, columns [x0, x1). */
void app_canvas_wrote(AppCanvas *c, int y, int x0, int x1);
/* Queues the drawing calls from now on (on = 1) instead of running them, or runs them at
 * once again (0; what is queued stays queued). A call that cannot be queued (out of
 * memory) runs what is queued and then itself, at once: the order is kept either way. */
void app_canvas_defer(AppCanvas *c, int on);
/* Queues fn(arg) after the calls queued so far (a caller's own step in the same order:
 * a copy into or out of px); runs what is queued and then fn at once when not deferring. */
void app_canvas_queue_call(AppCanvas *c, void (*fn)(AppCanvas *c, void *arg), void *arg);
/* Runs the queued calls in order and empties the queue. Polylines run on this thread
 * alone (no band split): the caller is already the second thread. */
void app_canvas_run_queued(AppCanvas *c);
/* Pixel at screen (x, y) as 0xAARRGGBB, or 0 outside. */
uint32_t app_canvas_get(const AppCanvas *c, int x, int y);

/* Blends color over the pixels whose centres lie in [x0, x1) x [y0, y1). */
void app_canvas_fill_rect(AppCanvas *c, float x0, float y0, float x1, float y1, AppColor color);
/* A thick anti-aliased polyline (round joins and caps), width in pixels; dash is the
 * on/off pattern in pixels (NULL or dash[0] <= 0: solid). Non-finite points break it.
 * Overlaps within one call do not darken: coverage is the maximum, composited once. */
void app_canvas_polyline(AppCanvas *c, const float *xy, int n, float width, AppColor color, const float dash[4]);
/* Large polylines are drawn in two bands of rows on two threads, with the pixels of one
 * pass (rows are independent). Off: one thread always (for tests that compare). */
void app_raster_set_parallel(int on);
/* How many polylines were drawn in two bands so far (for tests). */
int app_raster_split_count(void);
/* A filled anti-aliased convex polygon (either winding). */
void app_canvas_convex(AppCanvas *c, const float *xy, int n, AppColor color);
/* A filled anti-aliased disc. */
void app_canvas_disc(AppCanvas *c, float cx, float cy, float r, AppColor color);

#endif
