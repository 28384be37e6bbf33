/* app_panel_nan.c — lesson 6, "zero is not NaN": x, exp(x) and the gradient of x for the
 * naive, double-where and masked forms side by side, one row per element, each cell
 * coloured by its gradient state; then the a/0, nansum and masked-select traps. Every
 * number is a field of the SlNanCase the engine filled (sl_nandemo_run_all). */
#include "app_lesson_panels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { COL_X = 0, COL_EXP, COL_NAIVE, COL_DOUBLE, COL_MASKED, COL_COUNT };

/* Column edges across the table box: x and exp(x) narrower, the three forms wider. */
static void columns(AppRect box, int gap, int *x, int *w)
{
    static const float share[COL_COUNT] = {0.13f, 0.18f, 0.23f, 0.23f, 0.23f};
    float at = (float)box.x;
    for (int c = 0; c < COL_COUNT; c++) {
        float cw = (float)box.w * share[c];
        x[c] = (int)at;
        w[c] = (int)cw - gap;
        at += cw;
    }
}

static void header_cell(const AppPanelCtx *ctx, int x, int w, int y, const char *text, int selected)
{
    AppColor c = selected ? app_theme_color(APP_COL_ACCENT) : app_theme_color(APP_COL_MUTED);
    app_text_draw_fit(ctx->text, selected ? APP_FONT_BOLD : APP_FONT_BODY, text, (float)x + 4.0f, (float)y,
                      (float)w - 4.0f, c);
}

static void value_cell(const AppPanelCtx *ctx, AppRect cell, float v, int inner)
{
    char buf[32];
    app_format_value((double)v, 3, buf, sizeof buf);
    /* exp(x) = inf is the overflow the lesson is about: it gets the error colour. */
    AppColor c = inner && isinf(v) ? app_theme_color(APP_COL_ERROR) : app_theme_color(APP_COL_TEXT);
    int h = app_text_line_height(ctx->text, APP_FONT_BODY);
    app_text_draw(ctx->text, isinf(v) ? APP_FONT_BOLD : APP_FONT_BODY, buf, (float)(cell.x + cell.w - 6),
                  (float)cell.y + (float)(cell.h - h) * 0.5f, c, APP_ALIGN_RIGHT);
}

/* The where/exp table; returns the y below it. */
static int where_table(const AppPanelCtx *ctx, AppRect box, int row_h)
{
    const AppLessonState *s = &ctx->model->ls;
    const SlNanCase *naive = &s->cases[SL_NAN_NAIVE];
    int pad = ctx->layout->pad, gap = pad / 2;
    int cx[COL_COUNT], cw[COL_COUNT];
    columns(box, gap, cx, cw);
    static const char *const head[COL_COUNT] = {"x", "exp(x)", "naive", "double where", "masked"};
    int y = box.y;
    for (int c = 0; c < COL_COUNT; c++) {
        int sel = c >= COL_NAIVE && s->subject == c - COL_NAIVE;
        header_cell(ctx, cx[c], cw[c], y, head[c], sel);
    }
    y += app_text_line_height(ctx->text, APP_FONT_BOLD) + gap;
    app_draw_fill_rect(ctx->draw, (AppRect){box.x, y - gap / 2 - 1, box.w, 1}, app_theme_color(APP_COL_BORDER));
    AppFont cf = row_h >= app_text_line_height(ctx->text, APP_FONT_BODY) + 2 ? APP_FONT_BODY : APP_FONT_SMALL;
    char buf[32];
    for (int i = 0; i < naive->n; i++) {
        AppRect cell = {cx[COL_X], y, cw[COL_X], row_h - 2};
        if (i % 2 == 1)
            app_draw_fill_rect(ctx->draw, (AppRect){box.x, y - 1, cx[COL_NAIVE] - box.x - gap, row_h},
                               app_color_alpha(app_theme_color(APP_COL_GRID), 160));
        value_cell(ctx, cell, naive->x[i], 0);
        cell.x = cx[COL_EXP];
        cell.w = cw[COL_EXP];
        value_cell(ctx, cell, naive->inner[i], 1);
        for (int f = 0; f < 3; f++) {
            const SlNanCase *k = &s->cases[f];
            AppRect g = {cx[COL_NAIVE + f], y, cw[COL_NAIVE + f], row_h - 2};
            app_cell_grad_text(k->state[i], k->grad[i], buf, sizeof buf);
            app_cell_state(ctx, g, k->state[i], buf, k->state[i] == SL_GRAD_VALUE ? cf : APP_FONT_BOLD);
        }
        y += row_h;
    }
    /* Which form is which, in the engine's own words. */
    y += gap;
    int sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    static const char *const names[3] = {"naive", "double where", "masked"};
    for (int f = 0; f < 3 && y + sh <= box.y + box.h; f++) {
        char line[200];
        snprintf(line, sizeof line, "%s:  %s", names[f], s->cases[f].expr);
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, line, (float)box.x, (float)y, (float)box.w,
                          s->subject == f ? app_theme_color(APP_COL_ACCENT) : app_theme_color(APP_COL_MUTED));
        y += sh;
    }
    return y;
}

