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

float app_slider_nudge(const AppSliderSpec *s, float v, int steps)
{
    float c = app_slider_clamp(s, v);
    double out;
    if (s->log) {
        double span = log((double)s->hi) - log((double)s->lo);
        out = exp(log((double)c) + span * (double)steps / APP_SLIDER_NOTCHES);
    } else {
        double d = ((double)s->hi - (double)s->lo) * (double)steps / APP_SLIDER_NOTCHES;
        out = (double)c + d;
    }
    float r = app_slider_clamp(s, (float)out);
    if (s->integer && r == c && steps != 0) r = app_slider_clamp(s, c + (steps > 0 ? 1.0f : -1.0f));
    return r;
}
