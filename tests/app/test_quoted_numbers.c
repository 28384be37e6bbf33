/* test_quoted_numbers.c — every number a lesson page quotes is drawn by the window in the
 * state the page describes, at every presentation scale step the window allows, at
 * 1280x720 and at 1920x1080, with nothing dropped (docs/lessons.md, "Numbers a page
 * quotes").
 *
 * The quoted numbers of a page are found in its text: a decimal ("40.4992", "0.0"), a
 * number with an exponent ("4.54e-5", "1e-5") and a fraction of two whole numbers
 * ("31/64"), not part of a word ("t0", "x_c") and signs aside. Each must be named by a
 * `# shows` or `# not drawn` comment of its page, and each such comment names only
 * numbers the page quotes. A `# shows` comment gives the state (settings, training
 * steps, the view) in which the window draws them; the test opens the lesson in that
 * state, headless, and finds each number in the strings the panels drew (the text
 * layer's log; the page's own words are not logged), to the number's last digit.
 * QUOTED_DUMP=1 in the environment prints what the panels drew in each state. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_lessons.h"
#include "app_fixture.h"
#include "app_ui.h"
#include "sl_settings.h"

#define MAX_NUMS 48
#define MAX_CHECKS 16
#define NUM_LEN 32

typedef struct Check {
    int drawn;                     /* 1: `# shows`; 0: `# not drawn` */
    char state[200];               /* what comes between "shows" and ':' */
    char num[MAX_NUMS][NUM_LEN];
    int n;
    int line;
} Check;

typedef struct PageChecks {
    Check check[MAX_CHECKS];
    int count;
} PageChecks;

static int teardown(void **state) { return fixture_teardown(state); }

static int is_word(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* The quoted numbers of text (the rule above), unsigned, as written. */
static int quoted_numbers(const char *text, char out[][NUM_LEN], int most)
{
    int n = 0;
    for (const char *p = text; *p && n < most; p++) {
        if (!isdigit((unsigned char)*p) || (p > text && (is_word(p[-1]) || p[-1] == '.'))) continue;
        const char *q = p;
        while (isdigit((unsigned char)*q)) q++;
        int quoted = 0;
        if (*q == '.' && isdigit((unsigned char)q[1])) {
            quoted = 1;
            q++;
            while (isdigit((unsigned char)*q)) q++;
        }
        if ((*q == 'e' || *q == 'E') && (isdigit((unsigned char)q[1]) || (q[1] == '-' && isdigit((unsigned char)q[2])))) {
            quoted = 1;
            q += q[1] == '-' ? 2 : 1;
            while (isdigit((unsigned char)*q)) q++;
        } else if (!quoted && *q == '/' && isdigit((unsigned char)q[1])) {
            quoted = 1;
            q++;
            while (isdigit((unsigned char)*q)) q++;
        }
        if (is_word(*q)) { /* "3x", "2nd", "1.5s": not a number on its own */
            while (is_word(*q) || *q == '.') q++;
            p = q - 1;
            continue;
        }
        if (quoted && q - p < NUM_LEN) {
            memcpy(out[n], p, (size_t)(q - p));
            out[n][q - p] = '\0';
            n++;
        }
        p = q - 1;
    }
    return n;
}

/* Reads the `# shows ...: N N N` and `# not drawn: N N (why)` comments of each page of
 * the lesson file at path; returns the number of pages seen. */
static int read_checks(const char *path, PageChecks *pages, int most)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[600];
    int page = -1, lineno = 0;
    memset(pages, 0, sizeof *pages * (size_t)most);
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (!strncmp(s, "--- page:", 9)) {
            page++;
            assert_true(page < most);
            continue;
        }
        if (*s != '#' || page < 0) continue;
        s++;
        while (*s == ' ') s++;
        int drawn;
        if (!strncmp(s, "shows", 5) && (s[5] == ' ' || s[5] == ':'))
            drawn = 1;
        else if (!strncmp(s, "not drawn:", 10))
            drawn = 0;
        else
            continue;
        char *colon = strchr(s, ':');
        assert_non_null(colon);
        PageChecks *pc = &pages[page];
        assert_true(pc->count < MAX_CHECKS);
        Check *c = &pc->check[pc->count++];
        c->drawn = drawn;
        c->line = lineno;
        if (drawn) {
            const char *st = s + 5;
            while (*st == ' ') st++;
            size_t len = (size_t)(colon - st);
            assert_true(len < sizeof c->state);
            memcpy(c->state, st, len);
            c->state[len] = '\0';
        }
        /* Numbers up to the end or to a "(reason)". */
        char *end = strchr(colon, '(');
        if (end) *end = '\0';
        for (char *tok = strtok(colon + 1, " ,\t\r\n"); tok; tok = strtok(NULL, " ,\t\r\n")) {
            if (*tok == '-') tok++;
            assert_true(c->n < MAX_NUMS && strlen(tok) < NUM_LEN);
            char one[1][NUM_LEN];
            if (quoted_numbers(tok, one, 1) != 1 || strcmp(one[0], tok) != 0) {
                fprintf(stderr, "%s:%d: '%s' is not a quoted number\n", path, lineno, tok);
                fail();
            }
            snprintf(c->num[c->n++], NUM_LEN, "%s", tok);
        }
        if (!drawn && !end) {
            fprintf(stderr, "%s:%d: '# not drawn' says why in parentheses\n", path, lineno);
            fail();
        }
    }
    fclose(f);
    return page + 1;
}

