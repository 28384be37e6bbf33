/* app_panel_plots.c — the three plots: the masks over position with the t and t*
 * markers, the loss landscape L(t) with each family's point and tangent, and training
 * (t and loss over steps). Curves go through canvases (app_raster.h). Hard is drawn
 * first and thicker, so the soft families' dashes lie on top and the hard jump shows. */
#include "app_panels.h"
#include "app_readout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int shown(const AppPanelCtx *ctx, int f)
{
    return (int)(ctx->model->shown >> f & 1u);
}

void app_panel_mask_axes(const AppLayout *L, const AppModel *m, AppAxis *x, AppAxis *y)
{
    AppRect pa = app_layout_plot_area(L, L->slot[APP_SLOT_MAIN]);
    *x = app_axis_make((double)app_model_t_view_lo(m), (double)app_model_t_view_hi(m), (float)pa.x,
                       (float)(pa.x + pa.w), 0);
    *y = app_axis_make(-0.1, 1.25, (float)(pa.y + pa.h), (float)pa.y, 0);
}

void app_panel_t_marker_pos(const AppLayout *L, const AppModel *m, int f, float *x, float *y)
{
    AppAxis ax, ay;
    app_panel_mask_axes(L, m, &ax, &ay);
    float t = app_model_row(m, f)->t;
    /* Off the plot, the marker is the arrow at the edge it points past. */
    *x = !isfinite(t) ? ax.p1 : t < (float)ax.v0 ? ax.p0 : t > (float)ax.v1 ? ax.p1 : app_axis_px(&ax, (double)t);
    *y = ay.p1 + 7.0f * L->scale;
}

void app_panel_target_marker_pos(const AppLayout *L, const AppModel *m, float *x, float *y)
{
    AppAxis ax, ay;
    app_panel_mask_axes(L, m, &ax, &ay);
    *x = app_axis_px(&ax, (double)m->set.target);
    *y = ay.p0 - 7.0f * L->scale;
}

/* Draw order: hard first, then the others. */
static const int k_order[SL_MASK_COUNT] = {SL_MASK_HARD, SL_MASK_STE, SL_MASK_HARDSIGMOID, SL_MASK_SMOOTHSTEP,
                                           SL_MASK_LOGISTIC};

static void small_label(const AppPanelCtx *ctx, const char *text, float x, float y, AppColor c)
{
    int w = app_text_width(ctx->text, APP_FONT_SMALL, text);
    int h = app_text_line_height(ctx->text, APP_FONT_SMALL);
    AppRect bg = {(int)x - 2, (int)y, w + 4, h};
    app_draw_fill_rect(ctx->draw, bg, app_color_alpha(app_theme_color(APP_COL_PANEL), 225));
    app_text_draw(ctx->text, APP_FONT_SMALL, text, x, y, c, APP_ALIGN_LEFT);
}

static void hard_curve(const AppPanelCtx *ctx, AppCanvas *c, const AppAxis *ax, const AppAxis *ay, float t, int f)
{
    /* Positions start at 0: where the axis shows t < 0 there is no mask to draw. */
    float xt = app_axis_px(ax, (double)t), x0 = ax->v0 < 0.0 ? app_axis_px(ax, 0.0) : ax->p0 - 4.0f;
    float n = (float)ctx->model->set.n, x1 = ax->v1 > (double)n ? app_axis_px(ax, (double)n) : ax->p1 + 4.0f;
    if (xt < x0) xt = x0;
    if (xt > x1) xt = x1;
    float top = app_axis_px(ay, 1.0), bottom = app_axis_px(ay, 0.0);
    float xy[8] = {x0, top, xt, top, xt, bottom, x1, bottom};
    app_panel_curve(ctx, c, xy, 4, f);
}

/* 1 when family f's t is off the plot to the left (below the axis), 0 to the right
 * (above it, or not a number). */
static int off_side(const AppModel *m, int f)
{
    float t = app_model_row(m, f)->t;
    return isfinite(t) && t < app_model_t_view_lo(m);
}

