/* sl_lesson.c — the one lesson parser: `# comments`, `key = value` settings, then
 * pages (`--- page: Title` and their paragraphs). Invariants: never reads past len,
 * never writes past a buffer, every failure leaves a "name:LINE: ..." message and
 * *out reset to the defaults. Each key and its value go through the settings table
 * (sl_settings.h), ranges of two settings through sl_task_validate / sl_optim_validate. */
#include "sl_lesson.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl_mask.h"
#include "sl_settings.h"

/* ---- names ---------------------------------------------------------------- */

static const char *const kind_names[SL_LESSON_KIND_COUNT] = {"task", "nan", "threshold", "channels"};
static const char *const panel_names[SL_PANEL_COUNT] = {"mask",     "landscape", "gradient",
                                                       "training", "explain",   "graph"};

const char *sl_lesson_kind_name(SlLessonKind kind)
{
    if ((int)kind < 0 || kind >= SL_LESSON_KIND_COUNT) return "?";
    return kind_names[kind];
}

int sl_lesson_kind_parse(const char *name, SlLessonKind *out)
{
    for (int i = 0; i < (int)SL_LESSON_KIND_COUNT; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            *out = (SlLessonKind)i;
            return 1;
        }
    }
    return 0;
}

const char *sl_lesson_view_name(SlLessonView view)
{
    static const char *const names[SL_VIEW_COUNT] = {"main", "graph", "map"};
    if ((int)view < 0 || view >= SL_VIEW_COUNT) return "?";
    return names[view];
}

const char *sl_lesson_panel_name(SlLessonPanel panel)
{
    if ((int)panel < 0 || panel >= SL_PANEL_COUNT) return "?";
    return panel_names[panel];
}

void sl_lesson_default(SlLesson *lesson)
{
    memset(lesson, 0, sizeof *lesson);
    snprintf(lesson->title, sizeof lesson->title, "%s", "Untitled lesson");
    lesson->kind = SL_LESSON_TASK;
    sl_task_config_default(&lesson->task);
    lesson->families = (1u << SL_MASK_HARD) | (1u << SL_MASK_LOGISTIC) | (1u << SL_MASK_SMOOTHSTEP);
    sl_optim_default(&lesson->opt, SL_OPT_SGD, 10.0f);
    lesson->steps = 300;
    lesson->anneal.kind = SL_ANNEAL_CONSTANT;
    lesson->anneal.k0 = lesson->task.k;
    lesson->anneal.k1 = lesson->task.k;
    lesson->anneal.steps = lesson->steps;
    lesson->grad_threshold = 0.0f;
    lesson->channels = 8;
    lesson->above = 1.0f;
    lesson->below = 0.0f;
    lesson->show_graph = 0;
    lesson->page_count = 0;
    lesson->panels = (1u << SL_PANEL_MASK) | (1u << SL_PANEL_LANDSCAPE) | (1u << SL_PANEL_GRADIENT) |
                     (1u << SL_PANEL_TRAINING) | (1u << SL_PANEL_EXPLAIN);
    lesson->threshold = 0.5f;
    lesson->map_rows = 8;
    lesson->map_cols = 16;
    lesson->value_count = 0;
    lesson->target_count = 0;
}

/* ---- the settings ----------------------------------------------------------- */

/* Parser state: the lesson being filled and where the message goes. */
typedef struct Parser {
    SlLesson *out;
    const char *name;
    char *err;
    size_t err_len;
    int key_line[SL_SETTINGS_MAX];  /* line each setting was set on, 0 = not set */
} Parser;

/* Writes "name:line: message" and returns SL_ERR_PARSE. */
static SlStatus fail(Parser *p, int line, const char *fmt, ...)
{
    if (p->err && p->err_len > 0) {
        int used = snprintf(p->err, p->err_len, "%s:%d: ", p->name, line);
        if (used >= 0 && (size_t)used < p->err_len) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(p->err + used, p->err_len - (size_t)used, fmt, ap);
            va_end(ap);
        }
    }
    return SL_ERR_PARSE;
}