/* Whether the panels drew quoted: a number equal to it to its last digit (4.54e-5
 * matches "4.54e-05", 0.0156250 needs "0.0156250" or more digits, "-0.01563" is not
 * enough), or for a fraction a/b its own spelling or a number of 4 or more significant
 * digits equal to a/b to that number's last digit. Signs aside. */
static int drawn_number(const char *shown, const char *quoted)
{
    const char *slash = strchr(quoted, '/');
    if (slash) {
        const char *hit = shown;
        size_t len = strlen(quoted);
        while ((hit = strstr(hit, quoted)) != NULL) {
            if ((hit == shown || !isdigit((unsigned char)hit[-1])) && !isdigit((unsigned char)hit[len])) return 1;
            hit++;
        }
    }
    double q = slash ? atof(quoted) / atof(slash + 1) : strtod(quoted, NULL);
    const char *e = slash ? NULL : strpbrk(quoted, "eE");
    const char *dot = strchr(quoted, '.');
    int decimals = 0;
    if (dot && (!e || dot < e)) decimals = (int)((e ? e : quoted + strlen(quoted)) - dot - 1);
    int ex = e ? atoi(e + 1) : 0;
    double half = 0.5 * pow(10.0, (double)(ex - decimals));
    for (const char *p = shown; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > shown && (isdigit((unsigned char)p[-1]) || p[-1] == '.'))) continue;
        char *end;
        double d = fabs(strtod(p, &end));
        if (slash) { /* the drawn number's own precision */
            const char *ddot = memchr(p, '.', (size_t)(end - p));
            const char *de = NULL;
            for (const char *x = p; x < end; x++)
                if (*x == 'e' || *x == 'E') de = x;
            int sig = 0, lead = 1;
            for (const char *x = p; x < (de ? de : end); x++) {
                if (!isdigit((unsigned char)*x)) continue;
                if (*x != '0') lead = 0;
                if (!lead) sig++;
            }
            int ddec = ddot ? (int)((de ? de : end) - ddot - 1) : 0;
            half = 0.5 * pow(10.0, (double)((de ? atoi(de + 1) : 0) - ddec));
            if (sig >= 4 && fabs(d - q) <= half * (1.0 + 1e-9)) return 1;
        } else if (fabs(d - q) <= half * (1.0 + 1e-9)) {
            return 1;
        }
        p = end - 1;
    }
    return 0;
}

