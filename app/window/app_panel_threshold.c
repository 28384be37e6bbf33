/* app_panel_threshold.c — lesson 7: the binary threshold in its hard, pass-through and
 * soft forms (curves from the engine's dense evaluation, per-element gradient states),
 * the per-element threshold map T as heat maps, and the task trained with and without
 * gradient thresholding. Numbers come from SlThreshBinary, SlThreshMap and SlTrainer. */
#include "app_lesson_panels.h"

#include <math.h>
#include <stdio.h>

/* Form colours borrow the families': hard is hard, soft is logistic, pass is green. */
/* The first of n wordings that fits room pixels in font f (the last when none does):
 * a panel short of room says the same thing shorter, on purpose, before a cut. */
static const char *fitting(const AppPanelCtx *ctx, AppFont f, float room, const char *const *wordings, int n)
{
    for (int i = 0; i < n - 1; i++)
        if ((float)app_text_width(ctx->text, f, wordings[i]) <= room) return wordings[i];
    return wordings[n - 1];
}

static const SlMaskKind k_form_family[3] = {SL_MASK_HARD, SL_MASK_SMOOTHSTEP, SL_MASK_LOGISTIC};
static const char *const k_form_name[3] = {"hard", "pass", "soft"};

/* A step curve through the engine's samples, jumping at the threshold. */
static int step_points(const float *x, const float *y, int n, float thr, const AppAxis *ax, const AppAxis *ay, float *xy)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && x[i - 1] <= thr && x[i] > thr) {
            xy[2 * k] = app_axis_px(ax, (double)thr), xy[2 * k + 1] = app_axis_px(ay, (double)y[i - 1]), k++;
            xy[2 * k] = app_axis_px(ax, (double)thr), xy[2 * k + 1] = app_axis_px(ay, (double)y[i]), k++;
        }
        xy[2 * k] = app_axis_px(ax, (double)x[i]), xy[2 * k + 1] = app_axis_px(ay, (double)y[i]), k++;
    }
    return k;
}

static void form_row(const AppPanelCtx *ctx, int form, AppRect row, int cell_w, const SlThreshBinary *b)
{
    int pad = ctx->layout->pad;
    char buf[32];
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY);
    float ty = (float)row.y + (float)(row.h - bh) * 0.5f;
    app_panel_swatch(ctx, (float)row.x, (float)row.y + (float)row.h * 0.5f, 22.0f * ctx->scale,
                     k_form_family[form], app_theme_color(APP_COL_PANEL));
    app_text_draw(ctx->text, APP_FONT_BODY, k_form_name[form], (float)row.x + 28.0f * ctx->scale, ty,
                  app_theme_color(APP_COL_TEXT), APP_ALIGN_LEFT);
    int x0 = row.x + (int)(90.0f * ctx->scale);
    for (int i = 0; i < b->n; i++) {
        SlGradState st = form == 0 ? b->hard_x_state : form == 1 ? b->pass_state[i] : b->soft_state[i];
        float g = form == 0 ? 0.0f : form == 1 ? b->pass_grad[i] : b->soft_grad[i];
        app_cell_grad_text(st, g, buf, sizeof buf);
        if (st == SL_GRAD_VALUE && app_text_width(ctx->text, APP_FONT_SMALL, buf) > cell_w - pad / 3 - 4)
            app_format_value((double)g, 2, buf, sizeof buf);
        AppRect cell = {x0 + i * cell_w, row.y + 1, cell_w - pad / 3, row.h - 2};
        app_cell_state(ctx, cell, st, buf, APP_FONT_SMALL);
    }
    SlGradState ts = form == 0 ? b->hard_thr_state : form == 1 ? b->pass_thr_state : b->soft_thr_state;
    app_cell_grad_text(ts, form == 2 ? b->soft_thr_grad : 0.0f, buf, sizeof buf);
    AppRect cell = {x0 + b->n * cell_w + pad, row.y + 1, row.x + row.w - (x0 + b->n * cell_w + pad), row.h - 2};
    app_cell_state(ctx, cell, ts, buf, APP_FONT_SMALL);
}

