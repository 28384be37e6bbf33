/* sl_settings.c — the settings table and its typed parser (see sl_settings.h).
 * Invariants: every row's field has the size its type writes (checked by assert and by
 * test_settings); a bad value never changes the field; messages quote at most 40 bytes
 * of the value, so they stay one line. */
#include "sl_settings.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sl_mask.h"
#include "sl_optim.h"
#include "sl_parse.h"
#include "sl_task.h"

/* ---- names of the choices ----------------------------------------------------- */

static const char *kind_name(int i) { return sl_lesson_kind_name((SlLessonKind)i); }
static const char *mask_name(int i) { return sl_mask_name((SlMaskKind)i); }
static const char *panel_name(int i) { return sl_lesson_panel_name((SlLessonPanel)i); }
static const char *signal_name(int i) { return sl_signal_name((SlSignalKind)i); }
static const char *optim_name(int i) { return sl_optim_name((SlOptKind)i); }
static const char *anneal_name(int i) { return sl_anneal_name((SlAnnealKind)i); }
static const char *theme_name(int i) { return i ? "high-contrast" : "standard"; }
static const char *view_name(int i) { return sl_lesson_view_name((SlLessonView)i); }

/* ---- rows with their own setter ------------------------------------------------- */

static SlStatus set_values(const SlSetting *s, const char *name, const char *value, SlLesson *l, char *msg,
                           size_t len);
static SlStatus set_targets(const SlSetting *s, const char *name, const char *value, SlLesson *l, char *msg,
                            size_t len);

/* ---- the table ------------------------------------------------------------------ */

#define FIELD(m) .offset = offsetof(SlLesson, m), .size = sizeof(((SlLesson *)0)->m)
#define NAMES(fn, n) .name_of = fn, .name_count = (int)(n)
#define ANY .lo = -INFINITY, .hi = INFINITY
#define POSITIVE .lo = 0.0, .hi = INFINITY, .flags = SL_SETTING_LO_OPEN
#define NONNEG .lo = 0.0, .hi = INFINITY
#define UNIT_OPEN .lo = 0.0, .hi = 1.0, .flags = SL_SETTING_HI_OPEN
#define TEXT SL_SETTING_TEXT
#define INT SL_SETTING_INT
#define FLOAT SL_SETTING_FLOAT
#define DOUBLE SL_SETTING_DOUBLE
#define CHOICE SL_SETTING_CHOICE
#define NAME_SET SL_SETTING_NAME_SET
#define BOOL SL_SETTING_BOOL
#define FLOAT_LIST SL_SETTING_FLOAT_LIST
#define LESSON SL_SCOPE_LESSON
#define TASK SL_SCOPE_TASK
#define TRAIN SL_SCOPE_TRAIN
#define RUN SL_SCOPE_RUN
#define SHOW SL_SCOPE_SHOW

