/* app_view.c — the view table (which panel fills which slot, per lesson kind) and the
 * pieces every panel shares: cards, axes, family swatches, scratch points. */
#include "app_panels.h"
#include "app_lesson_panels.h"
#include "app_ui.h" /* the view's choice reads the window's state */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const AppView k_standard_view = {{
    [APP_SLOT_HEADER] = {"header", app_panel_header},
    [APP_SLOT_MAIN] = {"mask", app_panel_mask},
    [APP_SLOT_LOWER_LEFT] = {"landscape", app_panel_landscape},
    [APP_SLOT_LOWER_RIGHT] = {"training", app_panel_training},
    [APP_SLOT_SIDE_TOP] = {"gradient", app_panel_gradient},
    [APP_SLOT_SIDE_BOTTOM] = {"explain", app_panel_explain},
    [APP_SLOT_CONTROLS] = {"controls", app_panel_controls},
}};

/* Lesson 6: the NaN table spans the main and lower slots (it draws over both). */
static const AppView k_nan_view = {{
    [APP_SLOT_HEADER] = {"header", app_panel_header},
    [APP_SLOT_MAIN] = {"nan", app_panel_nan},
    [APP_SLOT_SIDE_TOP] = {"nan states", app_panel_nan_summary},
    [APP_SLOT_SIDE_BOTTOM] = {"explain", app_panel_explain},
    [APP_SLOT_CONTROLS] = {"controls", app_panel_controls},
}};

static const AppView k_threshold_view = {{
    [APP_SLOT_HEADER] = {"header", app_panel_header},
    [APP_SLOT_MAIN] = {"threshold", app_panel_thresh_binary},
    [APP_SLOT_LOWER_LEFT] = {"threshold map", app_panel_thresh_map},
    [APP_SLOT_LOWER_RIGHT] = {"gradient thresholding", app_panel_thresh_train},
    [APP_SLOT_SIDE_TOP] = {"gradient", app_panel_gradient},
    [APP_SLOT_SIDE_BOTTOM] = {"explain", app_panel_explain},
    [APP_SLOT_CONTROLS] = {"controls", app_panel_controls},
}};

static const AppView k_channels_view = {{
    [APP_SLOT_HEADER] = {"header", app_panel_header},
    [APP_SLOT_MAIN] = {"channels", app_panel_channels},
    [APP_SLOT_LOWER_LEFT] = {"t_c over steps", app_panel_channels_steps},
    [APP_SLOT_LOWER_RIGHT] = {"channel gradients", app_panel_channels_table},
    [APP_SLOT_SIDE_TOP] = {"channel summary", app_panel_channels_summary},
    [APP_SLOT_SIDE_BOTTOM] = {"explain", app_panel_explain},
    [APP_SLOT_CONTROLS] = {"controls", app_panel_controls},
}};

/* The graph view (g, any lesson): the graph fills the work area. */
static void graph_view_panel(const AppPanelCtx *ctx, AppRect r)
{
    (void)r;
    app_panel_graph(ctx, app_panel_work_area(ctx));
}

static const AppView k_graph_view = {{
    [APP_SLOT_HEADER] = {"header", app_panel_header},
    [APP_SLOT_MAIN] = {"graph", graph_view_panel},
    [APP_SLOT_CONTROLS] = {"controls", app_panel_controls},
}};

/* The steepness map view (m, task lessons): the map spans the main and lower slots, the
 * training run and the lesson text share the side column. */
static const AppView k_map_view = {{
    [APP_SLOT_HEADER] = {"header", app_panel_header},
    [APP_SLOT_MAIN] = {"map", app_panel_map},
    [APP_SLOT_SIDE_TOP] = {"map side", app_panel_map_side},
    [APP_SLOT_CONTROLS] = {"controls", app_panel_controls},
}};

const AppView *app_view_for(SlLessonKind kind)
{
    switch (kind) {
    case SL_LESSON_NAN: return &k_nan_view;
    case SL_LESSON_THRESHOLD: return &k_threshold_view;
    case SL_LESSON_CHANNELS: return &k_channels_view;
    case SL_LESSON_TASK:
    case SL_LESSON_KIND_COUNT: break;
    }
    return &k_standard_view;
}

const AppView *app_view_current(const App *app)
{
    if (app->model.ls.graph_on) return &k_graph_view;
    if (app->model.map_on && app->model.lesson.kind == SL_LESSON_TASK) return &k_map_view;
    return app_view_for(app->model.lesson.kind);
}

int app_map_shown(const App *app)
{
    return app_view_current(app) == &k_map_view;
}

