/* app_lesson_nav.h — moving between lessons in the window: next/previous lesson, the
 * lesson picker overlay (L), and loading a lesson file into the running App. A lesson
 * that fails to load leaves the current one in place and puts the parser's
 * line-numbered message on screen. */
#ifndef APP_LESSON_NAV_H
#define APP_LESSON_NAV_H

#include <SDL.h>
#include "app_draw.h"
#include "app_layout.h"
#include "app_lessons.h"
#include "app_text.h"
#include "sl_lesson.h"

struct App;

typedef struct AppNav {
    char path[APP_LESSON_PATH_MAX];   /* the current lesson's file ("" for the built-in one) */
    AppLessonList list;               /* the shipped lessons, listed when first needed */
    char titles[APP_LESSONS_MAX][SL_LESSON_TITLE_MAX];  /* "" when the file did not parse */
    int listed;
    int picker_open;
    int picker_sel;                   /* highlighted row of the picker */
} AppNav;

/* Remembers where the current lesson came from (path may be NULL or ""). */
void app_nav_init(AppNav *nav, const char *path);

/* Loads path and makes it the App's lesson (trainers and lesson state start afresh).
 * Returns 1; or 0 with the error shown as the App's note, the current lesson kept. */
int app_nav_open(struct App *app, const char *path);
/* Opens the next (dir > 0) or previous lesson of the shipped list. Returns 1 if one opened. */
int app_nav_step(struct App *app, int dir);

/* Opens or closes the picker (listing the lessons and their titles when opening). */
void app_nav_picker_toggle(struct App *app);
/* A key while the picker is open: Up/Down/PageUp/PageDown/Home/End move, Enter opens,
 * Esc or L closes. Returns 1 when the picker used the key. */
int app_nav_picker_key(struct App *app, SDL_Keycode key);
/* A click while the picker is open: a row opens that lesson, elsewhere closes it. */
void app_nav_picker_click(struct App *app, float x, float y);
/* Draws the picker over everything; like the panels, it only reads the navigator. */
void app_nav_picker_draw(const AppNav *nav, const AppLayout *layout, AppDraw *d, AppText *text);

#endif
