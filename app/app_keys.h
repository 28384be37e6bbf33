/* app_keys.h — the key table: which key does what, and the rows the help overlay
 * shows. Adding a binding here is all a new action needs to be reachable and
 * documented. */
#ifndef APP_KEYS_H
#define APP_KEYS_H

#include <SDL.h>
#include "app_action.h"

typedef struct AppHelpRow {
    const char *keys;  /* how the keys are written on screen ("Space", "[ ]") */
    const char *what;  /* what they do */
} AppHelpRow;

/* The action bound to a key press (APP_ACT_NONE when unbound). */
AppAction app_keys_lookup(SDL_Keycode key, Uint16 mod);
/* The help rows, in display order; *count receives how many. */
const AppHelpRow *app_keys_help(int *count);

#endif
