/* app_panel_cells.c — pieces the lesson-kind panels share: gradient-state cells (the
 * badge colours of app_theme.h, so a NaN cell looks like a NaN badge everywhere), a
 * sequential heat-map colour, heat maps, and the work area the graph view fills. */
#include "app_lesson_panels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

AppRect app_rect_union(AppRect a, AppRect b)
{
    int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
    int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    AppRect r = {x0, y0, x1 - x0, y1 - y0};
    return r;
}

AppRect app_panel_work_area(const AppPanelCtx *ctx)
{
    const AppLayout *L = ctx->layout;
    AppRect r = app_rect_union(L->slot[APP_SLOT_MAIN], L->slot[APP_SLOT_LOWER_RIGHT]);
    r = app_rect_union(r, L->slot[APP_SLOT_SIDE_TOP]);
    return app_rect_union(r, L->slot[APP_SLOT_SIDE_BOTTOM]);
}

void app_cell_grad_text(SlGradState state, float g, char *buf, unsigned len)
{
    switch (state) {
    case SL_GRAD_NONE: snprintf(buf, len, "none"); return;
    case SL_GRAD_ZERO: snprintf(buf, len, "0"); return;
    case SL_GRAD_NAN: snprintf(buf, len, "NaN"); return;
    case SL_GRAD_VALUE: app_format_value((double)g, 3, buf, len); return;
    }
    buf[0] = '\0';
}

void app_cell_state(const AppPanelCtx *ctx, AppRect cell, SlGradState state, const char *text, AppFont font)
{
    app_draw_round_rect(ctx->draw, cell, 3.0f, app_theme_badge_fill(state));
    if (!text || !*text) return;
    int h = app_text_line_height(ctx->text, font);
    int w = app_text_width(ctx->text, font, text);
    float y = (float)cell.y + (float)(cell.h - h) * 0.5f;
    AppColor c = app_theme_badge_text(state);
    if (w <= cell.w - 4)
        app_text_draw(ctx->text, font, text, (float)cell.x + (float)cell.w * 0.5f, y, c, APP_ALIGN_CENTER);
    else
        app_text_draw_fit(ctx->text, font, text, (float)cell.x + 2.0f, y, (float)(cell.w - 4), c);
}

AppColor app_heat_color(float v)
{
    /* Light grey-blue to dark blue through a mid blue: monotone in lightness. */
    static const float stops[3][3] = {{0xF2, 0xF4, 0xF7}, {0x6B, 0xAE, 0xD6}, {0x08, 0x30, 0x6B}};
    if (!(v >= 0.0f)) v = 0.0f;
    if (v > 1.0f) v = 1.0f;
    int i = v < 0.5f ? 0 : 1;
    float u = v < 0.5f ? v * 2.0f : (v - 0.5f) * 2.0f;
    AppColor c;
    c.r = (uint8_t)lroundf(stops[i][0] + (stops[i + 1][0] - stops[i][0]) * u);
    c.g = (uint8_t)lroundf(stops[i][1] + (stops[i + 1][1] - stops[i][1]) * u);
    c.b = (uint8_t)lroundf(stops[i][2] + (stops[i + 1][2] - stops[i][2]) * u);
    c.a = 255;
    return c;
}

void app_heat_map(const AppPanelCtx *ctx, AppRect r, const float *values, int rows, int cols, float lo, float hi)
{
    if (rows < 1 || cols < 1 || r.w < 1 || r.h < 1) return;
    float span = hi - lo;
    if (!(span > 0.0f)) span = 1.0f;
    for (int i = 0; i < rows; i++) {
        int y0 = r.y + (int)((long)r.h * i / rows), y1 = r.y + (int)((long)r.h * (i + 1) / rows);
        if (cols > r.w) {
            /* More cells than pixel columns: column x shows the one cell whose span of
             * [w j / cols, w (j + 1) / cols) ends past it, j = ceil(cols (x + 1) / w) - 1,
             * as drawing every cell would (the others are empty); runs of one colour
             * are one rect. O(width), not O(N). */
            int run = 0;
            AppColor rc = {0, 0, 0, 0};
            for (int x = 0; x <= r.w; x++) {
                AppColor c = rc;
                if (x < r.w) {
                    long long j = ((long long)cols * (x + 1) + r.w - 1) / r.w - 1;
                    float v = values[(size_t)i * (size_t)cols + (size_t)j];
                    c = isfinite(v) ? app_heat_color((v - lo) / span) : app_theme_badge_fill(SL_GRAD_NAN);
                }
                if (x == r.w || (x > run && memcmp(&c, &rc, sizeof c) != 0)) {
                    app_draw_fill_rect(ctx->draw, (AppRect){r.x + run, y0, x - run, y1 - y0}, rc);
                    run = x;
                }
                rc = c;
            }
            continue;
        }
        for (int j = 0; j < cols; j++) {
            int x0 = r.x + (int)((long)r.w * j / cols), x1 = r.x + (int)((long)r.w * (j + 1) / cols);
            float v = values[(size_t)i * (size_t)cols + (size_t)j];
            AppColor c = isfinite(v) ? app_heat_color((v - lo) / span) : app_theme_badge_fill(SL_GRAD_NAN);
            AppRect cell = {x0, y0, x1 - x0, y1 - y0};
            app_draw_fill_rect(ctx->draw, cell, c);
        }
    }
    app_draw_stroke_rect(ctx->draw, r, 1.0f, app_theme_color(APP_COL_BORDER));
}
