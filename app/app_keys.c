/* app_keys.c — key bindings and help rows (see app_keys.h). */
#include "app_keys.h"

typedef struct Binding {
    SDL_Keycode key;
    int shift;  /* 1: needs Shift, 0: without Shift, -1: either */
    AppAction action;
} Binding;

static const Binding k_bindings[] = {
    {SDLK_SPACE, -1, APP_ACT_PLAY_TOGGLE},
    {SDLK_RIGHT, -1, APP_ACT_STEP},
    {SDLK_LEFT, -1, APP_ACT_BACK},
    {SDLK_r, 0, APP_ACT_RESET},
    {SDLK_r, 1, APP_ACT_RESET_LESSON},
    {SDLK_RIGHTBRACKET, -1, APP_ACT_STEEPER},
    {SDLK_LEFTBRACKET, -1, APP_ACT_SOFTER},
    {SDLK_EQUALS, -1, APP_ACT_LR_UP},
    {SDLK_PLUS, -1, APP_ACT_LR_UP},
    {SDLK_KP_PLUS, -1, APP_ACT_LR_UP},
    {SDLK_MINUS, -1, APP_ACT_LR_DOWN},
    {SDLK_KP_MINUS, -1, APP_ACT_LR_DOWN},
    {SDLK_1, 0, APP_ACT_FAMILY_1},
    {SDLK_2, 0, APP_ACT_FAMILY_2},
    {SDLK_3, 0, APP_ACT_FAMILY_3},
    {SDLK_4, 0, APP_ACT_FAMILY_4},
    {SDLK_5, 0, APP_ACT_FAMILY_5},
    {SDLK_KP_1, -1, APP_ACT_FAMILY_1},
    {SDLK_KP_2, -1, APP_ACT_FAMILY_2},
    {SDLK_KP_3, -1, APP_ACT_FAMILY_3},
    {SDLK_KP_4, -1, APP_ACT_FAMILY_4},
    {SDLK_KP_5, -1, APP_ACT_FAMILY_5},
    {SDLK_o, -1, APP_ACT_OPT_CYCLE},
    {SDLK_a, 0, APP_ACT_ANNEAL_CYCLE},
    {SDLK_a, 1, APP_ACT_EDIT_ANNEAL},
    {SDLK_k, 1, APP_ACT_EDIT_K1},
    {SDLK_t, 1, APP_ACT_EDIT_GT},
    {SDLK_y, -1, APP_ACT_LOSS_SCALE},
    {SDLK_RETURN, -1, APP_ACT_EDIT},
    {SDLK_KP_ENTER, -1, APP_ACT_EDIT},
    {SDLK_PERIOD, -1, APP_ACT_PAGE_NEXT},
    {SDLK_COMMA, -1, APP_ACT_PAGE_PREV},
    {SDLK_TAB, 0, APP_ACT_FOCUS_NEXT},
    {SDLK_TAB, 1, APP_ACT_FOCUS_PREV},
    {SDLK_UP, 0, APP_ACT_FOCUS_INC},
    {SDLK_DOWN, 0, APP_ACT_FOCUS_DEC},
    {SDLK_UP, 1, APP_ACT_SCROLL_UP},
    {SDLK_DOWN, 1, APP_ACT_SCROLL_DOWN},
    {SDLK_F2, -1, APP_ACT_SCALE_DOWN},
    {SDLK_F3, -1, APP_ACT_SCALE_UP},
    {SDLK_s, -1, APP_ACT_SCREENSHOT},
    {SDLK_e, -1, APP_ACT_EXPORT},
    {SDLK_F1, -1, APP_ACT_HELP},
    {SDLK_SLASH, 1, APP_ACT_HELP},
    {SDLK_QUESTION, -1, APP_ACT_HELP},
    {SDLK_q, -1, APP_ACT_QUIT},
    {SDLK_ESCAPE, -1, APP_ACT_ESCAPE},
    {SDLK_PAGEDOWN, -1, APP_ACT_PAGE_FORWARD},
    {SDLK_PAGEUP, -1, APP_ACT_PAGE_BACK},
    {SDLK_n, -1, APP_ACT_LESSON_NEXT},
    {SDLK_p, -1, APP_ACT_LESSON_PREV},
    {SDLK_F11, -1, APP_ACT_FULLSCREEN},
    {SDLK_h, -1, APP_ACT_HIDE_CONTROLS},
    {SDLK_F4, -1, APP_ACT_CONTRAST},
    {SDLK_v, -1, APP_ACT_RECORD},
    {SDLK_l, -1, APP_ACT_LESSON_PICKER},
    {SDLK_g, -1, APP_ACT_GRAPH_TOGGLE},
    {SDLK_c, -1, APP_ACT_GRAPH_NEXT},
    {SDLK_m, 0, APP_ACT_MAP_TOGGLE},
    {SDLK_m, 1, APP_ACT_MAP_METRIC},
    {SDLK_x, -1, APP_ACT_MAP_AXES},
    {SDLK_u, -1, APP_ACT_MAP_SUGGEST},
};

