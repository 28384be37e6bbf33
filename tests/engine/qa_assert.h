/* qa_assert.h — float comparisons for the engine tests that say what they saw.
 * cmocka's assert_float_equal is absolute-only and prints little; these print the
 * expression, the value, the expectation and the tolerance, then fail the test.
 * Include after <cmocka.h>. Header-only (static inline: unused ones cost nothing). */
#ifndef QA_ASSERT_H
#define QA_ASSERT_H

#include <math.h>
#include <string.h>

/* |got - want| <= tol * max(|want|, tiny); NaN never passes. */
static inline void qa_check_rel(double got, double want, double tol, const char *expr, const char *file, int line)
{
    double scale = fabs(want) > 1e-30 ? fabs(want) : 1e-30;
    if (!(fabs(got - want) <= tol * scale)) {
        print_error("%s = %.10g, expected %.10g (relative tolerance %g, off by %.3g)\n", expr, got, want, tol,
                    fabs(got - want) / scale);
        _fail(file, line);
    }
}

/* |got - want| <= tol; NaN never passes. */
static inline void qa_check_abs(double got, double want, double tol, const char *expr, const char *file, int line)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("%s = %.10g, expected %.10g (absolute tolerance %g)\n", expr, got, want, tol);
        _fail(file, line);
    }
}

/* Bit-for-bit float equality (NaN equals the same NaN; -0 differs from +0). */
static inline void qa_check_bits(float got, float want, const char *expr, const char *file, int line)
{
    if (memcmp(&got, &want, sizeof got) != 0) {
        print_error("%s = %.9g, expected exactly %.9g\n", expr, (double)got, (double)want);
        _fail(file, line);
    }
}

/* Exact equality with ==, as the contract's binary fractions demand. */
static inline void qa_check_exact(double got, double want, const char *expr, const char *file, int line)
{
    if (!(got == want)) {
        print_error("%s = %.12g, expected exactly %.12g\n", expr, got, want);
        _fail(file, line);
    }
}

static inline void qa_check_nan(double got, const char *expr, const char *file, int line)
{
    if (!isnan(got)) {
        print_error("%s = %.10g, expected NaN\n", expr, got);
        _fail(file, line);
    }
}

#define assert_rel(got, want, tol) qa_check_rel((double)(got), (double)(want), (tol), #got, __FILE__, __LINE__)
#define assert_abs(got, want, tol) qa_check_abs((double)(got), (double)(want), (tol), #got, __FILE__, __LINE__)
#define assert_bits(got, want) qa_check_bits((got), (want), #got, __FILE__, __LINE__)
#define assert_exact(got, want) qa_check_exact((double)(got), (double)(want), #got, __FILE__, __LINE__)
#define assert_is_nan(got) qa_check_nan((double)(got), #got, __FILE__, __LINE__)

#endif
