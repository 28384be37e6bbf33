/* sl_lesson.c — the one lesson parser: `# comments`, `key = value` settings, then
 * pages (`--- page: Title` and their paragraphs). Invariants: never reads past len,
 * never writes past a buffer, every failure leaves a "name:LINE: ..." message and
 * *out reset to the defaults. Numbers go through sl_parse, names through each
 * module's own _parse, ranges through sl_task_validate / sl_optim_validate. */
#include "sl_lesson.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl_mask.h"
#include "sl_parse.h"

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

/* ---- the keys ------------------------------------------------------------- */

typedef enum KeyId {
    K_TITLE, K_KIND, K_MASK, K_FAMILIES, K_PANELS, K_N, K_T, K_TARGET, K_K, K_WIDTH,
    K_SIGNAL, K_SEED, K_OPTIMIZER, K_LR, K_MOMENTUM, K_BETA1, K_BETA2, K_EPS, K_ANNEAL,
    K_K0, K_K1, K_ANNEAL_STEPS, K_STEPS, K_GRAD_THRESHOLD, K_CHANNELS, K_TARGETS,
    K_ABOVE, K_BELOW, K_THRESHOLD, K_VALUES, K_MAP_ROWS, K_MAP_COLS, K_SHOW_GRAPH,
    K_THEME, K_VIEW, K_COUNT
} KeyId;

/* Same order as KeyId; this list is also what "expected one of" prints. */
static const char *const key_names[K_COUNT] = {
    "title", "kind", "mask", "families", "panels", "n", "t", "target", "k", "width",
    "signal", "seed", "optimizer", "lr", "momentum", "beta1", "beta2", "eps", "anneal",
    "k0", "k1", "anneal_steps", "steps", "grad_threshold", "channels", "targets",
    "above", "below", "threshold", "values", "map_rows", "map_cols", "show_graph", "theme", "view"};