static const AppHelpRow k_help[] = {
    {"Space", "play / pause training"},
    {"\xe2\x86\x92  \xe2\x86\x90", "one step / step back"},
    {"r  \xe2\x87\xa7R", "reset to t0 (only r resets training); the whole lesson"},
    {"]  [", "steeper / softer: k \xc3\x97" "2 and w \xc3\xb7" "2, or back"},
    {"+  \xe2\x88\x92", "learning rate \xc3\x97" "2 / \xc3\xb7" "2"},
    {"1 \xe2\x80\xa6 5", "show / hide hard, logistic, smoothstep, hardsigmoid, ste"},
    {"o", "next optimizer (sgd, momentum, adam)"},
    {"a", "annealing of k: constant, linear, geometric"},
    {"\xe2\x87\xa7K \xe2\x87\xa7" "A \xe2\x87\xa7T", "type annealing's end k1, the run's steps; lesson 7's |g| level"},
    {"y", "loss plot: automatic, log or linear scale"},
    {"PgDn  PgUp", "rest of the page, then the next page (a clicker)"},
    {".  ,", "next / previous page of the lesson text"},
    {"\xe2\x87\xa7\xe2\x86\x93  \xe2\x87\xa7\xe2\x86\x91", "scroll the lesson text"},
    {"n  p", "next / previous lesson"},
    {"L", "the lesson picker: every lesson, \xe2\x86\x91 \xe2\x86\x93 and Enter"},
    {"g  c", "graph view on / off; c: its next family, case or form"},
    {"m  \xe2\x87\xa7M x u", "(k, lr) map: a run per cell; its colour, axes; its suggestion"},
    {"Tab  \xe2\x87\xa7Tab", "focus the next / previous slider"},
    {"\xe2\x86\x91 \xe2\x86\x93 Enter", "focused slider to round values; Enter: type a value"},
    {"mouse", "drag t (top markers), t* (bottom), sliders; click legend"},
    {"wheel", "scroll the lesson text (over the Explanation panel)"},
    {"F3  F2", "text and lines larger / smaller"},
    {"F4", "high contrast for washed-out projectors"},
    {"F11  h", "full screen; hide / show the controls"},
    {"s", "screenshot (PNG in the current folder)"},
    {"v", "record the run from this step as a GIF; v again stops"},
    {"e", "export the training history (CSV), here"},
    {"F1  ?", "this help"},
    {"Esc", "close this help or the picker, leave full screen"},
    {"q", "quit"},
};

AppAction app_keys_lookup(SDL_Keycode key, Uint16 mod)
{
    int shift = (mod & KMOD_SHIFT) != 0;
    for (size_t i = 0; i < sizeof k_bindings / sizeof k_bindings[0]; i++) {
        const Binding *b = &k_bindings[i];
        if (b->key == key && (b->shift < 0 || b->shift == shift)) return b->action;
    }
    return APP_ACT_NONE;
}

const AppHelpRow *app_keys_help(int *count)
{
    *count = (int)(sizeof k_help / sizeof k_help[0]);
    return k_help;
}
