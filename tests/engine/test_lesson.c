/* test_lesson.c — the lesson parser: every shipped lesson parses to the settings its
 * lesson needs; every key sets its field; malformed input (unknown key, bad number,
 * overlong line, NUL, binary junk, truncation at every byte) gives "name:LINE: ..."
 * and never reads past len (the buffers here are exact-size heap copies for ASan). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_lesson.h"

#define LESSON_DIR STEPLAB_ASSET_DIR "/lessons/"

static const struct {
    const char *file;
    SlLessonKind kind;
    SlMaskKind mask;
} shipped[] = {
    {"01-stuck-step.txt", SL_LESSON_TASK, SL_MASK_HARD},
    {"02-soften-it.txt", SL_LESSON_TASK, SL_MASK_LOGISTIC},
    {"03-smoothstep.txt", SL_LESSON_TASK, SL_MASK_SMOOTHSTEP},
    {"04-straight-through.txt", SL_LESSON_TASK, SL_MASK_STE},
    {"05-anneal.txt", SL_LESSON_TASK, SL_MASK_LOGISTIC},
    {"06-zero-is-not-nan.txt", SL_LESSON_NAN, SL_MASK_LOGISTIC},
    {"07-thresholds.txt", SL_LESSON_THRESHOLD, SL_MASK_LOGISTIC},
    {"08-per-channel.txt", SL_LESSON_CHANNELS, SL_MASK_LOGISTIC},
    {"09-tune-the-steepness.txt", SL_LESSON_TASK, SL_MASK_LOGISTIC},
};
#define SHIPPED_COUNT ((int)(sizeof shipped / sizeof shipped[0]))

/* Reads a whole file into an exact-size heap buffer (no terminator: parse must use len). */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char tmp[SL_LESSON_FILE_MAX];
    size_t n = fread(tmp, 1, sizeof tmp, f);
    fclose(f);
    char *buf = malloc(n ? n : 1);
    assert_non_null(buf);
    memcpy(buf, tmp, n);
    *len = n;
    return buf;
}

/* Parses text from an exact-size copy (so ASan sees any read past len). */
static SlStatus parse_exact(const char *text, size_t len, SlLesson *out, char *err, size_t err_len)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    SlStatus st = sl_lesson_parse(copy, len, "x.txt", out, err, err_len);
    free(copy);
    return st;
}

static SlLesson lesson;  /* 14 kB: kept off the stack */

/* Asserts that text fails to parse with a message starting with want. */
static void expect_error_n(const char *text, size_t len, const char *want)
{
    char err[512];
    SlStatus st = parse_exact(text, len, &lesson, err, sizeof err);
    if (st != SL_ERR_PARSE || strncmp(err, want, strlen(want)) != 0) {
        print_error("status %d, message '%s'\nexpected a message starting with '%s'\n", (int)st, err, want);
        fail();
    }
    /* a failed parse leaves the defaults behind */
    assert_int_equal(lesson.page_count, 0);
    assert_int_equal(lesson.task.mask, SL_MASK_LOGISTIC);
}

static void expect_error(const char *text, const char *want) { expect_error_n(text, strlen(text), want); }

static void parse_ok(const char *text)
{
    char err[512] = "";
    SlStatus st = parse_exact(text, strlen(text), &lesson, err, sizeof err);
    if (st != SL_OK) {
        print_error("unexpected error: %s\n", err);
        fail();
    }
}

/* ---- shipped lessons ----------------------------------------------------------- */

static void test_lesson_shipped_all_parse(void **state)
{
    (void)state;
    for (int i = 0; i < SHIPPED_COUNT; i++) {
        char path[512], err[512] = "";
        snprintf(path, sizeof path, "%s%s", LESSON_DIR, shipped[i].file);
        SlStatus st = sl_lesson_load(path, &lesson, err, sizeof err);
        if (st != SL_OK) {
            print_error("%s\n", err);
            fail();
        }
        assert_int_equal(lesson.kind, shipped[i].kind);
        assert_int_equal(lesson.task.mask, shipped[i].mask);
        assert_true(lesson.families & (1u << lesson.task.mask));
        assert_true(strlen(lesson.title) > 0);
        assert_in_range(lesson.page_count, 3, SL_LESSON_MAX_PAGES);
        for (int p = 0; p < lesson.page_count; p++) {
            assert_true(strlen(lesson.pages[p].title) > 0);
            assert_true(strlen(lesson.pages[p].text) > 40);
            /* paragraphs are joined: no single newlines except before a list item */
            const char *nl = lesson.pages[p].text;
            while ((nl = strchr(nl, '\n')) != NULL) {
                assert_true(nl[1] == '\n' || nl[-1] == '\n' || (nl[1] == '-' && nl[2] == ' '));
                nl++;
            }
        }
    }
}

