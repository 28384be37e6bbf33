/* app_panel_channels.c — lesson 8, the per-channel step filter: the mask of every
 * channel as a position x channel heat map for the hard and the logistic family, with
 * each channel's t_c (family colour) and t*_c (black) marked; t_c over steps; and each
 * channel's gradient state. Numbers are SlChannels fields and the state's history. */
#include "app_lesson_panels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const SlMaskKind k_fam[APP_CH_FAMILIES] = {SL_MASK_HARD, SL_MASK_LOGISTIC};

static void one_map(const AppPanelCtx *ctx, const SlChannels *ch, int f, AppRect map, AppRect label)
{
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY);
    float s = ctx->scale;
    app_panel_swatch(ctx, (float)label.x, (float)label.y + (float)bh * 0.5f, 22.0f * s, k_fam[f],
                     app_theme_color(APP_COL_PANEL));
    app_text_draw_fit(ctx->text, APP_FONT_BODY, sl_mask_name(k_fam[f]), (float)label.x + 28.0f * s, (float)label.y,
                      (float)label.w - 28.0f * s, app_theme_color(APP_COL_TEXT));
    app_heat_map(ctx, map, ch->m, ch->c, ch->n, 0.0f, 1.0f);
    AppAxis ax = app_axis_make(0.0, (double)ch->n, (float)map.x, (float)(map.x + map.w), 0);
    AppColor fc = app_theme_family_color(k_fam[f]), black = app_theme_color(APP_COL_TARGET);
    AppColor white = app_theme_color(APP_COL_PANEL);
    int bar = (int)(3.0f * s + 0.5f);
    for (int c = 0; c < ch->c; c++) {
        int y0 = map.y + (int)((long)map.h * c / ch->c), y1 = map.y + (int)((long)map.h * (c + 1) / ch->c);
        int xt = (int)app_axis_px(&ax, (double)ch->target[c]);
        int xs = (int)app_axis_px(&ax, (double)ch->t[c]);
        /* t*_c: a thin black tick; t_c: a bar in the family's colour with a white edge
         * (rows too thin for an edge, many channels in a small window, get the bar alone). */
        app_draw_fill_rect(ctx->draw, (AppRect){xt - 1, y0, 2, y1 - y0}, black);
        if (y1 - y0 >= 10) {
            app_draw_fill_rect(ctx->draw, (AppRect){xs - bar / 2 - 1, y0 + 1, bar + 2, y1 - y0 - 2}, white);
            app_draw_fill_rect(ctx->draw, (AppRect){xs - bar / 2, y0 + 2, bar, y1 - y0 - 4}, fc);
        } else {
            app_draw_fill_rect(ctx->draw, (AppRect){xs - bar / 2, y0, bar, y1 - y0}, fc);
        }
    }
}

void app_panel_channels(const AppPanelCtx *ctx, AppRect r)
{
    const AppLessonState *s = &ctx->model->ls;
    int pad = ctx->layout->pad;
    char note[96];
    snprintf(note, sizeof note, "C = %d, N = %d, step %d", s->ch[0].c, s->ch[0].n, s->step);
    app_panel_card(ctx, r, "Mask per channel: position \xc3\x97 channel", note);
    if (!s->ch_ok) return;
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    int label_w = (int)(120.0f * ctx->scale);
    AppRect box = {r.x + 2 * pad, r.y + bh + 2 * pad, r.w - 4 * pad, r.h - bh - 3 * pad};
    int key_h = sh + pad / 2, ticks_h = sh + pad / 2;
    int map_h = (box.h - key_h - ticks_h - pad) / 2; /* rows may be thin, never past the card */
    AppRect maps[APP_CH_FAMILIES];
    for (int f = 0; f < APP_CH_FAMILIES; f++) {
        maps[f] = (AppRect){box.x + label_w, box.y + f * (map_h + pad), box.w - label_w, map_h};
        AppRect label = {box.x, maps[f].y + (map_h - bh) / 2, label_w - pad, bh};
        one_map(ctx, &s->ch[f], f, maps[f], label);
    }
    /* Position ticks under the lower map. */
    AppAxis ax = app_axis_make(0.0, (double)s->ch[0].n, (float)maps[1].x, (float)(maps[1].x + maps[1].w), 0);
    double ticks[APP_TICKS_MAX];
    char buf[32];
    int nt = app_axis_ticks(0.0, (double)s->ch[0].n, maps[1].w / (int)(80.0f * ctx->scale) + 1, 0, ticks, APP_TICKS_MAX);
    int ty = maps[1].y + maps[1].h + 2;
    AppColor muted = app_theme_color(APP_COL_MUTED);
    for (int i = 0; i < nt; i++) {
        app_format_value(ticks[i], 3, buf, sizeof buf);
        app_text_draw(ctx->text, APP_FONT_SMALL, buf, app_axis_px(&ax, ticks[i]), (float)ty, muted, APP_ALIGN_CENTER);
    }
    app_text_draw(ctx->text, APP_FONT_SMALL, "position i", (float)box.x, (float)ty, muted, APP_ALIGN_LEFT);
    app_text_draw_fit(ctx->text, APP_FONT_SMALL,
                      "row: channel c   bar: t_c   black tick: t*_c   dark: mask 1, light: 0", (float)box.x,
                      (float)(ty + ticks_h), (float)box.w, muted);
}

