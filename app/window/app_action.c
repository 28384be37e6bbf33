/* app_action.c — what each action does, whatever asked for it (a key, a button, a
 * click on the legend): one switch over AppAction. An action that has nothing to act
 * on in this lesson's view does nothing and a note says what does. */
#include "app_action.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "app_edit.h"
#include "app_save.h"
#include "app_ui.h"

/* Whether action a has anything to act on in this lesson's view; if not, a note says
 * what does. */
static int action_applies(App *app, AppAction a)
{
    int map_action = a == APP_ACT_MAP_TOGGLE || a == APP_ACT_MAP_METRIC || a == APP_ACT_MAP_AXES ||
                     a == APP_ACT_MAP_SUGGEST;
    if (map_action && app->model.lesson.kind != SL_LESSON_TASK) {
        app_note(app, 0, "The steepness map belongs to the lessons about one learnable step (1 to 5 and 9).");
        return 0;
    }
    if (map_action && a != APP_ACT_MAP_TOGGLE && !app_map_shown(app)) {
        app_note(app, 0, "Shift+M, x and u work on the steepness map: press m to show it.");
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
        app_note(app, 0, "Nothing trains in this lesson: c shows the next case, g its graph, n the next lesson.");
        return 0;
    default: return 1;
    }
}

/* Scrolls the lesson text by dy pixels, within [0, text_scroll_max]. */
/* A page was turned: where no panel shows the lesson text (the graph view), say so, or
 * a clicker would turn pages nobody sees. */
static void page_turned(App *app)
{
    app->text_scroll = 0;
    if (!app->model.ls.graph_on) return;
    char msg[160];
    snprintf(msg, sizeof msg, "Page %d/%d: the lesson text shows outside the graph view (g).", app->model.page + 1,
             app->model.lesson.page_count);
    app_note(app, 0, msg);
}

static void scroll_text(App *app, int dy)
{
    int v = app->text_scroll + dy;
    app->text_scroll = v < 0 ? 0 : v > app->text_scroll_max ? app->text_scroll_max : v;
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

void app_do(App *app, AppAction a)
{
    assert(app && (unsigned)a < APP_ACT_COUNT);
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
            app_relayout(app);
        else
            app_note_hold(app);
        break;
    case APP_ACT_OPT_CYCLE:
        app_model_cycle_optimizer(m);
        app_note_hold(app);
        break;
    case APP_ACT_ANNEAL_CYCLE:
        app_model_cycle_anneal(m);
        app_note_hold(app);
        break;
    case APP_ACT_PAGE_NEXT:
        app_model_page(m, 1);
        page_turned(app);
        break;
    case APP_ACT_PAGE_PREV:
        app_model_page(m, -1);
        page_turned(app);
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
            app_note_largest(app);
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
        app_relayout(app);
        break;
    }
    case APP_ACT_SCREENSHOT: app->want_screenshot = 1; break;
    case APP_ACT_EXPORT: app_export_history(app); break;
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
            app_note(app, 0, "Esc does not quit: press q to quit.");
        }
        break;
    case APP_ACT_PAGE_FORWARD:
    case APP_ACT_PAGE_BACK: {
        /* A clicker has only these two keys: first the rest of the page, then the next. */
        int fwd = a == APP_ACT_PAGE_FORWARD, line = app->layout.m.body_h;
        int view = app->text_view_h > 2 * line ? app->text_view_h - line : line;
        if ((fwd && app->text_scroll < app->text_scroll_max) || (!fwd && app->text_scroll > 0)) {
            scroll_text(app, fwd ? view : -view);
        } else {
            int before = m->page;
            app_model_page(m, fwd ? 1 : -1);
            if (m->page == before)
                app_note(app, 0, fwd ? "This is the last page: n opens the next lesson."
                                 : "This is the first page: p opens the previous lesson.");
            else
                page_turned(app);
            app->text_scroll = 0;
        }
        break;
    }
    case APP_ACT_SCROLL_DOWN:
    case APP_ACT_SCROLL_UP: scroll_text(app, (a == APP_ACT_SCROLL_DOWN ? 3 : -3) * app->layout.m.body_h); break;
    case APP_ACT_FULLSCREEN:
        if (!app->window) break;
        SDL_SetWindowFullscreen(app->window, (SDL_GetWindowFlags(app->window) & SDL_WINDOW_FULLSCREEN)
                                                 ? 0u : (Uint32)SDL_WINDOW_FULLSCREEN_DESKTOP);
        break;
    case APP_ACT_HIDE_CONTROLS:
        app->hide_controls = !app->hide_controls;
        if (app->focus >= 0 && app->hide_controls) app->focus = -1;
        app_relayout(app);
        if (app->hide_controls) {
            app_note(app, 0, "Controls hidden: h shows them again (the keys still work).");
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
        app_note_hold(app);
        if (m->shown != shown) app_relayout(app);
        break;
    }
    case APP_ACT_LOSS_SCALE:
        app_model_cycle_loss_scale(m);
        app_note_hold(app);
        break;
    case APP_ACT_RESET_LESSON:
        if (app_model_reset_lesson(m)) {
            app->focus = -1;
            app->text_scroll = 0;
            app_relayout(app);
        }
        app_note_hold(app);
        break;
    case APP_ACT_EDIT:
        if (app->focus < 0 || !app_controls_applies(m, app->focus)) app->focus = next_focus(app, -1, 1);
        if (app->focus >= 0) app_edit_start(app, app->focus);
        break;
    case APP_ACT_EDIT_K1: app_edit_start(app, APP_EDIT_K1); break;
    case APP_ACT_EDIT_ANNEAL: app_edit_start(app, APP_EDIT_ANNEAL); break;
    case APP_ACT_EDIT_GT:
        if (m->lesson.kind == SL_LESSON_THRESHOLD)
            app_edit_start(app, APP_EDIT_GT);
        else
            app_note(app, 0, "Shift+T sets lesson 7's gradient-threshold level: this lesson has none.");
        break;
    case APP_ACT_NONE:
    case APP_ACT_COUNT: break;
    }
}
