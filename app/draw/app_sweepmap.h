/* app_sweepmap.h — the steepness explorer's map as plain C (no SDL): which two settings
 * the axes sweep and over what range, the colour of a cell for each metric (a viridis
 * scale or the verdict's Okabe–Ito category), the colour bar's ticks, cell <-> pixel
 * hit tests, and the suggestion rule (docs/map.md). Invariant: a grid's cells are
 * centred in equal slices of the plot, so a coarse pass and the fine pass cover the same
 * value range and the axes never move while the map refines. */
#ifndef APP_SWEEPMAP_H
#define APP_SWEEPMAP_H

#include <stddef.h>
#include "app_map.h"
#include "app_theme.h"
#include "sl_sweep.h"

#define APP_SWEEPMAP_COARSE 16   /* cells per axis of the first, quick pass */
#define APP_SWEEPMAP_FINE 128    /* cells per axis of the refined pass */

/* What a cell's colour shows. */
typedef enum AppMapMetric {
    APP_MAP_DIST = 0,  /* |t - t*| at the end (log colour scale) */
    APP_MAP_STEPS,     /* the step from which |t - t*| stays below 0.5 */
    APP_MAP_GAP,       /* |soft-hard gap| = |hard loss - loss| at the end (log colour scale) */
    APP_MAP_VERDICT,   /* the trainer's verdict, as categories */
    APP_MAP_METRIC_COUNT
} AppMapMetric;

/* Which two settings the axes sweep (x across, y up). */
typedef enum AppMapAxes {
    APP_MAP_AXES_K_LR = 0,  /* steepness across, learning rate up */
    APP_MAP_AXES_K_T0,      /* steepness across, start t0 up */
    APP_MAP_AXES_W_LR,      /* smoothstep's width across, learning rate up */
    APP_MAP_AXES_COUNT
} AppMapAxes;

/* The verdict categories in legend order. */
enum { APP_MAP_CATEGORIES = 7 };

/* One axis of the map: the swept parameter and the value range of the plot's edges
 * (not of the first and last cell centres). */
typedef struct AppMapRange {
    SlSweepParam param;
    float lo, hi;  /* edge values, lo < hi; both > 0 when log */
    int log;
} AppMapRange;

/* The suggestion (docs/map.md): the steepest column in which t reaches t* over a run of
 * learning rates. found 0: no column qualifies. */
typedef struct AppMapSuggestion {
    int found;
    int ix;               /* the column */
    int iy_lo, iy_hi;     /* the run of rows that settle (inclusive) */
    int iy_mid;           /* the middle of the run: the suggested row */
    float x;              /* the column's value (k, or w) */
    float y_lo, y_hi;     /* the run's values (lr) */
    float y_mid;
    float gap;            /* the soft-hard gap (hard loss - loss) at the suggested cell */
    int settle_step;      /* when the suggested cell reached t* */
} AppMapSuggestion;

/* Short and long names: "|t - t*|", "steps to t*", "soft-hard gap", "verdict". */
const char *app_sweepmap_metric_name(AppMapMetric m);
/* "k \xc3\x97 lr" style names of an axes choice. */
const char *app_sweepmap_axes_name(AppMapAxes a);

/* The ranges of an axes choice for a task of n positions and optimizer opt (Adam's lr
 * is a step size, SGD's a multiplier of a gradient near 1/N); annealing (anneal != 0)
 * sweeps the start steepness k0 in place of k. */
void app_sweepmap_ranges(AppMapAxes a, int n, SlOptKind opt, int anneal, AppMapRange *x, AppMapRange *y);
/* The sweep axis with count cells centred in equal slices of r. */
SlSweepAxis app_sweepmap_axis(const AppMapRange *r, int count);
/* The range whose count equal slices have a's values at their centres (the inverse of
 * app_sweepmap_axis, up to float rounding). */
AppMapRange app_sweepmap_axis_range(const SlSweepAxis *a);
/* The value of r at fraction f of the way from its low edge (0) to its high edge (1). */
double app_sweepmap_range_value(const AppMapRange *r, double f);
/* The fraction of the way along r at which value v lies (outside [0, 1] off the range). */
double app_sweepmap_range_fraction(const AppMapRange *r, double v);

/* Tick values inside r, at most max_labels of them (and at most max): 1, 2, 5 x 10^n on
 * a log axis when they fit, else powers of ten; "nice" steps on a linear one. */
int app_sweepmap_ticks(const AppMapRange *r, int max_labels, double *ticks, int max);

/* The cell of a count-cell axis over a plot span of [p0, p0 + len) pixels that pixel p
 * falls in, or -1 outside. flip: cell 0 at the far end (a y axis grows upwards). */
int app_sweepmap_cell_at(float p, int p0, int len, int count, int flip);
/* The pixel span [*a, *b) of cell i (same conventions): adjacent cells share edges. */
void app_sweepmap_cell_span(int i, int p0, int len, int count, int flip, int *a, int *b);

/* The number a cell shows for metric m with t* = target (NaN when it has none: a
 * diverged t, a run that never settles; the verdict's category for APP_MAP_VERDICT). */
float app_sweepmap_value(const SlSweepCell *c, AppMapMetric m, float target);
/* The colour bar's value range for metric m at this setup (steps: 0 .. steps). */
void app_sweepmap_scale(AppMapMetric m, int steps, int n, float *lo, float *hi, int *log);
/* The colour of a cell for metric m (continuous metrics through app_sweepmap_ramp;
 * cells without a value get the "none" grey; the verdict its category's colour). */
AppColor app_sweepmap_cell_color(const SlSweepCell *c, AppMapMetric m, float target, int steps, int n);
/* A colour-blind-safe sequential scale (viridis), f in [0, 1] clamped. */
AppColor app_sweepmap_ramp(float f);
/* The grey of a cell whose metric has no value. */
AppColor app_sweepmap_none_color(void);
/* The verdict category of a stop reason (0 .. APP_MAP_CATEGORIES-1), its Okabe–Ito
 * colour and its legend words. */
int app_sweepmap_category(SlStopReason r);
AppColor app_sweepmap_category_color(int cat);
const char *app_sweepmap_category_name(int cat);

/* The suggestion for a grid of nx * ny cells (cells[iy * nx + ix]) whose x axis is a
 * steepness (k or k0: larger is steeper; w: smaller is steeper) and y the learning
 * rate. Fills *s (found 0 when no column settles over enough rows). */
void app_sweepmap_suggest(const SlSweepCell *cells, int nx, int ny, SlSweepParam xparam, int min_run,
                          AppMapSuggestion *s);
/* The shortest run of settled rows a column needs to be suggested when ny rows span y:
 * the rows that cover a factor of 2 of a log axis (an eighth of a linear one), at
 * least 1 — a learning rate you can hit, not one lucky cell. */
int app_sweepmap_min_run(const AppMapRange *y, int ny);

/* One line saying a cell's numbers: "k 8, lr 34: converged (step 52), at t* from step
 * 40, t 40.49 (off by 0.01), gap 2.1e-05"; brief: "k 8, lr 34: converged at step 52,
 * t 40.49, gap 2.1e-05", for a narrow panel. */
void app_sweepmap_cell_text(const SlSweepCell *c, const AppMapRange *x, const AppMapRange *y, float target, int brief,
                            char *buf, size_t len);
/* The suggestion in words, for the steps and start it was found at. */
void app_sweepmap_suggest_text(const AppMapSuggestion *s, const AppMapRange *x, const AppMapRange *y, int steps,
                               float t0, char *buf, size_t len);

#endif