void app_panel_thresh_binary(const AppPanelCtx *ctx, AppRect r)
{
    const AppLessonState *s = &ctx->model->ls;
    const SlThreshBinary *b = &s->bin, *cv = &s->curve;
    int pad = ctx->layout->pad;
    char note[96];
    snprintf(note, sizeof note, "thr %g, above %g, below %g", (double)b->thr, (double)b->above, (double)b->below);
    app_panel_card(ctx, r, "Binary threshold, gradient of x", note);
    if (b->n < 1 || cv->n < 2) return;
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    int row_h = bh + pad / 2;
    int table_h = 4 * row_h + pad;
    AppRect pa = app_layout_plot_area(ctx->layout, r);
    pa.h -= table_h;
    if (pa.h < 3 * sh) {
        app_panel_drop(ctx, "threshold: no room for the plot");
        return;
    }

    double lo, hi; /* in double: +-3.4e38 overflow a float32 span */
    app_lesson_state_binary_range(s, &lo, &hi);
    AppAxis ax = app_axis_make((double)cv->x[0], (double)cv->x[cv->n - 1], (float)pa.x, (float)(pa.x + pa.w), 0);
    AppAxis ay = app_axis_make(lo, hi, (float)(pa.y + pa.h), (float)pa.y, 0);
    AppCanvas *c = app_panel_plot_begin(ctx, APP_LAYER_MASK, pa, &ax, &ay);
    float *xy = app_panel_points(ctx, 2 * APP_CURVE_POINTS + 4);
    if (c && xy) {
        float xt = app_axis_px(&ax, (double)b->thr);
        app_panel_line(ctx, c, xt, (float)pa.y, xt, (float)(pa.y + pa.h), 1.5f, app_theme_color(APP_COL_TARGET),
                       APP_LINE_DASHED);
        int n = step_points(cv->x, cv->pass, cv->n, b->thr, &ax, &ay, xy);
        app_panel_curve(ctx, c, xy, n, k_form_family[1]);
        for (int i = 0; i < cv->n; i++)
            xy[2 * i] = app_axis_px(&ax, (double)cv->x[i]), xy[2 * i + 1] = app_axis_px(&ay, (double)cv->soft[i]);
        app_panel_curve(ctx, c, xy, cv->n, k_form_family[2]);
        n = step_points(cv->x, cv->hard, cv->n, b->thr, &ax, &ay, xy);
        app_panel_curve(ctx, c, xy, n, k_form_family[0]);
        for (int i = 0; i < b->n; i++)
            app_canvas_disc(c, app_axis_px(&ax, (double)b->x[i]), app_axis_px(&ay, (double)b->hard[i]), 4.5f * ctx->scale,
                            app_theme_family_color(SL_MASK_HARD));
    }
    app_panel_plot_end(ctx, APP_LAYER_MASK, pa, &ax, &ay, "x", 1);

    /* x values, then each form's gradient of x per element and of the threshold. */
    int y = pa.y + pa.h + sh + pad;
    AppRect row = {r.x + 2 * pad, y, r.w - 4 * pad, row_h - 2};
    int thr_w = (int)(80.0f * ctx->scale);
    int cell_w = (row.w - (int)(90.0f * ctx->scale) - thr_w - pad) / b->n;
    char buf[32];
    int x0 = row.x + (int)(90.0f * ctx->scale);
    AppColor muted = app_theme_color(APP_COL_MUTED);
    app_text_draw(ctx->text, APP_FONT_SMALL, "x \xe2\x86\x92 grad", (float)row.x, (float)y, muted, APP_ALIGN_LEFT);
    for (int i = 0; i < b->n; i++) {
        /* Fewer digits until the label fits its cell (-3.4e+38 -> -3e+38), then cut:
         * neighbours never overprint. */
        float room = (float)(cell_w - pad / 2);
        for (int d = 3; d >= 1; d--) {
            app_format_value((double)b->x[i], d, buf, sizeof buf);
            if ((float)app_text_width(ctx->text, APP_FONT_SMALL, buf) <= room) break;
        }
        float w = fminf(room, (float)app_text_width(ctx->text, APP_FONT_SMALL, buf));
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, buf, (float)(x0 + i * cell_w) + ((float)cell_w - w) * 0.5f,
                          (float)y, room, muted);
    }
    app_text_draw(ctx->text, APP_FONT_SMALL, "threshold", (float)(x0 + b->n * cell_w + pad), (float)y, muted,
                  APP_ALIGN_LEFT);
    for (int f = 0; f < 3; f++) {
        row.y = y + sh + 2 + f * row_h;
        form_row(ctx, f, row, cell_w, b);
    }
}

