/* app_widget.c — slider value mapping and nudging (plain C, see app_widget.h). */
#include "app_widget.h"

#include <math.h>

#define APP_SLIDER_NOTCHES 40.0

float app_slider_clamp(const AppSliderSpec *s, float v)
{
    if (isnan(v)) v = s->lo;
    if (v < s->lo) v = s->lo;
    if (v > s->hi) v = s->hi;
    if (s->integer) v = roundf(v);
    return v;
}

static AppAxis slider_axis(const AppSliderSpec *s, AppRect track)
{
    return app_axis_make(s->lo, s->hi, (float)track.x, (float)(track.x + track.w), s->log);
}

float app_slider_value_at(const AppSliderSpec *s, AppRect track, float px)
{
    AppAxis a = slider_axis(s, track);
    return app_slider_clamp(s, (float)app_axis_value(&a, px));
}

float app_slider_px(const AppSliderSpec *s, AppRect track, float v)
{
    AppAxis a = slider_axis(s, track);
    float c = app_slider_clamp(s, v);
    return app_axis_px(&a, c);
}

/* The round values a log slider steps through: these mantissas times powers of ten
 * (every power of two from 1/4 to 64 is among them: k = 1, 2, 32; w = 1, 4, 16). */
static const double k_round[] = {1.0, 1.25, 1.6, 2.0, 2.5, 3.2, 4.0, 5.0, 6.4, 8.0};
enum { ROUND_COUNT = (int)(sizeof k_round / sizeof k_round[0]) };

/* The next round value above (dir > 0) or below v on a log scale. */
static double next_round_log(double v, int dir)
{
    double e = floor(log10(v));
    for (int d = -1; d <= 1; d++) {
        double p = pow(10.0, e + (double)d);
        if (dir > 0) {
            for (int i = 0; i < ROUND_COUNT; i++)
                if (k_round[i] * p > v * (1.0 + 1e-6)) return k_round[i] * p;
        }
    }
    for (int d = 1; d >= -1; d--) {
        double p = pow(10.0, e + (double)d);
        if (dir < 0) {
            for (int i = ROUND_COUNT - 1; i >= 0; i--)
                if (k_round[i] * p < v * (1.0 - 1e-6)) return k_round[i] * p;
        }
    }
    return v;
}

/* A round step for a linear range: 1, 2 or 5 times a power of ten, about span/40. */
static double round_step(double span)
{
    double raw = span / APP_SLIDER_NOTCHES;
    double mag = pow(10.0, floor(log10(raw)));
    double n = raw / mag;
    return (n < 1.5 ? 1.0 : n < 3.5 ? 2.0 : n < 7.5 ? 5.0 : 10.0) * mag;
}

float app_slider_nudge(const AppSliderSpec *s, float v, int steps)
{
    float c = app_slider_clamp(s, v);
    double out = (double)c;
    int dir = steps > 0 ? 1 : -1, count = steps > 0 ? steps : -steps;
    if (s->log && s->integer) {
        /* Integer log sliders (N) step through powers of two, then every power. */
        for (int i = 0; i < count; i++) {
            double p = pow(2.0, dir > 0 ? floor(log2(out) + 1e-9) + 1.0 : ceil(log2(out) - 1e-9) - 1.0);
            out = p;
        }
    } else if (s->log) {
        for (int i = 0; i < count; i++) out = next_round_log(out, dir);
    } else {
        /* Land on multiples of a round step, so 40.5 goes to 42, then 44. */
        double st = round_step((double)s->hi - (double)s->lo);
        for (int i = 0; i < count; i++) {
            double q = out / st;
            double snapped = dir > 0 ? floor(q + 1e-6) + 1.0 : ceil(q - 1e-6) - 1.0;
            out = snapped * st;
        }
    }
    float r = app_slider_clamp(s, (float)out);
    if (s->integer && r == c && steps != 0) r = app_slider_clamp(s, c + (steps > 0 ? 1.0f : -1.0f));
    return r;
}