static void test_the_rule_finds_numbers(void **state)
{
    (void)state;
    char n[16][NUM_LEN];
    int c = quoted_numbers("t = 40.4992, loss 0.484375 = 31/64, t0 10 and x_c 3, 4.54e-5, 1e-5, (t - i)/w, "
                           "lessons/01-stuck, 8 x 16, 3x faster, v1.2",
                           n, 16);
    assert_int_equal(c, 5);
    assert_string_equal(n[0], "40.4992");
    assert_string_equal(n[1], "0.484375");
    assert_string_equal(n[2], "31/64");
    assert_string_equal(n[3], "4.54e-5");
    assert_string_equal(n[4], "1e-5");
    assert_true(drawn_number("t 40.49924\n", "40.4992"));
    assert_false(drawn_number("t 40.4998\n", "40.4992"));
    assert_false(drawn_number("-0.01563\n", "0.0156250"));
    assert_true(drawn_number("grad -1.5625e-02\n", "0.0156250"));
    assert_true(drawn_number("x 4.54e-05\n", "4.54e-5"));
    assert_true(drawn_number("loss 0.484375\n", "31/64"));
    assert_true(drawn_number("= 31/64 wrong\n", "31/64"));
    assert_false(drawn_number("loss 0.48\n", "31/64"));
    assert_false(drawn_number("131/640\n", "31/64"));
}

/* Opens lesson path at w x h in the state a `# shows` comment names: parts separated by
 * ';', each a lesson setting `KEY = VALUE` (optionally after "with"), `after N
 * steps`, or the view: `graph`, `main` (the lesson's panels), `map`. */
static void open_in_state(const char *path, const char *state_text, int w, int h)
{
    static AppLaunch launch;
    char err[512], msg[256], buf[200];
    memset(&launch, 0, sizeof launch);
    assert_int_equal(sl_lesson_load(path, &launch.lesson, err, sizeof err), SL_OK);
    snprintf(launch.lesson_path, sizeof launch.lesson_path, "%s", path);
    snprintf(buf, sizeof buf, "%s", state_text);
    int steps = 0, view = -1; /* -1 the lesson's own, 0 main, 1 graph, 2 map */
    for (char *part = strtok(buf, ";"); part; part = strtok(NULL, ";")) {
        while (*part == ' ') part++;
        if (!strncmp(part, "with ", 5)) part += 5;
        char *eq = strchr(part, '=');
        if (eq) {
            char *k = part, *v = eq + 1, *kend = eq;
            while (kend > k && kend[-1] == ' ') kend--;
            *kend = '\0';
            while (*v == ' ') v++;
            for (char *t = v + strlen(v); t > v && t[-1] == ' '; t--) t[-1] = '\0';
            const SlSetting *s = sl_setting_by_key(k);
            if (!s || sl_setting_set(s, k, v, &launch.lesson, msg, sizeof msg) != SL_OK) {
                fprintf(stderr, "%s: state '%s': bad setting '%s'\n", path, state_text, k);
                fail();
            }
        } else if (sscanf(part, "after %d step", &steps) == 1) {
        } else if (!strcmp(part, "main")) {
            view = 0;
        } else if (!strcmp(part, "graph")) {
            view = 1;
        } else if (!strcmp(part, "map")) {
            view = 2;
        } else if (*part) {
            fprintf(stderr, "%s: state '%s': unknown part '%s'\n", path, state_text, part);
            fail();
        }
    }
    if (view == 1) launch.lesson.show_graph = 1;
    if (view >= 0 && view != 2) launch.lesson.show_map = 0;
    if (view == 0) launch.lesson.show_graph = 0;
    if (view == 2) launch.lesson.show_map = 1, launch.lesson.show_graph = 0;
    fixture_open_launch(&launch, w, h);
    for (int i = 0; i < steps; i++) app_model_step(&fx.app.model);
    assert_int_equal(app_model_step_count(&fx.app.model), steps);
}

/* Each lesson's `# shows` and `# not drawn` comments name exactly the numbers its
 * pages quote. */