static void test_lesson_shipped_settings(void **state)
{
    (void)state;
    char err[512];
    assert_int_equal(sl_lesson_load(LESSON_DIR "01-stuck-step.txt", &lesson, err, sizeof err), SL_OK);
    assert_int_equal(lesson.families, (1u << SL_MASK_HARD) | (1u << SL_MASK_LOGISTIC) | (1u << SL_MASK_SMOOTHSTEP));
    assert_exact(lesson.task.t, 10.0f);
    assert_exact(lesson.task.target, 40.5f);
    assert_int_equal(lesson.task.n, 64);
    assert_int_equal(lesson.opt.kind, SL_OPT_SGD);
    assert_exact(lesson.opt.lr, 10.0f);
    assert_non_null(strstr(lesson.pages[lesson.page_count - 1].text, "Gradients do not exist for variables"));

    assert_int_equal(sl_lesson_load(LESSON_DIR "05-anneal.txt", &lesson, err, sizeof err), SL_OK);
    assert_int_equal(lesson.anneal.kind, SL_ANNEAL_GEOMETRIC);
    assert_exact(lesson.anneal.k0, 0.5f);
    assert_exact(lesson.anneal.k1, 16.0f);
    assert_int_equal(lesson.anneal.steps, 300);
    assert_int_equal(lesson.steps, 300);

    assert_int_equal(sl_lesson_load(LESSON_DIR "06-zero-is-not-nan.txt", &lesson, err, sizeof err), SL_OK);
    assert_int_equal(lesson.value_count, 11);
    assert_exact(lesson.values[0], -10.0f);
    assert_exact(lesson.values[10], 100.0f);
    assert_true(lesson.show_graph);
    assert_true(lesson.panels & (1u << SL_PANEL_GRAPH));

    assert_int_equal(sl_lesson_load(LESSON_DIR "07-thresholds.txt", &lesson, err, sizeof err), SL_OK);
    assert_exact(lesson.grad_threshold, 0.016f);
    assert_exact(lesson.threshold, 0.5f);
    assert_int_equal(lesson.map_rows, 8);
    assert_int_equal(lesson.map_cols, 16);

    assert_int_equal(sl_lesson_load(LESSON_DIR "08-per-channel.txt", &lesson, err, sizeof err), SL_OK);
    assert_int_equal(lesson.channels, 8);
    assert_int_equal(lesson.families, (1u << SL_MASK_HARD) | (1u << SL_MASK_LOGISTIC));
    assert_int_equal(lesson.task.signal, SL_SIGNAL_NOISE);
}

/* Cutting a shipped lesson at every byte: each prefix parses or fails cleanly. */
static void test_lesson_truncated_everywhere(void **state)
{
    (void)state;
    for (int i = 0; i < SHIPPED_COUNT; i++) {
        char path[512];
        size_t len;
        snprintf(path, sizeof path, "%s%s", LESSON_DIR, shipped[i].file);
        char *text = read_file(path, &len);
        for (size_t cut = 0; cut <= len; cut++) {
            char err[512] = "";
            SlStatus st = parse_exact(text, cut, &lesson, err, sizeof err);
            if (st == SL_OK) continue;
            assert_int_equal(st, SL_ERR_PARSE);
            int line = 0;
            assert_int_equal(sscanf(err, "x.txt:%d:", &line), 1);
            assert_true(line >= 1);
        }
        free(text);
    }
}

/* Random byte damage (deterministic): never a crash, always a clean status. */
static void test_lesson_random_damage(void **state)
{
    (void)state;
    size_t len;
    char *text = read_file(LESSON_DIR "02-soften-it.txt", &len);
    uint32_t s = 12345u;
    for (int round = 0; round < 2000; round++) {
        char *copy = malloc(len);
        assert_non_null(copy);
        memcpy(copy, text, len);
        for (int k = 0; k < 1 + round % 4; k++) {
            s ^= s << 13; s ^= s >> 17; s ^= s << 5;
            copy[s % len] = (char)(s >> 24);
        }
        char err[512] = "";
        SlStatus st = sl_lesson_parse(copy, len, "x.txt", &lesson, err, sizeof err);
        assert_true(st == SL_OK || st == SL_ERR_PARSE);
        if (st != SL_OK) assert_int_equal(strncmp(err, "x.txt:", 6), 0);
        free(copy);
    }
    free(text);
}

