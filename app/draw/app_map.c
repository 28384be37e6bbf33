/* app_map.c — value <-> pixel mapping and axis ticks (plain C, see app_map.h). */
#include "app_map.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int app_rect_contains(AppRect r, float px, float py)
{
    return px >= (float)r.x && py >= (float)r.y && px < (float)(r.x + r.w) && py < (float)(r.y + r.h);
}

AppRect app_rect_inset(AppRect r, int d)
{
    AppRect o = {r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
    if (o.w < 0) o.w = 0;
    if (o.h < 0) o.h = 0;
    return o;
}

AppAxis app_axis_make(double v0, double v1, float p0, float p1, int log)
{
    AppAxis a;
    if (log) {
        if (!(v0 > 0.0) || !isfinite(v0)) v0 = 1e-6;
        if (!(v1 > 0.0) || !isfinite(v1)) v1 = v0 * 10.0;
    } else {
        if (!isfinite(v0)) v0 = 0.0;
        if (!isfinite(v1)) v1 = v0 + 1.0;
    }
    if (v0 == v1) {
        if (log) {
            v0 /= 2.0;
            v1 *= 2.0;
        } else {
            double d = fabs(v0) > 0.0 ? fabs(v0) * 0.5 : 0.5;
            v0 -= d;
            v1 += d;
        }
    }
    a.v0 = v0;
    a.v1 = v1;
    a.p0 = p0;
    a.p1 = p1;
    a.log = log;
    return a;
}

static double axis_fraction(const AppAxis *a, double v)
{
    if (a->log) {
        if (!(v > 0.0)) return -1e6;
        return (log(v) - log(a->v0)) / (log(a->v1) - log(a->v0));
    }
    return (v - a->v0) / (a->v1 - a->v0);
}

float app_axis_px(const AppAxis *a, double v)
{
    if (!isfinite(v)) return a->p0;
    double f = axis_fraction(a, v);
    /* Keep far-off values finite and within float range: the drawing clips them. */
    if (f < -1e4) f = -1e4;
    if (f > 1e4) f = 1e4;
    return (float)((double)a->p0 + f * (double)(a->p1 - a->p0));
}

double app_axis_value(const AppAxis *a, float px)
{
    double span = (double)(a->p1 - a->p0);
    double f = span != 0.0 ? ((double)px - (double)a->p0) / span : 0.0;
    if (f < 0.0) f = 0.0;
    if (f > 1.0) f = 1.0;
    if (a->log) return exp(log(a->v0) + f * (log(a->v1) - log(a->v0)));
    return a->v0 + f * (a->v1 - a->v0);
}

double app_axis_value_free(const AppAxis *a, float px)
{
    double span = (double)(a->p1 - a->p0);
    double f = span != 0.0 ? ((double)px - (double)a->p0) / span : 0.0;
    if (a->log) return exp(log(a->v0) + f * (log(a->v1) - log(a->v0)));
    return a->v0 + f * (a->v1 - a->v0);
}

int app_axis_ticks(double lo, double hi, int target, int log, double *ticks, int max_ticks)
{
    int count = 0;
    if (lo > hi) {
        double tmp = lo;
        lo = hi;
        hi = tmp;
    }
    if (!isfinite(lo) || !isfinite(hi) || max_ticks <= 0 || target < 1) return 0;
    if (log) {
        if (!(lo > 0.0)) return 0;
        int e0 = (int)ceil(log10(lo) - 1e-9);
        int e1 = (int)floor(log10(hi) + 1e-9);
        int stride = 1;
        while ((e1 - e0) / stride + 1 > target + 1) stride++;
        for (int e = e0; e <= e1 && count < max_ticks; e += stride) ticks[count++] = pow(10.0, e);
        return count;
    }
    double span = hi - lo;
    if (span <= 0.0) {
        ticks[0] = lo;
        return 1;
    }
    double raw = span / (double)target;
    double mag = pow(10.0, floor(log10(raw)));
    double norm = raw / mag;
    double step = norm < 1.5 ? 1.0 : norm < 3.5 ? 2.0 : norm < 7.5 ? 5.0 : 10.0;
    step *= mag;
    double first = ceil(lo / step - 1e-9) * step;
    for (double v = first; v <= hi + step * 1e-9 && count < max_ticks; v += step) {
        double snapped = fabs(v) < step * 1e-9 ? 0.0 : v;
        ticks[count++] = snapped;
    }
    return count;
}
