/* app_ui.c — App lifecycle, input (keys, mouse, resize) and actions. Input becomes
 * model calls; drawing is in the panels. Mouse positions arrive in window
 * coordinates and are scaled to drawable pixels (HiDPI). */
#include "app_ui.h"

#include <stdint.h>
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <SDL_image.h>

#include "app_export.h"
#include "app_gif.h"
#include "app_keys.h"
#include "app_panels.h"
#include "sl_parse.h"
#include "sl_settings.h"

#define NOTE_MS 6000u

static void note(App *app, int is_error, const char *text)
{
    app_model_note(&app->model, is_error, "%s", text);
    app->note_until = SDL_GetTicks() + (is_error ? 2u * NOTE_MS : NOTE_MS);
}

void app_note(App *app, int is_error, const char *text)
{
    note(app, is_error, text);
}

static void relayout(App *app)
{
    char err[256];
    app->scale = app_layout_auto_scale(app->width, app->height, app->user_scale);
    if (!app_text_set_scale(app->text, app->scale, err, sizeof err)) note(app, 1, err);
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

int app_init(App *app, SDL_Renderer *r, SDL_Window *window, const AppLaunch *launch, int w, int h,
             char *err, size_t err_len)
{
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
    if (app_model_init(&app->model, &launch->lesson, err, err_len) != SL_OK) return 0;
    app->scale = app_layout_auto_scale(app->width, app->height, app->user_scale);
    app->text = app_text_load(r, app->scale, err, err_len);
    if (!app->text) {
        app_model_deinit(&app->model);
        return 0;
    }
    app_draw_init(&app->draw, r, app->scale);
    app_text_set_cache(app->text, &app->draw.fc);
    if (launch->view >= APP_LAUNCH_VIEW_MAIN && launch->view <= APP_LAUNCH_VIEW_MAP) {
        app->model.ls.graph_on = launch->view == APP_LAUNCH_VIEW_GRAPH;
        app->model.map_on = launch->view == APP_LAUNCH_VIEW_MAP;
    }
    relayout(app);
    return 1;
}

void app_deinit(App *app)
{
    app_gif_abort(app->rec);
    free(app->pts);
    for (int i = 0; i < APP_LAYER_COUNT; i++) app_layer_free(&app->layers[i]);
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
    if (app->rec && (w != app->width || h != app->height)) {
        /* The GIF keeps its size: a resized window ends the recording there. */
        char err[700], msg[800];
        if (app_record_stop(app, err, sizeof err)) {
            snprintf(msg, sizeof msg, "The window changed size: saved the run so far as %s", app->rec_path + 2);
            note(app, 0, msg);
        } else {
            note(app, 1, err);
        }
    }
    app->width = w;
    app->height = h;
    if (app->window) {
        int ww = 0, wh = 0;
        SDL_GetWindowSize(app->window, &ww, &wh);
        app->mouse_sx = ww > 0 ? (float)w / (float)ww : 1.0f;
        app->mouse_sy = wh > 0 ? (float)h / (float)wh : 1.0f;
    }
    relayout(app);
}

void app_mask_axes(const App *app, AppAxis *x, AppAxis *y)
{
    app_panel_mask_axes(&app->layout, &app->model, x, y);
}

void app_t_marker_pos(const App *app, int f, float *x, float *y)
{
    app_panel_t_marker_pos(&app->layout, &app->model, f, x, y);
}

void app_target_marker_pos(const App *app, float *x, float *y)
{
    app_panel_target_marker_pos(&app->layout, &app->model, x, y);
}

static void landscape_axis(const App *app, AppAxis *x)
{
    AppRect pa = app_layout_plot_area(&app->layout, app->layout.slot[APP_SLOT_LOWER_LEFT]);
    *x = app_axis_make((double)app_model_t_view_lo(&app->model), (double)app_model_t_view_hi(&app->model),
                       (float)pa.x, (float)(pa.x + pa.w), 0);
}

static void drag_to(App *app, float x)
{
    AppAxis ax, ay;
    switch (app->drag) {
    case APP_DRAG_T:
        app_mask_axes(app, &ax, &ay);
        app_model_set_t_family(&app->model, app->drag_family, (float)app_axis_value_free(&ax, x));
        break;
    case APP_DRAG_TARGET:
        app_mask_axes(app, &ax, &ay);
        app_controls_set_slider(&app->model, APP_CTRL_TARGET, (float)app_axis_value(&ax, x));
        break;
    case APP_DRAG_LAND_T:
        landscape_axis(app, &ax);
        app_model_set_t_family(&app->model, app->drag_family, (float)app_axis_value_free(&ax, x));
        break;
    case APP_DRAG_SLIDER: {
        AppSliderSpec s = app_controls_slider_spec(&app->model, app->drag_ctrl);
        AppRect track = app_layout_slider_track(&app->layout, app->layout.ctrl[app->drag_ctrl]);
        app_controls_set_slider(&app->model, app->drag_ctrl, app_slider_value_at(&s, track, x));
        break;
    }
    case APP_DRAG_NONE: break;
    }
}

/* The button at ctrl: in a view where nothing trains (lesson 6) the first two buttons
 * are "next case" and "graph", the training buttons are gone. */
static AppAction button_action(const App *app, int ctrl)
{
    if (!app_model_trains(&app->model)) {
        if (ctrl == APP_CTRL_PLAY) return APP_ACT_GRAPH_NEXT;
        if (ctrl == APP_CTRL_STEP) return APP_ACT_GRAPH_TOGGLE;
    }
    if (!app_controls_applies(&app->model, ctrl)) return APP_ACT_NONE;
    switch (ctrl) {
    case APP_CTRL_PLAY: return APP_ACT_PLAY_TOGGLE;
    case APP_CTRL_STEP: return APP_ACT_STEP;
    case APP_CTRL_BACK: return APP_ACT_BACK;
    case APP_CTRL_RESET: return APP_ACT_RESET;
    case APP_CTRL_OPT: return APP_ACT_OPT_CYCLE;
    case APP_CTRL_ANNEAL: return APP_ACT_ANNEAL_CYCLE;
    case APP_CTRL_SHOT: return APP_ACT_SCREENSHOT;
    case APP_CTRL_EXPORT: return APP_ACT_EXPORT;
    case APP_CTRL_HELP: return APP_ACT_HELP;
    default: return APP_ACT_NONE;
    }
}

/* What a press at (x, y) in the mask plot grabs: the t markers near the top half,
 * the t* marker near the bottom half, whichever is within reach. */
static AppDragKind mask_grab(App *app, float x, float y)
{
    AppRect pa = app_layout_plot_area(&app->layout, app->layout.slot[APP_SLOT_MAIN]);
    AppRect reach = {pa.x - app->layout.pad, pa.y - app->layout.pad, pa.w + 2 * app->layout.pad,
                     pa.h + 2 * app->layout.pad};
    if (!app_rect_contains(reach, x, y)) return APP_DRAG_NONE;
    float tol = 12.0f * app->scale, best_t = 1e9f, mx, my;
    /* Nearest marker wins; on a tie the one drawn on top (hard, drawn last) does. */
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        if (!(app->model.shown >> f & 1u)) continue;
        app_t_marker_pos(app, f, &mx, &my);
        if (fabsf(mx - x) < best_t || (fabsf(mx - x) == best_t && f == SL_MASK_HARD)) {
            best_t = fabsf(mx - x);
            app->drag_family = f;
        }
    }
    app_target_marker_pos(app, &mx, &my);
    float d_target = fabsf(mx - x);
    int upper = y < (float)pa.y + (float)pa.h * 0.5f;
    if (upper && best_t <= tol) return APP_DRAG_T;
    if (!upper && d_target <= tol) return APP_DRAG_TARGET;
    if (best_t <= tol) return APP_DRAG_T;
    if (d_target <= tol) return APP_DRAG_TARGET;
    return APP_DRAG_NONE;
}