/* docs/lessons.md lists these keys with the same ranges and defaults (a test checks it). */
static const SlSetting table[] = {
    {"title", NULL, NULL, TEXT, LESSON, FIELD(title), .lo = 1, .hi = SL_LESSON_TITLE_MAX - 1, .dflt = "(required)", .help = "the lesson's name in the picker and the window title"},
    {"kind", NULL, NULL, CHOICE, LESSON, FIELD(kind), NAMES(kind_name, SL_LESSON_KIND_COUNT), .help = "the main view: the learnable step, zero-is-not-NaN, thresholds, per-channel filter"},
    {"mask", "--mask", "NAME", CHOICE, TASK, FIELD(task.mask), NAMES(mask_name, SL_MASK_COUNT), .help = "the mask family evaluated and trained"},
    {"families", NULL, NULL, NAME_SET, LESSON, FIELD(families), NAMES(mask_name, SL_MASK_COUNT), .dflt = "hard, logistic, smoothstep, plus mask", .help = "the mask families shown side by side; must include mask"},
    {"panels", NULL, NULL, NAME_SET, LESSON, FIELD(panels), NAMES(panel_name, SL_PANEL_COUNT), .dflt = "all but graph", .help = "the panels the window shows"},
    {"n", "--n", "N", INT, TASK, FIELD(task.n), .lo = SL_TASK_N_MIN, .hi = SL_TASK_N_MAX, .help = "positions 0..N-1"},
    {"t", "--t", "T", FLOAT, TASK, FIELD(task.t), ANY, .help = "step location t (start of training)"},
    {"target", "--target", "T", FLOAT, TASK, FIELD(task.target), ANY, .help = "true step location t*"},
    {"k", "--k", "K", FLOAT, TASK, FIELD(task.k), POSITIVE, .help = "steepness of logistic and ste"},
    {"width", "--width", "W", FLOAT, TASK, FIELD(task.width), POSITIVE, .help = "band width of smoothstep and hardsigmoid"},
    {"signal", "--signal", "NAME", CHOICE, TASK, FIELD(task.signal), NAMES(signal_name, SL_SIGNAL_COUNT), .help = "signal x"},
    {"seed", "--seed", "S", INT, TASK, FIELD(task.seed), .lo = 0, .hi = 2147483647.0, .help = "seed of the noise signal"},
    {"optimizer", "--optimizer", "NAME", CHOICE, TRAIN, FIELD(opt.kind), NAMES(optim_name, SL_OPT_COUNT), .help = "optimizer (torch.optim conventions)"},
    {"lr", "--lr", "LR", FLOAT, TRAIN, FIELD(opt.lr), POSITIVE, .help = "learning rate"},
    {"momentum", "--momentum", "MU", FLOAT, TRAIN, FIELD(opt.momentum), UNIT_OPEN, .help = "momentum mu of momentum"},
    {"beta1", "--beta1", "B1", DOUBLE, TRAIN, FIELD(opt.beta1), UNIT_OPEN, .help = "Adam's decay rate of the first moment"},
    {"beta2", "--beta2", "B2", DOUBLE, TRAIN, FIELD(opt.beta2), UNIT_OPEN, .help = "Adam's decay rate of the second moment"},
    {"eps", "--eps", "EPS", FLOAT, TRAIN, FIELD(opt.eps), POSITIVE, .help = "Adam's epsilon"},
    {"anneal", "--anneal", "KIND", CHOICE, TRAIN, FIELD(anneal.kind), NAMES(anneal_name, SL_ANNEAL_COUNT), .help = "steepness schedule, from k0 to k1"},
    {"k0", "--k0", "K", FLOAT, TRAIN, FIELD(anneal.k0), POSITIVE, .dflt = "k", .help = "annealing: k at step 0"},
    {"k1", "--k1", "K", FLOAT, TRAIN, FIELD(anneal.k1), POSITIVE, .dflt = "k", .help = "annealing: k at the last step (row S of the CSV)"},
    {"anneal_steps", NULL, NULL, SL_SETTING_REFUSED, LESSON, .help = "annealing reaches k1 at the last step, so set steps instead"},
    {"steps", "--steps", "S", INT, RUN, FIELD(steps), .lo = 0, .hi = 1000000, .help = "the training step limit (0: no training, the start alone)"},
    {"grad_threshold", "--grad-threshold", "G", FLOAT, TRAIN, FIELD(grad_threshold), NONNEG, .help = "zero gradients with |g| below G before each update (0: off)"},
    {"channels", NULL, NULL, INT, LESSON, FIELD(channels), .lo = 1, .hi = SL_LESSON_MAX_CHANNELS, .help = "lesson 8: number of channels C"},
    {"targets", NULL, NULL, FLOAT_LIST, LESSON, FIELD(targets), .lo = 1, .hi = SL_LESSON_MAX_CHANNELS, .set = set_targets, .dflt = "spread evenly", .help = "lesson 8: t*_c of each channel, one per channel"},
    {"above", NULL, NULL, FLOAT, LESSON, FIELD(above), ANY, .help = "lesson 7: the output above the threshold"},
    {"below", NULL, NULL, FLOAT, LESSON, FIELD(below), ANY, .help = "lesson 7: the output at or below the threshold"},
    {"threshold", NULL, NULL, FLOAT, LESSON, FIELD(threshold), ANY, .help = "lesson 7: the level of the binary threshold"},
    {"values", NULL, NULL, FLOAT_LIST, LESSON, FIELD(values), .lo = 1, .hi = SL_LESSON_MAX_VALUES, .set = set_values, .dflt = "by kind", .help = "lessons 6 and 7: the element values x"},
    {"map_rows", NULL, NULL, INT, LESSON, FIELD(map_rows), .lo = 1, .hi = SL_LESSON_MAP_MAX, .help = "lesson 7: rows of the threshold map"},
    {"map_cols", NULL, NULL, INT, LESSON, FIELD(map_cols), .lo = 1, .hi = SL_LESSON_MAP_MAX, .help = "lesson 7: columns of the threshold map"},
    {"show_graph", NULL, NULL, BOOL, SHOW, FIELD(show_graph), .help = "open with the graph view showing; yes also adds graph to panels"},
    {"view", NULL, NULL, CHOICE, SHOW, FIELD(view), NAMES(view_name, SL_VIEW_COUNT), .help = "the view the lesson opens on: its panels, the graph (as show_graph = yes) or the steepness map"},
    {"theme", "--theme", "NAME", CHOICE, SHOW, FIELD(high_contrast), NAMES(theme_name, 2), .help = "colours: high-contrast is darker, with thicker lines, for projectors"},
};
#define COUNT ((int)(sizeof table / sizeof table[0]))
_Static_assert(sizeof table / sizeof table[0] <= SL_SETTINGS_MAX, "raise SL_SETTINGS_MAX");
_Static_assert(sizeof(SlLessonKind) == sizeof(int) && sizeof(SlMaskKind) == sizeof(int) &&
                   sizeof(SlSignalKind) == sizeof(int) && sizeof(SlOptKind) == sizeof(int) &&
                   sizeof(SlAnnealKind) == sizeof(int),
               "a CHOICE field is written as an int");
