/* app_sweepmap.c — the steepness explorer's map as plain C (see app_sweepmap.h): axes,
 * colours, hit tests and the suggestion rule of docs/map.md. */
#include "app_sweepmap.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *app_sweepmap_metric_name(AppMapMetric m)
{
    switch (m) {
    case APP_MAP_DIST: return "|t \xe2\x88\x92 t*| at the end";
    case APP_MAP_STEPS: return "steps to reach t*";
    case APP_MAP_GAP: return "|soft\xe2\x80\x93hard gap| at the end";
    case APP_MAP_VERDICT: return "verdict";
    case APP_MAP_METRIC_COUNT: break;
    }
    return "?";
}

const char *app_sweepmap_axes_name(AppMapAxes a)
{
    switch (a) {
    case APP_MAP_AXES_K_LR: return "k \xc3\x97 lr";
    case APP_MAP_AXES_K_T0: return "k \xc3\x97 t0";
    case APP_MAP_AXES_W_LR: return "w \xc3\x97 lr (smoothstep)";
    case APP_MAP_AXES_COUNT: break;
    }
    return "?";
}

static AppMapRange range(SlSweepParam p, float lo, float hi, int log)
{
    AppMapRange r = {p, lo, hi, log};
    return r;
}

void app_sweepmap_ranges(AppMapAxes a, int n, SlOptKind opt, int anneal, AppMapRange *x, AppMapRange *y)
{
    SlSweepParam k = anneal ? SL_SWEEP_K0 : SL_SWEEP_K;
    /* Both inside the window's sliders, so a clicked cell is a setting the sliders show. */
    AppMapRange lr = opt == SL_OPT_ADAM ? range(SL_SWEEP_LR, 0.01f, 10.0f, 1) : range(SL_SWEEP_LR, 0.1f, 100.0f, 1);
    switch (a) {
    case APP_MAP_AXES_K_T0:
        *x = range(k, 0.0625f, 64.0f, 1);
        *y = range(SL_SWEEP_T0, 0.0f, (float)(n > 1 ? n : 2), 0);
        return;
    case APP_MAP_AXES_W_LR:
        *x = range(SL_SWEEP_W, 0.25f, 32.0f, 1);
        *y = lr;
        return;
    case APP_MAP_AXES_K_LR:
    case APP_MAP_AXES_COUNT: break;
    }
    *x = range(k, 0.0625f, 64.0f, 1);
    *y = lr;
}

double app_sweepmap_range_value(const AppMapRange *r, double f)
{
    if (r->log) return exp(log((double)r->lo) + f * (log((double)r->hi) - log((double)r->lo)));
    return (double)r->lo + f * ((double)r->hi - (double)r->lo);
}

double app_sweepmap_range_fraction(const AppMapRange *r, double v)
{
    if (r->log) {
        if (!(v > 0.0)) return -1.0;
        return (log(v) - log((double)r->lo)) / (log((double)r->hi) - log((double)r->lo));
    }
    return (v - (double)r->lo) / ((double)r->hi - (double)r->lo);
}

SlSweepAxis app_sweepmap_axis(const AppMapRange *r, int count)
{
    SlSweepAxis a;
    memset(&a, 0, sizeof a);
    a.param = r->param;
    a.count = count < 1 ? 1 : count;
    a.log_spaced = r->log;
    a.lo = (float)app_sweepmap_range_value(r, 0.5 / (double)a.count);
    a.hi = a.count > 1 ? (float)app_sweepmap_range_value(r, ((double)a.count - 0.5) / (double)a.count) : a.lo;
    return a;
}

AppMapRange app_sweepmap_axis_range(const SlSweepAxis *a)
{
    AppMapRange r;
    r.param = a->param;
    r.log = a->log_spaced;
    int n = a->count > 1 ? a->count : 1;
    if (n == 1) {
        r.lo = r.log ? a->lo * 0.5f : a->lo - 0.5f;
        r.hi = r.log ? a->lo * 2.0f : a->lo + 0.5f;
        return r;
    }
    /* The centres sit half a slice in from each edge. */
    double half = 0.5 / (double)(n - 1);
    if (r.log) {
        double l0 = log((double)a->lo), l1 = log((double)a->hi);
        r.lo = (float)exp(l0 - (l1 - l0) * half);
        r.hi = (float)exp(l1 + (l1 - l0) * half);
    } else {
        double span = (double)a->hi - (double)a->lo;
        r.lo = (float)((double)a->lo - span * half);
        r.hi = (float)((double)a->hi + span * half);
    }
    return r;
}