static void mouse_down(App *app, float x, float y, int button)
{
    if (app->show_help) {
        app->show_help = 0;
        return;
    }
    if (app->edit >= 0) {
        /* A click elsewhere ends the typing without setting anything. */
        app->edit = -1;
        app->model.revision++;
    }
    if (button != SDL_BUTTON_LEFT) return;
    int legend = app_layout_hit_legend(&app->layout, x, y);
    if (legend >= 0) {
        app_do(app, (AppAction)(APP_ACT_FAMILY_1 + legend));
        return;
    }
    int ctrl = app_layout_hit_ctrl(&app->layout, x, y);
    if (ctrl >= 0 && ctrl < APP_SLIDER_COUNT && !app_controls_applies(&app->model, ctrl)) return;
    if (ctrl >= 0 && ctrl < APP_SLIDER_COUNT) {
        app->drag = APP_DRAG_SLIDER;
        app->drag_ctrl = ctrl;
        app->focus = ctrl;
        drag_to(app, x);
        return;
    }
    if (ctrl >= 0) {
        app_do(app, button_action(app, ctrl));
        return;
    }
    if (app_map_shown(app)) {
        /* The map covers the mask and landscape plots: a click loads a cell's run. */
        int ix, iy;
        unsigned shown = app->model.shown;
        if (app_mapview_cell_at(&app->map, &app->layout, x, y, &ix, &iy) &&
            app_mapview_load(&app->map, &app->model, ix, iy))
            app->note_until = SDL_GetTicks() + NOTE_MS;
        if (app->model.shown != shown) relayout(app);
        return;
    }
    AppDragKind grab = app_view_slot_shown(app, APP_SLOT_MAIN) ? mask_grab(app, x, y) : APP_DRAG_NONE;
    if (grab == APP_DRAG_NONE && app_view_slot_shown(app, APP_SLOT_LOWER_LEFT)) {
        AppRect land = app_layout_plot_area(&app->layout, app->layout.slot[APP_SLOT_LOWER_LEFT]);
        if (app_rect_contains(land, x, y)) {
            /* The family whose point is nearest in t. */
            AppAxis ax;
            landscape_axis(app, &ax);
            float best = INFINITY;
            for (int f = 0; f < SL_MASK_COUNT; f++) {
                if (!(app->model.shown >> f & 1u)) continue;
                float d = fabsf(app_axis_px(&ax, (double)app_model_row(&app->model, f)->t) - x);
                if (d < best) {
                    best = d;
                    app->drag_family = f;
                }
            }
            grab = APP_DRAG_LAND_T;
        }
    }
    app->drag = grab;
    if (grab != APP_DRAG_NONE) {
        app_model_set_playing(&app->model, 0);
        drag_to(app, x);
    }
}

