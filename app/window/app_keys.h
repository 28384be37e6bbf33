/* app_keys.h — the key table: each row of the help overlay with the key presses it
 * describes, so a binding cannot exist without its help row. Adding a key is one press
 * in a row (or one row); the README's key table is checked against these rows. */
#ifndef APP_KEYS_H
#define APP_KEYS_H

#include <SDL.h>
#include "app_action.h"

#define APP_KEYS_PER_ROW 12

typedef struct AppKeyPress {
    SDL_Keycode key;   /* 0 ends a row's presses */
    int shift;         /* 1: needs Shift, 0: without Shift, -1: either */
    AppAction action;
} AppKeyPress;

typedef struct AppHelpRow {
    const char *keys;  /* how the keys are written on screen ("Space", "[ ]") */
    const char *what;  /* what they do */
    AppKeyPress press[APP_KEYS_PER_ROW];  /* the presses the row describes; none for the mouse rows */
} AppHelpRow;

/* The action bound to a key press (APP_ACT_NONE when unbound). */
AppAction app_keys_lookup(SDL_Keycode key, Uint16 mod);
/* The help rows, in display order, each with its presses; *count receives how many. */
const AppHelpRow *app_keys_help(int *count);

#endif