_Static_assert(sizeof(SlLessonView) == sizeof(int), "a CHOICE field is written as an int");

const SlSetting *sl_settings(int *count)
{
    *count = COUNT;
    return table;
}

const SlSetting *sl_setting_by_key(const char *key)
{
    for (int i = 0; i < COUNT; i++)
        if (strcmp(table[i].key, key) == 0) return &table[i];
    return NULL;
}

const SlSetting *sl_setting_by_option(const char *option)
{
    for (int i = 0; i < COUNT; i++)
        if (table[i].option && strcmp(table[i].option, option) == 0) return &table[i];
    return NULL;
}

int sl_setting_index(const SlSetting *s)
{
    assert(s >= table && s < table + COUNT);
    return (int)(s - table);
}

/* ---- words ---------------------------------------------------------------------- */

/* Appends to buf[*used..len) like snprintf, never past len. */
static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    if (*used >= len) return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *used, len - *used, fmt, ap);
    va_end(ap);
    if (w < 0) return;
    *used += (size_t)w;
    if (*used >= len) *used = len - 1;
}

static void name_list(const SlSetting *s, char *buf, size_t len, size_t *used)
{
    for (int i = 0; i < s->name_count; i++) append(buf, len, used, "%s%s", i ? ", " : "", s->name_of(i));
}

