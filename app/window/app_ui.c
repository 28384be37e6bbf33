/* app_ui.c — the App's lifecycle (init, deinit, size, scale, theme), its notes and one
 * frame: refresh the model, then draw every panel of the current view. Input is in
 * app_input.c, what each action does in app_action.c, typed values in app_edit.c, the
 * files the keys write in app_save.c and app_record.c. */
#include "app_ui.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_gif.h"
#include "app_panels.h"

#define NOTE_MS 6000u

void app_note(App *app, int is_error, const char *text)
{
    assert(app && text);
    app_model_note(&app->model, is_error, "%s", text);
    app->note_until = SDL_GetTicks() + (is_error ? 2u * NOTE_MS : NOTE_MS);
}

void app_note_largest(App *app)
{
    app_note(app, 0, "This is the largest text this window holds: make the window bigger (or full screen) for "
                     "larger text.");
    app->note_largest = 1;
}

void app_note_hold(App *app)
{
    app->note_until = SDL_GetTicks() + NOTE_MS;
}

void app_relayout(App *app)
{
    char err[256];
    app->scale = app_layout_auto_scale(app->width, app->height, app->user_scale);
    if (app_text_set_scale(app->text, app->scale, err, sizeof err) != SL_OK) app_note(app, 1, err);
    app_draw_set_scale(&app->draw, app->scale);
    AppMetrics m = app_text_metrics(app->text);
    for (int f = 0; f < SL_MASK_COUNT; f++)
        m.name_w[f] = app_text_width(app->text, APP_FONT_BODY, sl_mask_name((SlMaskKind)f));
    app_layout_compute_opts(&app->layout, app->width, app->height, app->scale, &m, app->model.shown,
                            app->hide_controls ? APP_LAYOUT_NO_CONTROLS : 0u);
    /* The landscape needs no more than one t per pixel column of its plot. */
    app->model.land_cols = app_layout_plot_area(&app->layout, app->layout.slot[APP_SLOT_LOWER_LEFT]).w;
    app->layout_dirty = 0;
}

SlStatus app_init(App *app, SDL_Renderer *r, SDL_Window *window, const AppLaunch *launch, int w, int h,
                  char *err, size_t err_len)
{
    assert(app && r && launch && (err || err_len == 0));
    memset(app, 0, sizeof *app);
    app->renderer = r;
    app->window = window;
    app->width = w > 0 ? w : 1;
    app->height = h > 0 ? h : 1;
    app->user_scale = app->base_scale = launch->scale > 0.0f ? launch->scale : 1.0f;
    app_theme_set(launch->lesson.high_contrast ? APP_THEME_HIGH_CONTRAST : APP_THEME_STANDARD);
    app->mouse_sx = app->mouse_sy = 1.0f;
    app->focus = -1;
    app->edit = -1;
    app->hover_ctrl = -1;
    app_mapview_init(&app->map);
    app_nav_init(&app->nav, launch->lesson_path);
    SlStatus st = app_model_init(&app->model, &launch->lesson, err, err_len);
    if (st != SL_OK) return st;
    app->scale = app_layout_auto_scale(app->width, app->height, app->user_scale);
    app->text = app_text_load(r, app->scale, err, err_len);
    if (!app->text) { /* no font file found */
        app_model_deinit(&app->model);
        return SL_ERR_IO;
    }
    app_draw_init(&app->draw, r, app->scale);
    app_text_set_cache(app->text, &app->draw.fc);
    if (launch->view >= APP_LAUNCH_VIEW_MAIN && launch->view <= APP_LAUNCH_VIEW_MAP) {
        app->model.ls.graph_on = launch->view == APP_LAUNCH_VIEW_GRAPH;
        app->model.map_on = launch->view == APP_LAUNCH_VIEW_MAP;
    }
    app_relayout(app);
    return SL_OK;
}

void app_deinit(App *app)
{
    app_gif_abort(app->rec);
    free(app->pts);
    for (int i = 0; i < APP_LAYER_COUNT; i++) app_layer_free(&app->draw, &app->layers[i]);
    if (app->text) app_text_set_cache(app->text, NULL);
    app_draw_deinit(&app->draw);
    app_text_unload(app->text);
    app_mapview_deinit(&app->map);
    app_model_deinit(&app->model);
    memset(app, 0, sizeof *app);
}

