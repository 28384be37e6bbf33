/* app_panels.h — the panels and the view table that places them. A view maps every
 * layout slot to a panel; each lesson kind picks a view, so a lesson that needs its own
 * panel (NaN, thresholds, channels) adds one function and one table row — nothing
 * else changes. Panels draw from the model and never change it: they get a read-only
 * context (AppPanelCtx) and report back through its out struct. */
#ifndef APP_PANELS_H
#define APP_PANELS_H

#include <stddef.h>
#include <stdint.h>
#include "app_controls.h"
#include "app_draw.h"
#include "app_graph_layout.h"
#include "app_layout.h"
#include "app_mapview.h"
#include "app_model.h"
#include "app_text.h"

/* Panels never see the window's state (App, app_ui.h): only the frame's AppPanelCtx.
 * The view table's choice and the context's making take the App. */
typedef struct App App;

/* The plots drawn through canvases (app_raster.h), one layer each. */
enum { APP_LAYER_MASK = 0, APP_LAYER_LANDSCAPE, APP_LAYER_T, APP_LAYER_LOSS, APP_LAYER_MAP, APP_LAYER_COUNT };

#define APP_DROPS_KEPT 12

/* What a panel reports while it draws, for the caller to store after the frame (a
 * panel writes nothing else but pixels). */
typedef struct AppPanelOut {
    int drops;                       /* parts of panels this frame left out or cut short */
    char drop[APP_DROPS_KEPT][128];  /* the first ones, "panel: what" */
    int text_view_h;                 /* height of the lesson text's view */
    int text_scroll_max;             /* how far the lesson text can scroll */
    int note_shown;                  /* a panel showed the latest note (the explain panel does) */
} AppPanelOut;

/* A panel's view of the frame: the model, the layout and the window state it shows,
 * all read only, and where it draws (the drawing context, the text cache, the plot
 * canvases, scratch points) and reports (out). app_panel_ctx_begin makes one per frame. */
typedef struct AppPanelCtx {
    const AppModel *model;
    const AppLayout *layout;
    const AppMapView *map;             /* the steepness map view's state and sweep */
    const AppGraphFacts *graph_facts;  /* the graph view's reading of m->derived.graph_tape */
    float scale;                       /* the presentation scale in effect */
    int map_shown;                     /* the map view is on screen (app_map_shown) */
    int focus, hover_ctrl;             /* focused control and the one under the mouse, -1: none */
    int edit;                          /* the value being typed (App.edit), -1: none */
    const char *edit_buf;              /* what has been typed so far */
    const char *edit_label;            /* its name ("t*", "k1") */
    char edit_now[32];                 /* and its current value as text */
    int show_help, hide_controls;
    int text_scroll;                   /* the lesson text scrolled by this many pixels */
    int no_cache;                      /* 1: draw every layer's static part every frame */
    AppDraw *draw;                     /* the drawing context */
    AppText *text;                     /* the text cache */
    AppLayer *layers;                  /* the plot canvases, APP_LAYER_COUNT */
    float **pts;                       /* scratch points (the window's, grown by app_panel_points) */
    int *pts_cap;
    AppPanelOut *out;
} AppPanelCtx;

/* Makes the frame's panel context over app (the graph view's facts read first, what
 * panels report starting from what the last frame said), and after drawing stores what
 * the panels reported back into app (drops, the lesson text's view and scroll limit). */