const char *app_edit_label(const App *app, int e, char *value, size_t len)
{
    const AppModel *m = &app->model;
    if (e >= 0 && e < APP_SLIDER_COUNT) {
        AppSliderSpec s = app_controls_slider_spec(m, e);
        app_format_value((double)app_controls_slider_value(m, e), 6, value, (unsigned)len);
        return s.label;
    }
    SlAnneal an = app_model_anneal(m);
    switch (e) {
    case APP_EDIT_K1: app_format_value((double)an.k1, 6, value, (unsigned)len); return "k1 (annealing's end k)";
    case APP_EDIT_ANNEAL: snprintf(value, len, "%d", m->max_steps); return "run length in steps (k1 at the last)";
    case APP_EDIT_GT: app_format_value((double)m->ls.gt_level, 6, value, (unsigned)len); return "gradient-threshold level";
    default: break;
    }
    if (len) value[0] = '\0';
    return "?";
}

static void edit_start(App *app, int e)
{
    app->edit = e;
    app->edit_buf[0] = '\0';
    app->model.revision++;
}

/* Sets the typed value; a value the field cannot take leaves a note saying why. */
static void edit_commit(App *app)
{
    AppModel *m = &app->model;
    int e = app->edit;
    float v = 0.0f;
    long n = 0;
    app->edit = -1;
    m->revision++;
    if (!app->edit_buf[0]) return;
    if (e == APP_EDIT_ANNEAL) {
        const SlSetting *row = sl_setting_by_key("steps"); /* the lesson key's range */
        if (!sl_parse_int(app->edit_buf, (long)row->lo, (long)row->hi, &n)) {
            char range[96], msg[160];
            sl_setting_range_text(row, range, sizeof range);
            snprintf(msg, sizeof msg, "the run's length in steps must be %s", range);
            note(app, 1, msg);
            return;
        }
        app_model_set_run_steps(m, (int)n);
        app->note_until = SDL_GetTicks() + NOTE_MS;
        return;
    }
    if (!sl_parse_float(app->edit_buf, &v)) {
        char msg[96];
        snprintf(msg, sizeof msg, "not a number: '%s'", app->edit_buf);
        note(app, 1, msg);
        return;
    }
    if (e >= 0 && e < APP_SLIDER_COUNT) {
        AppSliderSpec s = app_controls_slider_spec(m, e);
        if (app_controls_set_slider(m, e, v) && app_slider_clamp(&s, v) != v) {
            char msg[160], a[24], b[24];
            app_format_value((double)s.lo, 4, a, sizeof a);
            app_format_value((double)s.hi, 4, b, sizeof b);
            snprintf(msg, sizeof msg, "%s goes from %s to %s: %s is set to the nearest", s.label, a, b, app->edit_buf);
            note(app, 0, msg);
        }
        return;
    }
    if (e == APP_EDIT_K1) app_model_set_k1(m, v);
    if (e == APP_EDIT_GT) app_model_set_grad_level(m, v);
    app->note_until = SDL_GetTicks() + NOTE_MS;
}

