/* app_escape.h — user text made safe to echo: a message for a person stays on one
 * line (control characters quoted), a JSON string is valid UTF-8 with every control
 * character escaped. Plain C; the one place either rule is written. */
#ifndef APP_ESCAPE_H
#define APP_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Copies in into out (out_len > 0), with each control character (bytes 0x01-0x1f and
 * 0x7f) written as \n, \t, \r or \xNN, so the text cannot break a line, and each byte
 * that is not part of valid UTF-8 (app_escape_json's rule) as \xNN, so a terminal shows
 * what was typed. Truncates to fit (never inside a character); returns out. in and out
 * must not overlap. */
char *app_escape_line(const char *in, char *out, size_t out_len);

/* Formats one message, quotes its control characters (app_escape_line) and writes it
 * to fp followed by a newline: a message that always stays one line. */
void app_escape_report(FILE *fp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Writes s to fp as a quoted JSON string: '"' and '\' escaped, control characters as
 * \n, \t, ... or \u00XX, and every byte that is not part of valid UTF-8 (stray,
 * overlong, surrogate or beyond U+10FFFF) as \ufffd, the replacement character. */
void app_escape_json(FILE *fp, const char *s);

#endif
