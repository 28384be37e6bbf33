/* app_input.c — SDL events become actions and model calls: keys (through the table in
 * app_keys.c), clicks on buttons, legend and map, drags of t, t* and the sliders, the
 * wheel, resizes. Mouse positions arrive in window coordinates and are scaled to
 * drawable pixels (HiDPI) here, once. */
#include "app_input.h"

#include <math.h>

#include "app_edit.h"
#include "app_keys.h"
#include "app_panels.h"
#include "app_ui.h"

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

void app_drag_to(App *app, float x)
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
        app_drag_to(app, x);
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
            app_note_hold(app);
        if (app->model.shown != shown) app_relayout(app);
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
        app_drag_to(app, x);
    }
}

void app_handle_event(App *app, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT: app->quit = 1; break;
    case SDL_KEYDOWN: {
        if (app->nav.picker_open && app_nav_picker_key(app, ev->key.keysym.sym)) break;
        if (app->edit >= 0) {
            app_edit_key(app, ev->key.keysym.sym);
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
        if (app->drag != APP_DRAG_NONE) app_drag_to(app, (float)ev->button.x * app->mouse_sx);
        app->drag = APP_DRAG_NONE;
        app->drag_pending = 0;
        break;
    case SDL_MOUSEWHEEL: {
        float wx = (float)ev->wheel.mouseX * app->mouse_sx, wy = (float)ev->wheel.mouseY * app->mouse_sy;
        if (app_layout_hit_slot(&app->layout, wx, wy) == APP_SLOT_SIDE_BOTTOM && ev->wheel.y != 0) {
            app_do(app, ev->wheel.y > 0 ? APP_ACT_SCROLL_UP : APP_ACT_SCROLL_DOWN); /* one notch, three lines */
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