/* A key while a value is being typed: digits, '.', '-', 'e', Backspace; Enter sets,
 * Esc cancels. Every other key is swallowed, so typing never toggles a family. */
static void edit_key(App *app, SDL_Keycode key)
{
    char c = 0;
    if (key >= SDLK_0 && key <= SDLK_9) c = (char)('0' + (key - SDLK_0));
    else if (key >= SDLK_KP_1 && key <= SDLK_KP_9) c = (char)('1' + (key - SDLK_KP_1));
    else if (key == SDLK_KP_0) c = '0';
    else if (key == SDLK_PERIOD || key == SDLK_KP_PERIOD || key == SDLK_COMMA) c = '.';
    else if (key == SDLK_MINUS || key == SDLK_KP_MINUS) c = '-';
    else if (key == SDLK_e) c = 'e';
    if (c) {
        size_t l = strlen(app->edit_buf);
        if (l + 1 < sizeof app->edit_buf) {
            app->edit_buf[l] = c;
            app->edit_buf[l + 1] = '\0';
        }
    } else if (key == SDLK_BACKSPACE) {
        size_t l = strlen(app->edit_buf);
        if (l) app->edit_buf[l - 1] = '\0';
    } else if (key == SDLK_RETURN || key == SDLK_KP_ENTER) {
        edit_commit(app);
    } else if (key == SDLK_ESCAPE) {
        app->edit = -1;
    }
    app->model.revision++;
}

void app_handle_event(App *app, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT: app->quit = 1; break;
    case SDL_KEYDOWN: {
        if (app->nav.picker_open && app_nav_picker_key(app, ev->key.keysym.sym)) break;
        if (app->edit >= 0) {
            edit_key(app, ev->key.keysym.sym);
            break;
        }
        AppAction a = app_keys_lookup(ev->key.keysym.sym, ev->key.keysym.mod);
        if (a == APP_ACT_NONE) break;
        if (app->show_help && a != APP_ACT_HELP && a != APP_ACT_QUIT) app->show_help = 0;
        app_do(app, a);
        break;
    }
    case SDL_MOUSEBUTTONDOWN:
        if (app->nav.picker_open) {
            app_nav_picker_click(app, (float)ev->button.x * app->mouse_sx, (float)ev->button.y * app->mouse_sy);
            break;
        }
        mouse_down(app, (float)ev->button.x * app->mouse_sx, (float)ev->button.y * app->mouse_sy, ev->button.button);
        break;
    case SDL_MOUSEMOTION: {
        float x = (float)ev->motion.x * app->mouse_sx, y = (float)ev->motion.y * app->mouse_sy;
        app->hover_ctrl = app_layout_hit_ctrl(&app->layout, x, y);
        /* Only the last position of a frame counts: at large N moving t costs O(N), and
         * a fast drag queues many motions per frame. It applies at the next draw. */
        if (app->drag != APP_DRAG_NONE) {
            app->drag_x = x;
            app->drag_pending = 1;
        }
        if (app_map_shown(app) &&
            !app_mapview_cell_at(&app->map, &app->layout, x, y, &app->map.hover_ix, &app->map.hover_iy))
            app->map.hover_ix = app->map.hover_iy = -1;
        break;
    }
    case SDL_MOUSEBUTTONUP:
        if (app->drag != APP_DRAG_NONE) drag_to(app, (float)ev->button.x * app->mouse_sx);
        app->drag = APP_DRAG_NONE;
        app->drag_pending = 0;
        break;
    case SDL_MOUSEWHEEL: {
        float wx = (float)ev->wheel.mouseX * app->mouse_sx, wy = (float)ev->wheel.mouseY * app->mouse_sy;
        if (app_layout_hit_slot(&app->layout, wx, wy) == APP_SLOT_SIDE_BOTTOM && ev->wheel.y != 0) {
            /* Scroll the lesson text three lines per notch. */
            int step = 3 * app->layout.m.body_h * (ev->wheel.y > 0 ? -1 : 1);
            int v = app->text_scroll + step;
            app->text_scroll = v < 0 ? 0 : v > app->text_scroll_max ? app->text_scroll_max : v;
            break;
        }
        int ctrl = app->hover_ctrl;
        if (ctrl >= 0 && ctrl < APP_SLIDER_COUNT && ev->wheel.y != 0 && app_controls_applies(&app->model, ctrl)) {
            AppSliderSpec s = app_controls_slider_spec(&app->model, ctrl);
            float v = app_slider_nudge(&s, app_controls_slider_value(&app->model, ctrl), ev->wheel.y > 0 ? 1 : -1);
            app_controls_set_slider(&app->model, ctrl, v);
        }
        break;
    }
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET: app_fc_invalidate(&app->draw.fc); break;
    case SDL_WINDOWEVENT:
        /* Shown, exposed, resized...: the window's pixels may not be ours any more. */
        app_fc_invalidate(&app->draw.fc);
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || ev->window.event == SDL_WINDOWEVENT_RESIZED ||
            ev->window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED) {
            int w = ev->window.data1, h = ev->window.data2;
            if (app->window) SDL_GetRendererOutputSize(app->renderer, &w, &h);
            if (w != app->width || h != app->height || app->window) app_set_size(app, w, h);
        }
        break;
    default: break;
    }
}

