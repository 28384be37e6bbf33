/* app_lesson_nav.c — next/previous lesson, the picker overlay and loading a lesson into
 * the running App (see app_lesson_nav.h). A new model is built beside the old one and
 * swapped in only when it is complete, so a failure never leaves half a lesson. */
#include "app_lesson_nav.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_lesson_panels.h"
#include "app_ui.h"

void app_nav_init(AppNav *nav, const char *path)
{
    memset(nav, 0, sizeof *nav);
    if (path) snprintf(nav->path, sizeof nav->path, "%s", path);
}

static void list_lessons(AppNav *nav)
{
    if (nav->listed) return;
    app_lessons_list(NULL, &nav->list);
    for (int i = 0; i < nav->list.count; i++) {
        SlLesson *l = malloc(sizeof *l);
        char err[256];
        nav->titles[i][0] = '\0';
        if (l && sl_lesson_load(nav->list.paths[i], l, err, sizeof err) == SL_OK)
            snprintf(nav->titles[i], sizeof nav->titles[i], "%s", l->title);
        free(l);
    }
    nav->listed = 1;
}

int app_nav_open(App *app, const char *path)
{
    char err[400], msg[480];
    SlLesson *lesson = malloc(sizeof *lesson);
    AppModel *fresh = malloc(sizeof *fresh);
    int ok = 0;
    if (!lesson || !fresh) {
        snprintf(msg, sizeof msg, "out of memory opening %s", path);
        app_note(app, 1, msg);
    } else if (sl_lesson_load(path, lesson, err, sizeof err) != SL_OK ||
               app_model_init(fresh, lesson, err, sizeof err) != SL_OK) {
        /* The parser's message names the file and the line. */
        snprintf(msg, sizeof msg, "Lesson not opened: %s", err);
        app_note(app, 1, msg);
    } else {
        app_model_deinit(&app->model);
        app->model = *fresh;  /* the model owns only heap memory: moving the struct is safe */
        snprintf(app->nav.path, sizeof app->nav.path, "%s", path);
        app->drag = APP_DRAG_NONE;
        app->layout_dirty = 1;
        app->text_scroll = 0;
        if (app->model.lesson.high_contrast) app_set_theme(app, APP_THEME_HIGH_CONTRAST);
        app->note_until = 0; /* the new lesson's own message stays */
        ok = 1;
    }
    free(fresh);
    free(lesson);
    return ok;
}

int app_nav_step(App *app, int dir)
{
    AppNav *nav = &app->nav;
    list_lessons(nav);
    if (nav->list.count == 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "No lessons found in %s", app_lessons_dir());
        app_note(app, 1, msg);
        return 0;
    }
    int cur = nav->path[0] ? app_lessons_find(&nav->list, nav->path) : -1;
    int next = cur < 0 ? (dir > 0 ? 0 : nav->list.count - 1) : cur + (dir > 0 ? 1 : -1);
    if (next < 0 || next >= nav->list.count) {
        app_model_note(&app->model, 0, "%s lesson", dir > 0 ? "This is the last" : "This is the first");
        app->note_until = SDL_GetTicks() + 4000u;
        return 0;
    }
    return app_nav_open(app, nav->list.paths[next]);
}

void app_nav_picker_toggle(App *app)
{
    AppNav *nav = &app->nav;
    if (nav->picker_open) {
        nav->picker_open = 0;
        return;
    }
    list_lessons(nav);
    int cur = nav->path[0] ? app_lessons_find(&nav->list, nav->path) : -1;
    nav->picker_sel = cur >= 0 ? cur : 0;
    nav->picker_open = 1;
    app->show_help = 0;
}

static void picker_open_selected(App *app)
{
    AppNav *nav = &app->nav;
    nav->picker_open = 0;
    if (nav->picker_sel >= 0 && nav->picker_sel < nav->list.count) app_nav_open(app, nav->list.paths[nav->picker_sel]);
}

int app_nav_picker_key(App *app, SDL_Keycode key)
{
    AppNav *nav = &app->nav;
    if (!nav->picker_open) return 0;
    int n = nav->list.count;
    switch (key) {
    case SDLK_UP: nav->picker_sel = nav->picker_sel > 0 ? nav->picker_sel - 1 : 0; return 1;
    case SDLK_DOWN: nav->picker_sel = nav->picker_sel + 1 < n ? nav->picker_sel + 1 : nav->picker_sel; return 1;
    case SDLK_HOME:
    case SDLK_PAGEUP: nav->picker_sel = 0; return 1;
    case SDLK_END:
    case SDLK_PAGEDOWN: nav->picker_sel = n > 0 ? n - 1 : 0; return 1;
    case SDLK_RETURN:
    case SDLK_KP_ENTER: picker_open_selected(app); return 1;
    case SDLK_ESCAPE:
    case SDLK_l: nav->picker_open = 0; return 1;
    default: break;
    }
    if (key >= SDLK_1 && key <= SDLK_9 && (int)(key - SDLK_1) < n) {
        nav->picker_sel = (int)(key - SDLK_1);
        picker_open_selected(app);
        return 1;
    }
    return 1;  /* the picker is modal: other keys do nothing while it is open */
}