/* Parser state: the lesson being filled and where the message goes. */
typedef struct Parser {
    SlLesson *out;
    const char *name;
    char *err;
    size_t err_len;
    int key_line[K_COUNT];  /* line each key was set on, 0 = not set */
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

typedef enum Bound { B_ANY, B_POS, B_NONNEG, B_UNIT_OPEN } Bound;

static const char *bound_text(Bound b)
{
    switch (b) {
    case B_POS: return "a finite number > 0";
    case B_NONNEG: return "a finite number >= 0";
    case B_UNIT_OPEN: return "a finite number in [0, 1)";
    case B_ANY: break;
    }
    return "a finite number";
}

static int in_bound(float v, Bound b)
{
    switch (b) {
    case B_POS: return v > 0.0f;
    case B_NONNEG: return v >= 0.0f;
    case B_UNIT_OPEN: return v >= 0.0f && v < 1.0f;
    case B_ANY: break;
    }
    return 1;
}

static SlStatus get_float(Parser *p, int line, KeyId key, const char *value, Bound b, float *out)
{
    float v;
    if (!sl_parse_float(value, &v) || !in_bound(v, b)) {
        char q[48];
        quote(value, q, sizeof q);
        return fail(p, line, "%s must be %s, got '%s'", key_names[key], bound_text(b), q);
    }
    *out = v;
    return SL_OK;
}

/* As get_float, for a scalar kept in double (Adam's betas, as torch's Python floats). */
static SlStatus get_double(Parser *p, int line, KeyId key, const char *value, Bound b, double *out)
{
    double v;
    if (!sl_parse_double(value, &v) || !in_bound((float)v, b) || (b == B_UNIT_OPEN && !(v < 1.0))) {
        char q[48];
        quote(value, q, sizeof q);
        return fail(p, line, "%s must be %s, got '%s'", key_names[key], bound_text(b), q);
    }
    *out = v;
    return SL_OK;
}

static SlStatus get_int(Parser *p, int line, KeyId key, const char *value, long lo, long hi, int *out)
{
    long v;
    if (!sl_parse_int(value, lo, hi, &v)) {
        char q[48];
        quote(value, q, sizeof q);
        return fail(p, line, "%s must be a whole number from %ld to %ld, got '%s'", key_names[key], lo,
                    hi, q);
    }
    *out = (int)v;
    return SL_OK;
}

/* Copies the next comma-separated item of *cursor into buf (trimmed); returns 0 at the end. */
static int next_item(const char **cursor, char *buf, size_t len)
{
    const char *s = *cursor;
    if (s == NULL) return 0;
    const char *comma = strchr(s, ',');
    size_t n = comma ? (size_t)(comma - s) : strlen(s);
    if (n >= len) n = len - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    *cursor = comma ? comma + 1 : NULL;
    char *t = trim(buf);
    if (t != buf) memmove(buf, t, strlen(t) + 1);
    return 1;
}

static SlStatus get_float_list(Parser *p, int line, KeyId key, const char *value, float *out, int max,
                               int *count)
{
    char item[SL_LESSON_LINE_MAX + 1];
    const char *cursor = value;
    int n = 0;
    while (next_item(&cursor, item, sizeof item)) {
        if (n == max)
            return fail(p, line, "%s holds at most %d numbers", key_names[key], max);
        float v;
        if (!sl_parse_float(item, &v)) {
            char q[48];
            quote(item, q, sizeof q);
            return fail(p, line, "%s must be a comma-separated list of finite numbers, got '%s' (item %d)",
                        key_names[key], q, n + 1);
        }
        out[n++] = v;
    }
    *count = n;
    return SL_OK;
}

/* Names separated by commas into a bit set, with "all" for every name. */
static SlStatus get_name_set(Parser *p, int line, KeyId key, const char *value, int count,
                             const char *(*name_of)(int), unsigned *out)
{
    char item[SL_LESSON_LINE_MAX + 1];
    const char *cursor = value;
    unsigned set = 0;
    while (next_item(&cursor, item, sizeof item)) {
        int found = -1;
        if (strcmp(item, "all") == 0) {
            set |= (1u << count) - 1u;
            continue;
        }
        for (int i = 0; i < count; i++)
            if (strcmp(item, name_of(i)) == 0) found = i;
        if (found < 0) {
            char q[48], names[160];
            size_t used = 0;
            names[0] = '\0';
            for (int i = 0; i < count && used < sizeof names; i++) {
                int w = snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", name_of(i));
                if (w < 0) break;
                used += (size_t)w;
            }
            quote(item, q, sizeof q);
            return fail(p, line, "%s: unknown name '%s' (expected a comma-separated list of: %s, or all)",
                        key_names[key], q, names);
        }
        set |= 1u << found;
    }
    if (set == 0) return fail(p, line, "%s needs at least one name", key_names[key]);
    *out = set;
    return SL_OK;
}

static const char *mask_name_of(int i) { return sl_mask_name((SlMaskKind)i); }
static const char *panel_name_of(int i) { return sl_lesson_panel_name((SlLessonPanel)i); }

static SlStatus check_task(Parser *p, int line)
{
    char msg[256];
    if (sl_task_validate(&p->out->task, msg, sizeof msg) != SL_OK) return fail(p, line, "%s", msg);
    return SL_OK;
}

static SlStatus check_opt(Parser *p, int line)
{
    char msg[256];
    if (sl_optim_validate(&p->out->opt, msg, sizeof msg) != SL_OK) return fail(p, line, "%s", msg);
    return SL_OK;
}

static SlStatus bad_name(Parser *p, int line, KeyId key, const char *value, const char *expected)
{
    char q[48];
    quote(value, q, sizeof q);
    return fail(p, line, "%s: unknown name '%s' (expected one of: %s)", key_names[key], q, expected);
}

/* Sets one key from its (trimmed, non-empty) value. */
static SlStatus set_key(Parser *p, int line, KeyId key, const char *value)
{
    SlLesson *L = p->out;
    SlStatus st = SL_OK;
    switch (key) {
    case K_TITLE:
        if (strlen(value) >= sizeof L->title)
            return fail(p, line, "title is longer than %d bytes", (int)sizeof L->title - 1);
        snprintf(L->title, sizeof L->title, "%s", value);
        return SL_OK;
    case K_KIND:
        if (!sl_lesson_kind_parse(value, &L->kind))
            return bad_name(p, line, key, value, "task, nan, threshold, channels");
        return SL_OK;
    case K_MASK:
        if (!sl_mask_parse(value, &L->task.mask))
            return bad_name(p, line, key, value, "hard, logistic, smoothstep, hardsigmoid, ste");
        return check_task(p, line);
    case K_FAMILIES:
        return get_name_set(p, line, key, value, (int)SL_MASK_COUNT, mask_name_of, &L->families);
    case K_PANELS:
        return get_name_set(p, line, key, value, (int)SL_PANEL_COUNT, panel_name_of, &L->panels);
    case K_N:
        st = get_int(p, line, key, value, SL_TASK_N_MIN, SL_TASK_N_MAX, &L->task.n);
        return st ? st : check_task(p, line);
    case K_T:
        st = get_float(p, line, key, value, B_ANY, &L->task.t);
        return st ? st : check_task(p, line);
    case K_TARGET:
        st = get_float(p, line, key, value, B_ANY, &L->task.target);
        return st ? st : check_task(p, line);
    case K_K:
        st = get_float(p, line, key, value, B_POS, &L->task.k);
        return st ? st : check_task(p, line);
    case K_WIDTH:
        st = get_float(p, line, key, value, B_POS, &L->task.width);
        return st ? st : check_task(p, line);
    case K_SIGNAL:
        if (!sl_signal_parse(value, &L->task.signal))
            return bad_name(p, line, key, value, "ones, ramp, sine, noise");
        return check_task(p, line);
    case K_SEED: {
        int seed = 0;
        st = get_int(p, line, key, value, 0, 2147483647L, &seed);
        if (st) return st;
        L->task.seed = (uint32_t)seed;
        return check_task(p, line);
    }
    case K_OPTIMIZER: {
        SlOptKind kind;
        if (!sl_optim_parse(value, &kind)) return bad_name(p, line, key, value, "sgd, momentum, adam");
        /* Keep the learning rate and the other hyper-parameters already set. */
        L->opt.kind = kind;
        return check_opt(p, line);
    }
    case K_LR:
        st = get_float(p, line, key, value, B_POS, &L->opt.lr);
        return st ? st : check_opt(p, line);
    case K_MOMENTUM:
        st = get_float(p, line, key, value, B_UNIT_OPEN, &L->opt.momentum);
        return st ? st : check_opt(p, line);
    case K_BETA1:
        st = get_double(p, line, key, value, B_UNIT_OPEN, &L->opt.beta1);
        return st ? st : check_opt(p, line);
    case K_BETA2:
        st = get_double(p, line, key, value, B_UNIT_OPEN, &L->opt.beta2);
        return st ? st : check_opt(p, line);
    case K_EPS:
        st = get_float(p, line, key, value, B_POS, &L->opt.eps);
        return st ? st : check_opt(p, line);
    case K_ANNEAL:
        if (!sl_anneal_parse(value, &L->anneal.kind))
            return bad_name(p, line, key, value, "constant, linear, geometric");
        return SL_OK;
    case K_K0: return get_float(p, line, key, value, B_POS, &L->anneal.k0);
    case K_K1: return get_float(p, line, key, value, B_POS, &L->anneal.k1);
    case K_ANNEAL_STEPS:
        /* Annealing spans the run (docs/training.md): a second length could only disagree. */
        (void)value;
        return fail(p, line, "anneal_steps is not a setting any more: annealing reaches k1 at the last step, "
                             "so set steps instead");
    case K_STEPS: return get_int(p, line, key, value, 1, 1000000, &L->steps);
    case K_GRAD_THRESHOLD: return get_float(p, line, key, value, B_NONNEG, &L->grad_threshold);
    case K_CHANNELS: return get_int(p, line, key, value, 1, SL_LESSON_MAX_CHANNELS, &L->channels);
    case K_TARGETS:
        return get_float_list(p, line, key, value, L->targets, SL_LESSON_MAX_CHANNELS, &L->target_count);
    case K_ABOVE: return get_float(p, line, key, value, B_ANY, &L->above);
    case K_BELOW: return get_float(p, line, key, value, B_ANY, &L->below);
    case K_THRESHOLD: return get_float(p, line, key, value, B_ANY, &L->threshold);
    case K_VALUES:
        return get_float_list(p, line, key, value, L->values, SL_LESSON_MAX_VALUES, &L->value_count);
    case K_MAP_ROWS: return get_int(p, line, key, value, 1, SL_LESSON_MAP_MAX, &L->map_rows);
    case K_MAP_COLS: return get_int(p, line, key, value, 1, SL_LESSON_MAP_MAX, &L->map_cols);
    case K_SHOW_GRAPH:
        if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 || strcmp(value, "on") == 0 ||
            strcmp(value, "1") == 0)
            L->show_graph = 1;
        else if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 || strcmp(value, "off") == 0 ||
                 strcmp(value, "0") == 0)
            L->show_graph = 0;
        else
            return bad_name(p, line, key, value, "yes, no");
        return SL_OK;
    case K_THEME:
        if (strcmp(value, "standard") == 0)
            L->high_contrast = 0;
        else if (strcmp(value, "high-contrast") == 0)
            L->high_contrast = 1;
        else
            return bad_name(p, line, key, value, "standard, high-contrast");
        return SL_OK;
    case K_VIEW:
        if (strcmp(value, "main") == 0)
            L->show_map = 0;
        else if (strcmp(value, "graph") == 0)
            L->show_graph = 1;
        else if (strcmp(value, "map") == 0)
            L->show_map = 1;
        else
            return bad_name(p, line, key, value, "main, graph, map");
        return SL_OK;
    case K_COUNT: break;
    }
    return fail(p, line, "internal: unhandled key");
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
    int id = -1;
    for (int i = 0; i < K_COUNT; i++)
        if (strcmp(key, key_names[i]) == 0) id = i;
    if (id < 0) {
        char q[48], names[512];
        size_t used = 0;
        names[0] = '\0';
        for (int i = 0; i < K_COUNT && used < sizeof names; i++) {
            int w = snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", key_names[i]);
            if (w < 0) break;
            used += (size_t)w;
        }
        quote(key, q, sizeof q);
        return fail(p, line, "unknown key '%s' (expected one of: %s)", q, names);
    }
    if (p->key_line[id])
        return fail(p, line, "%s is set twice (first on line %d)", key_names[id], p->key_line[id]);
    if (*value == '\0') return fail(p, line, "%s needs a value after '='", key_names[id]);
    p->key_line[id] = line;
    return set_key(p, line, (KeyId)id, value);
}