static void test_every_quoted_number_has_a_check(void **state)
{
    (void)state;
    AppLessonList list;
    int lessons = app_lessons_list(NULL, &list), named = 0;
    assert_true(lessons >= 9);
    static SlLesson lesson;
    static PageChecks pages[SL_LESSON_MAX_PAGES];
    char err[512], nums[MAX_NUMS][NUM_LEN];
    int bad = 0;
    for (int l = 0; l < lessons; l++) {
        assert_int_equal(sl_lesson_load(list.paths[l], &lesson, err, sizeof err), SL_OK);
        assert_int_equal(read_checks(list.paths[l], pages, SL_LESSON_MAX_PAGES), lesson.page_count);
        for (int p = 0; p < lesson.page_count; p++) {
            int n = quoted_numbers(lesson.pages[p].text, nums, MAX_NUMS);
            for (int i = 0; i < n; i++) {
                int found = 0;
                for (int c = 0; c < pages[p].count && !found; c++)
                    for (int j = 0; j < pages[p].check[c].n && !found; j++) found = !strcmp(pages[p].check[c].num[j], nums[i]);
                if (!found) {
                    fprintf(stderr, "%s page %d: %s is quoted, but no '# shows' or '# not drawn' names it\n",
                            list.paths[l], p + 1, nums[i]);
                    bad++;
                }
                named += found;
            }
            for (int c = 0; c < pages[p].count; c++)
                for (int j = 0; j < pages[p].check[c].n; j++) {
                    int found = 0;
                    for (int i = 0; i < n && !found; i++) found = !strcmp(pages[p].check[c].num[j], nums[i]);
                    if (!found) {
                        fprintf(stderr, "%s:%d: %s is not quoted on page %d\n", list.paths[l], pages[p].check[c].line,
                                pages[p].check[c].num[j], p + 1);
                        bad++;
                    }
                }
        }
    }
    assert_int_equal(bad, 0);
    assert_true(named >= 80); /* the rule finds the numbers the lessons are built on */
}

/* Every `# shows` state, at 1280x720 and 1920x1080, at every scale step from the
 * smallest to the largest the window holds: nothing dropped, every number drawn. At
 * 1280x720 every lesson takes at least one F3 step. */
static void test_every_shown_number_is_drawn_at_every_scale(void **state)
{
    (void)state;
    static const int sizes[2][2] = {{1280, 720}, {1920, 1080}};
    AppLessonList list;
    int lessons = app_lessons_list(NULL, &list), bad = 0, checked = 0;
    static PageChecks pages[SL_LESSON_MAX_PAGES];
    for (int l = 0; l < lessons; l++) {
        int page_count = read_checks(list.paths[l], pages, SL_LESSON_MAX_PAGES);
        for (int p = 0; p < page_count; p++)
            for (int c = 0; c < pages[p].count; c++) {
                const Check *ck = &pages[p].check[c];
                if (!ck->drawn) continue;
                for (int size = 0; size < 2; size++) {
                    open_in_state(list.paths[l], ck->state, sizes[size][0], sizes[size][1]);
                    fx.app.model.page = p;
                    app_text_log(fx.app.text, 1);
                    while (fx.app.user_scale > 0.5f) key(SDLK_F2);
                    for (int step = 0; step < 16; step++) {
                        int want = fx.app.scale_step;
                        fixture_draw();
                        if (fx.app.scale_step != want) break; /* more than the window holds: it backed down */
                        if (fx.app.drops) {
                            fprintf(stderr, "%s page %d [%s] %dx%d scale %.3f: %d dropped, first: %s\n", list.paths[l],
                                    p + 1, ck->state, sizes[size][0], sizes[size][1], (double)fx.app.scale, fx.app.drops,
                                    fx.app.drop[0]);
                            bad++;
                        }
                        const char *shown = app_text_logged(fx.app.text);
                        if (getenv("QUOTED_DUMP") && step == 0) fprintf(stderr, "---- drawn:\n%s----\n", shown);
                        for (int i = 0; i < ck->n; i++) {
                            checked++;
                            if (!drawn_number(shown, ck->num[i])) {
                                fprintf(stderr, "%s page %d [%s] %dx%d scale %.3f: %s is not drawn\n", list.paths[l],
                                        p + 1, ck->state, sizes[size][0], sizes[size][1], (double)fx.app.scale,
                                        ck->num[i]);
                                bad++;
                            }
                        }
                        if (fx.app.user_scale >= APP_SCALE_USER_MAX) break;
                        key(SDLK_F3);
                    }
                    if (size == 0 && fx.app.scale_step < 1) {
                        fprintf(stderr, "%s page %d [%s] 1280x720: F3 is refused\n", list.paths[l], p + 1, ck->state);
                        bad++;
                    }
                }
            }
    }
    fprintf(stderr, "%d numbers checked\n", checked);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_rule_finds_numbers),
        cmocka_unit_test(test_every_quoted_number_has_a_check),
        cmocka_unit_test(test_every_shown_number_is_drawn_at_every_scale),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
