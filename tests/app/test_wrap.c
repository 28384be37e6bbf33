/* test_wrap.c — word wrap (app_wrap.h) with a fixed-advance measure: every character is
 * 10 pixels wide, so each expected line can be worked out by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app_wrap.h"

typedef struct Lines {
    char text[16][128];
    int y[16];
    int n;
    int measured;
} Lines;

static int measure10(void *ctx, const char *utf8)
{
    Lines *l = ctx;
    l->measured++;
    return 10 * (int)strlen(utf8);
}

static void keep(void *ctx, const char *line, int y)
{
    Lines *l = ctx;
    if (l->n < 16) {
        snprintf(l->text[l->n], sizeof l->text[0], "%s", line);
        l->y[l->n] = y;
    }
    l->n++;
}

/* Wraps text at width (line height 20, room down to bottom) from y = 0. */
static int run(Lines *l, const char *text, int width, int bottom, int *y)
{
    memset(l, 0, sizeof *l);
    AppWrapSpec spec = {width, 20, bottom, measure10, keep, l};
    *y = 0;
    return app_wrap(&spec, text, y);
}

static void test_words_fill_lines_up_to_the_width(void **state)
{
    (void)state;
    Lines l;
    int y;
    /* "aaa bbb" is 70 px: fits 70, not 69. */
    assert_int_equal(run(&l, "aaa bbb ccc", 70, 1000, &y), 1);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.text[0], "aaa bbb");
    assert_string_equal(l.text[1], "ccc");
    assert_int_equal(l.y[1], 20);
    assert_int_equal(y, 40);
    assert_int_equal(run(&l, "aaa bbb ccc", 69, 1000, &y), 1);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.text[0], "aaa");
    assert_true(l.measured > 0);
}

static void test_a_long_word_is_broken_over_lines(void **state)
{
    (void)state;
    Lines l;
    int y;
    /* 100 px of word in 50 px lines: two pieces of 50, then "b" does not fit beside. */
    assert_int_equal(run(&l, "a abcdefghij b", 50, 1000, &y), 1);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.text[0], "a");
    assert_string_equal(l.text[1], "abcde");
    assert_string_equal(l.text[2], "fghij");
    assert_string_equal(l.text[3], "b");
    /* The last piece starts the next line and the words after it join it. */
    assert_int_equal(run(&l, "abcdefg hi", 60, 1000, &y), 1);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.text[0], "abcdef");
    assert_string_equal(l.text[1], "g hi");
    /* Breaks fall between UTF-8 characters: each "\xc3\xa9" is two bytes, 20 px. */
    assert_int_equal(run(&l, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 50, 1000, &y), 1);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.text[0], "\xc3\xa9\xc3\xa9");
    assert_string_equal(l.text[2], "\xc3\xa9");
    /* Narrower than one character: one character a line, never an empty one. */
    assert_int_equal(run(&l, "abc", 5, 1000, &y), 1);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.text[1], "b");
    /* The bottom still stops it. */
    assert_int_equal(run(&l, "abcdefghij", 50, 30, &y), 0);
    assert_int_equal(l.n, 1);
}

static void test_paragraphs_and_kept_breaks(void **state)
{
    (void)state;
    Lines l;
    int y;
    /* A single newline is a space; a blank line starts a paragraph half a line lower;
     * a newline before a list item is kept. An indented line joins the one before: the
     * indent is skipped with the newline (as the lesson pages have always wrapped). */
    assert_int_equal(run(&l, "one\ntwo\n\nthree\n- four\n2. five\n  six", 1000, 1000, &y), 1);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.text[0], "one two");
    assert_string_equal(l.text[1], "three");
    assert_int_equal(l.y[1], 30);
    assert_string_equal(l.text[2], "- four");
    assert_string_equal(l.text[3], "2. five six");
    assert_int_equal(y, 30 + 3 * 20);
}

static void test_stops_at_the_bottom(void **state)
{
    (void)state;
    Lines l;
    int y;
    /* Room for two lines of 20 in 45 px: the third is left out and the wrap says so. */
    assert_int_equal(run(&l, "aa bb cc", 20, 45, &y), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.text[1], "bb");
    assert_int_equal(y, 40);
    assert_int_equal(run(&l, "aa bb", 20, 40, &y), 1);
    assert_int_equal(l.n, 2);
}

static void test_empty_text_and_no_line_callback(void **state)
{
    (void)state;
    Lines l;
    int y;
    assert_int_equal(run(&l, "", 100, 1000, &y), 1);
    assert_int_equal(l.n, 0);
    assert_int_equal(y, 0);
    /* Measuring only (a height): no callback for lines, y still advances. */
    memset(&l, 0, sizeof l);
    AppWrapSpec spec = {30, 20, 1000, measure10, NULL, &l};
    y = 5;
    assert_int_equal(app_wrap(&spec, "aa bb cc", &y), 1);
    assert_int_equal(y, 5 + 3 * 20);
}

/* Shortens text for room down to bottom at width; "\xe2\x80\xa6" ("…") is 3 bytes, 30 px. */
static int shorten(const char *text, int width, int bottom, char *out, size_t out_len)
{
    Lines l;
    memset(&l, 0, sizeof l);
    AppWrapSpec spec = {width, 20, bottom, measure10, keep, &l};
    int r = app_wrap_shorten(&spec, text, 0, out, out_len);
    assert_int_equal(l.n, 0); /* measures only */
    return r;
}

static void test_a_text_too_long_is_cut_after_a_word_with_an_ellipsis(void **state)
{
    (void)state;
    char out[64] = "untouched";
    /* Two lines of 100 px: "one two" / "three four" / "five, six" needs three. With the
     * ellipsis "three four\xe2\x80\xa6" is 130 px, so the cut comes after "three". */
    assert_int_equal(shorten("one two three four five, six", 100, 40, out, sizeof out), 1);
    assert_string_equal(out, "one two three\xe2\x80\xa6");
    /* A cut after "b," drops the comma: "a b\xe2\x80\xa6" is 60 px on one line. */
    assert_int_equal(shorten("a b, cccccccccc", 100, 20, out, sizeof out), 1);
    assert_string_equal(out, "a b\xe2\x80\xa6");
    /* What fits stays as it is, and out is left alone. */
    snprintf(out, sizeof out, "untouched");
    assert_int_equal(shorten("one two", 100, 20, out, sizeof out), 0);
    assert_string_equal(out, "untouched");
    /* No room for a line at all: nothing to offer. */
    assert_int_equal(shorten("abcdefgh ij", 100, 10, out, sizeof out), 0);
    assert_string_equal(out, "untouched");
    /* A short out buffer bounds the cut: 12 bytes hold 8 of text, the ellipsis and NUL. */
    char small[12];
    assert_int_equal(shorten("aa bb cc dd ee ff", 1000, 20, small, sizeof small), 0);
    assert_int_equal(shorten("aa bb cc dd ee ff gg hh ii jj kk ll mm", 100, 40, small, sizeof small), 1);
    assert_string_equal(small, "aa bb cc\xe2\x80\xa6");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_fill_lines_up_to_the_width),
        cmocka_unit_test(test_a_long_word_is_broken_over_lines),
        cmocka_unit_test(test_paragraphs_and_kept_breaks),
        cmocka_unit_test(test_stops_at_the_bottom),
        cmocka_unit_test(test_empty_text_and_no_line_callback),
        cmocka_unit_test(test_a_text_too_long_is_cut_after_a_word_with_an_ellipsis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