int app_map_waiting(const App *app)
{
    return app_map_shown(app) && !app_mapview_done(&app->map);
}

int app_view_slot_shown(const App *app, int slot)
{
    /* The lesson's `panels` name the places of the standard view; a lesson kind's own
     * panels (lessons 6 to 8) stand in the same places. The graph view shows the
     * graph whatever the list says (g asked for it). */
    static const int panel_of[APP_SLOT_COUNT] = {
        [APP_SLOT_HEADER] = -1,
        [APP_SLOT_MAIN] = SL_PANEL_MASK,
        [APP_SLOT_LOWER_LEFT] = SL_PANEL_LANDSCAPE,
        [APP_SLOT_LOWER_RIGHT] = SL_PANEL_TRAINING,
        [APP_SLOT_SIDE_TOP] = SL_PANEL_GRADIENT,
        [APP_SLOT_SIDE_BOTTOM] = SL_PANEL_EXPLAIN,
        [APP_SLOT_CONTROLS] = -1,
    };
    if (slot < 0 || slot >= APP_SLOT_COUNT) return 0;
    if (app->model.ls.graph_on || panel_of[slot] < 0) return 1;
    return (int)(app->model.lesson.panels >> panel_of[slot] & 1u);
}

void app_panel_background(const AppPanelCtx *ctx)
{
    /* Paint the background only where no card will: the header, the controls and the
     * gutters between cards (cards write every pixel of their own rect). */
    const AppLayout *L = ctx->layout;
    AppColor bg = app_theme_color(APP_COL_BG);
    app_draw_fill_rect(ctx->draw, L->slot[APP_SLOT_HEADER], bg);
    app_draw_fill_rect(ctx->draw, L->slot[APP_SLOT_CONTROLS], bg);
    static const int cards[] = {APP_SLOT_MAIN, APP_SLOT_LOWER_LEFT, APP_SLOT_LOWER_RIGHT, APP_SLOT_SIDE_TOP,
                                APP_SLOT_SIDE_BOTTOM};
    enum { NC = (int)(sizeof cards / sizeof cards[0]) };
    int top = L->slot[APP_SLOT_HEADER].y + L->slot[APP_SLOT_HEADER].h, bottom = L->slot[APP_SLOT_CONTROLS].y;
    /* Horizontal bands between consecutive card edges; in each, the uncovered spans. */
    int ys[2 * NC + 2], ny = 0;
    ys[ny++] = top;
    ys[ny++] = bottom;
    for (int i = 0; i < NC; i++) {
        ys[ny++] = L->slot[cards[i]].y;
        ys[ny++] = L->slot[cards[i]].y + L->slot[cards[i]].h;
    }
    for (int i = 1; i < ny; i++)
        for (int j = i; j > 0 && ys[j] < ys[j - 1]; j--) {
            int tmp = ys[j];
            ys[j] = ys[j - 1];
            ys[j - 1] = tmp;
        }
    for (int b = 0; b + 1 < ny; b++) {
        int y0 = ys[b] < top ? top : ys[b], y1 = ys[b + 1] > bottom ? bottom : ys[b + 1];
        if (y1 <= y0) continue;
        int xs[2 * NC], nx = 0;
        for (int i = 0; i < NC; i++) {
            AppRect c = L->slot[cards[i]];
            if (c.y <= y0 && c.y + c.h >= y1 && c.w > 0) {
                xs[nx++] = c.x;
                xs[nx++] = c.x + c.w;
            }
        }
        for (int i = 2; i < nx; i += 2)
            for (int j = i; j > 0 && xs[j] < xs[j - 2]; j -= 2) {
                int t0 = xs[j], t1 = xs[j + 1];
                xs[j] = xs[j - 2], xs[j + 1] = xs[j - 1];
                xs[j - 2] = t0, xs[j - 1] = t1;
            }
        int x = 0;
        for (int i = 0; i < nx; i += 2) {
            if (xs[i] > x) app_draw_fill_rect(ctx->draw, (AppRect){x, y0, xs[i] - x, y1 - y0}, bg);
            if (xs[i + 1] > x) x = xs[i + 1];
        }
        if (x < L->w) app_draw_fill_rect(ctx->draw, (AppRect){x, y0, L->w - x, y1 - y0}, bg);
    }
}

float *app_panel_points(const AppPanelCtx *ctx, int n)
{
    if (n > *ctx->pts_cap) {
        float *p = realloc(*ctx->pts, (size_t)n * 2u * sizeof *p);
        if (!p) return NULL;
        *ctx->pts = p;
        *ctx->pts_cap = n;
    }
    return *ctx->pts;
}