void app_panel_ctx_begin(App *app, AppPanelCtx *ctx, AppPanelOut *out);
void app_panel_ctx_end(App *app, const AppPanelOut *out);
/* A panel reports that this frame leaves out part of its content (app_drop's twin). */
void app_panel_drop(const AppPanelCtx *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

typedef void (*AppPanelDrawFn)(const AppPanelCtx *ctx, AppRect r);

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
void app_panel_header(const AppPanelCtx *ctx, AppRect r);
void app_panel_mask(const AppPanelCtx *ctx, AppRect r);
void app_panel_landscape(const AppPanelCtx *ctx, AppRect r);
void app_panel_training(const AppPanelCtx *ctx, AppRect r);
void app_panel_gradient(const AppPanelCtx *ctx, AppRect r);
/* Whether family's finite difference fd beside gradient state is a jump, not a slope: a
 * family with a hard forward (hard, ste) or no gradient whose loss still changes between
 * t - h and t + h (the step crossing a sample). The table marks such a cell "spike". */
int app_fd_is_spike(SlMaskKind family, SlGradState state, float fd);
void app_panel_explain(const AppPanelCtx *ctx, AppRect r);
void app_panel_controls(const AppPanelCtx *ctx, AppRect r);
/* The steepness map view (m): the map over the work area left of the side panels, and
 * beside it the training panel above the explanation (app_mapview_geometry). */
void app_panel_map(const AppPanelCtx *ctx, AppRect r);
void app_panel_map_side(const AppPanelCtx *ctx, AppRect r);
/* Drawn over everything when asked for. */
void app_panel_help(const AppPanelCtx *ctx);
/* The line where a typed value appears (ctx->edit), over the controls. */
void app_panel_edit(const AppPanelCtx *ctx);
/* The latest note over the bottom of the work area, for views where no panel shows it
 * (the graph view, a lesson's panels without the explain panel). */
void app_panel_note(const AppPanelCtx *ctx);

/* The mask panel's axes and its markers' screen positions, from the layout and the
 * model; the window's hit tests use the same (app_mask_axes, app_t_marker_pos). */
void app_panel_mask_axes(const AppLayout *L, const AppModel *m, AppAxis *x, AppAxis *y);
void app_panel_t_marker_pos(const AppLayout *L, const AppModel *m, int f, float *x, float *y);
void app_panel_target_marker_pos(const AppLayout *L, const AppModel *m, float *x, float *y);

/* Shared pieces. */
/* Paints the window background where no card goes (instead of clearing it all). */
void app_panel_background(const AppPanelCtx *ctx);
/* The panel's card and title; returns nothing, the content area is the panel's own. */
void app_panel_card(const AppPanelCtx *ctx, AppRect r, const char *title, const char *right_note);
/* A card whose header note has n forms, longest first: the first that fits is drawn. */
void app_panel_card_notes(const AppPanelCtx *ctx, AppRect r, const char *title, const char *const *notes, int n);
/* Starts plot layer `layer` over the plot rect (white, with the grid of the axes);
 * returns its canvas, or NULL when out of memory. */
AppCanvas *app_panel_plot_begin(const AppPanelCtx *ctx, int layer, AppRect plot, const AppAxis *x, const AppAxis *y);
/* A key for the static part of a plot layer: a hash (FNV-1a) of the plot rect, the axes,
 * the presentation scale, the theme and len bytes of whatever else it is drawn from (zero-filled
 * padding, please); never 0. */
uint64_t app_panel_static_key(const AppPanelCtx *ctx, AppRect plot, const AppAxis *x, const AppAxis *y,
                              const void *extra, size_t len);
/* As app_panel_plot_begin, but when the layer kept a static part for key (and caching
 * is on) the canvas starts as that copy and *cached is 1: skip drawing the static part.
 * Else *cached is 0: draw it, then call app_panel_plot_keep before what moves. */
AppCanvas *app_panel_plot_begin_cached(const AppPanelCtx *ctx, int layer, AppRect plot, const AppAxis *x,
                                       const AppAxis *y, uint64_t key, int *cached);
void app_panel_plot_keep(const AppPanelCtx *ctx, int layer, uint64_t key);
/* Puts the layer on screen, then the border, tick labels and the x label. */
void app_panel_plot_end(const AppPanelCtx *ctx, int layer, AppRect plot, const AppAxis *x, const AppAxis *y,
                        const char *x_label, int x_tick_labels);
/* A family's curve on a canvas: its colour, style and width. */
void app_panel_curve(const AppPanelCtx *ctx, AppCanvas *c, const float *xy, int n, int family);
/* A line on a canvas in a colour and style, width at scale 1. */
void app_panel_line(const AppPanelCtx *ctx, AppCanvas *c, float x0, float y0, float x1, float y1, float width,
                    AppColor color, AppLineStyle style);
/* A short line sample in the family's colour and style over background bg. */
void app_panel_swatch(const AppPanelCtx *ctx, float x, float y, float len, int family, AppColor bg);
/* Scratch room for n points (2n floats); NULL when out of memory. */
float *app_panel_points(const AppPanelCtx *ctx, int n);

/* Curve width at scale 1 (the design's ~2.5 px). */
#define APP_CURVE_W 2.75f

#endif