/* A value quoted in a message: at most 40 bytes, then "...". */
static void quote(const char *value, char *buf, size_t len)
{
    size_t n = strlen(value);
    if (n > 40) snprintf(buf, len, "%.40s...", value);
    else snprintf(buf, len, "%s", value);
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Trims spaces and tabs at both ends of s in place; returns the new start. */
static char *trim(char *s)
{
    while (is_space(*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1])) s[--n] = '\0';
    return s;
}

/* The line a key was set on (0: not set). */
static int line_of(const Parser *p, const char *key)
{
    const SlSetting *s = sl_setting_by_key(key);
    assert(s != NULL);
    return p->key_line[sl_setting_index(s)];
}

static int later(int a, int b) { return a > b ? a : b; }

/* Ranges that need two settings: the task's and the optimizer's own checks. */
static SlStatus check_pairs(Parser *p, int line)
{
    char msg[256];
    if (sl_task_validate(&p->out->task, msg, sizeof msg) != SL_OK) return fail(p, line, "%s", msg);
    if (sl_optim_validate(&p->out->opt, msg, sizeof msg) != SL_OK) return fail(p, line, "%s", msg);
    return SL_OK;
}

/* "key = value" on one settings line (already trimmed, not a comment). */
static SlStatus parse_setting(Parser *p, int line, char *s)
{
    char *eq = strchr(s, '=');
    if (eq == NULL) {
        char q[48];
        quote(s, q, sizeof q);
        return fail(p, line, "expected 'key = value' or '--- page: Title', got '%s'", q);
    }
    *eq = '\0';
    char *key = trim(s);
    char *value = trim(eq + 1);
    if (*key == '\0') return fail(p, line, "expected a key before '='");
    const SlSetting *setting = sl_setting_by_key(key);
    if (setting == NULL) {
        char q[48], names[512];
        size_t used = 0;
        int count;
        const SlSetting *all = sl_settings(&count);
        names[0] = '\0';
        for (int i = 0; i < count && used < sizeof names; i++) {
            if (all[i].type == SL_SETTING_REFUSED) continue;
            int w = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", all[i].key);
            if (w < 0) break;
            used += (size_t)w;
        }
        quote(key, q, sizeof q);
        return fail(p, line, "unknown key '%s' (expected one of: %s)", q, names);
    }
    int id = sl_setting_index(setting);
    if (p->key_line[id])
        return fail(p, line, "%s is set twice (first on line %d)", setting->key, p->key_line[id]);
    if (*value == '\0') return fail(p, line, "%s needs a value after '='", setting->key);
    p->key_line[id] = line;
    char msg[400];
    if (sl_setting_set(setting, setting->key, value, p->out, msg, sizeof msg) != SL_OK) return fail(p, line, "%s", msg);
    return check_pairs(p, line);
}

/* Checks that only make sense once every setting is known. */
static SlStatus finish_settings(Parser *p, int line)
{
    SlLesson *L = p->out;
    if (!line_of(p, "title"))
        return fail(p, line, "the settings end here without 'title = ...' (every lesson needs a title)");
    if (!line_of(p, "k0")) L->anneal.k0 = L->task.k;
    if (!line_of(p, "k1")) L->anneal.k1 = L->task.k;
    L->anneal.steps = L->steps; /* annealing spans the run: k1 at row `steps` */
    if (line_of(p, "families") && !(L->families & (1u << L->task.mask)))
        return fail(p, later(line_of(p, "families"), line_of(p, "mask")), "families must include the lesson's mask '%s'",
                    sl_mask_name(L->task.mask));
    if (!line_of(p, "families")) L->families |= 1u << L->task.mask;
    if (L->target_count != 0 && L->target_count != L->channels)
        return fail(p, later(line_of(p, "targets"), line_of(p, "channels")),
                    "targets lists %d numbers but channels = %d (give one target per channel)", L->target_count,
                    L->channels);
    if (L->view == SL_VIEW_GRAPH) L->show_graph = 1;
    if (L->view == SL_VIEW_MAP && L->kind != SL_LESSON_TASK)
        return fail(p, later(line_of(p, "view"), line_of(p, "kind")),
                    "view = map needs kind = task (the map sweeps one learnable step), not kind = %s",
                    sl_lesson_kind_name(L->kind));
    if (L->view == SL_VIEW_MAP) L->show_map = 1;
    if (L->show_graph && L->show_map)
        return fail(p, later(line_of(p, "view"), line_of(p, "show_graph")),
                    "view = map and show_graph = yes ask for two views: keep one");
    if (L->show_graph) L->panels |= 1u << SL_PANEL_GRAPH;
    return check_pairs(p, line);
}