int app_sweepmap_ticks(const AppMapRange *r, int max_labels, double *ticks, int max)
{
    double lo = r->lo, hi = r->hi;
    if (max_labels > max) max_labels = max;
    if (max_labels < 1) return 0;
    if (!r->log) return app_axis_ticks(lo, hi, max_labels, 0, ticks, max_labels);
    static const double mult[3] = {1.0, 2.0, 5.0};
    int e0 = (int)floor(log10(lo)), e1 = (int)ceil(log10(hi)), count = 0;
    for (int e = e0; e <= e1; e++)
        for (int i = 0; i < 3; i++) {
            double v = mult[i] * pow(10.0, e);
            if (v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9)) count++;
        }
    if (count > max_labels) return app_axis_ticks(lo, hi, max_labels, 1, ticks, max_labels);
    count = 0;
    for (int e = e0; e <= e1; e++)
        for (int i = 0; i < 3; i++) {
            double v = mult[i] * pow(10.0, e);
            if (v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) && count < max) ticks[count++] = v;
        }
    return count;
}

int app_sweepmap_cell_at(float p, int p0, int len, int count, int flip)
{
    if (len < 1 || count < 1 || !(p >= (float)p0) || !(p < (float)(p0 + len))) return -1;
    int px = (int)floorf(p);
    int j = (int)((long long)(px - p0) * count / len);
    /* The spans round their edges down (cell_span): step to the one holding px. */
    while (j > 0 && p0 + (int)((long long)len * j / count) > px) j--;
    while (j < count - 1 && p0 + (int)((long long)len * (j + 1) / count) <= px) j++;
    return flip ? count - 1 - j : j;
}

void app_sweepmap_cell_span(int i, int p0, int len, int count, int flip, int *a, int *b)
{
    if (count < 1) count = 1;
    int j = flip ? count - 1 - i : i;
    *a = p0 + (int)((long long)len * j / count);
    *b = p0 + (int)((long long)len * (j + 1) / count);
}

int app_sweepmap_category(SlStopReason r)
{
    switch (r) {
    case SL_STOP_CONVERGED: return 0;
    case SL_STOP_STEP_LIMIT: return 1;
    case SL_STOP_STALLED: return 2;
    case SL_STOP_ZERO_GRADIENT:
    case SL_STOP_ZERO_OUTSIDE:
    case SL_STOP_THRESHOLDED: return 3; /* the optimizer got a zero */
    case SL_STOP_TOO_SMALL: return 4;
    case SL_STOP_NO_GRADIENT: return 5;
    case SL_STOP_DIVERGED: return 6;
    case SL_STOP_RUNNING: break;
    }
    return -1;
}

AppColor app_sweepmap_category_color(int cat)
{
    /* Okabe–Ito: bluish green, sky blue, orange, yellow, blue, reddish purple, vermillion. */
    static const AppColor c[APP_MAP_CATEGORIES] = {
        {0x00, 0x9E, 0x73, 255}, {0x56, 0xB4, 0xE9, 255}, {0xE6, 0x9F, 0x00, 255}, {0xF0, 0xE4, 0x42, 255},
        {0x00, 0x72, 0xB2, 255}, {0xCC, 0x79, 0xA7, 255}, {0xD5, 0x5E, 0x00, 255}};
    if (cat < 0 || cat >= APP_MAP_CATEGORIES) return app_sweepmap_none_color();
    return c[cat];
}

const char *app_sweepmap_category_name(int cat)
{
    /* The verdicts' own words (sl_stop_reason_str), the two zero-gradient ones as one. */
    static const char *const names[APP_MAP_CATEGORIES] = {
        "converged", "step limit", "stalled: gradient vanished", "stalled: zero gradient",
        "stalled: update below float32", "stalled: no gradient", "diverged"};
    return cat >= 0 && cat < APP_MAP_CATEGORIES ? names[cat] : "?";
}

AppColor app_sweepmap_none_color(void)
{
    AppColor c = {0xC8, 0xC8, 0xC8, 255};
    return c;
}

