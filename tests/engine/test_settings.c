/* test_settings.c — the one settings table: each row sets its own field and nothing else,
 * refuses a value just outside its range with the words its range text prints and leaves
 * the field alone, a lesson file and an option reach the same row; and docs/lessons.md's
 * key tables list exactly the table's keys with the same ranges and defaults. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl_settings.h"

#define LESSONS_MD STEPLAB_DOC_DIR "/lessons.md"

static SlLesson base, changed;  /* 14 kB each: kept off the stack */

/* A value in the row's range that differs from the default ("" when the row has none). */
static void other_value(const SlSetting *s, char *buf, size_t len)
{
    char def[256];
    sl_setting_default_text(s, def, sizeof def);
    buf[0] = '\0';
    switch (s->type) {
    case SL_SETTING_TEXT: snprintf(buf, len, "Another title"); break;
    case SL_SETTING_INT: snprintf(buf, len, "%.0f", s->hi); break;
    case SL_SETTING_FLOAT:
    case SL_SETTING_DOUBLE: {
        static const double tries[] = {0.5, 0.25, 2.0, 3.0, 1e6, -7.0};
        for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
            snprintf(buf, len, "%g", tries[i]);
            int lo_ok = (s->flags & SL_SETTING_LO_OPEN) ? tries[i] > s->lo : tries[i] >= s->lo;
            int hi_ok = (s->flags & SL_SETTING_HI_OPEN) ? tries[i] < s->hi : tries[i] <= s->hi;
            if (lo_ok && hi_ok && atof(def) != tries[i]) return;
        }
        buf[0] = '\0';
        break;
    }
    case SL_SETTING_CHOICE: snprintf(buf, len, "%s", s->name_of(s->name_count - 1)); break;
    case SL_SETTING_NAME_SET: snprintf(buf, len, "%s", s->name_of(s->name_count - 1)); break;
    case SL_SETTING_BOOL: snprintf(buf, len, "%s", strcmp(def, "yes") == 0 ? "no" : "yes"); break;
    case SL_SETTING_FLOAT_LIST: snprintf(buf, len, "1.5, -2, 3"); break;
    default: break;
    }
}

static void test_settings_each_row_sets_its_field_only(void **state)
{
    (void)state;
    int count;
    const SlSetting *all = sl_settings(&count);
    assert_true(count > 20);
    int checked = 0;
    for (int i = 0; i < count; i++) {
        const SlSetting *s = &all[i];
        if (s->type == SL_SETTING_REFUSED) continue;
        char value[128], msg[400], shown[256];
        other_value(s, value, sizeof value);
        assert_true(value[0] != '\0');
        sl_lesson_default(&base);
        memcpy(&changed, &base, sizeof changed);
        if (sl_setting_set(s, s->key, value, &changed, msg, sizeof msg) != SL_OK) {
            print_error("%s = %s: %s\n", s->key, value, msg);
            fail();
        }
        /* the field changed ... */
        assert_true(memcmp((const char *)&changed + s->offset, (const char *)&base + s->offset, s->size) != 0);
        /* ... and nothing outside it (a list also sets its count, an int just after the table's field) */
        for (size_t b = 0; b < sizeof base; b++) {
            if (b >= s->offset && b < s->offset + s->size) continue;
            if (((const unsigned char *)&changed)[b] != ((const unsigned char *)&base)[b]) {
                if (s->type == SL_SETTING_FLOAT_LIST) continue;
                print_error("%s = %s also changed byte %zu of the lesson\n", s->key, value, b);
                fail();
            }
        }
        /* what it holds reads back as it was written */
        sl_setting_format(s, &changed, shown, sizeof shown);
        if (s->type == SL_SETTING_FLOAT || s->type == SL_SETTING_DOUBLE)
            assert_true(atof(shown) == atof(value));
        else if (s->type != SL_SETTING_FLOAT_LIST)
            assert_string_equal(shown, value);
        checked++;
    }
    assert_int_equal(checked, count - 1);  /* every row but anneal_steps */
    sl_lesson_default(&base);
    assert_int_equal(sl_setting_set(sl_setting_by_key("values"), "values", "1.5, -2, 3", &base, NULL, 0), SL_OK);
    assert_int_equal(base.value_count, 3);
    assert_true(base.values[1] == -2.0f);
    assert_int_equal(sl_setting_set(sl_setting_by_key("targets"), "targets", "7, 8", &base, NULL, 0), SL_OK);
    assert_int_equal(base.target_count, 2);
    assert_true(base.targets[1] == 8.0f);
}