static void export_csv(App *app)
{
    char path[512], err[600], msg[700];
    if (!app_export_next_name(".", "steplab-history", "csv", path, sizeof path)) {
        note(app, 1, "cannot export: no free file name steplab-history-NNN.csv here");
        return;
    }
    if (!app_model_export_csv(&app->model, path, err, sizeof err)) {
        note(app, 1, err);
        return;
    }
    snprintf(msg, sizeof msg, "Exported the training history to %s", path + 2);
    note(app, 0, msg);
}

/* Whether action a has anything to act on in this lesson's view; if not, a note says
 * what does. */
static int action_applies(App *app, AppAction a)
{
    int map_action = a == APP_ACT_MAP_TOGGLE || a == APP_ACT_MAP_METRIC || a == APP_ACT_MAP_AXES ||
                     a == APP_ACT_MAP_SUGGEST;
    if (map_action && app->model.lesson.kind != SL_LESSON_TASK) {
        note(app, 0, "The steepness map belongs to the lessons about one learnable step (1 to 5 and 9).");
        return 0;
    }
    if (map_action && a != APP_ACT_MAP_TOGGLE && !app_map_shown(app)) {
        note(app, 0, "Shift+M, x and u work on the steepness map: press m to show it.");
        return 0;
    }
    if (app_model_trains(&app->model)) return 1;
    switch (a) {
    case APP_ACT_PLAY_TOGGLE: case APP_ACT_STEP: case APP_ACT_BACK: case APP_ACT_RESET:
    case APP_ACT_STEEPER: case APP_ACT_SOFTER: case APP_ACT_LR_UP: case APP_ACT_LR_DOWN:
    case APP_ACT_FAMILY_1: case APP_ACT_FAMILY_2: case APP_ACT_FAMILY_3: case APP_ACT_FAMILY_4:
    case APP_ACT_FAMILY_5: case APP_ACT_OPT_CYCLE: case APP_ACT_ANNEAL_CYCLE: case APP_ACT_FOCUS_NEXT:
    case APP_ACT_FOCUS_PREV: case APP_ACT_FOCUS_INC: case APP_ACT_FOCUS_DEC: case APP_ACT_EXPORT:
    case APP_ACT_LOSS_SCALE: case APP_ACT_EDIT: case APP_ACT_EDIT_K1: case APP_ACT_EDIT_ANNEAL: case APP_ACT_EDIT_GT:
        note(app, 0, "Nothing trains in this lesson: c shows the next case, g its graph, n the next lesson.");
        return 0;
    default: return 1;
    }
}

