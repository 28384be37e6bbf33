/* app_panel_map.c — the steepness map view (m): one training run per (k, lr) cell,
 * coloured by the chosen metric, with log axes, a colour bar or the verdict legend, the
 * current setting and the suggestion marked, the hovered cell's numbers and the
 * suggestion in words; beside it the training panel (the loaded run) above the lesson
 * text. It draws the grid the background sweep last finished and never waits for one. */
#include "app_panels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAP_TICKS 24

static int swept_value(const AppModel *m, SlSweepParam p, double *v)
{
    switch (p) {
    case SL_SWEEP_K:
    case SL_SWEEP_K0: *v = (double)m->set.k; return 1;
    case SL_SWEEP_LR: *v = (double)m->set.lr; return 1;
    case SL_SWEEP_W: *v = (double)m->set.w; return 1;
    case SL_SWEEP_T0: *v = (double)m->set.t0; return 1;
    default: break;
    }
    return 0;
}

/* A ring: a dark outline under a light one, readable on every colour of the scale. */
static void ring(const AppPanelCtx *ctx, AppCanvas *c, float cx, float cy, float r)
{
    float xy[2 * 33];
    for (int i = 0; i <= 32; i++) {
        float a = (float)i * 6.2831853f / 32.0f;
        xy[2 * i] = cx + r * cosf(a);
        xy[2 * i + 1] = cy + r * sinf(a);
    }
    AppColor dark = {0x11, 0x11, 0x11, 255}, light = {0xFF, 0xFF, 0xFF, 255};
    app_canvas_polyline(c, xy, 33, 4.5f * ctx->scale, dark, NULL);
    app_canvas_polyline(c, xy, 33, 2.0f * ctx->scale, light, NULL);
}

static void axis_labels(const AppPanelCtx *ctx, const AppMapGeometry *g, const AppMapRange *rx, const AppMapRange *ry)
{
    double ticks[MAP_TICKS];
    char buf[32];
    AppColor muted = app_theme_color(APP_COL_MUTED);
    int pad = ctx->layout->pad, sh = ctx->layout->m.small_h;
    AppRect p = g->plot;
    const char *xname = sl_sweep_param_name(rx->param), *yname = sl_sweep_param_name(ry->param);
    int xlabel_w = app_text_width(ctx->text, APP_FONT_BOLD, xname);
    int nx = app_sweepmap_ticks(rx, p.w / (int)(44.0f * ctx->scale) + 1, ticks, MAP_TICKS);
    for (int i = 0; i < nx; i++) {
        float px = (float)p.x + (float)(app_sweepmap_range_fraction(rx, ticks[i]) * (double)p.w);
        app_format_value(ticks[i], 3, buf, sizeof buf);
        float half = (float)app_text_width(ctx->text, APP_FONT_SMALL, buf) * 0.5f;
        app_draw_fill_rect(ctx->draw, (AppRect){(int)px, p.y + p.h, 1, pad / 3}, muted);
        if (px + half < (float)(p.x + p.w - xlabel_w - pad))
            app_text_draw(ctx->text, APP_FONT_SMALL, buf, px, (float)(p.y + p.h + pad / 3), muted, APP_ALIGN_CENTER);
    }
    app_text_draw(ctx->text, APP_FONT_BOLD, xname, (float)(p.x + p.w), (float)(p.y + p.h + pad / 3),
                  app_theme_color(APP_COL_TEXT), APP_ALIGN_RIGHT);
    int ny = app_sweepmap_ticks(ry, p.h / (int)(28.0f * ctx->scale) + 1, ticks, MAP_TICKS);
    for (int i = 0; i < ny; i++) {
        float py = (float)(p.y + p.h) - (float)(app_sweepmap_range_fraction(ry, ticks[i]) * (double)p.h);
        app_format_value(ticks[i], 3, buf, sizeof buf);
        app_draw_fill_rect(ctx->draw, (AppRect){p.x - pad / 3, (int)py, pad / 3, 1}, muted);
        if (py - (float)sh > (float)p.y)
            app_text_draw(ctx->text, APP_FONT_SMALL, buf, (float)(p.x - pad / 2), py - (float)sh * 0.5f, muted,
                          APP_ALIGN_RIGHT);
    }
    app_text_draw(ctx->text, APP_FONT_BOLD, yname, (float)(p.x - pad / 2), (float)(p.y - sh - pad / 2),
                  app_theme_color(APP_COL_TEXT), APP_ALIGN_RIGHT);
}