/* ---- what parses ---------------------------------------------------------------- */

static void test_lesson_defaults(void **state)
{
    (void)state;
    parse_ok("title = Minimal\n--- page: Only\nOne line.\n");
    assert_string_equal(lesson.title, "Minimal");
    assert_int_equal(lesson.kind, SL_LESSON_TASK);
    assert_int_equal(lesson.task.mask, SL_MASK_LOGISTIC);
    assert_int_equal(lesson.task.n, 64);
    assert_exact(lesson.task.t, 10.0f);
    assert_exact(lesson.task.target, 40.5f);
    assert_exact(lesson.task.k, 1.0f);
    assert_exact(lesson.task.width, 4.0f);
    assert_int_equal(lesson.families,
                     (1u << SL_MASK_HARD) | (1u << SL_MASK_LOGISTIC) | (1u << SL_MASK_SMOOTHSTEP));
    assert_int_equal(lesson.opt.kind, SL_OPT_SGD);
    assert_exact(lesson.opt.lr, 10.0f);
    assert_int_equal(lesson.steps, 300);
    assert_int_equal(lesson.anneal.kind, SL_ANNEAL_CONSTANT);
    assert_exact(lesson.anneal.k0, 1.0f);
    assert_int_equal(lesson.anneal.steps, 300);
    assert_int_equal(lesson.channels, 8);
    assert_exact(lesson.above, 1.0f);
    assert_exact(lesson.below, 0.0f);
    assert_int_equal(lesson.page_count, 1);
    assert_string_equal(lesson.pages[0].title, "Only");
    assert_string_equal(lesson.pages[0].text, "One line.");
}

static void test_lesson_every_key(void **state)
{
    (void)state;
    parse_ok("# every key\n"
             "title = All keys = set\n"
             "kind = channels\n"
             "mask = smoothstep\n"
             "families = smoothstep, hardsigmoid , ste\n"
             "panels = mask, graph\n"
             "n = 128\n"
             "t = -3.5\n"
             "target = 99.25\n"
             "k = 2.5\n"
             "width = 0.5\n"
             "signal = sine\n"
             "seed = 42\n"
             "optimizer = adam\n"
             "lr = 0.05\n"
             "momentum = 0.5\n"
             "beta1 = 0.8\n"
             "beta2 = 0.99\n"
             "eps = 1e-6\n"
             "anneal = linear\n"
             "k0 = 0.25\n"
             "k1 = 64\n"
             "steps = 1000\n"
             "grad_threshold = 0.001\n"
             "channels = 3\n"
             "targets = 10.5, 20.5,30.5\n"
             "above = 5\n"
             "below = -1\n"
             "threshold = 0.25\n"
             "values = 1, 2\n"
             "map_rows = 4\n"
             "map_cols = 32\n"
             "show_graph = no\n"
             "--- page: P\ntext\n");
    assert_string_equal(lesson.title, "All keys = set");
    assert_int_equal(lesson.kind, SL_LESSON_CHANNELS);
    assert_int_equal(lesson.task.mask, SL_MASK_SMOOTHSTEP);
    assert_int_equal(lesson.families,
                     (1u << SL_MASK_SMOOTHSTEP) | (1u << SL_MASK_HARDSIGMOID) | (1u << SL_MASK_STE));
    assert_int_equal(lesson.panels, (1u << SL_PANEL_MASK) | (1u << SL_PANEL_GRAPH));
    assert_int_equal(lesson.task.n, 128);
    assert_exact(lesson.task.t, -3.5f);
    assert_exact(lesson.task.target, 99.25f);
    assert_exact(lesson.task.k, 2.5f);
    assert_exact(lesson.task.width, 0.5f);
    assert_int_equal(lesson.task.signal, SL_SIGNAL_SINE);
    assert_int_equal(lesson.task.seed, 42);
    assert_int_equal(lesson.opt.kind, SL_OPT_ADAM);
    assert_exact(lesson.opt.lr, 0.05f);
    assert_exact(lesson.opt.momentum, 0.5f);
    assert_true(lesson.opt.beta1 == 0.8);
    assert_true(lesson.opt.beta2 == 0.99);
    assert_exact(lesson.opt.eps, 1e-6f);
    assert_int_equal(lesson.anneal.kind, SL_ANNEAL_LINEAR);
    assert_exact(lesson.anneal.k0, 0.25f);
    assert_exact(lesson.anneal.k1, 64.0f);
    assert_int_equal(lesson.anneal.steps, 1000); /* annealing spans the run */
    assert_int_equal(lesson.steps, 1000);
    assert_exact(lesson.grad_threshold, 0.001f);
    assert_int_equal(lesson.channels, 3);
    assert_int_equal(lesson.target_count, 3);
    assert_exact(lesson.targets[2], 30.5f);
    assert_exact(lesson.above, 5.0f);
    assert_exact(lesson.below, -1.0f);
    assert_exact(lesson.threshold, 0.25f);
    assert_int_equal(lesson.value_count, 2);
    assert_exact(lesson.values[1], 2.0f);
    assert_int_equal(lesson.map_rows, 4);
    assert_int_equal(lesson.map_cols, 32);
    assert_false(lesson.show_graph);
}