/* ---- bytes and lines -------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is not valid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
    else return 0;
    if (len > n) return 0;
    unsigned cp = c & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

/* Checks one raw line (no newline) for bytes a lesson may not hold. */
static SlStatus check_bytes(Parser *p, int line, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        if (c == 0) return fail(p, line, "NUL byte at column %zu (a lesson is plain UTF-8 text)", i + 1);
        if ((c < 0x20 && c != '\t' && !(c == '\r' && i + 1 == n)) || c == 0x7F)
            return fail(p, line, "control byte 0x%02x at column %zu (a lesson is plain UTF-8 text)", c, i + 1);
        size_t len = utf8_len(u + i, n - i);
        if (len == 0)
            return fail(p, line, "invalid UTF-8 byte 0x%02x at column %zu (a lesson is plain UTF-8 text)", c,
                        i + 1);
        i += len;
    }
    return SL_OK;
}

/* ---- pages ---------------------------------------------------------------- */

typedef struct PageState {
    size_t used;     /* bytes in the page's text */
    int pending;     /* a blank line was seen after some text */
    int start_line;  /* the page's header line */
} PageState;

static SlStatus page_append(Parser *p, int line, PageState *ps, const char *sep, const char *text)
{
    SlLessonPage *pg = &p->out->pages[p->out->page_count - 1];
    size_t add = strlen(sep) + strlen(text);
    if (ps->used + add >= sizeof pg->text)
        return fail(p, line, "page '%s' is too long (at most %d bytes of text; split it into two pages)",
                    pg->title, (int)sizeof pg->text - 1);
    memcpy(pg->text + ps->used, sep, strlen(sep));
    memcpy(pg->text + ps->used + strlen(sep), text, strlen(text));
    ps->used += add;
    pg->text[ps->used] = '\0';
    return SL_OK;
}

/* A text line of the current page: joins lines into paragraphs, "- " starts a new line. */
static SlStatus page_line(Parser *p, int line, PageState *ps, const char *s)
{
    if (*s == '\0') {
        if (ps->used > 0) ps->pending = 1;
        return SL_OK;
    }
    const char *sep = "";
    if (ps->used > 0) sep = ps->pending ? "\n\n" : (s[0] == '-' && s[1] == ' ') ? "\n" : " ";
    ps->pending = 0;
    return page_append(p, line, ps, sep, s);
}

static SlStatus page_close(Parser *p, PageState *ps)
{
    if (p->out->page_count > 0 && ps->used == 0)
        return fail(p, ps->start_line, "page '%s' has no text", p->out->pages[p->out->page_count - 1].title);
    return SL_OK;
}

/* "--- page: Title" (s trimmed, starts with "---"). */
static SlStatus page_open(Parser *p, int line, PageState *ps, char *s)
{
    static const char head[] = "page:";
    char *rest = trim(s + 3);
    if (strncmp(rest, head, sizeof head - 1) != 0) {
        char q[48];
        quote(s, q, sizeof q);
        return fail(p, line, "expected '--- page: Title', got '%s'", q);
    }
    char *title = trim(rest + sizeof head - 1);
    if (*title == '\0') return fail(p, line, "a page needs a title after '--- page:'");
    if (strlen(title) >= SL_LESSON_TITLE_MAX)
        return fail(p, line, "page title is longer than %d bytes", SL_LESSON_TITLE_MAX - 1);
    SlStatus st = page_close(p, ps);
    if (st) return st;
    if (p->out->page_count == SL_LESSON_MAX_PAGES)
        return fail(p, line, "too many pages (a lesson has at most %d)", SL_LESSON_MAX_PAGES);
    SlLessonPage *pg = &p->out->pages[p->out->page_count++];
    snprintf(pg->title, sizeof pg->title, "%s", title);
    pg->text[0] = '\0';
    ps->used = 0;
    ps->pending = 0;
    ps->start_line = line;
    return SL_OK;
}