/* The colour bar with numbers, or the verdict legend; then the grey and the markers. */
static void legend(const AppPanelCtx *ctx, const AppMapGeometry *g, AppMapMetric metric, int steps, int n)
{
    AppRect b = g->bar;
    int pad = ctx->layout->pad, sh = ctx->layout->m.small_h, bh = ctx->layout->m.body_h;
    AppColor text = app_theme_color(APP_COL_TEXT), muted = app_theme_color(APP_COL_MUTED);
    float room = (float)(g->panel.x + g->panel.w - b.x - pad);
    int y = b.y;
    int bottom_rows = 3; /* the grey, now, suggestion */
    if (metric == APP_MAP_VERDICT) {
        int row = bh + pad / 2;
        for (int c = 0; c < APP_MAP_CATEGORIES; c++, y += row) {
            app_draw_fill_rect(ctx->draw, (AppRect){b.x, y + 2, b.w, bh - 4}, app_sweepmap_category_color(c));
            app_text_draw_fit(ctx->text, APP_FONT_SMALL, app_sweepmap_category_name(c), (float)(b.x + b.w + pad / 2),
                              (float)y + (float)(bh - sh) * 0.5f, room - (float)(b.w + pad / 2), text);
        }
        bottom_rows = 2;
    } else {
        float lo, hi;
        int lg;
        app_sweepmap_scale(metric, steps, n, &lo, &hi, &lg);
        int bar_h = b.h - bottom_rows * (bh + pad / 2) - pad;
        if (bar_h < 2 * bh) bar_h = 2 * bh;
        for (int i = 0; i < bar_h; i++) {
            float f = 1.0f - ((float)i + 0.5f) / (float)bar_h;
            app_draw_fill_rect(ctx->draw, (AppRect){b.x, b.y + i, b.w, 1}, app_sweepmap_ramp(f));
        }
        app_draw_stroke_rect(ctx->draw, (AppRect){b.x, b.y, b.w, bar_h}, 1.0f, app_theme_color(APP_COL_BORDER));
        AppMapRange sr = {SL_SWEEP_K, lo, hi, lg};
        double ticks[MAP_TICKS];
        char buf[32];
        int nt = lg ? app_axis_ticks(lo, hi, bar_h / (int)(26.0f * ctx->scale) + 1, 1, ticks, MAP_TICKS)
                    : app_sweepmap_ticks(&sr, bar_h / (int)(26.0f * ctx->scale) + 1, ticks, MAP_TICKS);
        for (int i = 0; i < nt; i++) {
            float py = (float)(b.y + bar_h) - (float)(app_sweepmap_range_fraction(&sr, ticks[i]) * (double)bar_h);
            app_format_value(ticks[i], 2, buf, sizeof buf);
            app_draw_fill_rect(ctx->draw, (AppRect){b.x + b.w, (int)py, pad / 3, 1}, muted);
            app_text_draw(ctx->text, APP_FONT_SMALL, buf, (float)(b.x + b.w + pad / 2), py - (float)sh * 0.5f, text,
                          APP_ALIGN_LEFT);
        }
        y = b.y + bar_h + pad;
        static const char *const none_words[APP_MAP_METRIC_COUNT] = {"t not finite", "never at t*", "not finite", ""};
        app_draw_fill_rect(ctx->draw, (AppRect){b.x, y + 2, b.w, bh - 4}, app_sweepmap_none_color());
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, none_words[metric], (float)(b.x + b.w + pad / 2),
                          (float)y + (float)(bh - sh) * 0.5f, room - (float)(b.w + pad / 2), text);
        y += bh + pad / 2;
    }
    /* The markers' key. */
    float cx = (float)b.x + (float)b.w * 0.5f;
    app_draw_disc(ctx->draw, cx, (float)y + (float)bh * 0.5f, 6.0f * ctx->scale, (AppColor){0x11, 0x11, 0x11, 255});
    app_draw_disc(ctx->draw, cx, (float)y + (float)bh * 0.5f, 4.0f * ctx->scale, (AppColor){0xFF, 0xFF, 0xFF, 255});
    app_text_draw_fit(ctx->text, APP_FONT_SMALL, "now", (float)(b.x + b.w + pad / 2), (float)y + (float)(bh - sh) * 0.5f,
                      room - (float)(b.w + pad / 2), text);
    y += bh + pad / 2;
    app_draw_fill_rect(ctx->draw, (AppRect){(int)cx - 2, y + 1, 5, bh - 2}, (AppColor){0x11, 0x11, 0x11, 255});
    app_draw_fill_rect(ctx->draw, (AppRect){(int)cx - 1, y + 2, 3, bh - 4}, (AppColor){0xFF, 0xFF, 0xFF, 255});
    app_text_draw_fit(ctx->text, APP_FONT_SMALL, "suggestion", (float)(b.x + b.w + pad / 2),
                      (float)y + (float)(bh - sh) * 0.5f, room - (float)(b.w + pad / 2), text);
}