static void test_lesson_pages_and_paragraphs(void **state)
{
    (void)state;
    parse_ok("\xEF\xBB\xBF# a BOM, CRLF lines and comments in pages\r\n"
             "title = Pages\r\n"
             "\r\n"
             "--- page: First\r\n"
             "\r\n"
             "One line\r\n"
             "  joined to the next.\r\n"
             "# not shown\r\n"
             "\r\n"
             "\r\n"
             "Second paragraph:\r\n"
             "- item one\r\n"
             "- item two, wrapped\r\n"
             "  onto a second line\r\n"
             "\r\n"
             "---   page:   Second, with = and # in the title   \r\n"
             "k = 2 stays text here \xc3\xa9\r\n");
    assert_int_equal(lesson.page_count, 2);
    assert_string_equal(lesson.pages[0].title, "First");
    assert_string_equal(lesson.pages[0].text,
                        "One line joined to the next.\n\nSecond paragraph:\n- item one\n- item two, wrapped onto a second line");
    assert_string_equal(lesson.pages[1].title, "Second, with = and # in the title");
    assert_string_equal(lesson.pages[1].text, "k = 2 stays text here \xc3\xa9");
    assert_exact(lesson.task.k, 1.0f);
}

static void test_lesson_limits_exactly_fit(void **state)
{
    (void)state;
    /* a line of exactly SL_LESSON_LINE_MAX bytes and a page of exactly PAGE_MAX - 1 bytes */
    static char text[SL_LESSON_FILE_MAX];
    size_t used = (size_t)snprintf(text, sizeof text, "title = Limits\n--- page: Full\n");
    size_t page = 0;
    while (page + SL_LESSON_LINE_MAX + 1 <= SL_LESSON_PAGE_MAX - 1) {
        size_t line = SL_LESSON_LINE_MAX;
        if (page > 0) page += 1;  /* the joining space */
        memset(text + used, 'a', line);
        used += line;
        text[used++] = '\n';
        page += line;
    }
    size_t rest = SL_LESSON_PAGE_MAX - 1 - page - 1;
    memset(text + used, 'b', rest);
    used += rest;
    text[used] = '\0';
    parse_ok(text);
    assert_int_equal(strlen(lesson.pages[0].text), SL_LESSON_PAGE_MAX - 1);
    /* one more byte is an error on that last line */
    text[used++] = 'c';
    text[used] = '\0';
    expect_error(text, "x.txt:6: page 'Full' is too long");
}

/* ---- what does not parse --------------------------------------------------------- */

static void test_lesson_error_unknown_key(void **state)
{
    (void)state;
    expect_error("title = T\n# comment\n\nmask = hard\nk = 2\nn = 64\nstepz = 300\n--- page: P\nx\n",
                 "x.txt:7: unknown key 'stepz' (expected one of: title, kind, mask, families,");
    expect_error("title = T\n = 3\n", "x.txt:2: expected a key before '='");
    expect_error("title = T\njust words\n", "x.txt:2: expected 'key = value' or '--- page: Title', got 'just words'");
}

