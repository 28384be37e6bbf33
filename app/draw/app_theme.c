/* app_theme.c — colour and line-style tables (see app_theme.h). Dark on light:
 * projectors in lit rooms wash out dark backgrounds. The high-contrast theme keeps the
 * same hues, darkened so each holds against white on a washed-out projector, and
 * turns every grey that means something (muted text, borders, the target area) dark. */
#include "app_theme.h"

#include <string.h>

static AppThemeKind g_theme = APP_THEME_STANDARD;

void app_theme_set(AppThemeKind kind)
{
    g_theme = kind == APP_THEME_HIGH_CONTRAST ? APP_THEME_HIGH_CONTRAST : APP_THEME_STANDARD;
}

AppThemeKind app_theme_current(void)
{
    return g_theme;
}

const char *app_theme_name(AppThemeKind kind)
{
    return kind == APP_THEME_HIGH_CONTRAST ? "high-contrast" : "standard";
}

int app_theme_parse(const char *name)
{
    if (!name) return -1;
    if (strcmp(name, "standard") == 0) return APP_THEME_STANDARD;
    if (strcmp(name, "high-contrast") == 0) return APP_THEME_HIGH_CONTRAST;
    return -1;
}

float app_theme_line_gain(void)
{
    return g_theme == APP_THEME_HIGH_CONTRAST ? 1.6f : 1.0f;
}

static AppColor rgb(uint8_t r, uint8_t g, uint8_t b)
{
    AppColor c = {r, g, b, 255};
    return c;
}

static AppColor high_contrast_color(AppThemeColor c)
{
    switch (c) {
    case APP_COL_BG: return rgb(0xFF, 0xFF, 0xFF);
    case APP_COL_PANEL: return rgb(0xFF, 0xFF, 0xFF);
    case APP_COL_BORDER: return rgb(0x00, 0x00, 0x00);
    case APP_COL_GRID: return rgb(0xC8, 0xC8, 0xC8);  /* only orientation, no meaning */
    case APP_COL_TEXT: return rgb(0x00, 0x00, 0x00);
    case APP_COL_MUTED: return rgb(0x1E, 0x1E, 0x1E);
    case APP_COL_TARGET: return rgb(0x00, 0x00, 0x00);
    case APP_COL_TARGET_FILL: return rgb(0xA6, 0xA6, 0xA6);
    case APP_COL_ACCENT: return rgb(0x00, 0x3F, 0x88);
    case APP_COL_BUTTON: return rgb(0xFF, 0xFF, 0xFF);
    case APP_COL_ERROR: return rgb(0x9A, 0x00, 0x00);
    case APP_COL_NOTE: return rgb(0x00, 0x1F, 0x4F);
    case APP_COL_VEIL: {
        AppColor v = {0x00, 0x00, 0x00, 0xD0};
        return v;
    }
    case APP_COL_OFF: return rgb(0x6A, 0x6A, 0x6A);  /* grey, but not a light one */
    case APP_COL_COUNT: break;
    }
    return rgb(255, 0, 255);
}

AppColor app_theme_color(AppThemeColor c)
{
    if (g_theme == APP_THEME_HIGH_CONTRAST) return high_contrast_color(c);
    switch (c) {
    case APP_COL_BG: return rgb(0xE9, 0xEC, 0xF0);
    case APP_COL_PANEL: return rgb(0xFF, 0xFF, 0xFF);
    case APP_COL_BORDER: return rgb(0x8A, 0x93, 0x9E);
    case APP_COL_GRID: return rgb(0xE2, 0xE5, 0xEA);
    case APP_COL_TEXT: return rgb(0x14, 0x18, 0x1E);
    case APP_COL_MUTED: return rgb(0x55, 0x5E, 0x69);
    case APP_COL_TARGET: return rgb(0x22, 0x22, 0x22);
    case APP_COL_TARGET_FILL: return rgb(0xDD, 0xDF, 0xE3);
    case APP_COL_ACCENT: return rgb(0x00, 0x5A, 0xB5);
    case APP_COL_BUTTON: return rgb(0xF3, 0xF5, 0xF8);
    case APP_COL_ERROR: return rgb(0xB0, 0x1E, 0x1E);
    case APP_COL_NOTE: return rgb(0x1F, 0x3A, 0x5F);
    case APP_COL_VEIL: {
        AppColor v = {0x10, 0x14, 0x1A, 0xB8};
        return v;
    }
    case APP_COL_OFF: return rgb(0x8A, 0x93, 0x9E);
    case APP_COL_COUNT: break;
    }
    return rgb(255, 0, 255);
}