void app_panel_map(const AppPanelCtx *ctx, AppRect r)
{
    (void)r;
    const AppModel *m = ctx->model;
    const AppMapView *v = ctx->map;
    AppMapGeometry g;
    app_mapview_geometry(ctx->layout, &g);
    const AppSweepGrid *gr = &v->grid;
    char title[128], note[160];
    snprintf(title, sizeof title, "Steepness map \xe2\x80\x94 %s", app_sweepmap_metric_name(v->metric));
    const char *family = v->axes == APP_MAP_AXES_W_LR ? "smoothstep"
                         : v->req.setup.task.mask == SL_MASK_STE ? "ste" : "logistic";
    if (!v->req_id || !gr->id)
        snprintf(note, sizeof note, "%s  computing the first %d \xc3\x97 %d pass\xe2\x80\xa6", family,
                 APP_SWEEPMAP_COARSE, APP_SWEEPMAP_COARSE);
    else if (!app_mapview_done(v)) /* the card keeps the leading parts: "updating…" at least */
        snprintf(note, sizeof note, "updating\xe2\x80\xa6  %d \xc3\x97 %d shown  %s, %d steps each", gr->ax.count,
                 gr->ay.count, family, v->steps);
    else
        snprintf(note, sizeof note, "%s, %d steps each  %d \xc3\x97 %d runs", family, v->steps, gr->ax.count,
                 gr->ay.count);
    app_panel_card(ctx, g.panel, title, note);

    AppColor text = app_theme_color(APP_COL_TEXT), muted = app_theme_color(APP_COL_MUTED);
    int bh = ctx->layout->m.body_h;
    if (gr->id && gr->status != SL_OK) {
        app_draw_fill_rect(ctx->draw, g.plot, app_theme_color(APP_COL_BG));
        AppRect box = app_rect_inset(g.plot, ctx->layout->pad);
        int y = box.y;
        app_text_wrap(ctx->text, APP_FONT_BODY, gr->err, box, &y, app_theme_color(APP_COL_ERROR));
        return;
    }
    AppLayer *L = &ctx->layers[APP_LAYER_MAP];
    if (!gr->cells || !app_layer_begin(ctx->draw, L, g.plot, app_theme_color(APP_COL_BG))) {
        if (!gr->cells) app_draw_fill_rect(ctx->draw, g.plot, app_theme_color(APP_COL_BG));
        app_draw_stroke_rect(ctx->draw, g.plot, 1.0f, app_theme_color(APP_COL_BORDER));
        return;
    }
    AppCanvas *c = &L->canvas;
    int nx = gr->ax.count, ny = gr->ay.count;
    for (int iy = 0; iy < ny; iy++) {
        int y0, y1;
        app_sweepmap_cell_span(iy, g.plot.y, g.plot.h, ny, 1, &y0, &y1);
        if (y1 <= y0) continue;
        for (int ix = 0; ix < nx; ix++) {
            int x0, x1;
            app_sweepmap_cell_span(ix, g.plot.x, g.plot.w, nx, 0, &x0, &x1);
            if (x1 <= x0) continue;
            const SlSweepCell *cell = &gr->cells[(size_t)iy * (size_t)nx + (size_t)ix];
            app_canvas_fill_rect(c, (float)x0, (float)y0, (float)x1, (float)y1,
                                 app_sweepmap_cell_color(cell, v->metric, v->target, v->steps, v->n));
        }
    }
    /* The suggestion: its run of learning rates as a bar, the suggested cell as a ring. */
    if (v->sugg.found) {
        int x0, x1, ya0, ya1, yb0, yb1, ym0, ym1;
        app_sweepmap_cell_span(v->sugg.ix, g.plot.x, g.plot.w, nx, 0, &x0, &x1);
        app_sweepmap_cell_span(v->sugg.iy_hi, g.plot.y, g.plot.h, ny, 1, &ya0, &ya1);
        app_sweepmap_cell_span(v->sugg.iy_lo, g.plot.y, g.plot.h, ny, 1, &yb0, &yb1);
        app_sweepmap_cell_span(v->sugg.iy_mid, g.plot.y, g.plot.h, ny, 1, &ym0, &ym1);
        float cx = 0.5f * (float)(x0 + x1);
        float seg[4] = {cx, (float)ya0, cx, (float)yb1};
        app_canvas_polyline(c, seg, 2, 5.0f * ctx->scale, (AppColor){0x11, 0x11, 0x11, 255}, NULL);
        app_canvas_polyline(c, seg, 2, 2.0f * ctx->scale, (AppColor){0xFF, 0xFF, 0xFF, 255}, NULL);
        ring(ctx, c, cx, 0.5f * (float)(ym0 + ym1), 7.0f * ctx->scale);
    }
    /* The hovered cell. */
    if (v->hover_ix >= 0 && v->hover_iy >= 0 && v->hover_ix < nx && v->hover_iy < ny) {
        int x0, x1, y0, y1;
        app_sweepmap_cell_span(v->hover_ix, g.plot.x, g.plot.w, nx, 0, &x0, &x1);
        app_sweepmap_cell_span(v->hover_iy, g.plot.y, g.plot.h, ny, 1, &y0, &y1);
        float box[10] = {(float)x0, (float)y0, (float)x1, (float)y0, (float)x1, (float)y1, (float)x0, (float)y1,
                         (float)x0, (float)y0};
        app_canvas_polyline(c, box, 5, 2.0f * ctx->scale, (AppColor){0xFF, 0xFF, 0xFF, 255}, NULL);
    }
    /* Now: the model's own setting, a filled disc. */
    double vx, vy;
    if (swept_value(m, v->rx.param, &vx) && swept_value(m, v->ry.param, &vy)) {
        float px, py;
        app_mapview_point(v, ctx->layout, vx, vy, &px, &py);
        app_canvas_disc(c, px, py, 7.0f * ctx->scale, (AppColor){0x11, 0x11, 0x11, 255});
        app_canvas_disc(c, px, py, 4.5f * ctx->scale, (AppColor){0xFF, 0xFF, 0xFF, 255});
    }
    app_layer_end(ctx->draw, L);
    app_draw_stroke_rect(ctx->draw, g.plot, 1.0f, app_theme_color(APP_COL_BORDER));
    axis_labels(ctx, &g, &v->rx, &v->ry);
    legend(ctx, &g, v->metric, v->steps, v->n);

    /* Under the map: the hovered cell's numbers (or how to use the map), then the
     * suggestion in words. */
    char line[400];
    const SlSweepCell *hc = app_mapview_cell(v, v->hover_ix, v->hover_iy);
    if (hc) {
        app_sweepmap_cell_text(hc, &v->rx, &v->ry, v->target, 0, line, sizeof line);
        if (app_text_width(ctx->text, APP_FONT_SMALL, line) > g.text.w)
            app_sweepmap_cell_text(hc, &v->rx, &v->ry, v->target, 1, line, sizeof line);
    } else {
        /* Shorter wordings, on purpose, before a cut. */
        static const char *const hints[] = {
            "Hover a cell for its numbers, click it to train that run.  \xe2\x87\xa7M: colour  x: axes  u: use the "
            "suggestion",
            "Hover a cell for its numbers, click to train it.  \xe2\x87\xa7M colour  x axes  u suggestion",
            "Hover: numbers, click: train.  \xe2\x87\xa7M colour  x axes  u suggestion"};
        int h = 0;
        while (h < 2 && app_text_width(ctx->text, APP_FONT_SMALL, hints[h]) > g.text.w) h++;
        snprintf(line, sizeof line, "%s", hints[h]);
    }
    app_text_draw_fit(ctx->text, APP_FONT_SMALL, line, (float)g.text.x, (float)g.text.y, (float)g.text.w,
                      hc ? text : muted);
    if (v->sugg_applies)
        app_sweepmap_suggest_text(&v->sugg, &v->rx, &v->ry, v->steps, v->t0, line, sizeof line);
    else
        snprintf(line, sizeof line, "The suggestion reads a map of steepness against lr: x switches the axes.");
    AppRect box = {g.text.x, g.text.y + ctx->layout->m.small_h + ctx->layout->pad / 2, g.text.w, 2 * bh};
    int y = box.y;
    /* The suggestion's numbers matter: the small font before anything is left out. */
    AppFont sf = app_text_wrap_height(ctx->text, APP_FONT_BODY, line, box.w) <= box.h ? APP_FONT_BODY : APP_FONT_SMALL;
    if (!app_text_wrap(ctx->text, sf, line, box, &y, text)) app_panel_drop(ctx, "map: the suggestion's sentence is cut");
}

void app_panel_map_side(const AppPanelCtx *ctx, AppRect r)
{
    (void)r;
    AppMapGeometry g;
    app_mapview_geometry(ctx->layout, &g);
    app_draw_fill_rect(ctx->draw, g.side_gap, app_theme_color(APP_COL_BG));
    app_panel_training(ctx, g.side_top);
    app_panel_explain(ctx, g.side_bottom);
}