/* Labels for t markers off the plot ("logistic t = -225 <"), stacked at the edge they
 * point past, and a banner over the plot while a shown family has diverged. */
static void off_plot_labels(const AppPanelCtx *ctx, AppRect pa)
{
    const AppModel *m = ctx->model;
    float s = ctx->scale;
    int sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    int row[2] = {0, 0};
    char buf[160], v[32];
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        if (!shown(ctx, f) || !app_model_t_off_view(m, f)) continue;
        float t = app_model_row(m, f)->t;
        int left = off_side(m, f);
        app_format_value((double)t, 4, v, sizeof v);
        snprintf(buf, sizeof buf, left ? "\xe2\x97\x80 %s t = %s" : "%s t = %s \xe2\x96\xb6", sl_mask_name((SlMaskKind)f), v);
        int w = app_text_width(ctx->text, APP_FONT_SMALL, buf);
        float x = left ? (float)pa.x + 30.0f * s : (float)(pa.x + pa.w) - 30.0f * s - (float)w;
        small_label(ctx, buf, x, (float)pa.y + 2.0f * s + (float)(row[left] * sh), app_theme_family_color((SlMaskKind)f));
        row[left]++;
    }
    /* A banner names the runs in trouble: diverged (the engine's verdict: t or the loss
     * not finite, ...), or ran off the plot (a far t is no divergence: docs/training.md,
     * but the teacher should see where it went). */
    char diverged[64] = "", off[64] = "";
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        if (!shown(ctx, f)) continue;
        char *list = m->tr[f].stop == SL_STOP_DIVERGED ? diverged : app_model_t_off_view(m, f) ? off : NULL;
        if (!list) continue;
        size_t l = strlen(list);
        snprintf(list + l, sizeof diverged - l, "%s%s", l ? ", " : "", sl_mask_name((SlMaskKind)f));
    }
    if (diverged[0] || off[0]) {
        if (diverged[0])
            snprintf(buf, sizeof buf, "Diverged: %s \xe2\x80\x94 lower lr (\xe2\x88\x92), then reset (r)", diverged);
        else if (!(m->set.t0 >= app_model_t_view_lo(m) && m->set.t0 <= app_model_t_view_hi(m)))
            /* It started there: a smaller lr would not bring it back. */
            snprintf(buf, sizeof buf, "Off the plot: %s \xe2\x80\x94 it started there: set t0, then reset (r)", off);
        else
            snprintf(buf, sizeof buf, "Off the plot: %s \xe2\x80\x94 lower lr (\xe2\x88\x92), then reset (r)", off);
        int w = app_text_width(ctx->text, APP_FONT_BODY, buf), bh = app_text_line_height(ctx->text, APP_FONT_BODY);
        if (w > pa.w - 8) w = pa.w - 8;
        AppRect b = {pa.x + (pa.w - w) / 2 - 6, pa.y + pa.h / 2 - bh, w + 12, bh + 8};
        app_draw_round_rect(ctx->draw, b, 5.0f, app_theme_color(diverged[0] ? APP_COL_ERROR : APP_COL_NOTE));
        app_text_draw_fit(ctx->text, APP_FONT_BODY, buf, (float)(b.x + 6), (float)(b.y + 4), (float)w,
                          app_theme_color(APP_COL_PANEL));
    }
}