/* One trap: its expression and value on the left, the parameter's gradient cells right. */
/* The text of a trap's row: its expression and what it gives. */
static void trap_line(const SlNanCase *k, char *line, size_t len)
{
    char out[32];
    app_format_value((double)k->loss, 3, out, sizeof out);
    snprintf(line, len, "%s  \xe2\x86\x92  %s", k->expr, out);
}

/* The width of a trap row's expression: the cells take two fifths of the row. */
static int trap_left_w(const AppPanelCtx *ctx, AppRect row)
{
    return row.w - row.w * 2 / 5 - ctx->layout->pad;
}

/* One trap's row; small: its expression in the small font (all three rows alike). */
static void trap_row(const AppPanelCtx *ctx, const SlNanCase *k, AppRect row, int selected, int small)
{
    int pad = ctx->layout->pad;
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY);
    float ty = (float)row.y + (float)(row.h - bh) * 0.5f;
    int cells_w = row.w * 2 / 5, left_w = trap_left_w(ctx, row);
    char line[200];
    trap_line(k, line, sizeof line);
    AppColor tc = selected ? app_theme_color(APP_COL_ACCENT) : app_theme_color(APP_COL_TEXT);
    AppFont ef = small ? APP_FONT_SMALL : selected ? APP_FONT_BOLD : APP_FONT_BODY;
    float ey = (float)row.y + (float)(row.h - app_text_line_height(ctx->text, ef)) * 0.5f;
    app_text_draw_fit(ctx->text, ef, line, (float)row.x, ey, (float)left_w, tc);

    char lbl[24];
    snprintf(lbl, sizeof lbl, "%s.grad", k->param);
    int lw = app_text_width(ctx->text, APP_FONT_BODY, lbl) + pad;
    int x = row.x + row.w - cells_w;
    app_text_draw(ctx->text, APP_FONT_BODY, lbl, (float)x, ty, app_theme_color(APP_COL_MUTED), APP_ALIGN_LEFT);
    int n = k->n > 0 ? k->n : 1;
    int cw = (cells_w - lw) / n;
    int most = (int)lroundf(110.0f * ctx->scale); /* not (int)scale: below 1x that is 0 */
    if (cw > most) cw = most;
    for (int i = 0; i < k->n; i++) {
        char buf[32];
        app_cell_grad_text(k->state[i], k->grad[i], buf, sizeof buf);
        AppRect cell = {x + lw + i * cw, row.y + 2, cw - pad / 2, row.h - 4};
        app_cell_state(ctx, cell, k->state[i], buf, APP_FONT_BOLD);
    }
}