void app_panel_thresh_map(const AppPanelCtx *ctx, AppRect r)
{
    const AppLessonState *s = &ctx->model->ls;
    const SlThreshMap *mp = &s->map;
    int pad = ctx->layout->pad;
    char note[64], buf[160];
    snprintf(note, sizeof note, "%d\xc3\x97%d, step %d", mp->rows, mp->cols, mp->step);
    int pad0 = ctx->layout->pad;
    float note_w = (float)app_text_width(ctx->text, APP_FONT_BODY, note);
    static const char *const titles[] = {"Threshold map T", "Map T"};
    app_panel_card(ctx, r, fitting(ctx, APP_FONT_BOLD, (float)(r.w - 5 * pad0) - note_w, titles, 2), note);
    if (!s->map_ok) return;
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    AppRect box = {r.x + 2 * pad, r.y + bh + 2 * pad, r.w - 4 * pad, r.h - bh - 3 * pad};
    AppColor muted = app_theme_color(APP_COL_MUTED), text = app_theme_color(APP_COL_TEXT);
    int status_h = 2 * (bh + pad / 2);
    int map_h = (box.h - status_h - 2 * sh - pad) / 2;
    if (map_h < 8) {
        app_panel_drop(ctx, "threshold map: no room for the maps");
        return;
    }
    int y = box.y;
    static const char *const keys[] = {"T per element: 0 light \xe2\x80\xa6 row length dark",
                                       "T: 0 light \xe2\x80\xa6 row length dark", "T: 0 light \xe2\x80\xa6 dark"};
    app_text_draw_fit(ctx->text, APP_FONT_SMALL, fitting(ctx, APP_FONT_SMALL, (float)box.w, keys, 3), (float)box.x,
                      (float)y, (float)box.w, muted);
    y += sh;
    app_heat_map(ctx, (AppRect){box.x, y, box.w, map_h}, mp->thresh, mp->rows, mp->cols, 0.0f, (float)mp->cols);
    y += map_h + pad / 2;
    int half = (box.w - pad) / 2;
    app_text_draw(ctx->text, APP_FONT_SMALL, "soft output", (float)box.x, (float)y, muted, APP_ALIGN_LEFT);
    app_text_draw(ctx->text, APP_FONT_SMALL, "target", (float)(box.x + half + pad), (float)y, muted, APP_ALIGN_LEFT);
    y += sh;
    float lo = fminf(mp->above, mp->below), hi = fmaxf(mp->above, mp->below);
    app_heat_map(ctx, (AppRect){box.x, y, half, map_h}, mp->soft, mp->rows, mp->cols, lo, hi);
    app_heat_map(ctx, (AppRect){box.x + half + pad, y, box.w - half - pad, map_h}, mp->target, mp->rows, mp->cols, lo,
                 hi);
    y += map_h + pad / 2;

    /* The hard map's T has no gradient at all; the soft map's every element has its own. */
    int counts[4] = {0, 0, 0, 0};
    for (int i = 0; i < mp->rows * mp->cols; i++) counts[mp->state[i]]++;
    int lw = app_text_width(ctx->text, APP_FONT_BODY, "hard T") + pad;
    app_text_draw(ctx->text, APP_FONT_BODY, "hard T", (float)box.x, (float)y, text, APP_ALIGN_LEFT);
    /* The state cells as wide as their words, so the losses beside them keep room. */
    char soft_cell[32];
    snprintf(soft_cell, sizeof soft_cell, "%d value", counts[SL_GRAD_VALUE]);
    int cw = app_text_width(ctx->text, APP_FONT_BOLD, "NONE");
    if (app_text_width(ctx->text, APP_FONT_SMALL, soft_cell) > cw) cw = app_text_width(ctx->text, APP_FONT_SMALL, soft_cell);
    cw += 2 * pad;
    app_cell_state(ctx, (AppRect){box.x + lw, y, cw, bh}, mp->hard_state, mp->hard_state == SL_GRAD_NONE ? "NONE" : "?",
                   APP_FONT_BOLD);
    char l1[32];
    /* The hard map's T is not trained (no gradient): its loss is the hard rule applied
     * at the T the soft map learned, so it changes as the soft map trains. */
    app_format_value((double)mp->hard_loss, 3, l1, sizeof l1);
    char w1[64], w2[64], w3[64];
    snprintf(w1, sizeof w1, "loss %s: hard rule at the soft T", l1);
    snprintf(w2, sizeof w2, "loss %s at soft T", l1);
    snprintf(w3, sizeof w3, "loss %s", l1);
    const char *const said[] = {w1, w2, w3};
    float room = (float)(box.w - lw - cw - pad);
    AppFont lf = (float)app_text_width(ctx->text, APP_FONT_BODY, w1) <= room ? APP_FONT_BODY : APP_FONT_SMALL;
    app_text_draw_fit(ctx->text, lf, fitting(ctx, lf, room, said, 3), (float)(box.x + lw + cw + pad),
                      (float)y + (float)(bh - app_text_line_height(ctx->text, lf)) * 0.5f, room, muted);
    y += bh + pad / 2;
    app_text_draw(ctx->text, APP_FONT_BODY, "soft T", (float)box.x, (float)y, text, APP_ALIGN_LEFT);
    app_cell_state(ctx, (AppRect){box.x + lw, y, cw, bh}, counts[SL_GRAD_NAN] ? SL_GRAD_NAN : SL_GRAD_VALUE, soft_cell,
                   APP_FONT_SMALL);
    app_format_value((double)mp->soft_loss, 3, l1, sizeof l1);
    snprintf(buf, sizeof buf, "loss %s", l1);
    app_text_draw_fit(ctx->text, APP_FONT_BODY, buf, (float)(box.x + lw + cw + pad), (float)y,
                      (float)(box.w - lw - cw - pad), muted);
}

