/* app_action.h — everything a person can ask of the window, independent of the key,
 * button or click that asked for it. Keys map to actions through the table in
 * app_keys.c (the rows the help overlay lists), buttons through app_input.c;
 * app_action.c does them. */
#ifndef APP_ACTION_H
#define APP_ACTION_H

typedef enum AppAction {
    APP_ACT_NONE = 0,
    APP_ACT_PLAY_TOGGLE,
    APP_ACT_STEP,
    APP_ACT_BACK,
    APP_ACT_RESET,
    APP_ACT_STEEPER,         /* k x2, w /2 */
    APP_ACT_SOFTER,          /* k /2, w x2 */
    APP_ACT_LR_UP,
    APP_ACT_LR_DOWN,
    APP_ACT_FAMILY_1,        /* show/hide family 0 (hard) ... */
    APP_ACT_FAMILY_2,
    APP_ACT_FAMILY_3,
    APP_ACT_FAMILY_4,
    APP_ACT_FAMILY_5,        /* ... family 4 (ste) */
    APP_ACT_OPT_CYCLE,
    APP_ACT_ANNEAL_CYCLE,
    APP_ACT_PAGE_NEXT,       /* lesson text */
    APP_ACT_PAGE_PREV,
    APP_ACT_FOCUS_NEXT,      /* keyboard focus over the sliders */
    APP_ACT_FOCUS_PREV,
    APP_ACT_FOCUS_INC,
    APP_ACT_FOCUS_DEC,
    APP_ACT_SCALE_UP,        /* presentation scale */
    APP_ACT_SCALE_DOWN,
    APP_ACT_SCREENSHOT,
    APP_ACT_EXPORT,
    APP_ACT_HELP,
    APP_ACT_QUIT,
    APP_ACT_LESSON_NEXT,     /* the next lesson file (PageDown / n) */
    APP_ACT_LESSON_PREV,     /* the previous lesson file (PageUp / p) */
    APP_ACT_LESSON_PICKER,   /* the lesson picker overlay (L) */
    APP_ACT_GRAPH_TOGGLE,    /* the graph view (g) */
    APP_ACT_GRAPH_NEXT,      /* the graph's (and lesson 6's) next subject: family, case, form (c) */
    APP_ACT_MAP_TOGGLE,      /* the steepness map view (m) */
    APP_ACT_MAP_METRIC,      /* the map's next colour: |t - t*|, steps, gap, verdict (Shift+M) */
    APP_ACT_MAP_AXES,        /* the map's next axes: k x lr, k x t0, w x lr (x) */
    APP_ACT_MAP_SUGGEST,     /* load the map's suggested cell (u: use it) */
    APP_ACT_LOSS_SCALE,      /* the loss plot's y axis: auto, log, linear (y) */
    APP_ACT_RESET_LESSON,    /* the lesson as its file sets it up: every setting and t (Shift+R) */
    APP_ACT_EDIT,            /* type a value into the focused slider (Enter) */
    APP_ACT_EDIT_K1,         /* type the end k of annealing (Shift+K) */
    APP_ACT_EDIT_ANNEAL,     /* type the run's length in steps, annealing's too (Shift+A) */
    APP_ACT_EDIT_GT,         /* type lesson 7's gradient-threshold level (Shift+T) */
    APP_ACT_PAGE_FORWARD,    /* a presenter's clicker (PageDown): the rest of the page, then the next page */
    APP_ACT_PAGE_BACK,       /* PageUp: back up the page, then the previous page */
    APP_ACT_SCROLL_DOWN,     /* the lesson text, three lines (Shift+Down) */
    APP_ACT_SCROLL_UP,
    APP_ACT_FULLSCREEN,      /* F11 */
    APP_ACT_HIDE_CONTROLS,   /* h: the sliders and buttons go, the panels get their room */
    APP_ACT_CONTRAST,        /* F4: the high-contrast theme on / off */
    APP_ACT_RECORD,          /* v: record the run from this step as an animated GIF, or stop */
    APP_ACT_ESCAPE,          /* Esc: closes an overlay, leaves full screen; never quits */
    APP_ACT_COUNT
} AppAction;

typedef struct App App;

/* Performs one action, whatever asked for it (app_action.c). */
void app_do(App *app, AppAction action);

#endif