/* value is refused with "NAME must be RANGE, got 'value'" (RANGE the row's own words) and changes nothing. */
static void expect_refused(const SlSetting *s, const char *value)
{
    char msg[400], range[256], want[700];
    sl_lesson_default(&base);
    memcpy(&changed, &base, sizeof changed);
    sl_setting_range_text(s, range, sizeof range);
    snprintf(want, sizeof want, "%s must be %s, got '%s'", s->option ? s->option : s->key, range, value);
    SlStatus st = sl_setting_set(s, s->option ? s->option : s->key, value, &changed, msg, sizeof msg);
    if (st != SL_ERR_ARG || strcmp(msg, want) != 0) {
        print_error("%s = %s: status %d, '%s'\nexpected '%s'\n", s->key, value, (int)st, msg, want);
        fail();
    }
    assert_memory_equal(&changed, &base, sizeof base);
}

static void test_settings_bounds_are_the_ranges_printed(void **state)
{
    (void)state;
    int count;
    const SlSetting *all = sl_settings(&count);
    for (int i = 0; i < count; i++) {
        const SlSetting *s = &all[i];
        char v[64];
        if (s->type == SL_SETTING_INT) {
            snprintf(v, sizeof v, "%.0f", s->lo - 1);
            expect_refused(s, v);
            snprintf(v, sizeof v, "%.0f", s->hi + 1);
            expect_refused(s, v);
            expect_refused(s, "1.5");
        } else if (s->type == SL_SETTING_FLOAT || s->type == SL_SETTING_DOUBLE) {
            if ((s->flags & SL_SETTING_LO_OPEN) && isfinite(s->lo)) {
                snprintf(v, sizeof v, "%g", s->lo);
                expect_refused(s, v);
            }
            if ((s->flags & SL_SETTING_HI_OPEN) && isfinite(s->hi)) {
                snprintf(v, sizeof v, "%g", s->hi);
                expect_refused(s, v);
            }
            expect_refused(s, "nan");
            expect_refused(s, "inf");
        }
    }
    /* the two spellings of the step limit's range: the same for a lesson and the command line */
    char range[256];
    sl_setting_range_text(sl_setting_by_key("steps"), range, sizeof range);
    assert_string_equal(range, "a whole number from 0 to 1000000");
    sl_setting_range_text(sl_setting_by_key("momentum"), range, sizeof range);
    assert_string_equal(range, "a finite number in [0, 1)");
    sl_setting_range_text(sl_setting_by_key("k"), range, sizeof range);
    assert_string_equal(range, "a finite number > 0");
}

static void test_settings_keys_and_options(void **state)
{
    (void)state;
    int count;
    const SlSetting *all = sl_settings(&count);
    assert_true(count <= SL_SETTINGS_MAX);
    for (int i = 0; i < count; i++) {
        const SlSetting *s = &all[i];
        assert_ptr_equal(sl_setting_by_key(s->key), s);
        assert_int_equal(sl_setting_index(s), i);
        assert_non_null(s->help);
        if (!s->option) continue;
        /* an option is its key spelled the command line's way: --grad-threshold for grad_threshold */
        char want[64];
        snprintf(want, sizeof want, "--%s", s->key);
        for (char *c = want; *c; c++)
            if (*c == '_') *c = '-';
        assert_string_equal(s->option, want);
        assert_ptr_equal(sl_setting_by_option(s->option), s);
        assert_non_null(s->metavar);
        assert_true(s->scope != SL_SCOPE_LESSON);
    }
    assert_null(sl_setting_by_key("stepz"));
    assert_null(sl_setting_by_option("--title"));
    assert_null(sl_setting_by_option("k"));
}

/* ---- docs/lessons.md ------------------------------------------------------------------ */