void app_panel_thresh_train(const AppPanelCtx *ctx, AppRect r)
{
    const AppLessonState *s = &ctx->model->ls;
    int pad = ctx->layout->pad;
    static const char *const titles[] = {"Gradient thresholding", "Grad. thresholding"};
    float note_w = (float)app_text_width(ctx->text, APP_FONT_BODY, "loss (log)");
    app_panel_card(ctx, r, fitting(ctx, APP_FONT_BOLD, (float)(r.w - 5 * pad) - note_w, titles, 2), "loss (log)");
    if (!s->gt[0].rows) return;
    int sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    /* The legend: one line per run, "off: t 40.4998, hard loss 0"; short of room,
     * "hard" for "hard loss", then two lines per run (the plot gives them room). */
    char line[APP_GT_COUNT][2][96], lvl[32];
    snprintf(lvl, sizeof lvl, "|g| < %g", (double)s->gt_level);
    float len = 22.0f * ctx->scale, room = (float)(r.w - 4 * pad) - len - (float)pad;
    int wording = 0;
    for (int g = 0; g < APP_GT_COUNT; g++) {
        const SlTrainRow *row = sl_trainer_current(&s->gt[g]);
        snprintf(line[g][0], sizeof line[g][0], "%s: t %.6g, hard loss %.6g", g == 0 ? "off" : lvl, (double)row->t,
                 (double)row->hard_loss);
        snprintf(line[g][1], sizeof line[g][1], "%s: t %.6g, hard %.6g", g == 0 ? "off" : lvl, (double)row->t,
                 (double)row->hard_loss);
        for (int k = 0; k < 2; k++)
            if ((float)app_text_width(ctx->text, APP_FONT_SMALL, line[g][k]) > room && wording <= k) wording = k + 1;
    }
    if (wording == 2) { /* two lines each: "off: t 40.4998" over "hard loss 0" */
        for (int g = 0; g < APP_GT_COUNT; g++) {
            const SlTrainRow *row = sl_trainer_current(&s->gt[g]);
            snprintf(line[g][0], sizeof line[g][0], "%s: t %.6g", g == 0 ? "off" : lvl, (double)row->t);
            snprintf(line[g][1], sizeof line[g][1], "hard loss %.6g", (double)row->hard_loss);
        }
    }
    AppRect pa = app_layout_plot_area(ctx->layout, r);
    pa.h -= (wording == 2 ? 4 : 2) * sh + pad;
    if (pa.h < 2 * sh) {
        app_panel_drop(ctx, "gradient thresholding: no room for the plot");
        return;
    }
    int steps = s->gt[0].count > s->gt[1].count ? s->gt[0].count : s->gt[1].count;
    /* Log scale: the two runs part only near the end, where the losses are small. */
    float ymax = 0.0f, ymin = INFINITY;
    for (int g = 0; g < APP_GT_COUNT; g++)
        for (int i = 0; i <= s->gt[g].count; i++) {
            float l = s->gt[g].rows[i].loss;
            if (isfinite(l) && l > 0.0f) ymax = fmaxf(ymax, l), ymin = fminf(ymin, l);
        }
    if (!(ymax > 0.0f)) ymax = 1.0f;
    if (!(ymin < ymax)) ymin = ymax * 0.1f;
    AppAxis ax = app_axis_make(0.0, (double)(steps > 10 ? steps : 10), (float)pa.x, (float)(pa.x + pa.w), 0);
    AppAxis ay = app_axis_make((double)ymin * 0.7, (double)ymax * 1.3, (float)(pa.y + pa.h), (float)pa.y, 1);
    static const SlMaskKind fam[APP_GT_COUNT] = {SL_MASK_LOGISTIC, SL_MASK_HARD};
    AppCanvas *c = app_panel_plot_begin(ctx, APP_LAYER_LOSS, pa, &ax, &ay);
    for (int g = 0; g < APP_GT_COUNT && c; g++) {
        const SlTrainer *tr = &s->gt[g];
        float *xy = app_panel_points(ctx, tr->count + 1);
        if (!xy) break;
        for (int i = 0; i <= tr->count; i++)
            xy[2 * i] = app_axis_px(&ax, (double)i), xy[2 * i + 1] = app_axis_px(&ay, (double)tr->rows[i].loss);
        app_panel_curve(ctx, c, xy, tr->count + 1, fam[g]);
    }
    app_panel_plot_end(ctx, APP_LAYER_LOSS, pa, &ax, &ay, "step", 1);

    int y = pa.y + pa.h + sh + pad / 2;
    for (int g = 0; g < APP_GT_COUNT; g++) {
        app_panel_swatch(ctx, (float)(r.x + 2 * pad), (float)y + (float)sh * 0.5f, len, fam[g],
                         app_theme_color(APP_COL_PANEL));
        for (int k = 0; k < (wording == 2 ? 2 : 1); k++) {
            app_text_draw_fit(ctx->text, APP_FONT_SMALL, line[g][wording == 2 ? k : wording],
                              (float)(r.x + 2 * pad) + len + (float)pad, (float)y, room, app_theme_color(APP_COL_TEXT));
            y += sh;
        }
    }
}