void sl_setting_range_text(const SlSetting *s, char *buf, size_t len)
{
    size_t used = 0;
    if (len == 0) return;
    buf[0] = '\0';
    switch (s->type) {
    case SL_SETTING_TEXT:
        append(buf, len, &used, "text of %.0f to %.0f bytes", s->lo, s->hi);
        break;
    case SL_SETTING_INT:
        append(buf, len, &used, "a whole number from %.0f to %.0f", s->lo, s->hi);
        break;
    case SL_SETTING_FLOAT:
    case SL_SETTING_DOUBLE: {
        const char *lo_op = (s->flags & SL_SETTING_LO_OPEN) ? ">" : ">=";
        const char *hi_op = (s->flags & SL_SETTING_HI_OPEN) ? "<" : "<=";
        append(buf, len, &used, "a finite number");
        if (isfinite(s->lo) && isfinite(s->hi))
            append(buf, len, &used, " in %c%g, %g%c", (s->flags & SL_SETTING_LO_OPEN) ? '(' : '[', s->lo, s->hi,
                   (s->flags & SL_SETTING_HI_OPEN) ? ')' : ']');
        else if (isfinite(s->lo))
            append(buf, len, &used, " %s %g", lo_op, s->lo);
        else if (isfinite(s->hi))
            append(buf, len, &used, " %s %g", hi_op, s->hi);
        break;
    }
    case SL_SETTING_CHOICE:
        append(buf, len, &used, "one of: ");
        name_list(s, buf, len, &used);
        break;
    case SL_SETTING_NAME_SET:
        append(buf, len, &used, "a comma-separated list of: ");
        name_list(s, buf, len, &used);
        append(buf, len, &used, ", or all");
        break;
    case SL_SETTING_BOOL:
        append(buf, len, &used, "yes or no");
        break;
    case SL_SETTING_FLOAT_LIST:
        append(buf, len, &used, "a comma-separated list of %.0f to %.0f finite numbers", s->lo, s->hi);
        break;
    case SL_SETTING_REFUSED:
    case SL_SETTING_TYPE_COUNT:
        append(buf, len, &used, "not a setting");
        break;
    }
}

static const void *field_c(const SlSetting *s, const SlLesson *l) { return (const char *)l + s->offset; }
static void *field(const SlSetting *s, SlLesson *l) { return (char *)l + s->offset; }

void sl_setting_format(const SlSetting *s, const SlLesson *l, char *buf, size_t len)
{
    size_t used = 0;
    int i = 0;
    unsigned set = 0;
    float f = 0.0f;
    double d = 0.0;
    if (len == 0) return;
    buf[0] = '\0';
    switch (s->type) {
    case SL_SETTING_TEXT:
        append(buf, len, &used, "%s", (const char *)field_c(s, l));
        break;
    case SL_SETTING_INT:
    case SL_SETTING_BOOL:
        assert(s->size == sizeof i);
        memcpy(&i, field_c(s, l), sizeof i);
        if (s->type == SL_SETTING_BOOL) append(buf, len, &used, "%s", i ? "yes" : "no");
        else append(buf, len, &used, "%d", i);
        break;
    case SL_SETTING_FLOAT:
        assert(s->size == sizeof f);
        memcpy(&f, field_c(s, l), sizeof f);
        append(buf, len, &used, "%g", (double)f);
        break;
    case SL_SETTING_DOUBLE:
        assert(s->size == sizeof d);
        memcpy(&d, field_c(s, l), sizeof d);
        append(buf, len, &used, "%g", d);
        break;
    case SL_SETTING_CHOICE:
        assert(s->size == sizeof i);
        memcpy(&i, field_c(s, l), sizeof i);
        append(buf, len, &used, "%s", i >= 0 && i < s->name_count ? s->name_of(i) : "?");
        break;
    case SL_SETTING_NAME_SET:
        assert(s->size == sizeof set);
        memcpy(&set, field_c(s, l), sizeof set);
        for (int k = 0; k < s->name_count; k++)
            if (set & (1u << k)) append(buf, len, &used, "%s%s", used ? ", " : "", s->name_of(k));
        break;
    case SL_SETTING_FLOAT_LIST:
    case SL_SETTING_REFUSED:
    case SL_SETTING_TYPE_COUNT:
        break;
    }
}

void sl_setting_default_text(const SlSetting *s, char *buf, size_t len)
{
    if (s->dflt) {
        snprintf(buf, len, "%s", s->dflt);
        return;
    }
    SlLesson d;
    sl_lesson_default(&d);
    sl_setting_format(s, &d, buf, len);
}

/* ---- parsing -------------------------------------------------------------------- */

