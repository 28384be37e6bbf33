/* app_edit.c — typing a value: Enter on a slider (or K, A, Shift+T for the fields no
 * slider shows) opens a field; digits, '.', '-', 'e' and Backspace edit it; Enter sets
 * it through the model, which clamps, and a value the field cannot take leaves a note
 * saying why. */
#include "app_edit.h"

#include <stdio.h>
#include <string.h>

#include "app_ui.h"
#include "sl_parse.h"
#include "sl_settings.h"

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

void app_edit_start(App *app, int e)
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
            app_note(app, 1, msg);
            return;
        }
        app_model_set_run_steps(m, (int)n);
        app_note_hold(app);
        return;
    }
    /* The field's lesson setting parses and ranges the value, in the words the command
     * line and the lesson files use ("k must be a finite number > 0, got '1e39'"). */
    static const char *const keys[APP_SLIDER_COUNT] = {
        [APP_CTRL_K] = "k", [APP_CTRL_W] = "width", [APP_CTRL_LR] = "lr",
        [APP_CTRL_T0] = "t", [APP_CTRL_TARGET] = "target", [APP_CTRL_N] = "n"};
    const char *key = e >= 0 && e < APP_SLIDER_COUNT ? keys[e] : e == APP_EDIT_K1 ? "k1" : "grad_threshold";
    const SlSetting *row = sl_setting_by_key(key);
    static SlLesson scratch; /* large (its pages): off the stack */
    char msg[400];
    if (row && sl_setting_set(row, key, app->edit_buf, &scratch, msg, sizeof msg) != SL_OK) {
        app_note(app, 1, msg);
        return;
    }
    if (!sl_parse_float(app->edit_buf, &v)) { /* not reached: the setting took it */
        snprintf(msg, sizeof msg, "not a number: '%s'", app->edit_buf);
        app_note(app, 1, msg);
        return;
    }
    if (e >= 0 && e < APP_SLIDER_COUNT) {
        AppSliderSpec s = app_controls_slider_spec(m, e);
        if (app_controls_set_slider(m, e, v) && app_slider_clamp(&s, v) != v) {
            char a[24], b[24];
            app_format_value((double)s.lo, 4, a, sizeof a);
            app_format_value((double)s.hi, 4, b, sizeof b);
            snprintf(msg, sizeof msg, "%s goes from %s to %s: %s is set to the nearest", s.label, a, b, app->edit_buf);
            app_note(app, 0, msg);
        }
        return;
    }
    if (e == APP_EDIT_K1) app_model_set_k1(m, v);
    if (e == APP_EDIT_GT) app_model_set_grad_level(m, v);
    app_note_hold(app);
}

/* A key while a value is being typed: digits, '.', '-', 'e', Backspace; Enter sets,
 * Esc cancels. Every other key is swallowed, so typing never toggles a family. */
void app_edit_key(App *app, SDL_Keycode key)
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