void app_panel_mask(const AppPanelCtx *ctx, AppRect r)
{
    const AppModel *m = ctx->model;
    AppRect pa = app_layout_plot_area(ctx->layout, r);
    AppAxis ax, ay;
    char note[96];
    snprintf(note, sizeof note, "grey: target y* = [i < t*]    N = %d", m->set.n);
    app_panel_card(ctx, r, "Mask m\xe1\xb5\xa2(t) over position i", note);
    app_panel_mask_axes(ctx->layout, ctx->model, &ax, &ay);
    float s = ctx->scale;
    float y1 = app_axis_px(&ay, 1.0), y0 = app_axis_px(&ay, 0.0);
    float xt = app_axis_px(&ax, (double)m->set.target);
    /* The grid, the target y* = [i < t*] and the dashed t* line are the static part
     * (under the curves, as in the loss and t-over-steps plots); then each soft family's
     * gradient band. */
    uint64_t key = app_panel_static_key(ctx, pa, &ax, &ay, &m->set.target, sizeof m->set.target);
    int cached = 0;
    AppCanvas *c = app_panel_plot_begin_cached(ctx, APP_LAYER_MASK, pa, &ax, &ay, key, &cached);
    if (c && !cached) {
        app_canvas_fill_rect(c, app_axis_px(&ax, 0.0), y1, xt, y0, app_theme_color(APP_COL_TARGET_FILL));
        app_panel_line(ctx, c, xt, (float)pa.y, xt, (float)(pa.y + pa.h), 1.5f, app_theme_color(APP_COL_TARGET),
                       APP_LINE_DASHED);
        app_panel_plot_keep(ctx, APP_LAYER_MASK, key);
    }
    if (c) {
        for (int f = 0; f < SL_MASK_COUNT; f++) {
            if (!shown(ctx, f) || f == SL_MASK_HARD) continue;
            const SlTrainRow *row = app_model_row(m, f);
            float half = sl_mask_band((SlMaskKind)f, row->k, m->set.w);
            app_canvas_fill_rect(c, app_axis_px(&ax, (double)(row->t - half)), y1,
                                 app_axis_px(&ax, (double)(row->t + half)), y0,
                                 app_color_alpha(app_theme_family_color((SlMaskKind)f), 40));
        }
        /* Curves. */
        int n = pa.w / 2 + 2;
        float *xy = app_panel_points(ctx, n);
        for (int o = 0; o < SL_MASK_COUNT; o++) {
            int f = k_order[o];
            if (!shown(ctx, f)) continue;
            const SlTrainRow *row = app_model_row(m, f);
            if (f == SL_MASK_HARD || f == SL_MASK_STE || !xy) {
                hard_curve(ctx, c, &ax, &ay, row->t, f);
                continue;
            }
            for (int i = 0; i < n; i++) {
                float px = (float)pa.x + 2.0f * (float)i;
                float pos = (float)app_axis_value(&ax, px);
                float v = sl_mask_value((SlMaskKind)f, row->t - pos, row->k, m->set.w);
                xy[2 * i] = px;
                xy[2 * i + 1] = isfinite(v) && pos >= 0.0f && pos <= (float)m->set.n ? app_axis_px(&ay, (double)v) : NAN;
            }
            app_panel_curve(ctx, c, xy, n, f);
        }
        /* t* marker (bottom), then the t markers (top), hard last so the stuck one shows. */
        AppColor tc = app_theme_color(APP_COL_TARGET);
        float mh = 14.0f * s, mw = 8.0f * s, bottom = (float)(pa.y + pa.h);
        float bt[6] = {xt - mw, bottom, xt + mw, bottom, xt, bottom - mh};
        app_canvas_convex(c, bt, 3, tc);
        for (int o = SL_MASK_COUNT - 1; o >= 0; o--) {
            int f = k_order[o];
            if (!shown(ctx, f)) continue;
            float x, y;
            app_panel_t_marker_pos(ctx->layout, ctx->model, f, &x, &y);
            AppColor fc = app_theme_family_color((SlMaskKind)f);
            if (app_model_t_off_view(m, f)) {
                /* Off the plot: an arrow at the edge points to where t went. */
                int left = off_side(m, f), row = 0;
                for (int g = 0; g < f; g++) row += shown(ctx, g) && app_model_t_off_view(m, g) && off_side(m, g) == left;
                float ex = left ? (float)pa.x : (float)(pa.x + pa.w), dir = left ? 1.0f : -1.0f;
                /* One arrow per family, a label line apart, beside its label. */
                float sh = (float)app_text_line_height(ctx->text, APP_FONT_SMALL), ah = 0.4f * sh;
                float ay0 = (float)pa.y + 2.0f * s + ((float)row + 0.5f) * sh;
                float arrow[6] = {ex, ay0, ex + dir * 2.5f * ah, ay0 - ah, ex + dir * 2.5f * ah, ay0 + ah};
                app_canvas_convex(c, arrow, 3, fc);
                continue;
            }
            app_panel_line(ctx, c, x, (float)pa.y, x, bottom, 1.25f, app_color_alpha(fc, 150), APP_LINE_SOLID);
            float tri[6] = {x - mw, (float)pa.y, x + mw, (float)pa.y, x, (float)pa.y + mh};
            app_canvas_convex(c, tri, 3, fc);
            if (f == SL_MASK_STE) {
                /* ste's marker is hollow: beside hard's it differs by more than colour. */
                float in = 3.0f * s, hole[6] = {x - mw + 1.8f * in, (float)pa.y + in * 0.8f, x + mw - 1.8f * in,
                                                (float)pa.y + in * 0.8f, x, (float)pa.y + mh - 2.2f * in};
                app_canvas_convex(c, hole, 3, app_theme_color(APP_COL_PANEL));
            }
        }
    }
    app_panel_plot_end(ctx, APP_LAYER_MASK, pa, &ax, &ay, "position i", 1);

    app_draw_clip(ctx->draw, &pa);
    int sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    float ly = (float)(pa.y + pa.h) - (float)sh - 2.0f * s;
    if (xt >= (float)pa.x && xt <= (float)(pa.x + pa.w)) {
        small_label(ctx, "t*", xt + 10.0f * s, ly, app_theme_color(APP_COL_TARGET));
    } else {
        /* t* past the plot's edge: say where, at that edge. */
        char v[32], buf[64];
        app_format_value((double)m->set.target, 4, v, sizeof v);
        int right = xt > (float)(pa.x + pa.w);
        snprintf(buf, sizeof buf, right ? "t* = %s \xe2\x96\xb6" : "\xe2\x97\x80 t* = %s", v);
        float w = (float)app_text_width(ctx->text, APP_FONT_SMALL, buf);
        small_label(ctx, buf, right ? (float)(pa.x + pa.w) - 6.0f * s - w : (float)pa.x + 6.0f * s, ly,
                    app_theme_color(APP_COL_TARGET));
    }
    float hx, hy;
    int lead = shown(ctx, SL_MASK_HARD) ? SL_MASK_HARD : SL_MASK_LOGISTIC;
    app_panel_t_marker_pos(ctx->layout, ctx->model, lead, &hx, &hy);
    if (!app_model_t_off_view(m, lead))
        small_label(ctx, "t", hx + 10.0f * s, (float)pa.y + 1.0f, app_theme_color(APP_COL_TEXT));
    off_plot_labels(ctx, pa);
    app_draw_clip(ctx->draw, NULL);
}

