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

/* Standard panels. */
void app_panel_header(App *app, AppRect r);
void app_panel_mask(App *app, AppRect r);
void app_panel_landscape(App *app, AppRect r);
void app_panel_training(App *app, AppRect r);
void app_panel_gradient(App *app, AppRect r);
void app_panel_explain(App *app, AppRect r);
void app_panel_controls(App *app, AppRect r);
/* Drawn over everything when asked for. */
void app_panel_help(App *app);

/* Shared pieces. */
/* The panel's card and title; returns nothing, the content area is the panel's own. */
void app_panel_card(App *app, AppRect r, const char *title, const char *right_note);
/* Grid, ticks, tick labels and the x label of a plot. */
void app_panel_axes(App *app, AppRect plot, const AppAxis *x, const AppAxis *y, const char *x_label,
                    int x_tick_labels);
/* A short line sample in the family's colour and style. */
void app_panel_swatch(App *app, float x, float y, float len, int family);
/* Scratch room for n points (2n floats); NULL when out of memory. */
float *app_panel_points(App *app, int n);

/* Curve width at scale 1 (the design's ~2.5 px). */
#define APP_CURVE_W 2.75f

#endif
