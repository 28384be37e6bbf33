/* app_edit.h — typing a value into a slider or a field no slider shows (k1, the run's
 * length, lesson 7's gradient-threshold level): app->edit says which, app->edit_buf
 * holds what has been typed. */
#ifndef APP_EDIT_H
#define APP_EDIT_H

#include <stddef.h>
#include <SDL.h>

typedef struct App App;

/* Opens field e (a slider, or APP_EDIT_K1 .. APP_EDIT_GT) for typing, empty. */
void app_edit_start(App *app, int e);
/* A key while a value is being typed; every key is swallowed, Enter sets, Esc cancels. */
void app_edit_key(App *app, SDL_Keycode key);
/* The name of typed field e ("t*", "k1", ...) and its current value as text. */
const char *app_edit_label(const App *app, int e, char *value, size_t len);

#endif