static void test_lesson_error_bad_number(void **state)
{
    (void)state;
    expect_error("title = T\n\nk = -1\n", "x.txt:3: k must be a finite number > 0, got '-1'");
    expect_error("title = T\nk = 0\n", "x.txt:2: k must be a finite number > 0, got '0'");
    expect_error("title = T\nk = nan\n", "x.txt:2: k must be a finite number > 0, got 'nan'");
    expect_error("title = T\nwidth = inf\n", "x.txt:2: width must be a finite number > 0, got 'inf'");
    expect_error("title = T\nt = 1e39\n", "x.txt:2: t must be a finite number, got '1e39'");
    expect_error("title = T\nt = 1.5.2\n", "x.txt:2: t must be a finite number, got '1.5.2'");
    expect_error("title = T\nk = 1 # steep\n", "x.txt:2: k must be a finite number > 0, got '1 # steep'");
    expect_error("title = T\nn = 1\n", "x.txt:2: n must be a whole number from 2 to");
    expect_error("title = T\nn = 64.5\n", "x.txt:2: n must be a whole number from 2 to");
    expect_error("title = T\nn = 99999999999999999999\n", "x.txt:2: n must be a whole number from 2 to");
    expect_error("title = T\nlr = -0.1\n", "x.txt:2: lr must be a finite number > 0, got '-0.1'");
    expect_error("title = T\nmomentum = 1\n", "x.txt:2: momentum must be a finite number in [0, 1), got '1'");
    expect_error("title = T\ngrad_threshold = -1\n", "x.txt:2: grad_threshold must be a finite number >= 0");
    expect_error("title = T\nchannels = 65\n", "x.txt:2: channels must be a whole number from 1 to 64, got '65'");
    expect_error("title = T\nsteps = -1\n", "x.txt:2: steps must be a whole number from 0 to 1000000, got '-1'");
    expect_error("title = T\nsteps = 1000001\n", "x.txt:2: steps must be a whole number from 0 to 1000000, got '1000001'");
    expect_error("title = T\nvalues = 1, x, 3\n",
                 "x.txt:2: values must be a comma-separated list of finite numbers, got 'x' (item 2)");
    expect_error("title = T\nvalues = 1,,3\n",
                 "x.txt:2: values must be a comma-separated list of finite numbers, got '' (item 2)");
    expect_error("title = T\nk =\n", "x.txt:2: k needs a value after '='");
    /* a long bad value is quoted shortened, the message stays one line */
    expect_error("title = T\nk = 123456789012345678901234567890123456789012345678901234567890x\n",
                 "x.txt:2: k must be a finite number > 0, got '1234567890123456789012345678901234567890...'");
}

/* view = map opens lesson 9 on the map; view = graph is show_graph = yes; main is neither. */
static void test_lesson_view_key(void **state)
{
    (void)state;
        char err[256];
    assert_int_equal(sl_lesson_load(LESSON_DIR "09-tune-the-steepness.txt", &lesson, err, sizeof err), SL_OK);
    assert_true(lesson.show_map);
    assert_false(lesson.show_graph);
    static const char graph[] = "title = T\nview = graph\n--- page: P\ntext\n";
    assert_int_equal(parse_exact(graph, sizeof graph - 1, &lesson, err, sizeof err), SL_OK);
    assert_true(lesson.show_graph);
    assert_false(lesson.show_map);
    static const char main_view[] = "title = T\nview = main\n--- page: P\ntext\n";
    assert_int_equal(parse_exact(main_view, sizeof main_view - 1, &lesson, err, sizeof err), SL_OK);
    assert_false(lesson.show_graph);
    assert_false(lesson.show_map);
}