void app_set_size(App *app, int w, int h)
{
    if (w < 1 || h < 1) return;
    /* The GIF keeps its size: a resized window ends the recording there. */
    if (app->rec && (w != app->width || h != app->height)) app_record_finish(app, "The window changed size");
    app->width = w;
    app->height = h;
    if (app->window) {
        int ww = 0, wh = 0;
        SDL_GetWindowSize(app->window, &ww, &wh);
        app->mouse_sx = ww > 0 ? (float)w / (float)ww : 1.0f;
        app->mouse_sy = wh > 0 ? (float)h / (float)wh : 1.0f;
    }
    app_relayout(app);
}

float app_scale_for_step(float base, int step)
{
    double s = (double)base;
    for (int i = 0; i < step; i++) s *= 1.125;
    for (int i = 0; i > step; i--) s /= 1.125;
    float f = (float)s;
    return f < 0.5f ? 0.5f : f > APP_SCALE_USER_MAX ? APP_SCALE_USER_MAX : f;
}

void app_set_theme(App *app, AppThemeKind kind)
{
    app_theme_set(kind);
    app_draw_flush(&app->draw);
    app->layout_dirty = 1;
}

void app_drop(App *app, const char *fmt, ...)
{
    if (app->drops < APP_DROPS_KEPT) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(app->drop[app->drops], sizeof app->drop[0], fmt, ap);
        va_end(ap);
    }
    app->drops++;
}

static void draw_once(App *app);

void app_draw(App *app)
{
    draw_once(app);
    /* A larger text step (F3, or a view or lesson opened at one) that leaves something
     * out is more than this window holds: back down, whole steps, until all fits. */
    int backed = 0;
    while (app->drops > 0 && app->scale_step > 0) {
        app->scale_step--;
        app->user_scale = app_scale_for_step(app->base_scale, app->scale_step);
        app_relayout(app);
        draw_once(app);
        backed = 1;
    }
    if (backed) {
        app_note_largest(app);
        draw_once(app);
    }
}

static void draw_once(App *app)
{
    app->drops = 0;
    if (app->layout_dirty) app_relayout(app);
    if (app->drag_pending && app->drag != APP_DRAG_NONE) app_drag_to(app, app->drag_x);
    app->drag_pending = 0;
    if (app->note_until && SDL_TICKS_PASSED(SDL_GetTicks(), app->note_until)) {
        app_model_clear_note(&app->model);
        app->note_until = 0;
    }
    app_model_refresh(&app->model);
    if (app_map_shown(app)) app_mapview_update(&app->map, &app->model);
    app_text_begin_frame(app->text);
    /* Recorded, and only what changed since the last frame is drawn (app_frame_cache.h);
     * no_cache draws every call at once. */
    app_fc_enable(&app->draw.fc, !app->no_cache);
    app_fc_begin(&app->draw.fc, app->width, app->height);
    app_draw_frame_begin(&app->draw);
    AppPanelOut out;
    AppPanelCtx ctx;
    app_panel_ctx_begin(app, &ctx, &out);
    app_panel_background(&ctx);
    const AppView *view = app_view_current(app);
    for (int s = 0; s < APP_SLOT_COUNT; s++) {
        if (!view->panel[s].draw) continue;
        if (app_view_slot_shown(app, s))
            view->panel[s].draw(&ctx, app->layout.slot[s]);
        else /* left out by the lesson's panels: an empty place, no stale card */
            app_draw_fill_rect(&app->draw, app->layout.slot[s], app_theme_color(APP_COL_BG));
    }
    if (app->edit >= 0) app_panel_edit(&ctx);
    else if (!out.note_shown) app_panel_note(&ctx);
    if (app->show_help) app_panel_help(&ctx);
    app_panel_ctx_end(app, &out);
    if (app->nav.picker_open) app_nav_picker_draw(&app->nav, &app->layout, &app->draw, app->text);
    app_draw_layers_finish(&app->draw);
    app_fc_end(&app->draw.fc);
    app_draw_frame_end(&app->draw);
    const char *cut;
    int cuts = app_text_cuts(app->text, 0, NULL);
    for (int i = 0; i < cuts; i++) {
        app_text_cuts(app->text, i, &cut);
        app_drop(app, "text cut short: \"%s\"", cut);
    }
}

void app_frame(App *app)
{
    app_model_update(&app->model);
    app_draw(app);
}