/* Checks that only make sense once every setting is known. */
static SlStatus finish_settings(Parser *p, int line)
{
    SlLesson *L = p->out;
    if (!p->key_line[K_TITLE])
        return fail(p, line, "the settings end here without 'title = ...' (every lesson needs a title)");
    if (!p->key_line[K_K0]) L->anneal.k0 = L->task.k;
    if (!p->key_line[K_K1]) L->anneal.k1 = L->task.k;
    L->anneal.steps = L->steps; /* annealing spans the run: k1 at row `steps` */
    if (p->key_line[K_FAMILIES] && !(L->families & (1u << L->task.mask))) {
        int at = p->key_line[K_FAMILIES] > p->key_line[K_MASK] ? p->key_line[K_FAMILIES] : p->key_line[K_MASK];
        return fail(p, at, "families must include the lesson's mask '%s'", sl_mask_name(L->task.mask));
    }
    if (!p->key_line[K_FAMILIES]) L->families |= 1u << L->task.mask;
    if (L->target_count != 0 && L->target_count != L->channels) {
        int at = p->key_line[K_TARGETS] > p->key_line[K_CHANNELS] ? p->key_line[K_TARGETS] : p->key_line[K_CHANNELS];
        return fail(p, at, "targets lists %d numbers but channels = %d (give one target per channel)",
                    L->target_count, L->channels);
    }
    if (L->show_graph && L->show_map) {
        int at = p->key_line[K_VIEW] > p->key_line[K_SHOW_GRAPH] ? p->key_line[K_VIEW] : p->key_line[K_SHOW_GRAPH];
        return fail(p, at, "view = map and show_graph = yes ask for two views: keep one");
    }
    if (L->show_graph) L->panels |= 1u << SL_PANEL_GRAPH;
    SlStatus st = check_task(p, line);
    return st ? st : check_opt(p, line);
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
        return SL_ERR_ARG;
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
        st = SL_ERR_ARG;
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