/* The next slider from focus in direction dir that applies here, or -1. */
static int next_focus(const App *app, int focus, int dir)
{
    for (int i = 1; i <= APP_SLIDER_COUNT; i++) {
        int c = ((focus < 0 ? (dir > 0 ? -1 : 0) : focus) + dir * i + 2 * APP_SLIDER_COUNT) % APP_SLIDER_COUNT;
        if (app_controls_applies(&app->model, c)) return c;
    }
    return -1;
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

void app_do(App *app, AppAction a)
{
    AppModel *m = &app->model;
    if (!action_applies(app, a)) return;
    switch (a) {
    case APP_ACT_PLAY_TOGGLE: app_model_set_playing(m, !m->playing); break;
    case APP_ACT_STEP:
        app_model_set_playing(m, 0);
        app_model_step(m);
        break;
    case APP_ACT_BACK: app_model_back(m); break;
    case APP_ACT_RESET: app_model_reset(m); break;
    case APP_ACT_STEEPER: app_model_steepness(m, 1); break;
    case APP_ACT_SOFTER: app_model_steepness(m, -1); break;
    case APP_ACT_LR_UP: app_model_lr(m, 1); break;
    case APP_ACT_LR_DOWN: app_model_lr(m, -1); break;
    case APP_ACT_FAMILY_1:
    case APP_ACT_FAMILY_2:
    case APP_ACT_FAMILY_3:
    case APP_ACT_FAMILY_4:
    case APP_ACT_FAMILY_5:
        if (app_model_toggle_family(m, (int)a - (int)APP_ACT_FAMILY_1))
            relayout(app);
        else
            app->note_until = SDL_GetTicks() + NOTE_MS;
        break;
    case APP_ACT_OPT_CYCLE:
        app_model_cycle_optimizer(m);
        app->note_until = SDL_GetTicks() + NOTE_MS;
        break;
    case APP_ACT_ANNEAL_CYCLE:
        app_model_cycle_anneal(m);
        app->note_until = SDL_GetTicks() + NOTE_MS;
        break;
    case APP_ACT_PAGE_NEXT:
        app_model_page(m, 1);
        app->text_scroll = 0;
        break;
    case APP_ACT_PAGE_PREV:
        app_model_page(m, -1);
        app->text_scroll = 0;
        break;
    case APP_ACT_FOCUS_NEXT: app->focus = next_focus(app, app->focus, 1); break;
    case APP_ACT_FOCUS_PREV: app->focus = next_focus(app, app->focus, -1); break;
    case APP_ACT_FOCUS_INC:
    case APP_ACT_FOCUS_DEC: {
        if (app->focus < 0 || !app_controls_applies(m, app->focus)) app->focus = next_focus(app, -1, 1);
        if (app->focus < 0) break;
        AppSliderSpec s = app_controls_slider_spec(m, app->focus);
        float v = app_slider_nudge(&s, app_controls_slider_value(m, app->focus), a == APP_ACT_FOCUS_INC ? 1 : -1);
        app_controls_set_slider(m, app->focus, v);
        break;
    }
    case APP_ACT_SCALE_UP:
    case APP_ACT_SCALE_DOWN: {
        int up = a == APP_ACT_SCALE_UP;
        if (up && app->user_scale >= APP_SCALE_USER_MAX) {
            note(app, 0, "This is the largest text this window holds: make the window bigger (or full screen) "
                         "for larger text.");
            app->note_largest = 1;
            break;
        }
        if (!up && app->user_scale <= 0.5f) break;
        if (app->note_largest) { /* no longer true */
            app_model_clear_note(&app->model);
            app->note_until = 0;
            app->note_largest = 0;
        }
        /* Whole steps from the starting scale, so a step and its inverse give back the
         * same scale to the bit, and the same picture. */
        app->scale_step += up ? 1 : -1;
        app->user_scale = app_scale_for_step(app->base_scale, app->scale_step);
        relayout(app);
        break;
    }
    case APP_ACT_SCREENSHOT: app->want_screenshot = 1; break;
    case APP_ACT_EXPORT: export_csv(app); break;
    case APP_ACT_HELP: app->show_help = !app->show_help; break;
    case APP_ACT_QUIT:
        if (app->show_help)
            app->show_help = 0;
        else
            app->quit = 1;
        break;
    case APP_ACT_ESCAPE:
        /* Esc never quits (a stray press would lose the run): it closes what is open. */
        if (app->show_help) {
            app->show_help = 0;
        } else if (app->window && (SDL_GetWindowFlags(app->window) & SDL_WINDOW_FULLSCREEN)) {
            SDL_SetWindowFullscreen(app->window, 0);
        } else {
            note(app, 0, "Esc does not quit: press q to quit.");
        }
        break;
    case APP_ACT_PAGE_FORWARD:
    case APP_ACT_PAGE_BACK: {
        /* A clicker has only these two keys: first the rest of the page, then the next. */
        int fwd = a == APP_ACT_PAGE_FORWARD, line = app->layout.m.body_h;
        int view = app->text_view_h > 2 * line ? app->text_view_h - line : line;
        if (fwd && app->text_scroll < app->text_scroll_max) {
            app->text_scroll = app->text_scroll + view > app->text_scroll_max ? app->text_scroll_max
                                                                               : app->text_scroll + view;
        } else if (!fwd && app->text_scroll > 0) {
            app->text_scroll = app->text_scroll > view ? app->text_scroll - view : 0;
        } else {
            int before = m->page;
            app_model_page(m, fwd ? 1 : -1);
            if (m->page == before)
                note(app, 0, fwd ? "This is the last page: n opens the next lesson."
                                 : "This is the first page: p opens the previous lesson.");
            app->text_scroll = 0;
        }
        break;
    }
    case APP_ACT_SCROLL_DOWN:
    case APP_ACT_SCROLL_UP: {
        int v = app->text_scroll + (a == APP_ACT_SCROLL_DOWN ? 3 : -3) * app->layout.m.body_h;
        app->text_scroll = v < 0 ? 0 : v > app->text_scroll_max ? app->text_scroll_max : v;
        break;
    }
    case APP_ACT_FULLSCREEN:
        if (!app->window) break;
        SDL_SetWindowFullscreen(app->window, (SDL_GetWindowFlags(app->window) & SDL_WINDOW_FULLSCREEN)
                                                 ? 0u : (Uint32)SDL_WINDOW_FULLSCREEN_DESKTOP);
        break;
    case APP_ACT_HIDE_CONTROLS:
        app->hide_controls = !app->hide_controls;
        if (app->focus >= 0 && app->hide_controls) app->focus = -1;
        relayout(app);
        if (app->hide_controls) {
            note(app, 0, "Controls hidden: h shows them again (the keys still work).");
        } else if (strncmp(app->model.message, "Controls hidden", 15) == 0) {
            app_model_clear_note(&app->model);
            app->note_until = 0;
        }
        break;
    case APP_ACT_CONTRAST:
        app_set_theme(app, app_theme_current() == APP_THEME_HIGH_CONTRAST ? APP_THEME_STANDARD
                                                                          : APP_THEME_HIGH_CONTRAST);
        break;
    case APP_ACT_RECORD: app_record_toggle(app); break;
    case APP_ACT_LESSON_NEXT: app_nav_step(app, 1); break;
    case APP_ACT_LESSON_PREV: app_nav_step(app, -1); break;
    case APP_ACT_LESSON_PICKER: app_nav_picker_toggle(app); break;
    case APP_ACT_GRAPH_TOGGLE:
        m->ls.graph_on = !m->ls.graph_on;
        if (m->ls.graph_on) m->map_on = 0;
        m->revision++;
        break;
    case APP_ACT_GRAPH_NEXT:
        app_lesson_state_next_subject(&m->ls, app_model_shown_count(m));
        m->revision++;
        break;
    case APP_ACT_MAP_TOGGLE:
        m->map_on = !m->map_on;
        if (m->map_on) m->ls.graph_on = 0;
        app->map.hover_ix = app->map.hover_iy = -1;
        m->revision++;
        break;
    case APP_ACT_MAP_METRIC:
        app_mapview_next_metric(&app->map);
        m->revision++;
        break;
    case APP_ACT_MAP_AXES:
        app_mapview_next_axes(&app->map);
        m->revision++;
        break;
    case APP_ACT_MAP_SUGGEST: {
        unsigned shown = m->shown;
        app_mapview_load_suggestion(&app->map, m);
        app->note_until = SDL_GetTicks() + NOTE_MS;
        if (m->shown != shown) relayout(app);
        break;
    }
    case APP_ACT_LOSS_SCALE:
        app_model_cycle_loss_scale(m);
        app->note_until = SDL_GetTicks() + NOTE_MS;
        break;
    case APP_ACT_RESET_LESSON:
        if (app_model_reset_lesson(m)) {
            app->focus = -1;
            app->text_scroll = 0;
            relayout(app);
        }
        app->note_until = SDL_GetTicks() + NOTE_MS;
        break;
    case APP_ACT_EDIT:
        if (app->focus < 0 || !app_controls_applies(m, app->focus)) app->focus = next_focus(app, -1, 1);
        if (app->focus >= 0) edit_start(app, app->focus);
        break;
    case APP_ACT_EDIT_K1: edit_start(app, APP_EDIT_K1); break;
    case APP_ACT_EDIT_ANNEAL: edit_start(app, APP_EDIT_ANNEAL); break;
    case APP_ACT_EDIT_GT:
        if (m->lesson.kind == SL_LESSON_THRESHOLD)
            edit_start(app, APP_EDIT_GT);
        else
            note(app, 0, "Shift+T sets lesson 7's gradient-threshold level: this lesson has none.");
        break;
    case APP_ACT_NONE:
    case APP_ACT_COUNT: break;
    }
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
        relayout(app);
        draw_once(app);
        backed = 1;
    }
    if (backed) {
        note(app, 0, "This is the largest text this window holds: make the window bigger (or full screen) for "
                     "larger text.");
        app->note_largest = 1;
        draw_once(app);
    }
}