/* Family f's current point on the landscape and its tangent (none: there is no tangent),
 * or an arrow at the edge when its t is off the axis. */
static void land_point(const AppPanelCtx *ctx, AppCanvas *c, AppRect pa, const AppAxis *ax, const AppAxis *ay, int f)
{
    const AppModel *m = ctx->model;
    const SlTrainRow *row = app_model_row(m, f);
    if (!isfinite(row->loss)) return;
    AppColor fc = app_theme_family_color((SlMaskKind)f);
    if (app_model_t_off_view(m, f)) {
        /* Off the axis: an arrow at the edge, at the height of its loss. */
        int left = off_side(m, f);
        float ex = left ? (float)pa.x : (float)(pa.x + pa.w), d = left ? 1.0f : -1.0f;
        float ey = app_axis_px(ay, (double)row->loss), ah = 6.0f * ctx->scale;
        float arrow[6] = {ex, ey, ex + d * 2.5f * ah, ey - ah, ex + d * 2.5f * ah, ey + ah};
        app_canvas_convex(c, arrow, 3, fc);
        return;
    }
    float px = app_axis_px(ax, (double)row->t), py = app_axis_px(ay, (double)row->loss);
    if (row->state == SL_GRAD_VALUE || row->state == SL_GRAD_ZERO) {
        double dx = 0.12 * (double)m->land_n, g = (double)row->grad;
        app_panel_line(ctx, c, app_axis_px(ax, (double)row->t - dx), app_axis_px(ay, (double)row->loss - g * dx),
                       app_axis_px(ax, (double)row->t + dx), app_axis_px(ay, (double)row->loss + g * dx), 2.0f,
                       app_theme_color(APP_COL_TEXT), APP_LINE_SOLID);
    }
    if (f == SL_MASK_STE) {
        /* A diamond, not a disc: ste and hard sit on the same staircase. */
        float ro = 9.5f * ctx->scale, ri = 7.0f * ctx->scale;
        float outer[8] = {px, py - ro, px + ro, py, px, py + ro, px - ro, py};
        float inner[8] = {px, py - ri, px + ri, py, px, py + ri, px - ri, py};
        app_canvas_convex(c, outer, 4, app_theme_color(APP_COL_PANEL));
        app_canvas_convex(c, inner, 4, fc);
    } else {
        app_canvas_disc(c, px, py, 7.5f * ctx->scale, app_theme_color(APP_COL_PANEL));
        app_canvas_disc(c, px, py, 5.5f * ctx->scale, fc);
    }
}