void app_panel_card(const AppPanelCtx *ctx, AppRect r, const char *title, const char *right_note)
{
    app_panel_card_notes(ctx, r, title, &right_note, right_note ? 1 : 0);
}

void app_panel_card_notes(const AppPanelCtx *ctx, AppRect r, const char *title, const char *const *notes, int n)
{
    app_draw_card(ctx->draw, r, 6.0f, app_theme_color(APP_COL_PANEL), app_theme_color(APP_COL_BORDER),
                  app_theme_color(APP_COL_BG));
    int pad = ctx->layout->pad;
    float y = (float)(r.y + pad);
    int tw = 0;
    if (title) tw = app_text_draw(ctx->text, APP_FONT_BOLD, title, (float)(r.x + pad + pad / 2), y,
                                  app_theme_color(APP_COL_TEXT), APP_ALIGN_LEFT);
    if (n < 1) return;
    float room = (float)(r.w - tw - 4 * pad);
    /* The first form that fits; the last, shortest one is cut if even it does not. */
    const char *right_note = notes[n - 1];
    for (int i = 0; i < n - 1; i++)
        if ((float)app_text_width(ctx->text, APP_FONT_BODY, notes[i]) <= room) {
            right_note = notes[i];
            break;
        }
    int w = app_text_width(ctx->text, APP_FONT_BODY, right_note);
    /* Too long: keep the leading parts (notes put what matters first, parts apart by
     * two spaces) rather than cut a word. */
    char cut[200];
    snprintf(cut, sizeof cut, "%s", right_note);
    while ((float)w > room) {
        char *sep = strstr(cut, "  "), *last = NULL;
        while (sep) {
            last = sep;
            sep = strstr(sep + 2, "  ");
        }
        if (!last) break;
        *last = '\0';
        right_note = cut;
        w = app_text_width(ctx->text, APP_FONT_BODY, right_note);
    }
    float x = (float)(r.x + r.w - pad - pad / 2) - ((float)w < room ? (float)w : room);
    app_text_draw_fit(ctx->text, APP_FONT_BODY, right_note, x, y, room, app_theme_color(APP_COL_MUTED));
}

static int x_ticks(const AppPanelCtx *ctx, AppRect plot, const AppAxis *x, double *ticks)
{
    return app_axis_ticks(x->v0, x->v1, plot.w / (int)(90.0f * ctx->scale) + 1, x->log, ticks, APP_TICKS_MAX);
}

/* As many ticks as the axis's own span holds (a plot may leave a band to its label). */
static int y_ticks(const AppPanelCtx *ctx, AppRect plot, const AppAxis *y, double *ticks)
{
    (void)plot;
    int span = (int)fabsf(y->p0 - y->p1);
    return app_axis_ticks(fmin(y->v0, y->v1), fmax(y->v0, y->v1), span / (int)(45.0f * ctx->scale) + 1, y->log,
                          ticks, APP_TICKS_MAX);
}

AppCanvas *app_panel_plot_begin(const AppPanelCtx *ctx, int layer, AppRect plot, const AppAxis *x, const AppAxis *y)
{
    AppLayer *L = &ctx->layers[layer];
    if (!app_layer_begin(ctx->draw, L, plot, app_theme_color(APP_COL_PANEL))) return NULL;
    double ticks[APP_TICKS_MAX];
    AppColor grid = app_theme_color(APP_COL_GRID);
    int nx = x_ticks(ctx, plot, x, ticks);
    for (int i = 0; i < nx; i++) {
        float px = roundf(app_axis_px(x, ticks[i]));
        app_canvas_fill_rect(&L->canvas, px, (float)plot.y, px + 1.0f, (float)(plot.y + plot.h), grid);
    }
    int ny = y_ticks(ctx, plot, y, ticks);
    for (int i = 0; i < ny; i++) {
        float py = roundf(app_axis_px(y, ticks[i]));
        app_canvas_fill_rect(&L->canvas, (float)plot.x, py, (float)(plot.x + plot.w), py + 1.0f, grid);
    }
    return &L->canvas;
}

uint64_t app_panel_static_key(const AppPanelCtx *ctx, AppRect plot, const AppAxis *x, const AppAxis *y,
                              const void *extra, size_t len)
{
    uint64_t h = 1469598103934665603u;
    int theme = (int)app_theme_current(); /* the colours and line widths come from it */
    const unsigned char *parts[6] = {(const unsigned char *)&plot, (const unsigned char *)x, (const unsigned char *)y,
                                     (const unsigned char *)&ctx->scale, (const unsigned char *)&theme, extra};
    const size_t sizes[6] = {sizeof plot, sizeof *x, sizeof *y, sizeof ctx->scale, sizeof theme, extra ? len : 0};
    for (int p = 0; p < 6; p++)
        for (size_t i = 0; i < sizes[p]; i++) h = (h ^ parts[p][i]) * 1099511628211u;
    return h ? h : 1u;
}

