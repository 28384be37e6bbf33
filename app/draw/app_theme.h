/* app_theme.h — the colours and line styles every panel uses (plain C).
 * Families get an Okabe–Ito colour AND a line style, so they stay apart for colour-blind
 * viewers and on washed-out projectors; gradient states get badge colours. Two themes:
 * the standard one and a high-contrast one for washed-out projectors (darker colours,
 * thicker lines, no light grey that carries meaning). The theme in use is the only
 * state here; the window switches it as a whole and redraws. */
#ifndef APP_THEME_H
#define APP_THEME_H

#include <stdint.h>
#include "sl_grad.h"
#include "sl_mask.h"

typedef struct AppColor {
    uint8_t r, g, b, a;
} AppColor;

typedef enum AppLineStyle {
    APP_LINE_SOLID = 0,
    APP_LINE_DASHED,
    APP_LINE_DOTTED,
    APP_LINE_DASHDOT,
    APP_LINE_LONGDASH,
    APP_LINE_STYLE_COUNT
} AppLineStyle;

typedef enum AppThemeColor {
    APP_COL_BG = 0,      /* window background */
    APP_COL_PANEL,       /* panel background */
    APP_COL_BORDER,      /* panel border, axes */
    APP_COL_GRID,        /* grid lines */
    APP_COL_TEXT,        /* main text */
    APP_COL_MUTED,       /* secondary text, ticks */
    APP_COL_TARGET,      /* t* and the target y* */
    APP_COL_TARGET_FILL, /* the target area under y* */
    APP_COL_ACCENT,      /* focus ring, active button */
    APP_COL_BUTTON,      /* button face */
    APP_COL_ERROR,       /* error banner */
    APP_COL_NOTE,        /* info banner */
    APP_COL_VEIL,        /* behind the help overlay */
    APP_COL_OFF,         /* something switched off (a hidden family's name) */
    APP_COL_COUNT
} AppThemeColor;

typedef enum AppThemeKind {
    APP_THEME_STANDARD = 0,
    APP_THEME_HIGH_CONTRAST,
    APP_THEME_KIND_COUNT
} AppThemeKind;

/* Selects the theme every colour below comes from (the default is standard). */
void app_theme_set(AppThemeKind kind);
AppThemeKind app_theme_current(void);
/* The theme's name ("standard", "high-contrast") and its inverse; -1 for an unknown name. */
const char *app_theme_name(AppThemeKind kind);
int app_theme_parse(const char *name);
/* How much thicker than at scale 1 the theme draws curves and lines (1 standard). */
float app_theme_line_gain(void);

AppColor app_theme_color(AppThemeColor c);
/* The family's colour (Okabe–Ito) and line style; hard is solid vermillion. */
AppColor app_theme_family_color(SlMaskKind f);
AppLineStyle app_theme_family_style(SlMaskKind f);
/* Badge fill and text colour for a gradient state. */
AppColor app_theme_badge_fill(SlGradState s);
AppColor app_theme_badge_text(SlGradState s);
/* c with alpha a. */
AppColor app_color_alpha(AppColor c, uint8_t a);
/* The dash pattern of a style in units of the line width: on, off, on, off (0 = solid). */
void app_theme_dash(AppLineStyle s, float pattern[4]);

#endif
