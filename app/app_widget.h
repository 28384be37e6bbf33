/* app_widget.h — slider logic (linear or log, integer or real) without SDL.
 * A slider maps its value range onto a track rect; dragging keeps only the last
 * position, and keys nudge by a fixed fraction of the range (in log space for a log
 * slider), so a few presses cross a decade. Values are always clamped into range. */
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
/* v moved by steps notches (a notch is 1/40 of the track; at least 1 for integers). */
float app_slider_nudge(const AppSliderSpec *s, float v, int steps);

#endif