void app_panel_landscape(const AppPanelCtx *ctx, AppRect r)
{
    const AppModel *m = ctx->model;
    AppRect pa = app_layout_plot_area(ctx->layout, r);
    app_panel_card(ctx, r, "Loss L(t)", "\xe2\x97\x8f now  \xe2\x80\x94 slope dL/dt");
    double lo = (double)app_model_t_view_lo(m), hi = (double)app_model_t_view_hi(m);
    AppAxis ax = app_axis_make(lo, hi, (float)pa.x, (float)(pa.x + pa.w), 0);
    AppAxis ay = app_axis_make(0.0, (double)m->land_max * 1.08, (float)(pa.y + pa.h), (float)pa.y, 0);
    /* The target line and the curves move only with a setting: kept as the layer's
     * static part, under what moves with training (points, tangents). Hard's point comes
     * first of those and rarely moves (its gradient is none): it is kept with them, so
     * the key holds everything it is drawn from. */
    struct {
        float target;
        unsigned shown, version;
        int valid, n;
        SlTrainRow hard;
    } in;
    memset(&in, 0, sizeof in);
    in.target = m->set.target;
    in.shown = m->shown;
    in.version = m->land_version;
    in.valid = m->land_valid;
    in.n = m->land_n;
    int hard_kept = k_order[0] == SL_MASK_HARD && shown(ctx, SL_MASK_HARD);
    if (hard_kept) {
        const SlTrainRow *h = app_model_row(m, SL_MASK_HARD);
        in.hard.t = h->t;
        in.hard.loss = h->loss;
        in.hard.grad = h->grad;
        in.hard.state = h->state;
    }
    uint64_t key = app_panel_static_key(ctx, pa, &ax, &ay, &in, sizeof in);
    int cached = 0;
    AppCanvas *c = app_panel_plot_begin_cached(ctx, APP_LAYER_LANDSCAPE, pa, &ax, &ay, key, &cached);
    if (c && !cached) {
        float xt = app_axis_px(&ax, (double)m->set.target);
        app_panel_line(ctx, c, xt, (float)pa.y, xt, (float)(pa.y + pa.h), 1.5f, app_theme_color(APP_COL_TARGET),
                       APP_LINE_DASHED);
        int n = m->land_n;
        for (int o = 0; o < SL_MASK_COUNT; o++) {
            int f = k_order[o];
            if (!shown(ctx, f) || !m->land_valid) continue;
            float *xy;
            int count;
            if ((f == SL_MASK_HARD || f == SL_MASK_STE) && m->stair) {
                /* A staircase: flat between positions, so its true slope is 0 or a jump;
                 * below t = 0 no position is in the step and the loss stays at stair[0]. */
                int pre = lo < 0.0 ? 2 : 0, post = hi > (double)n ? 1 : 0;
                count = 2 * n + pre + post;
                xy = app_panel_points(ctx, count);
                if (!xy) continue;
                if (pre) {
                    xy[0] = app_axis_px(&ax, lo);
                    xy[1] = xy[3] = app_axis_px(&ay, (double)m->stair[0]);
                    xy[2] = app_axis_px(&ax, 0.0);
                }
                for (int j = 1; j <= n; j++) {
                    float y = app_axis_px(&ay, (double)m->stair[j]), *p = xy + 2 * pre + 4 * (j - 1);
                    p[0] = app_axis_px(&ax, (double)(j - 1));
                    p[1] = y;
                    p[2] = app_axis_px(&ax, (double)j);
                    p[3] = y;
                }
                if (post) {
                    /* Past t = N every position is in the step: the loss stays at stair[n]. */
                    xy[2 * (count - 1)] = app_axis_px(&ax, hi);
                    xy[2 * (count - 1) + 1] = app_axis_px(&ay, (double)m->stair[n]);
                }
            } else {
                count = m->land_count;
                xy = app_panel_points(ctx, count);
                if (!xy) continue;
                for (int i = 0; i < count; i++) {
                    xy[2 * i] = app_axis_px(&ax, (double)m->land_t[i]);
                    xy[2 * i + 1] = isfinite(m->land_loss[f][i]) ? app_axis_px(&ay, (double)m->land_loss[f][i]) : NAN;
                }
            }
            app_panel_curve(ctx, c, xy, count, f);
        }
        if (hard_kept) land_point(ctx, c, pa, &ax, &ay, SL_MASK_HARD);
        app_panel_plot_keep(ctx, APP_LAYER_LANDSCAPE, key);
    }
    if (c) {
        /* Each family's current point and its tangent, after hard's (drawn with the
         * static part when it is kept). */
        for (int o = hard_kept; o < SL_MASK_COUNT; o++)
            if (shown(ctx, k_order[o])) land_point(ctx, c, pa, &ax, &ay, k_order[o]);
    }
    app_panel_plot_end(ctx, APP_LAYER_LANDSCAPE, pa, &ax, &ay, "t", 1);
}