void app_panel_channels_steps(const AppPanelCtx *ctx, AppRect r)
{
    const AppLessonState *s = &ctx->model->ls;
    app_panel_card(ctx, r, "t_c over steps", "dotted: t*_c");
    if (!s->ch_ok) return;
    AppRect pa = app_layout_plot_area(ctx->layout, r);
    int steps = s->step > 10 ? s->step : 10;
    AppAxis ax = app_axis_make(0.0, (double)steps, (float)pa.x, (float)(pa.x + pa.w), 0);
    AppAxis ay = app_axis_make(0.0, (double)s->ch[0].n, (float)(pa.y + pa.h), (float)pa.y, 0);
    AppCanvas *c = app_panel_plot_begin(ctx, APP_LAYER_T, pa, &ax, &ay);
    float *xy = app_panel_points(ctx, s->step + 2); /* step 0 draws a 2-point stub */
    if (c && xy) {
        for (int ch = 0; ch < s->ch[0].c; ch++) {
            float yt = app_axis_px(&ay, (double)s->ch[1].target[ch]);
            app_panel_line(ctx, c, (float)pa.x, yt, (float)(pa.x + pa.w), yt, 1.25f, app_theme_color(APP_COL_MUTED),
                           APP_LINE_DOTTED);
        }
        for (int f = 0; f < APP_CH_FAMILIES; f++)
            for (int ch = 0; ch < s->ch[f].c; ch++) {
                for (int i = 0; i <= s->step; i++)
                    xy[2 * i] = app_axis_px(&ax, (double)i),
                    xy[2 * i + 1] = app_axis_px(&ay, (double)app_lesson_state_hist_t(s, f, ch, i));
                if (s->step == 0) {
                    xy[2] = xy[0] + 2.0f, xy[3] = xy[1];
                    app_panel_curve(ctx, c, xy, 2, k_fam[f]);
                } else {
                    app_panel_curve(ctx, c, xy, s->step + 1, k_fam[f]);
                }
            }
    }
    app_panel_plot_end(ctx, APP_LAYER_T, pa, &ax, &ay, "step", 1);
}

