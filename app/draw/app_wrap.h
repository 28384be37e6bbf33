/* app_wrap.h — word wrap as plain C: the words of a text laid into lines no wider than
 * a width, measured by the caller (app_text measures with the font; tests with a fixed
 * advance). Paragraphs split at a blank line ("\n\n", half a line apart); a single
 * newline is the author's wrapping and becomes a space, except before a list item
 * ("- ", "* ", "1."), where it is kept (the indent of an indented line is skipped with
 * its newline, so such a line joins the one before). A line's width is the sum of
 * its words' widths and the spaces between them; a word wider than the width is broken
 * between characters over lines of its own. */
#ifndef APP_WRAP_H
#define APP_WRAP_H

#include <stddef.h>

/* The width of utf8 in pixels. */
typedef int (*AppWrapMeasure)(void *ctx, const char *utf8);
/* One finished line with its top at y (may be NULL). */
typedef void (*AppWrapLine)(void *ctx, const char *line, int y);

typedef struct AppWrapSpec {
    int width;               /* widest line in pixels */
    int line_h;              /* line height in pixels */
    int bottom;              /* a line must end at or above it */
    AppWrapMeasure measure;
    AppWrapLine line;
    void *ctx;
} AppWrapSpec;

/* Lays utf8 out from *y down, advancing *y past each line; stops before the first line
 * that would cross spec->bottom. Returns 1 if everything fitted. */
int app_wrap(const AppWrapSpec *spec, const char *utf8, int *y);

/* For a text that does not fit between y and spec->bottom: writes into out (out_len
 * bytes, at most 1024) the longest beginning of utf8, cut after a word, that fits there with "…"
 * after it (a trailing ",;:" is dropped before the "…"), and returns 1. Returns 0, out
 * untouched, when utf8 fits as it is or not even its first word with "…" fits.
 * spec->line is not called. */
int app_wrap_shorten(const AppWrapSpec *spec, const char *utf8, int y, char *out, size_t out_len);

#endif
