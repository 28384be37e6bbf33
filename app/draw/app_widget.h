/* app_widget.h — slider logic (linear or log, integer or real) without SDL.
 * A slider maps its value range onto a track rect; dragging keeps only the last
 * position, and keys nudge to the next round value (app_slider_nudge), so w steps
 * 4 -> 3.2 -> 2.5 -> 2 -> 1.6 -> 1.25 -> 1. Values are always clamped into range. */
#ifndef APP_WIDGET_H
#define APP_WIDGET_H

#include "app_map.h"

typedef struct AppSliderSpec {
    const char *label;  /* short name shown on the slider ("k", "lr") */
    const char *hint;   /* what it is, for the help line ("steepness") */
    float lo, hi;       /* range; both > 0 for log */
    int log;            /* 1: logarithmic track */
    int integer;        /* 1: values are rounded to integers */
} AppSliderSpec;

/* Clamps (and for integer sliders rounds) v into the spec's range; NaN gives lo. */
float app_slider_clamp(const AppSliderSpec *s, float v);
/* The value under pixel column px of the track. */
float app_slider_value_at(const AppSliderSpec *s, AppRect track, float px);
/* The pixel column of value v on the track. */
float app_slider_px(const AppSliderSpec *s, AppRect track, float v);
/* v moved by steps notches to round values: a log slider through 1, 1.25, 1.6, 2, 2.5,
 * 3.2, 4, 5, 6.4, 8 times powers of ten (an integer one through powers of two), a
 * linear one through multiples of a 1-2-5 step near 1/40 of the range. */
float app_slider_nudge(const AppSliderSpec *s, float v, int steps);

#endif