static void draw_once(App *app)
{
    app->drops = 0;
    if (app->layout_dirty) relayout(app);
    if (app->drag_pending && app->drag != APP_DRAG_NONE) drag_to(app, app->drag_x);
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
    if (app->show_help) app_panel_help(&ctx);
    app_panel_ctx_end(app, &out);
    if (app->nav.picker_open) app_nav_picker_draw(app);
    app_fc_end(&app->draw.fc);
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

/* A growing memory buffer behind an SDL_RWops: the PNG is encoded in memory, where no
 * write can fail unseen, and written out through app_export, which checks every step. */
typedef struct PngMem {
    unsigned char *data;
    size_t len, cap, pos;
    int failed;
} PngMem;

static size_t SDLCALL png_mem_write(SDL_RWops *rw, const void *p, size_t size, size_t num)
{
    PngMem *m = rw->hidden.unknown.data1;
    if (size == 0 || num == 0) return 0;
    if (num > SIZE_MAX / size || m->pos > SIZE_MAX - size * num) {
        m->failed = 1;
        return 0;
    }
    size_t n = size * num, need = m->pos + n;
    if (need > m->cap) {
        size_t cap = m->cap ? m->cap : 65536;
        while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        unsigned char *d = realloc(m->data, cap);
        if (!d) {
            m->failed = 1;
            return 0;
        }
        m->data = d;
        m->cap = cap;
    }
    if (m->pos > m->len) memset(m->data + m->len, 0, m->pos - m->len); /* a seek past the end */
    memcpy(m->data + m->pos, p, n);
    m->pos += n;
    if (m->pos > m->len) m->len = m->pos;
    return num;
}

static Sint64 SDLCALL png_mem_seek(SDL_RWops *rw, Sint64 offset, int whence)
{
    PngMem *m = rw->hidden.unknown.data1;
    Sint64 base = whence == RW_SEEK_SET ? 0 : whence == RW_SEEK_CUR ? (Sint64)m->pos : (Sint64)m->len;
    if (offset < -base) return SDL_SetError("seek before the start of the PNG");
    m->pos = (size_t)(base + offset);
    return (Sint64)m->pos;
}

static Sint64 SDLCALL png_mem_size(SDL_RWops *rw)
{
    return (Sint64)((PngMem *)rw->hidden.unknown.data1)->len;
}

static size_t SDLCALL png_mem_read(SDL_RWops *rw, void *p, size_t size, size_t num)
{
    (void)rw;
    (void)p;
    (void)size;
    (void)num;
    return 0;
}

static int SDLCALL png_mem_close(SDL_RWops *rw)
{
    SDL_FreeRW(rw);
    return 0;
}

int app_write_png(App *app, AppExport *out, char *err, size_t err_len)
{
    int w = 0, h = 0;
    SDL_Surface *s = NULL;
    PngMem mem = {0};
    int ok = 0;
    if (SDL_GetRendererOutputSize(app->renderer, &w, &h) != 0) {
        snprintf(err, err_len, "cannot read the picture: %s", SDL_GetError());
    } else if (!(s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888))) {
        snprintf(err, err_len, "out of memory for a %dx%d picture", w, h);
    } else if (SDL_RenderReadPixels(app->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        snprintf(err, err_len, "cannot read the picture: %s", SDL_GetError());
    } else {
        SDL_RWops *rw = SDL_AllocRW();
        if (!rw) {
            snprintf(err, err_len, "out of memory encoding the PNG");
        } else {
            rw->type = SDL_RWOPS_UNKNOWN;
            rw->size = png_mem_size;
            rw->seek = png_mem_seek;
            rw->read = png_mem_read;
            rw->write = png_mem_write;
            rw->close = png_mem_close;
            rw->hidden.unknown.data1 = &mem;
            if (IMG_SavePNG_RW(s, rw, 1) != 0 || mem.failed || mem.len == 0)
                snprintf(err, err_len, "cannot encode the picture as PNG: %s", mem.failed ? "out of memory" : IMG_GetError());
            else ok = 1;
        }
    }
    SDL_FreeSurface(s);
    if (ok) {
        app_export_write(out, mem.data, mem.len);
        ok = app_export_commit(out, err, err_len);
    } else {
        app_export_abort(out);
    }
    free(mem.data);
    return ok;
}

int app_save_png(App *app, const char *path, char *err, size_t err_len)
{
    AppExport out;
    if (!app_export_open(&out, path, err, err_len)) return 0;
    return app_write_png(app, &out, err, err_len);
}

void app_take_screenshot(App *app)
{
    char path[512], err[600], msg[700];
    app->want_screenshot = 0;
    if (!app_export_next_name(".", "steplab-screenshot", "png", path, sizeof path)) {
        note(app, 1, "cannot save a screenshot: no free name steplab-screenshot-NNN.png here");
        return;
    }
    if (!app_save_png(app, path, err, sizeof err)) {
        note(app, 1, err);
        return;
    }
    snprintf(msg, sizeof msg, "Saved the screenshot %s", path + 2);
    note(app, 0, msg);
}
