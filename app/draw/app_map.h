/* app_map.h — value <-> pixel mapping for plots and sliders, and "nice" axis ticks.
 * Plain C (no SDL) so it is testable without a display. An axis maps the value range
 * [v0, v1] onto the pixel range [p0, p1] linearly or logarithmically; p1 < p0 is fine
 * (a y axis grows upwards). Pixel results are clamped to a sane range, never inf. */
#ifndef APP_MAP_H
#define APP_MAP_H

#include "app_format.h" /* the tick labels' numbers */

typedef struct AppRect {
    int x, y, w, h;
} AppRect;

typedef struct AppAxis {
    double v0, v1;  /* value range; for a log axis both > 0 */
    float p0, p1;   /* pixel positions of v0 and v1 */
    int log;        /* 1: logarithmic */
} AppAxis;

/* Whether (px, py) lies inside r (left/top edges inclusive, right/bottom exclusive). */
int app_rect_contains(AppRect r, float px, float py);
/* r shrunk by d pixels on every side (never below zero size). */
AppRect app_rect_inset(AppRect r, int d);

/* Builds an axis; a degenerate value range (v0 == v1, or non-positive for log) is
 * widened so that mapping stays finite. */
AppAxis app_axis_make(double v0, double v1, float p0, float p1, int log);
/* Value -> pixel. Non-finite values map to p0 (callers skip them before drawing). */
float app_axis_px(const AppAxis *a, double v);
/* Pixel -> value (the inverse of app_axis_px), clamped to [min(v0,v1), max(v0,v1)]. */
double app_axis_value(const AppAxis *a, float px);
/* The same without clamping to the axis ends: a drag past the edge reaches beyond it. */
double app_axis_value_free(const AppAxis *a, float px);

#define APP_TICKS_MAX 16
/* Fills ticks[] with "nice" values (1, 2, 5 x 10^n) inside [lo, hi], at most max_ticks
 * of them and about target apart; returns how many. For a log axis, powers of ten. */
int app_axis_ticks(double lo, double hi, int target, int log, double *ticks, int max_ticks);


#endif