static char *read_doc(void)
{
    FILE *f = fopen(LESSONS_MD, "rb");
    assert_non_null(f);
    static char buf[1 << 17];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Splits a markdown table row into cells at unescaped '|' (\| is a pipe in a cell). */
static int split_row(char *line, char **cells, int max)
{
    int n = 0;
    char *p = line;
    if (*p != '|') return 0;
    p++;
    char *start = p;
    for (; *p; p++) {
        if (*p == '\\' && p[1] == '|') {
            p++;
            continue;
        }
        if (*p == '|') {
            *p = '\0';
            if (n < max) cells[n++] = start;
            start = p + 1;
        }
    }
    return n;
}

/* Copies s without backticks and outer spaces. */
static void plain(const char *s, char *out, size_t len)
{
    size_t o = 0;
    while (*s == ' ') s++;
    for (; *s && o + 1 < len; s++)
        if (*s != '`') out[o++] = *s;
    while (o > 0 && out[o - 1] == ' ') o--;
    out[o] = '\0';
}

/* The backticked words of a cell, each as its own string. */
static int backticked(const char *cell, char words[][48], int max)
{
    int n = 0;
    for (const char *p = strchr(cell, '`'); p && n < max; p = strchr(p + 1, '`')) {
        const char *e = strchr(p + 1, '`');
        if (!e) break;
        size_t w = (size_t)(e - p - 1);
        if (w >= 48) w = 47;
        memcpy(words[n], p + 1, w);
        words[n++][w] = '\0';
        p = e;
    }
    return n;
}

/* Whole numbers in a cell, with digit groups ("1 000 000") joined. */
static int numbers(const char *cell, double *out, int max)
{
    char joined[512];
    size_t o = 0;
    for (const char *p = cell; *p && o + 1 < sizeof joined; p++) {
        if (*p == ' ' && p > cell && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
            p[3] >= '0')
            continue;  /* a thin space in 1 000 000 */
        joined[o++] = *p;
    }
    joined[o] = '\0';
    int n = 0;
    for (const char *p = joined; *p && n < max;) {
        if (*p >= '0' && *p <= '9' && (p == joined || !(p[-1] >= 'a' && p[-1] <= 'z'))) {
            char *end;
            out[n++] = strtod(p, &end);
            p = end;
        } else {
            p++;
        }
    }
    return n;
}

static int has_word(char words[][48], int n, const char *w)
{
    for (int i = 0; i < n; i++)
        if (strcmp(words[i], w) == 0) return 1;
    return 0;
}

/* The doc's values cell agrees with the row's type and range. */
static void check_values(const SlSetting *s, const char *cell)
{
    char words[40][48];
    double num[8];
    int nw = backticked(cell, words, 40), nn = numbers(cell, num, 8);
    switch (s->type) {
    case SL_SETTING_TEXT:
    case SL_SETTING_INT:
    case SL_SETTING_FLOAT_LIST:
        if (s->type == SL_SETTING_FLOAT_LIST) assert_non_null(strstr(cell, "comma list"));
        if (nn < 2 || num[0] != s->lo || num[1] != s->hi) {
            print_error("%s: the doc says '%s', the table %.0f to %.0f\n", s->key, cell, s->lo, s->hi);
            fail();
        }
        break;
    case SL_SETTING_FLOAT:
    case SL_SETTING_DOUBLE: {
        char want[64] = "";
        if (isfinite(s->lo) && isfinite(s->hi))
            snprintf(want, sizeof want, "%c%g, %g%c", (s->flags & SL_SETTING_LO_OPEN) ? '(' : '[', s->lo, s->hi,
                     (s->flags & SL_SETTING_HI_OPEN) ? ')' : ']');
        else if (isfinite(s->lo))
            snprintf(want, sizeof want, "%s %g", (s->flags & SL_SETTING_LO_OPEN) ? ">" : "\xe2\x89\xa5", s->lo);
        int bounded = strchr(cell, '>') || strchr(cell, '<') || strchr(cell, '[') || strstr(cell, "\xe2\x89\xa5") ||
                      strstr(cell, "\xe2\x89\xa4");
        if (want[0] ? !strstr(cell, want) : bounded) {
            print_error("%s: the doc says '%s', the table '%s'\n", s->key, cell, want[0] ? want : "any finite number");
            fail();
        }
        assert_non_null(strstr(cell, "number"));
        break;
    }
    case SL_SETTING_CHOICE:
    case SL_SETTING_NAME_SET: {
        int extra = s->type == SL_SETTING_NAME_SET;  /* `all` */
        if (nw != s->name_count + extra) {
            print_error("%s: the doc names %d values, the table %d\n", s->key, nw, s->name_count + extra);
            fail();
        }
        for (int i = 0; i < s->name_count; i++) {
            if (!has_word(words, nw, s->name_of(i))) {
                print_error("%s: the doc does not name '%s'\n", s->key, s->name_of(i));
                fail();
            }
        }
        if (extra) assert_true(has_word(words, nw, "all"));
        break;
    }
    case SL_SETTING_BOOL:
        assert_true(has_word(words, nw, "yes") && has_word(words, nw, "no"));
        break;
    default:
        fail_msg("%s: a row of type %d in the doc", s->key, (int)s->type);
    }
}

/* The doc's default (one key's part of the cell) agrees with the table's: the same
 * number, or the table's words followed by nothing, " (" or ":". */
static void check_default(const SlSetting *s, const char *doc)
{
    char table_text[256];
    sl_setting_default_text(s, table_text, sizeof table_text);
    char *end;
    double dv = strtod(doc, &end), tv;
    char *tend;
    tv = strtod(table_text, &tend);
    if (end != doc && *tend == '\0' && tend != table_text) {
        if (dv != tv || !(*end == '\0' || *end == ' ')) {
            print_error("%s: the doc's default is '%s', the table's %s\n", s->key, doc, table_text);
            fail();
        }
        return;
    }
    size_t n = strlen(table_text);
    if (strncmp(doc, table_text, n) != 0 || !(doc[n] == '\0' || doc[n] == ':' || strncmp(doc + n, " (", 2) == 0)) {
        print_error("%s: the doc's default is '%s', the table's '%s'\n", s->key, doc, table_text);
        fail();
    }
}

static void test_settings_agree_with_docs_lessons_md(void **state)
{
    (void)state;
    char *doc = read_doc();
    char *from = strstr(doc, "\n## Settings");
    assert_non_null(from);
    char *to = strstr(from + 1, "\n## ");
    assert_non_null(to);
    *to = '\0';
    int count;
    const SlSetting *all = sl_settings(&count);
    int seen[SL_SETTINGS_MAX] = {0};
    int rows = 0;
    for (char *line = from; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *cells[8];
        int n = split_row(line, cells, 8);
        if (n == 4 && strchr(cells[0], '`')) {
            char keys[4][48];
            int nk = backticked(cells[0], keys, 4);
            assert_true(nk >= 1);
            char def[512];
            plain(cells[2], def, sizeof def);
            /* "0.9, 0.999" for two keys: one part each */
            char *part[4] = {def};
            for (int k = 1; k < nk; k++) {
                char *comma = strstr(part[k - 1], ", ");
                if (!comma) fail_msg("the row of %s has %d keys but fewer defaults: '%s'", keys[0], nk, def);
                *comma = '\0';
                part[k] = comma + 2;
            }
            for (int k = 0; k < nk; k++) {
                const SlSetting *s = sl_setting_by_key(keys[k]);
                if (!s || s->type == SL_SETTING_REFUSED) fail_msg("docs/lessons.md lists '%s', the table does not", keys[k]);
                int id = sl_setting_index(s);
                if (seen[id]) fail_msg("docs/lessons.md lists '%s' twice", keys[k]);
                seen[id] = 1;
                check_values(s, cells[1]);
                check_default(s, part[k]);
                rows++;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    for (int i = 0; i < count; i++)
        if (all[i].type != SL_SETTING_REFUSED && !seen[i]) fail_msg("the table has '%s', docs/lessons.md does not", all[i].key);
    assert_int_equal(rows, count - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settings_each_row_sets_its_field_only),
        cmocka_unit_test(test_settings_bounds_are_the_ranges_printed),
        cmocka_unit_test(test_settings_keys_and_options),
        cmocka_unit_test(test_settings_agree_with_docs_lessons_md),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