AppCanvas *app_panel_plot_begin_cached(const AppPanelCtx *ctx, int layer, AppRect plot, const AppAxis *x,
                                       const AppAxis *y, uint64_t key, int *cached)
{
    AppLayer *L = &ctx->layers[layer];
    *cached = 0;
    if (!ctx->no_cache && app_layer_restore(ctx->draw, L, plot, key)) {
        *cached = 1;
        return &L->canvas;
    }
    return app_panel_plot_begin(ctx, layer, plot, x, y);
}

void app_panel_plot_keep(const AppPanelCtx *ctx, int layer, uint64_t key)
{
    if (!ctx->no_cache) app_layer_keep(ctx->draw, &ctx->layers[layer], key);
}

void app_panel_plot_end(const AppPanelCtx *ctx, int layer, AppRect plot, const AppAxis *x, const AppAxis *y,
                        const char *x_label, int x_tick_labels)
{
    app_layer_end(ctx->draw, &ctx->layers[layer]);
    double ticks[APP_TICKS_MAX];
    char buf[32];
    AppColor muted = app_theme_color(APP_COL_MUTED);
    int sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    int pad = ctx->layout->pad;
    /* Tick labels stop short of the axis label at the right end. */
    float label_left = (float)(plot.x + plot.w) + 1e6f;
    if (x_label && x_tick_labels)
        label_left = (float)(plot.x + plot.w - app_text_width(ctx->text, APP_FONT_SMALL, x_label) - pad);
    if (x_tick_labels) {
        int nx = x_ticks(ctx, plot, x, ticks);
        for (int i = 0; i < nx; i++) {
            float px = roundf(app_axis_px(x, ticks[i]));
            app_format_value(ticks[i], 3, buf, sizeof buf);
            float half = (float)app_text_width(ctx->text, APP_FONT_SMALL, buf) * 0.5f;
            if (px + half < label_left)
                app_text_draw(ctx->text, APP_FONT_SMALL, buf, px, (float)(plot.y + plot.h + pad / 3), muted,
                              APP_ALIGN_CENTER);
        }
    }
    int ny = y_ticks(ctx, plot, y, ticks);
    for (int i = 0; i < ny; i++) {
        float py = roundf(app_axis_px(y, ticks[i]));
        app_format_value(ticks[i], 3, buf, sizeof buf);
        app_text_draw(ctx->text, APP_FONT_SMALL, buf, (float)(plot.x - pad / 2), py - (float)sh * 0.5f, muted,
                      APP_ALIGN_RIGHT);
    }
    app_draw_stroke_rect(ctx->draw, plot, 1.0f, app_theme_color(APP_COL_BORDER));
    if (x_label && x_tick_labels)
        app_text_draw(ctx->text, APP_FONT_SMALL, x_label, (float)(plot.x + plot.w), (float)(plot.y + plot.h + pad / 3),
                      muted, APP_ALIGN_RIGHT);
}

static float family_width(int family)
{
    return (family == SL_MASK_HARD ? APP_CURVE_W + 1.0f : APP_CURVE_W) * app_theme_line_gain();
}

void app_panel_line(const AppPanelCtx *ctx, AppCanvas *c, float x0, float y0, float x1, float y1, float width,
                    AppColor color, AppLineStyle style)
{
    float dash[4], w = width * ctx->scale * app_theme_line_gain(), xy[4] = {x0, y0, x1, y1};
    app_theme_dash(style, dash);
    for (int i = 0; i < 4; i++) dash[i] *= w > 2.0f ? w : 2.0f;
    app_canvas_polyline(c, xy, 2, w, color, dash);
}

void app_panel_curve(const AppPanelCtx *ctx, AppCanvas *c, const float *xy, int n, int family)
{
    float dash[4], w = family_width(family) * ctx->scale;
    app_theme_dash(app_theme_family_style((SlMaskKind)family), dash);
    for (int i = 0; i < 4; i++) dash[i] *= w;
    app_canvas_polyline(c, xy, n, w, app_theme_family_color((SlMaskKind)family), dash);
}

void app_panel_swatch(const AppPanelCtx *ctx, float x, float y, float len, int family, AppColor bg)
{
    app_draw_swatch(ctx->draw, x, y, (int)lroundf(len), family, family_width(family), bg);
}
