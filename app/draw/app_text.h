/* app_text.h — text through SDL2_ttf with the font found by fontconfig. Each glyph is
 * rendered once into a per-font coverage atlas; each string becomes one cached texture
 * composed from it, so changing numbers cost no FreeType work per frame and labels not
 * drawn for half a second are freed. One of the few app modules that include SDL. */
#ifndef APP_TEXT_H
#define APP_TEXT_H

#include <stddef.h>
#include <SDL.h>
#include "app_frame_cache.h"
#include "app_map.h"
#include "app_metrics.h"
#include "app_text_record.h"
#include "app_theme.h"
#include "sl_status.h"

typedef enum AppFont {
    APP_FONT_SMALL = 0,  /* tick labels */
    APP_FONT_BODY,       /* ordinary text */
    APP_FONT_BOLD,       /* panel titles, emphasis */
    APP_FONT_TITLE,      /* the window title */
    APP_FONT_COUNT
} AppFont;

typedef enum AppAlign {
    APP_ALIGN_LEFT = 0,
    APP_ALIGN_CENTER,
    APP_ALIGN_RIGHT
} AppAlign;

typedef struct AppText AppText;

/* Finds the fonts (DejaVu Sans via fontconfig, or $STEPLAB_FONT) and opens them at
 * the given presentation scale. Returns NULL with one line in err (naming the package
 * fonts-dejavu-core when no font is usable). Free with app_text_unload. */
AppText *app_text_load(SDL_Renderer *r, float scale, char *err, size_t err_len);
void app_text_unload(AppText *t);

/* Draws through fc from now on (recorded while it records; NULL: at once). */
void app_text_set_cache(AppText *t, AppFrameCache *fc);

/* Reopens the fonts for a new scale (no-op if unchanged): SL_OK, or a status with err filled. */
SlStatus app_text_set_scale(AppText *t, float scale, char *err, size_t err_len);
/* The font file in use (for messages and tests). */
const char *app_text_font_path(const AppText *t);

/* Line heights and digit width for the layout. */
AppMetrics app_text_metrics(const AppText *t);
int app_text_line_height(const AppText *t, AppFont f);
int app_text_width(AppText *t, AppFont f, const char *utf8);

/* Draws utf8 with its top at y, aligned on x. Returns the width in pixels. */
int app_text_draw(AppText *t, AppFont f, const char *utf8, float x, float y, AppColor c, AppAlign align);
/* A line with numbers in it is drawn as runs (its numbers, and the words between them),
 * each its own cached label placed where it lies in the whole line, so a changed number
 * rebuilds only its own label; the pixels are those of the whole line's label. For
 * tests: on = 0 draws every string as one label; returns how many strings were drawn
 * as runs so far. */
int app_text_runs(AppText *t, int on);
/* Draws utf8, cut at a character and ended with "…" when wider than max_w pixels;
 * draws nothing when not even "…" fits (any max_w <= 0). Returns the width drawn. */
int app_text_draw_fit(AppText *t, AppFont f, const char *utf8, float x, float y, float max_w, AppColor c);

/* Word-wraps utf8 (paragraphs split at "\n\n", lines at "\n") into box, starting at
 * *y and advancing it; stops at the box bottom. Returns 1 if everything fitted. */
int app_text_wrap(AppText *t, AppFont f, const char *utf8, AppRect box, int *y, AppColor c);
/* app_text_wrap, but a text longer than the box is cut after a word and ended with "…"
 * in its last line (recorded as cut, like app_text_draw_fit). Returns 1 if it fitted. */
int app_text_wrap_fit(AppText *t, AppFont f, const char *utf8, AppRect box, int *y, AppColor c);

/* Marks a new frame: labels not drawn for a while are freed. Call once per frame. */
void app_text_begin_frame(AppText *t);

/* The height app_text_wrap would use for utf8 in a box width pixels wide. */
int app_text_wrap_height(AppText *t, AppFont f, const char *utf8, int width);
/* The top of the first wrapped line at or below offset (the last line's top when none
 * is): a scrolled view that starts there shows no half line. */
int app_text_wrap_snap(AppText *t, AppFont f, const char *utf8, int width, int offset);

/* What the frame so far cut short with "…" (app_text_draw_fit): returns how many; with
 * text, the i-th of the first APP_TEXT_CUTS_KEPT ("" past them). Reset each frame. */
int app_text_cuts(const AppText *t, int i, const char **text);
/* While paused, what is cut short is not kept: a passing note shortened to its lines is
 * no content the layout dropped (the scale never backs down for it). */
void app_text_cuts_pause(AppText *t, int paused);
/* For tests: while on, every string drawn in a frame is kept (one per line) and
 * app_text_logged returns them; a paused log skips what is drawn meanwhile (a lesson
 * page's own text, when checking what the panels show). Reset each frame. */
void app_text_log(AppText *t, int on);
void app_text_log_pause(AppText *t, int paused);
const char *app_text_logged(const AppText *t);

/* Glyphs rendered so far (the cache's size; for tests and the benchmark). */
int app_text_glyph_count(const AppText *t);
/* Label textures held now (strings drawn lately; for tests). */
int app_text_label_count(const AppText *t);

#endif