AppColor app_theme_family_color(SlMaskKind f)
{
    if (g_theme == APP_THEME_HIGH_CONTRAST) {
        switch (f) {
        case SL_MASK_HARD: return rgb(0xB0, 0x40, 0x00);
        case SL_MASK_LOGISTIC: return rgb(0x00, 0x55, 0x8C);
        case SL_MASK_SMOOTHSTEP: return rgb(0x00, 0x6E, 0x50);
        case SL_MASK_HARDSIGMOID: return rgb(0x9A, 0x3B, 0x78);
        case SL_MASK_STE: return rgb(0x8F, 0x62, 0x00);
        case SL_MASK_COUNT: break;
        }
        return rgb(0, 0, 0);
    }
    switch (f) {
    case SL_MASK_HARD: return rgb(0xD5, 0x5E, 0x00);        /* vermillion */
    case SL_MASK_LOGISTIC: return rgb(0x00, 0x72, 0xB2);    /* blue */
    case SL_MASK_SMOOTHSTEP: return rgb(0x00, 0x9E, 0x73);  /* bluish green */
    case SL_MASK_HARDSIGMOID: return rgb(0xCC, 0x79, 0xA7); /* reddish purple */
    case SL_MASK_STE: return rgb(0xE6, 0x9F, 0x00);         /* orange */
    case SL_MASK_COUNT: break;
    }
    return rgb(0, 0, 0);
}

AppLineStyle app_theme_family_style(SlMaskKind f)
{
    switch (f) {
    case SL_MASK_HARD: return APP_LINE_SOLID;
    case SL_MASK_LOGISTIC: return APP_LINE_DASHED;
    case SL_MASK_SMOOTHSTEP: return APP_LINE_DOTTED;
    case SL_MASK_HARDSIGMOID: return APP_LINE_DASHDOT;
    case SL_MASK_STE: return APP_LINE_LONGDASH;
    case SL_MASK_COUNT: break;
    }
    return APP_LINE_SOLID;
}

AppColor app_theme_badge_fill(SlGradState s)
{
    switch (s) {
    case SL_GRAD_NONE: return rgb(0x1A, 0x1A, 0x1A);  /* black: nothing there */
    case SL_GRAD_ZERO: return rgb(0xF0, 0xE4, 0x42);  /* yellow: a path, but 0 */
    case SL_GRAD_NAN: return rgb(0xCC, 0x79, 0xA7);   /* purple: poisoned */
    case SL_GRAD_VALUE: /* pale green: it flows (a full green on a projector) */
        return g_theme == APP_THEME_HIGH_CONTRAST ? rgb(0x9C, 0xD9, 0xBE) : rgb(0xD8, 0xEF, 0xE6);
    }
    return rgb(0, 0, 0);
}

AppColor app_theme_badge_text(SlGradState s)
{
    return s == SL_GRAD_NONE ? rgb(0xFF, 0xFF, 0xFF) : rgb(0x10, 0x10, 0x10);
}

AppColor app_color_alpha(AppColor c, uint8_t a)
{
    c.a = a;
    return c;
}

void app_theme_dash(AppLineStyle s, float pattern[4])
{
    static const float table[APP_LINE_STYLE_COUNT][4] = {
        {0, 0, 0, 0},          /* solid */
        {4.0f, 2.4f, 4.0f, 2.4f}, /* dashed */
        {1.0f, 1.6f, 1.0f, 1.6f}, /* dotted */
        {5.0f, 1.8f, 1.0f, 1.8f}, /* dash-dot */
        {7.0f, 3.2f, 7.0f, 3.2f}, /* long dash */
    };
    if ((int)s < 0 || s >= APP_LINE_STYLE_COUNT) s = APP_LINE_SOLID;
    memcpy(pattern, table[s], sizeof table[s]);
}