/* ---- the parser ----------------------------------------------------------- */

static SlStatus parse(Parser *p, const char *text, size_t len)
{
    if (len > SL_LESSON_FILE_MAX)
        return fail(p, 1, "the lesson is %zu bytes; at most %d are allowed", len, SL_LESSON_FILE_MAX);
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) pos = 3;  /* a UTF-8 byte-order mark */
    if (pos == len) return fail(p, 1, "empty lesson: expected 'key = value' settings, then '--- page: Title'");

    char buf[SL_LESSON_LINE_MAX + 2];
    PageState ps = {0, 0, 0};
    int line = 0;
    int in_pages = 0;
    SlStatus st;
    while (pos < len) {
        line++;
        const char *start = text + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl ? 1 : 0);
        if ((st = check_bytes(p, line, start, n)) != SL_OK) return st;
        if (n > 0 && start[n - 1] == '\r') n--;
        if (n > SL_LESSON_LINE_MAX)
            return fail(p, line, "line is %zu bytes long; at most %d are allowed", n, SL_LESSON_LINE_MAX);
        memcpy(buf, start, n);
        buf[n] = '\0';
        char *s = trim(buf);
        if (*s == '#') continue;
        if (strncmp(s, "---", 3) == 0) {
            if (!in_pages) {
                if ((st = finish_settings(p, line)) != SL_OK) return st;
                in_pages = 1;
            }
            if ((st = page_open(p, line, &ps, s)) != SL_OK) return st;
            continue;
        }
        if (in_pages) {
            if ((st = page_line(p, line, &ps, s)) != SL_OK) return st;
        } else if (*s != '\0') {
            if ((st = parse_setting(p, line, s)) != SL_OK) return st;
        }
    }
    if (line == 0) line = 1;
    if (!in_pages)
        return fail(p, line,
                    "the file ends before the first page: expected '--- page: Title' and its text (truncated?)");
    return page_close(p, &ps);
}

SlStatus sl_lesson_parse(const char *text, size_t len, const char *name, SlLesson *out, char *err,
                         size_t err_len)
{
    Parser p;
    memset(&p, 0, sizeof p);
    p.out = out;
    p.name = name ? name : "lesson";
    p.err = err;
    p.err_len = err_len;
    if (err && err_len > 0) err[0] = '\0';
    sl_lesson_default(out);
    if (text == NULL && len > 0) return fail(&p, 1, "no text");
    SlStatus st = parse(&p, text ? text : "", len);
    if (st != SL_OK) sl_lesson_default(out);
    return st;
}

SlStatus sl_lesson_load(const char *path, SlLesson *out, char *err, size_t err_len)
{
    if (err && err_len > 0) err[0] = '\0';
    sl_lesson_default(out);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (err && err_len > 0) snprintf(err, err_len, "%s: cannot read: %s", path, strerror(errno));
        return SL_ERR_IO;
    }
    char *buf = malloc(SL_LESSON_FILE_MAX + 1);
    if (buf == NULL) {
        fclose(f);
        if (err && err_len > 0) snprintf(err, err_len, "%s: cannot read: out of memory", path);
        return SL_ERR_NOMEM;
    }
    size_t n = fread(buf, 1, SL_LESSON_FILE_MAX + 1, f);
    int failed = ferror(f);
    int saved = errno;
    fclose(f);
    SlStatus st;
    if (failed) {
        if (err && err_len > 0) snprintf(err, err_len, "%s: cannot read: %s", path, strerror(saved));
        st = SL_ERR_IO;
    } else if (n > SL_LESSON_FILE_MAX) {
        if (err && err_len > 0)
            snprintf(err, err_len, "%s: cannot read: larger than %d bytes (is it a lesson?)", path,
                     SL_LESSON_FILE_MAX);
        st = SL_ERR_PARSE;
    } else {
        st = sl_lesson_parse(buf, n, path, out, err, err_len);
    }
    free(buf);
    return st;
}
