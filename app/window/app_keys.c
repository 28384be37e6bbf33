/* app_keys.c — the key table (see app_keys.h): one row per line of the help overlay,
 * holding the presses it describes. The lookup reads the same rows, so every binding
 * is listed and every listed key is bound (tests/app/test_app_keys.c). */
#include "app_keys.h"

#define ANY (-1)
#define SHIFT 1
#define NO_SHIFT 0

static const AppHelpRow k_rows[] = {
    {"Space", "play / pause training", {{SDLK_SPACE, ANY, APP_ACT_PLAY_TOGGLE}}},
    {"\xe2\x86\x92  \xe2\x86\x90", "one step / step back", {{SDLK_RIGHT, ANY, APP_ACT_STEP}, {SDLK_LEFT, ANY, APP_ACT_BACK}}},
    {"r  \xe2\x87\xa7R", "reset to t0 (only r resets training); the whole lesson", {{SDLK_r, NO_SHIFT, APP_ACT_RESET}, {SDLK_r, SHIFT, APP_ACT_RESET_LESSON}}},
    {"]  [", "steeper / softer: k \xc3\x97" "2 and w \xc3\xb7" "2, or back", {{SDLK_RIGHTBRACKET, ANY, APP_ACT_STEEPER}, {SDLK_LEFTBRACKET, ANY, APP_ACT_SOFTER}}},
    {"+  \xe2\x88\x92", "learning rate \xc3\x97" "2 / \xc3\xb7" "2",
     {{SDLK_EQUALS, ANY, APP_ACT_LR_UP}, {SDLK_PLUS, ANY, APP_ACT_LR_UP}, {SDLK_KP_PLUS, ANY, APP_ACT_LR_UP},
      {SDLK_MINUS, ANY, APP_ACT_LR_DOWN}, {SDLK_KP_MINUS, ANY, APP_ACT_LR_DOWN}}},
    {"1 \xe2\x80\xa6 5", "show / hide hard, logistic, smoothstep, hardsigmoid, ste",
     {{SDLK_1, NO_SHIFT, APP_ACT_FAMILY_1}, {SDLK_2, NO_SHIFT, APP_ACT_FAMILY_2}, {SDLK_3, NO_SHIFT, APP_ACT_FAMILY_3},
      {SDLK_4, NO_SHIFT, APP_ACT_FAMILY_4}, {SDLK_5, NO_SHIFT, APP_ACT_FAMILY_5}, {SDLK_KP_1, ANY, APP_ACT_FAMILY_1},
      {SDLK_KP_2, ANY, APP_ACT_FAMILY_2}, {SDLK_KP_3, ANY, APP_ACT_FAMILY_3}, {SDLK_KP_4, ANY, APP_ACT_FAMILY_4},
      {SDLK_KP_5, ANY, APP_ACT_FAMILY_5}}},
    {"o", "next optimizer (sgd, momentum, adam)", {{SDLK_o, ANY, APP_ACT_OPT_CYCLE}}},
    {"a", "annealing of k: constant, linear, geometric", {{SDLK_a, NO_SHIFT, APP_ACT_ANNEAL_CYCLE}}},
    {"\xe2\x87\xa7K \xe2\x87\xa7" "A \xe2\x87\xa7T", "type annealing's end k1, the run's steps; lesson 7's |g| level",
     {{SDLK_k, SHIFT, APP_ACT_EDIT_K1}, {SDLK_a, SHIFT, APP_ACT_EDIT_ANNEAL}, {SDLK_t, SHIFT, APP_ACT_EDIT_GT}}},
    {"y", "loss plot: automatic, log or linear scale", {{SDLK_y, ANY, APP_ACT_LOSS_SCALE}}},
    {"PgDn  PgUp", "rest of the page, then the next page (a clicker)", {{SDLK_PAGEDOWN, ANY, APP_ACT_PAGE_FORWARD}, {SDLK_PAGEUP, ANY, APP_ACT_PAGE_BACK}}},
    {".  ,", "next / previous page of the lesson text", {{SDLK_PERIOD, ANY, APP_ACT_PAGE_NEXT}, {SDLK_COMMA, ANY, APP_ACT_PAGE_PREV}}},
    {"\xe2\x87\xa7\xe2\x86\x93  \xe2\x87\xa7\xe2\x86\x91", "scroll the lesson text", {{SDLK_DOWN, SHIFT, APP_ACT_SCROLL_DOWN}, {SDLK_UP, SHIFT, APP_ACT_SCROLL_UP}}},
    {"n  p", "next / previous lesson", {{SDLK_n, ANY, APP_ACT_LESSON_NEXT}, {SDLK_p, ANY, APP_ACT_LESSON_PREV}}},
    {"L", "the lesson picker: every lesson, \xe2\x86\x91 \xe2\x86\x93 and Enter", {{SDLK_l, ANY, APP_ACT_LESSON_PICKER}}},
    {"g  c", "graph view on / off; c: its next family, case or form", {{SDLK_g, ANY, APP_ACT_GRAPH_TOGGLE}, {SDLK_c, ANY, APP_ACT_GRAPH_NEXT}}},
    {"m  \xe2\x87\xa7M x u", "(k, lr) map: a run per cell; its colour, axes; its suggestion",
     {{SDLK_m, NO_SHIFT, APP_ACT_MAP_TOGGLE}, {SDLK_m, SHIFT, APP_ACT_MAP_METRIC}, {SDLK_x, ANY, APP_ACT_MAP_AXES},
      {SDLK_u, ANY, APP_ACT_MAP_SUGGEST}}},
    {"Tab  \xe2\x87\xa7Tab", "focus the next / previous slider", {{SDLK_TAB, NO_SHIFT, APP_ACT_FOCUS_NEXT}, {SDLK_TAB, SHIFT, APP_ACT_FOCUS_PREV}}},
    {"\xe2\x86\x91 \xe2\x86\x93 Enter", "focused slider to round values; Enter: type a value",
     {{SDLK_UP, NO_SHIFT, APP_ACT_FOCUS_INC}, {SDLK_DOWN, NO_SHIFT, APP_ACT_FOCUS_DEC}, {SDLK_RETURN, ANY, APP_ACT_EDIT},
      {SDLK_KP_ENTER, ANY, APP_ACT_EDIT}}},
    {"mouse", "drag t (top markers), t* (bottom), sliders; click legend", {{0}}},
    {"wheel", "scroll the lesson text (over the Explanation panel)", {{0}}},
    {"F3  F2", "text and lines larger / smaller", {{SDLK_F3, ANY, APP_ACT_SCALE_UP}, {SDLK_F2, ANY, APP_ACT_SCALE_DOWN}}},
    {"F4", "high contrast for washed-out projectors", {{SDLK_F4, ANY, APP_ACT_CONTRAST}}},
    {"F11  h", "full screen; hide / show the controls", {{SDLK_F11, ANY, APP_ACT_FULLSCREEN}, {SDLK_h, ANY, APP_ACT_HIDE_CONTROLS}}},
    {"s", "screenshot (PNG in the current folder)", {{SDLK_s, ANY, APP_ACT_SCREENSHOT}}},
    {"v", "record the run from this step as a GIF; v again stops", {{SDLK_v, ANY, APP_ACT_RECORD}}},
    {"e", "export the training history (CSV), here", {{SDLK_e, ANY, APP_ACT_EXPORT}}},
    {"F1  ?", "this help", {{SDLK_F1, ANY, APP_ACT_HELP}, {SDLK_SLASH, SHIFT, APP_ACT_HELP}, {SDLK_QUESTION, ANY, APP_ACT_HELP}}},
    {"Esc", "close this help or the picker, leave full screen", {{SDLK_ESCAPE, ANY, APP_ACT_ESCAPE}}},
    {"q", "quit", {{SDLK_q, ANY, APP_ACT_QUIT}}},
};
#define ROW_COUNT ((int)(sizeof k_rows / sizeof k_rows[0]))

AppAction app_keys_lookup(SDL_Keycode key, Uint16 mod)
{
    int shift = (mod & KMOD_SHIFT) != 0;
    for (int r = 0; r < ROW_COUNT; r++) {
        for (int i = 0; i < APP_KEYS_PER_ROW && k_rows[r].press[i].key != 0; i++) {
            const AppKeyPress *p = &k_rows[r].press[i];
            if (p->key == key && (p->shift < 0 || p->shift == shift)) return p->action;
        }
    }
    return APP_ACT_NONE;
}

const AppHelpRow *app_keys_help(int *count)
{
    *count = ROW_COUNT;
    return k_rows;
}
