/* app_escape.c — one-line messages and JSON strings (see app_escape.h). */
#include "app_escape.h"

#include <stdarg.h>
#include <stdlib.h>

static int utf8_len(const unsigned char *p);

char *app_escape_line(const char *in, char *out, size_t out_len)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        char esc[5];
        size_t n;
        if (*p == '\n' || *p == '\t' || *p == '\r') {
            esc[0] = '\\';
            esc[1] = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r';
            n = 2;
        } else if (*p < 0x20 || *p == 0x7f || (*p >= 0x80 && utf8_len(p) == 0)) {
            snprintf(esc, sizeof esc, "\\x%02x", *p);
            n = 4;
        } else if (*p >= 0x80) { /* a whole UTF-8 character, kept as it is */
            size_t k = (size_t)utf8_len(p);
            if (o + k >= out_len) break;
            for (size_t i = 0; i < k; i++) out[o++] = (char)p[i];
            p += k - 1;
            continue;
        } else {
            esc[0] = (char)*p;
            n = 1;
        }
        if (o + n >= out_len) break;
        for (size_t i = 0; i < n; i++) out[o++] = esc[i];
    }
    out[o] = '\0';
    return out;
}

void app_escape_report(FILE *fp, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    size_t cap = n > 0 ? (size_t)n * 4 + 1 : 1; /* every byte may become \xNN */
    char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL, *line = malloc(cap);
    if (msg && line) {
        vsnprintf(msg, (size_t)n + 1, fmt, again);
        fprintf(fp, "%s\n", app_escape_line(msg, line, cap));
    } else {
        fprintf(fp, "steplab: out of memory for a message\n");
    }
    va_end(again);
    free(line);
    free(msg);
}

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when p starts no valid sequence. */
static int utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    if (c < 0x80) return 1;
    int n;
    unsigned lo = 0x80, hi = 0xbf;  /* allowed range of the second byte */
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c == 0xe0) n = 3, lo = 0xa0;           /* no overlongs */
    else if (c == 0xed) n = 3, hi = 0x9f;           /* no surrogates */
    else if (c >= 0xe1 && c <= 0xef) n = 3;
    else if (c == 0xf0) n = 4, lo = 0x90;           /* no overlongs */
    else if (c >= 0xf1 && c <= 0xf3) n = 4;
    else if (c == 0xf4) n = 4, hi = 0x8f;           /* nothing past U+10FFFF */
    else return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (int i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xbf) return 0;
    return n;
}

void app_escape_json(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p;
        int n = utf8_len(p);
        if (n == 0) {
            fputs("\\ufffd", fp);
            p++;
        } else if (c == '"' || c == '\\') {
            fputc('\\', fp);
            fputc((int)c, fp);
            p++;
        } else if (c == '\n') {
            fputs("\\n", fp);
            p++;
        } else if (c == '\t') {
            fputs("\\t", fp);
            p++;
        } else if (c == '\r') {
            fputs("\\r", fp);
            p++;
        } else if (c < 0x20 || c == 0x7f) {
            fprintf(fp, "\\u%04x", c);
            p++;
        } else {
            fwrite(p, 1, (size_t)n, fp);
            p += n;
        }
    }
    fputc('"', fp);
}
