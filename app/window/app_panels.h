/* app_panels.h — the panels and the view table that places them. A view maps every
 * layout slot to a panel; each lesson kind picks a view, so a lesson that needs its own
 * panel (NaN, thresholds, channels) adds one function and one table row — nothing
 * else changes. Panels draw from the model and never change it. */
#ifndef APP_PANELS_H
#define APP_PANELS_H

#include "app_ui.h"

typedef void (*AppPanelDrawFn)(App *app, AppRect r);

typedef struct AppPanel {
    const char *name;
    AppPanelDrawFn draw;
} AppPanel;

typedef struct AppView {
    AppPanel panel[APP_SLOT_COUNT];
} AppView;

/* The view for a lesson kind (kinds without their own view get the standard one). */
const AppView *app_view_for(SlLessonKind kind);
/* The view on screen now: the graph view when it is toggled on, else the lesson kind's. */
const AppView *app_view_current(const App *app);

/* Whether slot's panel is drawn: the lesson's `panels` list can leave places empty
 * (the header and the controls always show). */
int app_view_slot_shown(const App *app, int slot);

/* Standard panels. */
void app_panel_header(App *app, AppRect r);
void app_panel_mask(App *app, AppRect r);
void app_panel_landscape(App *app, AppRect r);
void app_panel_training(App *app, AppRect r);
void app_panel_gradient(App *app, AppRect r);
/* Whether family's finite difference fd beside gradient state is a jump, not a slope: a
 * family with a hard forward (hard, ste) or no gradient whose loss still changes between
 * t - h and t + h (the step crossing a sample). The table marks such a cell "spike". */
int app_fd_is_spike(SlMaskKind family, SlGradState state, float fd);
void app_panel_explain(App *app, AppRect r);
void app_panel_controls(App *app, AppRect r);
/* The steepness map view (m): the map over the work area left of the side panels, and
 * beside it the training panel above the explanation (app_mapview_geometry). */
void app_panel_map(App *app, AppRect r);
void app_panel_map_side(App *app, AppRect r);
/* Drawn over everything when asked for. */
void app_panel_help(App *app);
/* The line where a typed value appears (app->edit), over the controls. */
void app_panel_edit(App *app);

/* Shared pieces. */
/* Paints the window background where no card goes (instead of clearing it all). */
void app_panel_background(App *app);
/* The panel's card and title; returns nothing, the content area is the panel's own. */
void app_panel_card(App *app, AppRect r, const char *title, const char *right_note);
/* Starts plot layer `layer` over the plot rect (white, with the grid of the axes);
 * returns its canvas, or NULL when out of memory. */
AppCanvas *app_panel_plot_begin(App *app, int layer, AppRect plot, const AppAxis *x, const AppAxis *y);
/* A key for the static part of a plot layer: a hash (FNV-1a) of the plot rect, the axes,
 * the presentation scale, the theme and len bytes of whatever else it is drawn from (zero-filled
 * padding, please); never 0. */
uint64_t app_panel_static_key(const App *app, AppRect plot, const AppAxis *x, const AppAxis *y, const void *extra,
                              size_t len);
/* As app_panel_plot_begin, but when the layer kept a static part for key (and caching
 * is on) the canvas starts as that copy and *cached is 1: skip drawing the static part.
 * Else *cached is 0: draw it, then call app_panel_plot_keep before what moves. */
AppCanvas *app_panel_plot_begin_cached(App *app, int layer, AppRect plot, const AppAxis *x, const AppAxis *y,
                                       uint64_t key, int *cached);
void app_panel_plot_keep(App *app, int layer, uint64_t key);
/* Puts the layer on screen, then the border, tick labels and the x label. */
void app_panel_plot_end(App *app, int layer, AppRect plot, const AppAxis *x, const AppAxis *y, const char *x_label,
                        int x_tick_labels);
/* A family's curve on a canvas: its colour, style and width. */
void app_panel_curve(App *app, AppCanvas *c, const float *xy, int n, int family);
/* A line on a canvas in a colour and style, width at scale 1. */
void app_panel_line(App *app, AppCanvas *c, float x0, float y0, float x1, float y1, float width, AppColor color,
                    AppLineStyle style);
/* A short line sample in the family's colour and style over background bg. */
void app_panel_swatch(App *app, float x, float y, float len, int family, AppColor bg);
/* Scratch room for n points (2n floats); NULL when out of memory. */
float *app_panel_points(App *app, int n);

/* Curve width at scale 1 (the design's ~2.5 px). */
#define APP_CURVE_W 2.75f

#endif
