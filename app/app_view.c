/* app_view.c — the view table (which panel fills which slot, per lesson kind) and the
 * pieces every panel shares: cards, axes, family swatches, scratch points. */
#include "app_panels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const AppView k_standard_view = {{
    [APP_SLOT_HEADER] = {"header", app_panel_header},
    [APP_SLOT_MAIN] = {"mask", app_panel_mask},
    [APP_SLOT_LOWER_LEFT] = {"landscape", app_panel_landscape},
    [APP_SLOT_LOWER_RIGHT] = {"training", app_panel_training},
    [APP_SLOT_SIDE_TOP] = {"gradient", app_panel_gradient},
    [APP_SLOT_SIDE_BOTTOM] = {"explain", app_panel_explain},
    [APP_SLOT_CONTROLS] = {"controls", app_panel_controls},
}};

const AppView *app_view_for(SlLessonKind kind)
{
    /* SL_LESSON_NAN, _THRESHOLD and _CHANNELS get their own views (a panel in the main
     * slot) when their panels exist; until then they show the standard task view. */
    switch (kind) {
    case SL_LESSON_TASK:
    case SL_LESSON_NAN:
    case SL_LESSON_THRESHOLD:
    case SL_LESSON_CHANNELS:
    case SL_LESSON_KIND_COUNT: break;
    }
    return &k_standard_view;
}

float *app_panel_points(App *app, int n)
{
    if (n > app->pts_cap) {
        float *p = realloc(app->pts, (size_t)n * 2u * sizeof *p);
        if (!p) return NULL;
        app->pts = p;
        app->pts_cap = n;
    }
    return app->pts;
}

void app_panel_card(App *app, AppRect r, const char *title, const char *right_note)
{
    app_draw_round_rect(&app->draw, r, 6.0f, app_theme_color(APP_COL_BORDER));
    app_draw_round_rect(&app->draw, app_rect_inset(r, 1), 5.0f, app_theme_color(APP_COL_PANEL));
    int pad = app->layout.pad;
    float y = (float)(r.y + pad);
    int tw = 0;
    if (title) tw = app_text_draw(app->text, APP_FONT_BOLD, title, (float)(r.x + pad + pad / 2), y,
                                  app_theme_color(APP_COL_TEXT), APP_ALIGN_LEFT);
    if (right_note) {
        float room = (float)(r.w - tw - 4 * pad);
        int w = app_text_width(app->text, APP_FONT_BODY, right_note);
        float x = (float)(r.x + r.w - pad - pad / 2) - ((float)w < room ? (float)w : room);
        app_text_draw_fit(app->text, APP_FONT_BODY, right_note, x, y, room, app_theme_color(APP_COL_MUTED));
    }
}

void app_panel_axes(App *app, AppRect plot, const AppAxis *x, const AppAxis *y, const char *x_label,
                    int x_tick_labels)
{
    double ticks[APP_TICKS_MAX];
    char buf[32];
    AppColor grid = app_theme_color(APP_COL_GRID), muted = app_theme_color(APP_COL_MUTED);
    int sh = app_text_line_height(app->text, APP_FONT_SMALL);
    int pad = app->layout.pad;
    /* Tick labels stop short of the axis label at the right end. */
    float label_left = (float)(plot.x + plot.w) + 1e6f;
    if (x_label && x_tick_labels)
        label_left = (float)(plot.x + plot.w - app_text_width(app->text, APP_FONT_SMALL, x_label) - pad);
    int nx = app_axis_ticks(x->v0, x->v1, plot.w / (int)(90.0f * app->scale) + 1, x->log, ticks, APP_TICKS_MAX);
    for (int i = 0; i < nx; i++) {
        float px = roundf(app_axis_px(x, ticks[i]));
        AppRect g = {(int)px, plot.y, 1, plot.h};
        app_draw_fill_rect(&app->draw, g, grid);
        if (x_tick_labels) {
            app_format_value(ticks[i], 3, buf, sizeof buf);
            float half = (float)app_text_width(app->text, APP_FONT_SMALL, buf) * 0.5f;
            if (px + half < label_left)
                app_text_draw(app->text, APP_FONT_SMALL, buf, px, (float)(plot.y + plot.h + pad / 3), muted,
                              APP_ALIGN_CENTER);
        }
    }
    int ny = app_axis_ticks(fmin(y->v0, y->v1), fmax(y->v0, y->v1), plot.h / (int)(45.0f * app->scale) + 1,
                            y->log, ticks, APP_TICKS_MAX);
    for (int i = 0; i < ny; i++) {
        float py = roundf(app_axis_px(y, ticks[i]));
        AppRect g = {plot.x, (int)py, plot.w, 1};
        app_draw_fill_rect(&app->draw, g, grid);
        app_format_value(ticks[i], 3, buf, sizeof buf);
        app_text_draw(app->text, APP_FONT_SMALL, buf, (float)(plot.x - pad / 2), py - (float)sh * 0.5f, muted,
                      APP_ALIGN_RIGHT);
    }
    app_draw_stroke_rect(&app->draw, plot, 1.0f, app_theme_color(APP_COL_BORDER));
    if (x_label && x_tick_labels) {
        app_text_draw(app->text, APP_FONT_SMALL, x_label, (float)(plot.x + plot.w),
                      (float)(plot.y + plot.h + pad / 3), muted, APP_ALIGN_RIGHT);
    }
}

void app_panel_swatch(App *app, float x, float y, float len, int family)
{
    float w = family == SL_MASK_HARD ? APP_CURVE_W + 0.75f : APP_CURVE_W;
    app_draw_line(&app->draw, x, y, x + len, y, w, app_theme_family_color((SlMaskKind)family),
                  app_theme_family_style((SlMaskKind)family));
}
