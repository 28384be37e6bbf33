/* app_input.h — SDL events into the window: keys, mouse, wheel, resize and quit become
 * actions (app_action.h) and model calls. Also the hit-test geometry of the mask plot,
 * which tests use to aim their clicks. */
#ifndef APP_INPUT_H
#define APP_INPUT_H

#include <SDL.h>
#include "app_map.h"

typedef struct App App;

/* Handles one SDL event (keys, mouse, resize, quit). */
void app_handle_event(App *app, const SDL_Event *ev);
/* Moves what the current drag holds (t, t*, a slider) to drawable column x. */
void app_drag_to(App *app, float x);

/* Screen position of the t marker of family f and of the t* marker (for tests and
 * hit tests): the column and a y inside the marker strip. */
void app_t_marker_pos(const App *app, int f, float *x, float *y);
void app_target_marker_pos(const App *app, float *x, float *y);
/* The axes of the mask panel's plot (x: position, y: mask value). */
void app_mask_axes(const App *app, AppAxis *x, AppAxis *y);

#endif