/* The picker's box and its row rects (shared by drawing and clicking). */
static AppRect picker_box(const AppNav *nav, const AppLayout *L, const AppText *text, int *row_h, int *top)
{
    int bh = app_text_line_height(text, APP_FONT_BODY), th = app_text_line_height(text, APP_FONT_TITLE);
    int pad = L->pad;
    *row_h = bh + pad;
    int n = nav->list.count > 0 ? nav->list.count : 1;
    int w = L->w * 2 / 3, h = th + 3 * pad + n * *row_h + bh + 3 * pad;
    if (h > L->h - 2 * pad) h = L->h - 2 * pad;
    AppRect box = {(L->w - w) / 2, (L->h - h) / 2, w, h};
    *top = box.y + 2 * pad + th + pad;
    return box;
}

void app_nav_picker_click(App *app, float x, float y)
{
    int row_h, top;
    AppRect box = picker_box(&app->nav, &app->layout, app->text, &row_h, &top);
    for (int i = 0; i < app->nav.list.count; i++) {
        AppRect row = {box.x + app->layout.pad, top + i * row_h, box.w - 2 * app->layout.pad, row_h};
        if (app_rect_contains(row, x, y)) {
            app->nav.picker_sel = i;
            picker_open_selected(app);
            return;
        }
    }
    app->nav.picker_open = 0;
}

void app_nav_picker_draw(const AppNav *nav, const AppLayout *L, AppDraw *d, AppText *text)
{
    int pad = L->pad, row_h, top;
    app_draw_fill_rect(d, (AppRect){0, 0, L->w, L->h}, app_theme_color(APP_COL_VEIL));
    AppRect box = picker_box(nav, L, text, &row_h, &top);
    app_draw_round_rect(d, box, 10.0f, app_theme_color(APP_COL_PANEL));
    int x = box.x + 3 * pad;
    app_text_draw(text, APP_FONT_TITLE, "Lessons", (float)x, (float)(box.y + 2 * pad),
                  app_theme_color(APP_COL_TEXT), APP_ALIGN_LEFT);
    int bh = app_text_line_height(text, APP_FONT_BODY), sh = app_text_line_height(text, APP_FONT_SMALL);
    int cur = nav->path[0] ? app_lessons_find(&nav->list, nav->path) : -1;
    if (nav->list.count == 0)
        app_text_draw_fit(text, APP_FONT_BODY, "No lesson files found.", (float)x, (float)top,
                          (float)(box.w - 6 * pad), app_theme_color(APP_COL_ERROR));
    for (int i = 0; i < nav->list.count; i++) {
        int y = top + i * row_h;
        if (y + row_h > box.y + box.h - sh - pad) break;
        AppRect row = {box.x + pad, y, box.w - 2 * pad, row_h};
        if (i == nav->picker_sel) app_draw_round_rect(d, row, 5.0f, app_theme_badge_fill(SL_GRAD_VALUE));
        char num[16], line[600];
        snprintf(num, sizeof num, "%d", i + 1);
        float ty = (float)y + (float)(row_h - bh) * 0.5f;
        app_text_draw(text, APP_FONT_BOLD, num, (float)x, ty, app_theme_color(APP_COL_ACCENT), APP_ALIGN_LEFT);
        const char *base = strrchr(nav->list.paths[i], '/');
        base = base ? base + 1 : nav->list.paths[i];
        if (nav->titles[i][0])
            snprintf(line, sizeof line, "%s%s", nav->titles[i], i == cur ? "   (open now)" : "");
        else
            snprintf(line, sizeof line, "%s: does not parse", base);
        app_text_draw_fit(text, i == nav->picker_sel ? APP_FONT_BOLD : APP_FONT_BODY, line,
                          (float)(x + 3 * pad), ty, (float)(box.w * 3 / 5),
                          nav->titles[i][0] ? app_theme_color(APP_COL_TEXT) : app_theme_color(APP_COL_ERROR));
        app_text_draw_fit(text, APP_FONT_SMALL, base, (float)(x + 3 * pad + box.w * 3 / 5 + pad),
                          (float)y + (float)(row_h - sh) * 0.5f, (float)(box.w * 2 / 5 - 7 * pad),
                          app_theme_color(APP_COL_MUTED));
    }
    app_text_draw(text, APP_FONT_SMALL, "\xe2\x86\x91 \xe2\x86\x93 choose   Enter open   1\xe2\x80\xa6" "9 open   Esc close",
                  (float)(box.x + box.w - 3 * pad), (float)(box.y + box.h - pad - sh), app_theme_color(APP_COL_MUTED),
                  APP_ALIGN_RIGHT);
}
