/* app_metrics.h — the font metrics the layout is computed from, as the text cache
 * reports them (app_text_metrics). Plain C. */
#ifndef APP_METRICS_H
#define APP_METRICS_H

#include "sl_mask.h"

/* Line heights of the fonts in pixels at the current scale (what the text cache reports). */
typedef struct AppMetrics {
    int small_h;  /* tick labels */
    int body_h;   /* ordinary text */
    int title_h;  /* window title */
    int digit_w;  /* width of one digit in the body font */
    int name_w[SL_MASK_COUNT];  /* width of each family's name in the body font */
} AppMetrics;

#endif