AppColor app_sweepmap_ramp(float f)
{
    /* viridis (matplotlib), nine stops: monotone in lightness, readable without colour. */
    static const unsigned char stops[9][3] = {{68, 1, 84},    {71, 44, 122},  {59, 82, 139},
                                              {44, 113, 142}, {33, 145, 140}, {39, 173, 129},
                                              {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
    if (!(f >= 0.0f)) f = 0.0f;
    if (f > 1.0f) f = 1.0f;
    float s = f * 8.0f;
    int i = (int)s;
    if (i > 7) i = 7;
    float u = s - (float)i;
    AppColor c;
    c.r = (uint8_t)lroundf((float)stops[i][0] + ((float)stops[i + 1][0] - (float)stops[i][0]) * u);
    c.g = (uint8_t)lroundf((float)stops[i][1] + ((float)stops[i + 1][1] - (float)stops[i][1]) * u);
    c.b = (uint8_t)lroundf((float)stops[i][2] + ((float)stops[i + 1][2] - (float)stops[i][2]) * u);
    c.a = 255;
    return c;
}

float app_sweepmap_value(const SlSweepCell *c, AppMapMetric m, float target)
{
    switch (m) {
    case APP_MAP_DIST: return isfinite(c->t) ? fabsf(c->t - target) : NAN;
    case APP_MAP_STEPS: return c->settle_step >= 0 ? (float)c->settle_step : NAN;
    case APP_MAP_GAP: return isfinite(c->gap) ? fabsf(c->gap) : NAN;
    case APP_MAP_VERDICT: return (float)app_sweepmap_category(c->verdict);
    case APP_MAP_METRIC_COUNT: break;
    }
    return NAN;
}

void app_sweepmap_scale(AppMapMetric m, int steps, int n, float *lo, float *hi, int *log)
{
    switch (m) {
    case APP_MAP_DIST:
        *lo = 0.01f;
        *hi = (float)(n > 1 ? n : 2);
        *log = 1;
        return;
    case APP_MAP_STEPS:
        *lo = 0.0f;
        *hi = (float)(steps > 0 ? steps : 1);
        *log = 0;
        return;
    case APP_MAP_GAP:
        *lo = 1e-6f;
        *hi = 1.0f;
        *log = 1;
        return;
    case APP_MAP_VERDICT:
    case APP_MAP_METRIC_COUNT: break;
    }
    *lo = 0.0f;
    *hi = (float)(APP_MAP_CATEGORIES - 1);
    *log = 0;
}

AppColor app_sweepmap_cell_color(const SlSweepCell *c, AppMapMetric m, float target, int steps, int n)
{
    if (m == APP_MAP_VERDICT) return app_sweepmap_category_color(app_sweepmap_category(c->verdict));
    float v = app_sweepmap_value(c, m, target);
    if (!isfinite(v)) return app_sweepmap_none_color();
    float lo, hi;
    int lg;
    app_sweepmap_scale(m, steps, n, &lo, &hi, &lg);
    float f;
    if (lg)
        f = v <= lo ? 0.0f : (float)((log((double)v) - log((double)lo)) / (log((double)hi) - log((double)lo)));
    else
        f = (v - lo) / (hi - lo);
    return app_sweepmap_ramp(f);
}

int app_sweepmap_min_run(const AppMapRange *y, int ny)
{
    double rows = (double)ny / 8.0;
    if (y->log && y->hi > y->lo && y->lo > 0.0f) rows = (double)ny * log(2.0) / (log((double)y->hi) - log((double)y->lo));
    int r = (int)ceil(rows - 1e-9);
    return r < 1 ? 1 : r;
}

static int settled(const SlSweepCell *c)
{
    return c->settle_step >= 0 && c->verdict != SL_STOP_DIVERGED && isfinite(c->t);
}

void app_sweepmap_suggest(const SlSweepCell *cells, int nx, int ny, SlSweepParam xparam, int min_run,
                          AppMapSuggestion *s)
{
    memset(s, 0, sizeof *s);
    if (!cells || nx < 1 || ny < 1) return;
    int need = min_run < 1 ? 1 : min_run;
    int steeper_right = xparam != SL_SWEEP_W;
    for (int j = 0; j < nx; j++) {
        int ix = steeper_right ? nx - 1 - j : j;
        int best_lo = -1, best_len = 0;
        for (int iy = 0; iy < ny;) {
            if (!settled(&cells[(size_t)iy * (size_t)nx + (size_t)ix])) {
                iy++;
                continue;
            }
            int lo = iy;
            while (iy < ny && settled(&cells[(size_t)iy * (size_t)nx + (size_t)ix])) iy++;
            if (iy - lo > best_len) {
                best_len = iy - lo;
                best_lo = lo;
            }
        }
        if (best_len < need) continue;
        s->found = 1;
        s->ix = ix;
        s->iy_lo = best_lo;
        s->iy_hi = best_lo + best_len - 1;
        s->iy_mid = (s->iy_lo + s->iy_hi) / 2;
        const SlSweepCell *lo = &cells[(size_t)s->iy_lo * (size_t)nx + (size_t)ix];
        const SlSweepCell *hi = &cells[(size_t)s->iy_hi * (size_t)nx + (size_t)ix];
        const SlSweepCell *mid = &cells[(size_t)s->iy_mid * (size_t)nx + (size_t)ix];
        s->x = mid->x;
        s->y_lo = lo->y;
        s->y_hi = hi->y;
        s->y_mid = mid->y;
        s->gap = mid->gap;
        s->settle_step = mid->settle_step;
        return;
    }
}

void app_sweepmap_cell_text(const SlSweepCell *c, const AppMapRange *x, const AppMapRange *y, float target, int brief,
                            char *buf, size_t len)
{
    char xv[24], yv[24], tv[24], dv[24], gv[24], reach[48];
    app_format_value((double)c->x, 3, xv, sizeof xv);
    app_format_value((double)c->y, 3, yv, sizeof yv);
    app_format_value((double)c->t, 4, tv, sizeof tv);
    app_format_value((double)fabsf(c->t - target), 2, dv, sizeof dv);
    app_format_value((double)c->gap, 2, gv, sizeof gv);
    if (c->settle_step >= 0)
        snprintf(reach, sizeof reach, "at t* from step %d", c->settle_step);
    else
        snprintf(reach, sizeof reach, "never at t*");
    if (brief) {
        snprintf(buf, len, "%s %s, %s %s: %s at step %d, t %s, gap %s", sl_sweep_param_name(x->param), xv,
                 sl_sweep_param_name(y->param), yv, sl_stop_reason_short(c->verdict), c->verdict_step, tv, gv);
        return;
    }
    /* Most telling first: a narrow panel cuts the end. */
    snprintf(buf, len, "%s %s, %s %s: %s (step %d), %s, t %s (off by %s), gap %s", sl_sweep_param_name(x->param),
             xv, sl_sweep_param_name(y->param), yv, sl_stop_reason_str(c->verdict), c->verdict_step, reach, tv, dv, gv);
}

void app_sweepmap_suggest_text(const AppMapSuggestion *s, const AppMapRange *x, const AppMapRange *y, int steps,
                               float t0, char *buf, size_t len)
{
    char t0v[24];
    app_format_value((double)t0, 4, t0v, sizeof t0v);
    const char *xn = sl_sweep_param_name(x->param), *yn = sl_sweep_param_name(y->param);
    if (!s->found) {
        snprintf(buf, len, "No %s reaches t* within %d steps from t0 = %s on this map: start closer, raise %s or "
                           "allow more steps.",
                 xn, steps, t0v, yn);
        return;
    }
    char xv[24], lo[24], hi[24], mid[24], gap[24];
    app_format_value((double)s->x, 3, xv, sizeof xv);
    app_format_value((double)s->y_lo, 2, lo, sizeof lo);
    app_format_value((double)s->y_hi, 2, hi, sizeof hi);
    app_format_value((double)s->y_mid, 2, mid, sizeof mid);
    app_format_value((double)s->gap, 2, gap, sizeof gap);
    snprintf(buf, len, "Suggestion: %s = %s, the %s that reaches t* within %d steps from t0 = %s, for %s %s to %s "
                       "(try %s); soft\xe2\x80\x93hard gap there %s.",
             xn, xv, x->param == SL_SWEEP_W ? "narrowest w" : "steepest k", steps, t0v, yn, lo, hi, mid, gap);
}