typedef enum HistValue { HIST_T, HIST_LOSS, HIST_HARD_LOSS } HistValue;

static float hist_value(const SlTrainRow *row, HistValue what)
{
    return what == HIST_T ? row->t : what == HIST_LOSS ? row->loss : row->hard_loss;
}

/* A value's pixel; on a log axis a loss of 0 (or below the axis) sits on its floor. */
static float hist_px(const AppAxis *ay, float v)
{
    if (!isfinite(v)) return NAN;
    if (ay->log && (double)v < fmin(ay->v0, ay->v1)) return app_axis_px(ay, fmin(ay->v0, ay->v1));
    return app_axis_px(ay, (double)v);
}

/* One family's history as a polyline over steps: t, its loss, or the hard-mask loss at
 * its t (thin and dotted: the soft-hard gap is the space between the two loss curves). */
static void history_curve(const AppPanelCtx *ctx, AppCanvas *c, int f, const AppAxis *ax, const AppAxis *ay,
                          HistValue what, int max_pts)
{
    const SlTrainer *tr = &ctx->model->tr[f];
    int n = tr->count + 1;
    if (max_pts < 2) max_pts = 2;  /* a plot squeezed to nothing still takes the ends */
    int stride = n > max_pts ? n / max_pts + 1 : 1;
    int count = (n + stride - 1) / stride + 1;
    float *xy = app_panel_points(ctx, count);
    if (!xy) return;
    int k = 0;
    for (int i = 0; i < n; i += stride) {
        float v = hist_value(&tr->rows[i], what);
        xy[2 * k] = app_axis_px(ax, (double)i);
        xy[2 * k + 1] = hist_px(ay, v);
        k++;
    }
    if ((n - 1) % stride != 0) {
        float v = hist_value(&tr->rows[n - 1], what);
        xy[2 * k] = app_axis_px(ax, (double)(n - 1));
        xy[2 * k + 1] = hist_px(ay, v);
        k++;
    }
    if (what != HIST_HARD_LOSS) {
        app_panel_curve(ctx, c, xy, k, f);
        return;
    }
    float w = 1.5f * ctx->scale, dash[4];
    app_theme_dash(APP_LINE_DOTTED, dash);
    for (int i = 0; i < 4; i++) dash[i] *= 2.0f * w;
    app_canvas_polyline(c, xy, k, w, app_color_alpha(app_theme_family_color((SlMaskKind)f), 190), dash);
}