void app_panel_nan(const AppPanelCtx *ctx, AppRect r)
{
    /* The table needs the whole work column: this panel spans the main and lower slots. */
    AppRect area = app_rect_union(r, ctx->layout->slot[APP_SLOT_LOWER_RIGHT]);
    const AppLessonState *s = &ctx->model->ls;
    int pad = ctx->layout->pad;
    app_panel_card(ctx, area, "Gradient of x, element by element",
                   "c: next case   g: graph");
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    AppRect box = {area.x + 2 * pad, area.y + bh + 2 * pad, area.w - 4 * pad, 0};
    box.h = area.y + area.h - pad - box.y;
    if (s->cases[SL_NAN_NAIVE].n < 1) return;
    if (box.h < 4 * bh) {
        app_panel_drop(ctx, "NaN table: no room");
        return;
    }

    /* Rows share what is left after the header, the three expressions and the traps. */
    int traps_h = 3 * (bh + pad) + bh + pad;
    int rows = s->cases[SL_NAN_NAIVE].n;
    int row_h = (box.h - (bh + pad) - 3 * sh - pad - traps_h) / rows;
    int max_row = bh + pad + pad / 2;
    if (row_h > max_row) row_h = max_row;
    if (row_h < sh) row_h = sh;
    AppRect table = box;
    table.h = box.h - traps_h;
    int y = where_table(ctx, table, row_h);

    y += pad;
    app_draw_fill_rect(ctx->draw, (AppRect){box.x, y, box.w, 1}, app_theme_color(APP_COL_GRID));
    y += pad / 2;
    app_text_draw(ctx->text, APP_FONT_BOLD, "Three more traps", (float)box.x, (float)y, app_theme_color(APP_COL_TEXT),
                  APP_ALIGN_LEFT);
    y += bh + pad / 2;
    /* An expression too long for the body font (a large presentation scale): all three
     * take the small font, rather than one cut or one smaller than the others. */
    int small = 0;
    for (int k = SL_NAN_WHERE_DIV0; k < SL_NAN_CASE_COUNT; k++) {
        char line[200];
        trap_line(&s->cases[k], line, sizeof line);
        AppRect row = {box.x, y, box.w, bh + pad / 2};
        if (app_text_width(ctx->text, s->subject == k ? APP_FONT_BOLD : APP_FONT_BODY, line) > trap_left_w(ctx, row))
            small = 1;
    }
    for (int k = SL_NAN_WHERE_DIV0; k < SL_NAN_CASE_COUNT; k++) {
        AppRect row = {box.x, y, box.w, bh + pad / 2};
        if (row.y + row.h > area.y + area.h) {
            app_panel_drop(ctx, "three traps: no room for trap %d", k - SL_NAN_WHERE_DIV0 + 1);
            break;
        }
        trap_row(ctx, &s->cases[k], row, s->subject == k, small);
        y += bh + pad;
    }
}

void app_panel_nan_summary(const AppPanelCtx *ctx, AppRect r)
{
    const AppLessonState *s = &ctx->model->ls;
    int pad = ctx->layout->pad;
    app_panel_card(ctx, r, "Gradient states of x", NULL);
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY);
    int y = r.y + bh + 2 * pad;
    static const char *const names[3] = {"naive", "double where", "masked"};
    static const SlGradState order[4] = {SL_GRAD_VALUE, SL_GRAD_ZERO, SL_GRAD_NAN, SL_GRAD_NONE};
    static const char *const word[4] = {"value", "zero", "NaN", "none"};
    int name_w = app_text_width(ctx->text, APP_FONT_BODY, "double where") + 2 * pad;
    int chip_w = (r.w - 3 * pad - name_w) / 4;
    for (int f = 0; f < 3; f++) {
        if (y + bh > r.y + r.h - pad) {
            app_panel_drop(ctx, "NaN states: no room for %s", names[f]);
            break;
        }
        int count[4] = {0, 0, 0, 0};
        for (int i = 0; i < s->cases[f].n; i++)
            for (int k = 0; k < 4; k++)
                if (s->cases[f].state[i] == order[k]) count[k]++;
        AppColor tc = s->subject == f ? app_theme_color(APP_COL_ACCENT) : app_theme_color(APP_COL_TEXT);
        app_text_draw(ctx->text, s->subject == f ? APP_FONT_BOLD : APP_FONT_BODY, names[f], (float)(r.x + 2 * pad),
                      (float)y, tc, APP_ALIGN_LEFT);
        int x = r.x + 2 * pad + name_w;
        for (int k = 0; k < 4; k++) {
            char buf[32];
            snprintf(buf, sizeof buf, "%d %s", count[k], word[k]);
            AppRect chip = {x + k * chip_w, y, chip_w - pad / 2, bh + 2};
            if (count[k] > 0)
                app_cell_state(ctx, chip, order[k], buf, APP_FONT_SMALL);
            else
                app_text_draw(ctx->text, APP_FONT_SMALL, buf, (float)chip.x + (float)chip.w * 0.5f, (float)y + 2.0f,
                              app_theme_color(APP_COL_BORDER), APP_ALIGN_CENTER);
        }
        y += bh + pad;
    }
}
