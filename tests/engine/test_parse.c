/* test_parse.c — the one strict number parser behind the CLI and the lesson files:
 * the whole text must be one finite number; anything else is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>

#include "qa_assert.h"
#include "sl_parse.h"

static void expect_float(const char *text, double want)
{
    float out = -12345.0f;
    if (!sl_parse_float(text, &out)) {
        print_error("sl_parse_float(\"%s\") refused a valid number\n", text);
        fail();
    }
    assert_rel(out, want, 1e-7);
}

static void refuse_float(const char *text)
{
    float out = 0.0f;
    if (sl_parse_float(text, &out)) {
        print_error("sl_parse_float(\"%s\") accepted it as %g\n", text, (double)out);
        fail();
    }
}

static void test_parse_float_accepts_plain_numbers(void **state)
{
    (void)state;
    expect_float("1", 1.0);
    expect_float("-2.5", -2.5);
    expect_float("0.15625", 0.15625);
    expect_float("40.5", 40.5);
    expect_float("1e-3", 1e-3);
    expect_float("2E2", 200.0);
    expect_float(".5", 0.5);
    expect_float("+3", 3.0);
    expect_float("3.4e38", 3.4e38);
    expect_float("-3.4e38", -3.4e38);
    /* the largest float32 values are finite numbers too (FLT_MAX = 3.40282347e38) */
    expect_float("3.40282e38", 3.40282e38);
    expect_float("-3.40282347e38", -3.40282347e38);
    float z = 1.0f;
    assert_true(sl_parse_float("0", &z));
    assert_bits(z, 0.0f);
}

static void test_parse_float_rejects_junk_nan_inf_and_overflow(void **state)
{
    (void)state;
    refuse_float("");
    refuse_float(" 1");
    refuse_float("1 ");
    refuse_float("1x");
    refuse_float("x1");
    refuse_float("1.2.3");
    refuse_float("--1");
    refuse_float("-");
    refuse_float("e5");
    refuse_float("nan");
    refuse_float("NaN");
    refuse_float("-nan");
    refuse_float("inf");
    refuse_float("-inf");
    refuse_float("Infinity");
    refuse_float("1e999");
    refuse_float("-1e999");
    refuse_float("1e39");  /* finite as a double, not as a float32 */
    refuse_float("-5e38");
    refuse_float("1,5");
    refuse_float("\t2");
    refuse_float("2\n");
}

static void expect_int(const char *text, long lo, long hi, long want)
{
    long out = -999;
    if (!sl_parse_int(text, lo, hi, &out)) {
        print_error("sl_parse_int(\"%s\", %ld, %ld) refused a valid integer\n", text, lo, hi);
        fail();
    }
    assert_int_equal(out, want);
}

static void refuse_int(const char *text, long lo, long hi)
{
    long out = 0;
    if (sl_parse_int(text, lo, hi, &out)) {
        print_error("sl_parse_int(\"%s\", %ld, %ld) accepted it as %ld\n", text, lo, hi, out);
        fail();
    }
}

static void test_parse_int_accepts_integers_in_range(void **state)
{
    (void)state;
    expect_int("64", 2, 10000000, 64);
    expect_int("2", 2, 10000000, 2);
    expect_int("10000000", 2, 10000000, 10000000);
    expect_int("0", 0, 5, 0);
    expect_int("300", 0, INT_MAX, 300);
    expect_int("007", 0, 10, 7); /* base 10, not octal */
}

static void test_parse_int_rejects_junk_fractions_and_overflow(void **state)
{
    (void)state;
    refuse_int("", 0, 100);
    refuse_int(" 1", 0, 100);
    refuse_int("1 ", 0, 100);
    refuse_int("1x", 0, 100);
    refuse_int("1.5", 0, 100);
    refuse_int("1e3", 0, 10000);
    refuse_int("0x10", 0, 100);
    refuse_int("nan", 0, 100);
    refuse_int("inf", 0, 100);
    refuse_int("1", 2, 100);                   /* below the range: n < 2 */
    refuse_int("100000000000", 2, 10000000);   /* above the range */
    refuse_int("99999999999999999999999", 0, LONG_MAX); /* overflows long */
    refuse_int("-99999999999999999999999", LONG_MIN, 0);
    refuse_int("-1", 0, 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_float_accepts_plain_numbers),
        cmocka_unit_test(test_parse_float_rejects_junk_nan_inf_and_overflow),
        cmocka_unit_test(test_parse_int_accepts_integers_in_range),
        cmocka_unit_test(test_parse_int_rejects_junk_fractions_and_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