void app_panel_channels_table(const AppPanelCtx *ctx, AppRect r)
{
    const AppLessonState *s = &ctx->model->ls;
    int pad = ctx->layout->pad;
    app_panel_card(ctx, r, "Gradient of each t_c", NULL);
    if (!s->ch_ok) return;
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    AppRect box = {r.x + 2 * pad, r.y + bh + 2 * pad, r.w - 4 * pad, r.h - bh - 3 * pad};
    int C = s->ch[0].c, avail = box.h - 2 * sh - pad;
    int row_h = avail / (C > 0 ? C : 1), rows = C;
    if (row_h < sh) {
        /* More channels than lines: the first ones, and a line for the rest (the
         * summary beside counts them all). */
        row_h = sh;
        rows = avail / sh - 1;
        if (rows < 0) rows = 0;
    }
    if (row_h > bh + pad) row_h = bh + pad;
    AppFont cf = row_h >= bh + 2 ? APP_FONT_BODY : APP_FONT_SMALL;
    /* Columns: c | t* | hard: t, grad | logistic: t, grad. Each as wide as its widest
     * cell (t to 4 significant digits, as the pages quote it; a gradient to 3); short of
     * room the numbers take the small font, then the gradients 2 digits, and what is
     * left over is shared out. */
    char cells[SL_LESSON_MAX_CHANNELS][6][32];
    int need[6], cx[7], digits = 3;
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 1) cf = APP_FONT_SMALL;
        if (pass == 2) digits = 2;
        need[0] = app_text_width(ctx->text, APP_FONT_SMALL, "c");
        need[1] = app_text_width(ctx->text, APP_FONT_SMALL, "t*");
        for (int i = 2; i < 6; i++) need[i] = 0;
        for (int c = 0; c < rows; c++) {
            snprintf(cells[c][0], 32, "%d", c);
            snprintf(cells[c][1], 32, "%.4g", (double)s->ch[1].target[c]);
            for (int f = 0; f < APP_CH_FAMILIES; f++) {
                const SlChannels *ch = &s->ch[f];
                snprintf(cells[c][2 + 2 * f], 32, "%.4g", (double)ch->t[c]);
                app_cell_grad_text(ch->state[c], ch->grad[c], cells[c][3 + 2 * f], 32);
                if (digits == 2 && ch->state[c] == SL_GRAD_VALUE)
                    app_format_value((double)ch->grad[c], 2, cells[c][3 + 2 * f], 32);
                char *e = strstr(cells[c][3 + 2 * f], "e-0"); /* -4.6e-05 as -4.6e-5 */
                if (e) memmove(e + 2, e + 3, strlen(e + 3) + 1);
            }
            for (int i = 0; i < 6; i++) {
                AppFont font = i == 3 || i == 5 ? APP_FONT_SMALL : cf;
                int wi = app_text_width(ctx->text, font, cells[c][i]) + (i == 3 || i == 5 ? pad : 0);
                if (wi > need[i]) need[i] = wi;
            }
        }
        /* A family's heading spans its t and gradient columns. */
        for (int f = 0; f < APP_CH_FAMILIES; f++) {
            int hw = app_text_width(ctx->text, APP_FONT_SMALL, f == 0 ? "hard" : "logistic");
            if (need[2 + 2 * f] + pad + need[3 + 2 * f] < hw) need[3 + 2 * f] = hw - need[2 + 2 * f] - pad;
        }
        int total = 0;
        for (int i = 0; i < 6; i++) total += need[i] + pad;
        if (total <= box.w + pad || pass == 2) {
            int extra = total < box.w + pad ? (box.w + pad - total) / 6 : 0;
            cx[0] = box.x;
            for (int i = 0; i < 6; i++) cx[i + 1] = cx[i] + need[i] + pad + extra;
            cx[6] = box.x + box.w + pad;
            break;
        }
    }
    AppColor muted = app_theme_color(APP_COL_MUTED), text = app_theme_color(APP_COL_TEXT);
    static const char *const head[6] = {"c", "t*", "hard", "", "logistic", ""};
    for (int i = 0; i < 6; i++)
        app_text_draw(ctx->text, APP_FONT_SMALL, head[i], (float)cx[i], (float)box.y, muted, APP_ALIGN_LEFT);
    int y = box.y + sh + 2;
    for (int c = 0; c < rows; c++) {
        int cy = y + (row_h - app_text_line_height(ctx->text, cf)) / 2;
        app_text_draw(ctx->text, cf, cells[c][0], (float)cx[0], (float)cy, muted, APP_ALIGN_LEFT);
        app_text_draw(ctx->text, cf, cells[c][1], (float)cx[1], (float)cy, text, APP_ALIGN_LEFT);
        for (int f = 0; f < APP_CH_FAMILIES; f++) {
            const SlChannels *ch = &s->ch[f];
            app_text_draw(ctx->text, cf, cells[c][2 + 2 * f], (float)cx[2 + 2 * f], (float)cy, text, APP_ALIGN_LEFT);
            AppRect cell = {cx[3 + 2 * f], y + 1, cx[4 + 2 * f] - cx[3 + 2 * f] - pad, row_h - 2};
            app_cell_state(ctx, cell, ch->state[c], cells[c][3 + 2 * f], APP_FONT_SMALL);
        }
        y += row_h;
    }
    char line[160];
    if (rows < C) {
        snprintf(line, sizeof line, "\xe2\x80\xa6 and %d more channels (c = %d to %d)", C - rows, rows, C - 1);
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, line, (float)box.x, (float)y, (float)box.w, muted);
        y += sh;
    }
    const AppChannelSummary *sum = ctx->model->derived.channels;
    snprintf(line, sizeof line, "no gradient: hard %d/%d, logistic %d/%d", sum[0].none, C, sum[1].none, C);
    app_text_draw_fit(ctx->text, APP_FONT_SMALL, line, (float)box.x, (float)(y + pad / 2), (float)box.w,
                      sum[0].none || sum[1].none ? app_theme_color(APP_COL_ERROR) : muted);
}