/* "NAME must be RANGE, got 'VALUE'" with VALUE cut to 40 bytes; returns SL_ERR_ARG. */
static SlStatus must_be(const SlSetting *s, const char *name, const char *value, char *msg, size_t len)
{
    char range[256];
    sl_setting_range_text(s, range, sizeof range);
    if (msg && len > 0)
        snprintf(msg, len, "%s must be %s, got '%.40s%s'", name, range, value, strlen(value) > 40 ? "..." : "");
    return SL_ERR_ARG;
}

static SlStatus unknown_name(const SlSetting *s, const char *name, const char *item, char *msg, size_t len)
{
    char names[256];
    size_t used = 0;
    names[0] = '\0';
    if (s->type == SL_SETTING_BOOL) append(names, sizeof names, &used, "yes, no");
    else name_list(s, names, sizeof names, &used);
    if (msg && len > 0)
        snprintf(msg, len, "%s: unknown name '%.40s%s' (expected %s: %s%s)", name, item, strlen(item) > 40 ? "..." : "",
                 s->type == SL_SETTING_NAME_SET ? "a comma-separated list of" : "one of", names,
                 s->type == SL_SETTING_NAME_SET ? ", or all" : "");
    return SL_ERR_ARG;
}

static int in_range(const SlSetting *s, double v)
{
    if (s->flags & SL_SETTING_LO_OPEN ? !(v > s->lo) : !(v >= s->lo)) return 0;
    if (s->flags & SL_SETTING_HI_OPEN ? !(v < s->hi) : !(v <= s->hi)) return 0;
    return 1;
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Copies the next comma-separated item of *cursor into buf, trimmed; returns 0 at the end. */
static int next_item(const char **cursor, char *buf, size_t len)
{
    const char *s = *cursor;
    if (s == NULL) return 0;
    const char *comma = strchr(s, ',');
    size_t n = comma ? (size_t)(comma - s) : strlen(s);
    while (n > 0 && is_space(*s)) s++, n--;
    while (n > 0 && is_space(s[n - 1])) n--;
    if (n >= len) n = len - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    *cursor = comma ? comma + 1 : NULL;
    return 1;
}

static SlStatus get_float_list(const SlSetting *s, const char *name, const char *value, float *out, int *count,
                               char *msg, size_t len)
{
    char item[SL_LESSON_LINE_MAX + 1];
    float tmp[SL_LESSON_MAX_CHANNELS > SL_LESSON_MAX_VALUES ? SL_LESSON_MAX_CHANNELS : SL_LESSON_MAX_VALUES];
    const int max = (int)s->hi;
    assert(max <= (int)(sizeof tmp / sizeof tmp[0]));
    const char *cursor = value;
    int n = 0;
    while (next_item(&cursor, item, sizeof item)) {
        if (n == max) {
            if (msg && len > 0) snprintf(msg, len, "%s holds at most %d numbers", name, max);
            return SL_ERR_ARG;
        }
        if (!sl_parse_float(item, &tmp[n])) {
            if (msg && len > 0)
                snprintf(msg, len, "%s must be a comma-separated list of finite numbers, got '%.40s%s' (item %d)", name,
                         item, strlen(item) > 40 ? "..." : "", n + 1);
            return SL_ERR_ARG;
        }
        n++;
    }
    memcpy(out, tmp, (size_t)n * sizeof *out);
    *count = n;
    return SL_OK;
}

static SlStatus set_values(const SlSetting *s, const char *name, const char *value, SlLesson *l, char *msg,
                           size_t len)
{
    return get_float_list(s, name, value, l->values, &l->value_count, msg, len);
}

static SlStatus set_targets(const SlSetting *s, const char *name, const char *value, SlLesson *l, char *msg,
                            size_t len)
{
    return get_float_list(s, name, value, l->targets, &l->target_count, msg, len);
}

static int parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"}, *const no[] = {"no", "false", "off", "0"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(v, yes[i]) == 0) return *out = 1, 1;
        if (strcmp(v, no[i]) == 0) return *out = 0, 1;
    }
    return 0;
}