/* The families whose t is past the t-over-steps axis (it spans at most 10 N either side
 * of the positions): each one's t in its colour, "▲" above, "▼" below, from the right
 * end of the label band leftwards, as many as fit beside the plot's own label (left,
 * ending at x_min). */
static void off_range_labels(const AppPanelCtx *ctx, AppRect tp, double lo, double hi, float band, float x_min)
{
    const AppModel *m = ctx->model;
    float s = ctx->scale, x = (float)(tp.x + tp.w) - 4.0f * s;
    float y = (float)tp.y + band - (float)app_text_line_height(ctx->text, APP_FONT_SMALL) - 1.0f * s;
    for (int o = SL_MASK_COUNT - 1; o >= 0; o--) {
        int f = k_order[o];
        if (!shown(ctx, f)) continue;
        double t = (double)app_model_row(m, f)->t;
        if (!(t > hi || t < lo)) continue;
        char v[32], buf[48];
        app_format_value(t, 3, v, sizeof v);
        snprintf(buf, sizeof buf, "%s %s", t > hi ? "\xe2\x96\xb2" : "\xe2\x96\xbc", v);
        float w = (float)app_text_width(ctx->text, APP_FONT_SMALL, buf);
        if (x - w < x_min) return;
        app_text_draw(ctx->text, APP_FONT_SMALL, buf, x - w, y, app_theme_family_color((SlMaskKind)f), APP_ALIGN_LEFT);
        x -= w + 8.0f * s;
    }
}

