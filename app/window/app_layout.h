/* app_layout.h — where every panel, plot and control sits, from the drawable size, the
 * presentation scale and the font metrics. Plain C (no SDL): tests lay out windows of
 * any size without a display. Invariant: every rect lies inside the drawable and the
 * panels do not overlap. The view fills slots with panels (a lesson kind may bring its
 * own panel for a slot); the layout only knows slots. */
#ifndef APP_LAYOUT_H
#define APP_LAYOUT_H

#include "app_map.h"
#include "app_metrics.h"
#include "sl_mask.h"

typedef enum AppSlot {
    APP_SLOT_HEADER = 0,   /* title and legend */
    APP_SLOT_MAIN,         /* top left: the mask panel */
    APP_SLOT_LOWER_LEFT,   /* the landscape panel */
    APP_SLOT_LOWER_RIGHT,  /* the training panel */
    APP_SLOT_SIDE_TOP,     /* the gradient panel */
    APP_SLOT_SIDE_BOTTOM,  /* the explain panel */
    APP_SLOT_CONTROLS,     /* sliders and buttons */
    APP_SLOT_COUNT
} AppSlot;

/* Controls along the bottom: six sliders, then buttons. */
typedef enum AppCtrl {
    APP_CTRL_K = 0, APP_CTRL_W, APP_CTRL_LR, APP_CTRL_T0, APP_CTRL_TARGET, APP_CTRL_N,
    APP_CTRL_PLAY, APP_CTRL_STEP, APP_CTRL_BACK, APP_CTRL_RESET,
    APP_CTRL_OPT, APP_CTRL_ANNEAL, APP_CTRL_SHOT, APP_CTRL_EXPORT, APP_CTRL_HELP,
    APP_CTRL_COUNT
} AppCtrl;
#define APP_SLIDER_COUNT 6

typedef struct AppLayout {
    int w, h;          /* drawable size in pixels */
    float scale;       /* presentation scale: 1 at 1280x720 */
    int pad;           /* the spacing unit in pixels */
    AppMetrics m;
    unsigned shown;    /* bit per family shown: legend entries and gradient rows */
    int families;      /* rows in the gradient table (families shown) */
    AppRect slot[APP_SLOT_COUNT];
    AppRect ctrl[APP_CTRL_COUNT];
    AppRect legend[SL_MASK_COUNT];  /* header legend entries, one per family (click toggles) */
    int grad_col[5];   /* gradient table: x of family, badge, finite difference, status, right end */
} AppLayout;

/* The largest presentation scale asked for (F3, --scale) that the layout holds: beyond
 * it a 1280x720 window would cut labels and columns; a bigger window scales further. */
#define APP_SCALE_USER_MAX 1.25f

/* The presentation scale for a drawable of w x h pixels: 1 at 1280x720, growing for
 * big or HiDPI drawables, times user (> 0, at most APP_SCALE_USER_MAX). Clamped to [0.5, 6]. */
float app_layout_auto_scale(int w, int h, float user);

/* Lays out a w x h drawable at the given scale; shown has a bit per family shown (a
 * shown family gets a line sample in the legend and a row in the gradient table). */
void app_layout_compute(AppLayout *L, int w, int h, float scale, const AppMetrics *m, unsigned shown);
/* The same with options: APP_LAYOUT_NO_CONTROLS gives the controls' strip to the panels
 * (the sliders and buttons are hidden; their rects are empty). */
#define APP_LAYOUT_NO_CONTROLS 1u
void app_layout_compute_opts(AppLayout *L, int w, int h, float scale, const AppMetrics *m, unsigned shown,
                             unsigned opts);
/* Width of the legend's line sample at the layout's scale. */
int app_layout_swatch_w(const AppLayout *L);

/* The plot area inside a panel rect: room for the panel title above and tick labels
 * left and below. Used by drawing and by hit tests, so both agree to the pixel. */
AppRect app_layout_plot_area(const AppLayout *L, AppRect panel);
/* The training panel holds two plots, t over steps above and loss below. */
void app_layout_training_plots(const AppLayout *L, AppRect panel, AppRect *t_plot, AppRect *loss_plot);
/* The track of a slider control (the part that maps to values). */
AppRect app_layout_slider_track(const AppLayout *L, AppRect ctrl);
/* Gradient table geometry: the rect of row r's (0-based, after the header) badge. */
AppRect app_layout_grad_badge(const AppLayout *L, int row);
/* Row r's rect in the gradient table (row -1 is the header). */
AppRect app_layout_grad_row(const AppLayout *L, int row);

/* Which control is at (x, y), or -1. */
int app_layout_hit_ctrl(const AppLayout *L, float x, float y);
/* Which family's legend entry is at (x, y), or -1. */
int app_layout_hit_legend(const AppLayout *L, float x, float y);
/* Which slot is at (x, y), or -1. */
int app_layout_hit_slot(const AppLayout *L, float x, float y);

#endif