static SlStatus get_name_set(const SlSetting *s, const char *name, const char *value, unsigned *out, char *msg,
                             size_t len)
{
    char item[SL_LESSON_LINE_MAX + 1];
    const char *cursor = value;
    unsigned set = 0;
    while (next_item(&cursor, item, sizeof item)) {
        int found = -1;
        if (strcmp(item, "all") == 0) {
            set |= (1u << s->name_count) - 1u;
            continue;
        }
        for (int i = 0; i < s->name_count; i++)
            if (strcmp(item, s->name_of(i)) == 0) found = i;
        if (found < 0) return unknown_name(s, name, item, msg, len);
        set |= 1u << found;
    }
    if (set == 0) {
        if (msg && len > 0) snprintf(msg, len, "%s needs at least one name", name);
        return SL_ERR_ARG;
    }
    *out = set;
    return SL_OK;
}

SlStatus sl_setting_set(const SlSetting *s, const char *name, const char *value, SlLesson *l, char *msg,
                        size_t len)
{
    if (msg && len > 0) msg[0] = '\0';
    if (s->set) return s->set(s, name, value, l, msg, len);
    switch (s->type) {
    case SL_SETTING_TEXT: {
        size_t n = strlen(value);
        if (n < (size_t)s->lo || n > (size_t)s->hi) {
            if (msg && len > 0 && n > (size_t)s->hi) snprintf(msg, len, "%s is longer than %.0f bytes", name, s->hi);
            else if (msg && len > 0) snprintf(msg, len, "%s needs a value", name);
            return SL_ERR_ARG;
        }
        assert(s->size > (size_t)s->hi);
        memcpy(field(s, l), value, n + 1);
        return SL_OK;
    }
    case SL_SETTING_INT: {
        long v;
        if (!sl_parse_int(value, (long)s->lo, (long)s->hi, &v)) return must_be(s, name, value, msg, len);
        int i = (int)v;
        assert(s->size == sizeof i);
        memcpy(field(s, l), &i, sizeof i);
        return SL_OK;
    }
    case SL_SETTING_FLOAT: {
        float f;
        if (!sl_parse_float(value, &f) || !in_range(s, (double)f)) return must_be(s, name, value, msg, len);
        assert(s->size == sizeof f);
        memcpy(field(s, l), &f, sizeof f);
        return SL_OK;
    }
    case SL_SETTING_DOUBLE: {
        double d;
        if (!sl_parse_double(value, &d) || !in_range(s, d)) return must_be(s, name, value, msg, len);
        assert(s->size == sizeof d);
        memcpy(field(s, l), &d, sizeof d);
        return SL_OK;
    }
    case SL_SETTING_CHOICE:
        for (int i = 0; i < s->name_count; i++) {
            if (strcmp(value, s->name_of(i)) == 0) {
                assert(s->size == sizeof i);
                memcpy(field(s, l), &i, sizeof i);
                return SL_OK;
            }
        }
        return unknown_name(s, name, value, msg, len);
    case SL_SETTING_NAME_SET: {
        unsigned set;
        SlStatus st = get_name_set(s, name, value, &set, msg, len);
        if (st != SL_OK) return st;
        assert(s->size == sizeof set);
        memcpy(field(s, l), &set, sizeof set);
        return SL_OK;
    }
    case SL_SETTING_BOOL: {
        int b;
        if (!parse_bool(value, &b)) return unknown_name(s, name, value, msg, len);
        assert(s->size == sizeof b);
        memcpy(field(s, l), &b, sizeof b);
        return SL_OK;
    }
    case SL_SETTING_REFUSED:
        if (msg && len > 0) snprintf(msg, len, "%s is not a setting any more: %s", name, s->help);
        return SL_ERR_ARG;
    case SL_SETTING_FLOAT_LIST: /* always has its own setter */
    case SL_SETTING_TYPE_COUNT:
        break;
    }
    assert(0 && "a row without a parser");
    if (msg && len > 0) snprintf(msg, len, "%s: internal: no parser", name);
    return SL_ERR_ARG;
}