static void test_lesson_error_bad_name(void **state)
{
    (void)state;
    expect_error("title = T\nmask = soft\n",
                 "x.txt:2: mask: unknown name 'soft' (expected one of: hard, logistic, smoothstep, hardsigmoid, ste)");
    expect_error("title = T\nkind = lesson\n", "x.txt:2: kind: unknown name 'lesson'");
    expect_error("title = T\noptimizer = rmsprop\n", "x.txt:2: optimizer: unknown name 'rmsprop'");
    expect_error("title = T\nsignal = square\n", "x.txt:2: signal: unknown name 'square'");
    expect_error("title = T\nanneal = cosine\n", "x.txt:2: anneal: unknown name 'cosine'");
    expect_error("title = T\nsteps = 50\nanneal_steps = 20\n", "x.txt:3: anneal_steps is not a setting any more");
    expect_error("title = T\nshow_graph = maybe\n", "x.txt:2: show_graph: unknown name 'maybe'");
    expect_error("title = T\nview = heat\n", "x.txt:2: view: unknown name 'heat' (expected one of: main, graph, map)");
    expect_error("title = T\nview = map\nshow_graph = yes\n--- page: P\ntext\n",
                 "x.txt:3: view = map and show_graph = yes ask for two views");
    /* the map sweeps one learnable step: kind = task only (docs/lessons.md), as render says */
    expect_error("title = T\nkind = nan\nview = map\n--- page: P\ntext\n",
                 "x.txt:3: view = map needs kind = task (the map sweeps one learnable step), not kind = nan");
    expect_error("title = T\nview = map\nkind = threshold\n--- page: P\ntext\n",
                 "x.txt:3: view = map needs kind = task (the map sweeps one learnable step), not kind = threshold");
    expect_error("title = T\nfamilies = hard, sigmoid\n", "x.txt:2: families: unknown name 'sigmoid'");
    expect_error("title = T\npanels = , \n", "x.txt:2: panels: unknown name ''");
}

static void test_lesson_error_structure(void **state)
{
    (void)state;
    expect_error("title = T\nk = 2\nk = 3\n", "x.txt:3: k is set twice (first on line 2)");
    expect_error("k = 2\n--- page: P\ntext\n", "x.txt:2: the settings end here without 'title = ...'");
    expect_error("title = T\nmask = hard\nfamilies = logistic\n--- page: P\nx\n",
                 "x.txt:3: families must include the lesson's mask 'hard'");
    expect_error("title = T\nchannels = 3\ntargets = 1, 2\n--- page: P\nx\n",
                 "x.txt:3: targets lists 2 numbers but channels = 3");
    expect_error("title = T\n--- chapter: P\nx\n", "x.txt:2: expected '--- page: Title', got '--- chapter: P'");
    expect_error("title = T\n--- page:   \nx\n", "x.txt:2: a page needs a title after '--- page:'");
    expect_error("title = T\n--- page: A\n\n--- page: B\nx\n", "x.txt:2: page 'A' has no text");
    expect_error("title = T\n--- page: A\nx\n--- page: B\n# only a comment\n", "x.txt:4: page 'B' has no text");
    char many[1024];
    size_t used = (size_t)snprintf(many, sizeof many, "title = T\n");
    for (int i = 0; i <= SL_LESSON_MAX_PAGES; i++)
        used += (size_t)snprintf(many + used, sizeof many - used, "--- page: P%d\ntext\n", i);
    char want[64];
    snprintf(want, sizeof want, "x.txt:%d: too many pages (a lesson has at most %d)", 2 + 2 * SL_LESSON_MAX_PAGES,
             SL_LESSON_MAX_PAGES);
    expect_error(many, want);
    char title[256];
    snprintf(title, sizeof title, "title = %0*d\n", SL_LESSON_TITLE_MAX, 0);
    expect_error(title, "x.txt:1: title is longer than 95 bytes");
}

static void test_lesson_error_truncated(void **state)
{
    (void)state;
    expect_error("", "x.txt:1: empty lesson");
    expect_error("\xEF\xBB\xBF", "x.txt:1: empty lesson");
    expect_error("title = T\nk = 2\n", "x.txt:2: the file ends before the first page");
    expect_error("title = T\nk = 2", "x.txt:2: the file ends before the first page");
    expect_error("title = T\n--- page: P\n", "x.txt:2: page 'P' has no text");
    expect_error("title = T\n--- pa", "x.txt:2: expected '--- page: Title', got '--- pa'");
    expect_error("title = T\nk = ", "x.txt:2: k needs a value after '='");
}

static void test_lesson_error_overlong_line(void **state)
{
    (void)state;
    static char text[2048];
    size_t used = (size_t)snprintf(text, sizeof text, "title = T\n--- page: P\n");
    memset(text + used, 'w', 600);
    used += 600;
    text[used] = '\0';
    expect_error(text, "x.txt:3: line is 600 bytes long; at most 512 are allowed");
    /* in the settings too, and the check happens before any key is looked at */
    used = (size_t)snprintf(text, sizeof text, "title = ");
    memset(text + used, 'w', 513);
    text[used + 513] = '\0';
    expect_error(text, "x.txt:1: line is 521 bytes long; at most 512 are allowed");
}

