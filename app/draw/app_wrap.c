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

/* The bytes of the longest beginning of word (wl bytes, wider than the line) that
 * fits the width, ending between UTF-8 characters; at least one character. */
static size_t fitting_prefix(const AppWrapSpec *s, const char *word, size_t wl)
{
    char part[1024];
    size_t best = 0;
    for (size_t i = 1; i <= wl && i < sizeof part; i++) {
        if (i < wl && ((unsigned char)word[i] & 0xC0) == 0x80) continue; /* inside a character */
        memcpy(part, word, i);
        part[i] = '\0';
        if (best > 0 && s->measure(s->ctx, part) > s->width) break;
        best = i;
    }
    return best;
}

int app_wrap(const AppWrapSpec *s, const char *utf8, int *y)
{
    int space = s->measure(s->ctx, " ");
    char line[1024], word[1024];
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
        if (ww > s->width) {
            /* Wider than a line (a long name, a URL): its own lines, broken between
             * characters, the last piece starting the next line. */
            if (ll > 0 && !flush(s, line, ll, y)) return 0;
            const char *rest = word;
            size_t rl = wl;
            while ((ww = s->measure(s->ctx, rest)) > s->width) {
                size_t cut = fitting_prefix(s, rest, rl);
                memcpy(line, rest, cut);
                if (!flush(s, line, cut, y)) return 0;
                rest += cut;
                rl -= cut;
            }
            memcpy(line, rest, rl);
            ll = rl;
            lw = ww;
            continue;
        }
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

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Does utf8 fit from y down to the bottom? */
static int fits(const AppWrapSpec *s, const char *utf8, int y)
{
    AppWrapSpec quiet = *s;
    quiet.line = NULL;
    return app_wrap(&quiet, utf8, &y);
}

/* The n bytes of utf8 before the word end, punctuation dropped, then "…", into out. */
static void cut_at(const char *utf8, size_t n, char *out)
{
    while (n > 0 && (utf8[n - 1] == ',' || utf8[n - 1] == ';' || utf8[n - 1] == ':')) n--;
    memcpy(out, utf8, n);
    memcpy(out + n, "\xe2\x80\xa6", 4);
}

int app_wrap_shorten(const AppWrapSpec *s, const char *utf8, int y, char *out, size_t out_len)
{
    if (!utf8 || out_len < 5 || fits(s, utf8, y)) return 0;
    /* Word ends: the byte before each run of whitespace. Fitting only gets harder as
     * the cut moves right, so the last end that fits is found by bisection. */
    char try[1024];
    if (out_len > sizeof try) out_len = sizeof try;
    size_t full = strlen(utf8), len = full < out_len - 4 ? full : out_len - 4;
    size_t ends[512];
    int n = 0;
    for (size_t i = 1; i <= len && i < full && n < (int)(sizeof ends / sizeof ends[0]); i++)
        if (is_space(utf8[i]) && !is_space(utf8[i - 1])) ends[n++] = i;
    int lo = -1, hi = n; /* ends[lo] fits (lo = -1: none known), ends[hi] does not */
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        cut_at(utf8, ends[mid], try);
        if (fits(s, try, y)) lo = mid;
        else hi = mid;
    }
    if (lo < 0) return 0;
    cut_at(utf8, ends[lo], out);
    return 1;
}