void app_panel_training(const AppPanelCtx *ctx, AppRect r)
{
    const AppModel *m = ctx->model;
    int steps = app_model_step_count(m);
    char note[3][96];
    const char *state = m->playing ? "\xe2\x96\xb6 training" : app_model_all_stopped(m) && steps > 0 ? "stopped" : "paused";
    /* Shorter forms keep the state, which a larger scale would otherwise drop first. */
    snprintf(note[0], sizeof note[0], "step %d / %d   %s", steps, m->max_steps, state);
    snprintf(note[1], sizeof note[1], "%d / %d  %s", steps, m->max_steps, state);
    snprintf(note[2], sizeof note[2], "%d/%d %s", steps, m->max_steps, m->playing ? "\xe2\x96\xb6" : state);
    app_panel_card_notes(ctx, r, "Training", (const char *const[]){note[0], note[1], note[2]}, 3);
    AppRect tp, lp;
    app_layout_training_plots(ctx->layout, r, &tp, &lp);
    int span = steps > m->max_steps ? steps : m->max_steps;
    if (span < 1) span = 1;  /* a lesson of 0 steps still gets an axis */
    AppAxis ax_t = app_axis_make(0.0, (double)span, (float)tp.x, (float)(tp.x + tp.w), 0);
    AppAxis ax_l = app_axis_make(0.0, (double)span, (float)lp.x, (float)(lp.x + lp.w), 0);
    const AppDerived *d = &m->derived;
    /* Each plot's label sits in a band along its top that the axes leave to it, so no
     * curve (the hard loss at its start, t* at the top of the range) runs under it. */
    float band = (float)app_text_line_height(ctx->text, APP_FONT_SMALL) + 4.0f * ctx->scale;
    AppAxis ay_t = app_axis_make(d->t_lo, d->t_hi, (float)(tp.y + tp.h), (float)tp.y + band, 0);
    AppAxis ay_l = app_axis_make(d->loss_lo, d->loss_hi, (float)(lp.y + lp.h), (float)lp.y + band, d->loss_log);
    AppColor muted = app_theme_color(APP_COL_MUTED);

    /* Static parts: the grids, and the t* line over steps. */
    uint64_t key = app_panel_static_key(ctx, tp, &ax_t, &ay_t, &m->set.target, sizeof m->set.target);
    int cached = 0;
    AppCanvas *c = app_panel_plot_begin_cached(ctx, APP_LAYER_T, tp, &ax_t, &ay_t, key, &cached);
    if (c && !cached) {
        float yt = app_axis_px(&ay_t, (double)m->set.target);
        app_panel_line(ctx, c, (float)tp.x, yt, (float)(tp.x + tp.w), yt, 1.5f, app_theme_color(APP_COL_TARGET),
                       APP_LINE_DASHED);
        app_panel_plot_keep(ctx, APP_LAYER_T, key);
    }
    if (c) {
        float xs = app_axis_px(&ax_t, (double)steps);
        app_panel_line(ctx, c, xs, (float)tp.y, xs, (float)(tp.y + tp.h), 1.0f, muted, APP_LINE_SOLID);
        for (int o = 0; o < SL_MASK_COUNT; o++)
            if (shown(ctx, k_order[o])) history_curve(ctx, c, k_order[o], &ax_t, &ay_t, HIST_T, tp.w);
    }
    app_panel_plot_end(ctx, APP_LAYER_T, tp, &ax_t, &ay_t, NULL, 0);
    key = app_panel_static_key(ctx, lp, &ax_l, &ay_l, NULL, 0);
    c = app_panel_plot_begin_cached(ctx, APP_LAYER_LOSS, lp, &ax_l, &ay_l, key, &cached);
    if (c && !cached) app_panel_plot_keep(ctx, APP_LAYER_LOSS, key);
    if (c) {
        float xs = app_axis_px(&ax_l, (double)steps);
        app_panel_line(ctx, c, xs, (float)lp.y, xs, (float)(lp.y + lp.h), 1.0f, muted, APP_LINE_SOLID);
        /* Under annealing the lesson is the soft-hard gap: draw each soft family's hard loss too. */
        if (m->set.anneal != SL_ANNEAL_CONSTANT)
            for (int o = 0; o < SL_MASK_COUNT; o++)
                if (k_order[o] != SL_MASK_HARD && shown(ctx, k_order[o]))
                    history_curve(ctx, c, k_order[o], &ax_l, &ay_l, HIST_HARD_LOSS, lp.w);
        for (int o = 0; o < SL_MASK_COUNT; o++)
            if (shown(ctx, k_order[o])) history_curve(ctx, c, k_order[o], &ax_l, &ay_l, HIST_LOSS, lp.w);
    }
    app_panel_plot_end(ctx, APP_LAYER_LOSS, lp, &ax_l, &ay_l, "step", 1);

    float s = ctx->scale;
    static const char t_title[] = "t over steps (- - t*)";
    small_label(ctx, t_title, (float)tp.x + 6.0f * s, (float)tp.y + 3.0f * s, app_theme_color(APP_COL_TEXT));
    off_range_labels(ctx, tp, d->t_lo, d->t_hi, band,
                     (float)tp.x + 14.0f * s + (float)app_text_width(ctx->text, APP_FONT_SMALL, t_title));
    small_label(ctx, m->set.anneal != SL_ANNEAL_CONSTANT ? (d->loss_log ? "loss, log (\xc2\xb7\xc2\xb7 hard mask)  y"
                                                                 : "loss, linear (\xc2\xb7\xc2\xb7 hard mask)  y")
                                                         : d->loss_log ? "loss over steps, log  y" : "loss over steps",
                (float)lp.x + 6.0f * s, (float)lp.y + 3.0f * s, app_theme_color(APP_COL_TEXT));
}