static void test_lesson_error_binary(void **state)
{
    (void)state;
    static const char nul[] = "title = T\nk = 1\0junk\n--- page: P\nx\n";
    expect_error_n(nul, sizeof nul - 1, "x.txt:2: NUL byte at column 6");
    expect_error("title = T\x01\n", "x.txt:1: control byte 0x01 at column 10");
    expect_error("title = T\n--- page: P\nx\ry\n", "x.txt:3: control byte 0x0d at column 2");
    expect_error("title = T\n--- page: P\n\xff\xfe binary\n", "x.txt:3: invalid UTF-8 byte 0xff at column 1");
    expect_error("title = \xc3\n", "x.txt:1: invalid UTF-8 byte 0xc3 at column 9");
    expect_error("title = \xed\xa0\x80\n", "x.txt:1: invalid UTF-8 byte 0xed");   /* a surrogate */
    expect_error("title = \xc0\xaf\n", "x.txt:1: invalid UTF-8 byte 0xc0");        /* overlong */
    /* an ELF header, as if a binary was passed by mistake */
    static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
    expect_error_n(elf, sizeof elf - 1, "x.txt:1: control byte 0x7f at column 1");
    /* too large */
    static char big[SL_LESSON_FILE_MAX + 1];
    memset(big, '#', sizeof big);
    expect_error_n(big, sizeof big, "x.txt:1: the lesson is 65537 bytes; at most 65536 are allowed");
}

static void test_lesson_error_small_buffer(void **state)
{
    (void)state;
    char err[12];
    memset(err, 'z', sizeof err);
    assert_int_equal(sl_lesson_parse("stepz = 1\n", 10, "x.txt", &lesson, err, sizeof err), SL_ERR_PARSE);
    assert_string_equal(err, "x.txt:1: un");
    assert_int_equal(sl_lesson_parse("stepz = 1\n", 10, "x.txt", &lesson, NULL, 0), SL_ERR_PARSE);
    assert_int_equal(sl_lesson_parse(NULL, 0, NULL, &lesson, err, sizeof err), SL_ERR_PARSE);
}

static void test_lesson_load_errors(void **state)
{
    (void)state;
    char err[512];
    /* A file that cannot be read is SL_ERR_IO, not a bad argument or a parse error. */
    assert_int_equal(sl_lesson_load(LESSON_DIR "no-such-lesson.txt", &lesson, err, sizeof err), SL_ERR_IO);
    assert_non_null(strstr(err, "no-such-lesson.txt: cannot read: "));
    assert_int_equal(sl_lesson_load(LESSON_DIR, &lesson, err, sizeof err), SL_ERR_IO);
    assert_non_null(strstr(err, ": cannot read: "));
}

static void test_lesson_names(void **state)
{
    (void)state;
    SlLessonKind kind;
    for (int i = 0; i < (int)SL_LESSON_KIND_COUNT; i++) {
        assert_true(sl_lesson_kind_parse(sl_lesson_kind_name((SlLessonKind)i), &kind));
        assert_int_equal(kind, i);
    }
    assert_false(sl_lesson_kind_parse("Task", &kind));
    assert_string_equal(sl_lesson_kind_name(SL_LESSON_KIND_COUNT), "?");
    assert_string_equal(sl_lesson_panel_name(SL_PANEL_GRAPH), "graph");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lesson_shipped_all_parse),
        cmocka_unit_test(test_lesson_shipped_settings),
        cmocka_unit_test(test_lesson_truncated_everywhere),
        cmocka_unit_test(test_lesson_random_damage),
        cmocka_unit_test(test_lesson_defaults),
        cmocka_unit_test(test_lesson_every_key),
        cmocka_unit_test(test_lesson_pages_and_paragraphs),
        cmocka_unit_test(test_lesson_limits_exactly_fit),
        cmocka_unit_test(test_lesson_error_unknown_key),
        cmocka_unit_test(test_lesson_error_bad_number),
        cmocka_unit_test(test_lesson_error_bad_name),
        cmocka_unit_test(test_lesson_error_structure),
        cmocka_unit_test(test_lesson_error_truncated),
        cmocka_unit_test(test_lesson_error_overlong_line),
        cmocka_unit_test(test_lesson_error_binary),
        cmocka_unit_test(test_lesson_error_small_buffer),
        cmocka_unit_test(test_lesson_load_errors),
        cmocka_unit_test(test_lesson_names),
        cmocka_unit_test(test_lesson_view_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