void app_panel_channels_summary(const AppPanelCtx *ctx, AppRect r)
{
    const AppLessonState *s = &ctx->model->ls;
    const AppLayout *L = ctx->layout;
    app_panel_card(ctx, r, "Gradient of the t_c, per family", NULL);
    if (!s->ch_ok) return;
    AppColor muted = app_theme_color(APP_COL_MUTED), text = app_theme_color(APP_COL_TEXT);
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY);
    AppRect head = app_layout_grad_row(L, -1);
    /* Columns: family | none | value | mean |t_c - t*_c| | loss. */
    int x0 = L->grad_col[0], x1 = L->grad_col[1], x4 = L->grad_col[4];
    static const char *const long_heads[4] = {"grad none", "grad value", "mean |t \xe2\x88\x92 t*|", "loss"};
    static const char *const short_heads[4] = {"none", "value", "|t \xe2\x88\x92 t*|", "loss"};
    const char *const *heads = long_heads;
    /* Each column as wide as its heading or its widest number, the room left shared
     * 22/22/34/22; short of room the headings are abbreviated, and where even those do
     * not fit, the shares alone (and the cut heading is reported). */
    static const int share[4] = {22, 22, 34, 22};
    int need[4], total = 0, avail = x4 - x1;
    char vals[APP_CH_FAMILIES][4][48];
    for (int f = 0; f < APP_CH_FAMILIES; f++) {
        const AppChannelSummary *sum = &ctx->model->derived.channels[f];
        snprintf(vals[f][0], sizeof vals[f][0], "%d of %d", sum->none, sum->count);
        snprintf(vals[f][1], sizeof vals[f][1], "%d of %d", sum->value, sum->count);
        app_format_value(sum->mean_dist, 3, vals[f][2], sizeof vals[f][2]);
        app_format_value((double)sum->loss, 3, vals[f][3], sizeof vals[f][3]);
    }
    for (int i = 0; i < 8; i++) {
        if (i == 4) {
            if (total <= avail) break;
            heads = short_heads, total = 0;
        }
        need[i % 4] = app_text_width(ctx->text, APP_FONT_SMALL, heads[i % 4]);
        for (int f = 0; f < APP_CH_FAMILIES; f++) {
            int wv = app_text_width(ctx->text, APP_FONT_BODY, vals[f][i % 4]) + (i % 4 < 2 ? L->pad : 0);
            if (wv > need[i % 4]) need[i % 4] = wv;
        }
        total += need[i % 4] += L->pad;
    }
    int cx[4], at = x1;
    for (int i = 0; i < 4; i++) {
        cx[i] = at;
        at += total <= avail ? need[i] + (avail - total) * share[i] / 100 : avail * share[i] / 100;
    }
    app_text_draw(ctx->text, APP_FONT_SMALL, "family", (float)x0, (float)head.y, muted, APP_ALIGN_LEFT);
    for (int i = 0; i < 4; i++)
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, heads[i], (float)cx[i], (float)head.y,
                          (float)((i < 3 ? cx[i + 1] : x4) - cx[i] - L->pad), muted);
    for (int f = 0; f < APP_CH_FAMILIES; f++) {
        AppRect row = app_layout_grad_row(L, f);
        if (row.y + row.h > r.y + r.h) {
            app_panel_drop(ctx, "channel summary: no room for row %d", f + 1);
            break;
        }
        float cy = (float)row.y + (float)row.h * 0.5f, ty = cy - (float)bh * 0.5f;
        if (f > 0) app_draw_fill_rect(ctx->draw, (AppRect){row.x, row.y, row.w, 1}, app_theme_color(APP_COL_GRID));
        float len = 28.0f * ctx->scale;
        app_panel_swatch(ctx, (float)x0, cy, len, k_fam[f], app_theme_color(APP_COL_PANEL));
        app_text_draw_fit(ctx->text, APP_FONT_BODY, sl_mask_name(k_fam[f]), (float)x0 + len + (float)L->pad, ty,
                          (float)(x1 - x0) - len - (float)(2 * L->pad), text);
        const AppChannelSummary *sum = &ctx->model->derived.channels[f];
        int inset = (int)(3.0f * ctx->scale);
        /* A count gets its state's badge when it is not 0 (like the table's cells). */
        const int counts[2] = {sum->none, sum->value};
        const SlGradState states[2] = {SL_GRAD_NONE, SL_GRAD_VALUE};
        for (int k = 0; k < 2; k++) {
            AppRect b = {cx[k], row.y + inset, cx[k + 1] - cx[k] - L->pad, row.h - 2 * inset};
            if (counts[k])
                app_cell_state(ctx, b, states[k], vals[f][k], APP_FONT_BODY);
            else
                app_text_draw(ctx->text, APP_FONT_BODY, vals[f][k], (float)b.x + (float)b.w * 0.5f, ty, muted,
                              APP_ALIGN_CENTER);
        }
        app_text_draw_fit(ctx->text, APP_FONT_BODY, vals[f][2], (float)cx[2], ty, (float)(cx[3] - cx[2] - L->pad), text);
        app_text_draw_fit(ctx->text, APP_FONT_BODY, vals[f][3], (float)cx[3], ty, (float)(x4 - cx[3]), text);
    }
}
