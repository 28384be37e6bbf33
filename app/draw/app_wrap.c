/* app_wrap.c — word wrap with a measure callback (see app_wrap.h). */
#include "app_wrap.h"

#include <string.h>

/* A hard line break is kept before list items; other single newlines are the author's
 * wrapping and become spaces. (The whitespace after a newline is skipped before this
 * looks, so the indent case never applies; kept as the pages have always wrapped.) */
static int keeps_break(const char *next)
{
    if (*next == ' ' || *next == '\t') return 1;
    if ((next[0] == '-' || next[0] == '*') && next[1] == ' ') return 1;
    const char *p = next;
    while (*p >= '0' && *p <= '9') p++;
    return p != next && *p == '.';
}

/* Emits the line so far; 0 when it would cross the bottom. */
static int flush(const AppWrapSpec *s, char *line, size_t ll, int *y)
{
    if (*y + s->line_h > s->bottom) return 0;
    line[ll] = '\0';
    if (s->line) s->line(s->ctx, line, *y);
    *y += s->line_h;
    return 1;
}

int app_wrap(const AppWrapSpec *s, const char *utf8, int *y)
{
    int space = s->measure(s->ctx, " ");
    char line[1024], word[256];
    size_t ll = 0;
    int lw = 0;
    const char *p = utf8 ? utf8 : "";
    while (1) {
        /* Next word, or a break marker. */
        while (*p == ' ' || *p == '\t') p++;
        int brk = 0;
        if (*p == '\n') {
            int nl = 0;
            while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r') nl += *p++ == '\n';
            brk = nl >= 2 ? 2 : keeps_break(p) ? 1 : 0;
            if (!brk) continue;
        }
        if (brk || !*p) {
            if (ll > 0 && !flush(s, line, ll, y)) return 0;
            ll = 0;
            lw = 0;
            if (!*p) return 1;
            if (brk == 2) *y += s->line_h / 2;
            continue;
        }
        size_t wl = 0;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && wl < sizeof word - 1) word[wl++] = *p++;
        word[wl] = '\0';
        int ww = s->measure(s->ctx, word);
        if (ll > 0 && lw + space + ww > s->width) {
            if (!flush(s, line, ll, y)) return 0;
            ll = 0;
            lw = 0;
        }
        if (ll + wl + 2 >= sizeof line) continue;
        if (ll > 0) {
            line[ll++] = ' ';
            lw += space;
        }
        memcpy(line + ll, word, wl);
        ll += wl;
        lw += ww;
    }
}
