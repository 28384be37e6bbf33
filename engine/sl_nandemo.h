/* sl_nandemo.h — lesson 6, "zero is not NaN": the cases of PyTorch's MaskedTensor
 * notes, each recorded on a tape so every gradient shown is what autodiff computes.
 * One case per call: the tape is left holding that case's graph for the graph view. */
#ifndef SL_NANDEMO_H
#define SL_NANDEMO_H

#include "sl_grad.h"
#include "sl_status.h"
#include "sl_tape.h"

#define SL_NAN_MAX_X 32  /* elements of x in the where/exp cases */

typedef enum SlNanCaseId {
    SL_NAN_NAIVE = 0,     /* sum(where(x < 0, exp(x), 1)): exp overflows, 0 * inf = nan */
    SL_NAN_DOUBLE_WHERE,  /* sum(where(x < 0, exp(where(x < 0, x, 0)), 1)): the fix, zeros */
    SL_NAN_MASKED,        /* sum(exp(masked_select(x, x < 0))): unselected get no gradient */
    SL_NAN_WHERE_DIV0,    /* where(False, a / 0, 1): the branch not taken still gives nan */
    SL_NAN_NANSUM,        /* nansum(a * b), a = [1, 2, nan]: nan for b all the same */
    SL_NAN_MASKED_DIV,    /* sum((x / div)[div != 0]), div = [0, 1]: grad [nan, 1] */
    SL_NAN_CASE_COUNT
} SlNanCaseId;

/* One case, evaluated. Parameter elements are x[0..n); output elements (before the
 * reduction) are value[0..m), with inner[] the intermediate that overflows or
 * divides by zero (exp(x), a / 0, a, x / div). */
typedef struct SlNanCase {
    SlNanCaseId id;
    const char *name;    /* "naive", "double_where", ... (stable, for JSON and tests) */
    const char *title;   /* "Naive where", ... (for a person) */
    const char *expr;    /* the expression, PyTorch-style */
    const char *param;   /* the parameter's name: "x", "a" or "b" */
    int n;
    float x[SL_NAN_MAX_X];
    float grad[SL_NAN_MAX_X];     /* what the tape holds: 0 where nothing flowed, NaN where NaN did */
    SlGradState state[SL_NAN_MAX_X];  /* per element; none where masked semantics give no gradient */
    SlGradState overall;          /* the whole parameter (sl_grad_state of the tape) */
    int m;
    float inner[SL_NAN_MAX_X];
    float value[SL_NAN_MAX_X];
    int present[SL_NAN_MAX_X];    /* 0 where the element is masked out of the output */
    float loss;                   /* the reduced scalar */
} SlNanCase;

/* x = [-10, -5, 0, 5, 10, 50, 60, 70, 80, 90, 100]: writes up to max values into x and
 * returns how many (11). */
int sl_nandemo_default_x(float *x, int max);

/* Resets tape, records case id (x[0..n) is used by the three where/exp cases; others
 * have fixed inputs), runs backward and fills *out. n must be 1..SL_NAN_MAX_X.
 * Returns SL_OK, or SL_ERR_ARG for n out of range, or the tape's error, with one line
 * in err ("case: why"; err may be NULL when err_len is 0). id must be a case. */
SlStatus sl_nandemo_case(SlTape *tape, SlNanCaseId id, const float *x, int n, SlNanCase *out, char *err,
                         size_t err_len);

/* Every case, in order, into cases[SL_NAN_CASE_COUNT]; the tape ends holding the last one.
 * Fails as sl_nandemo_case, at the first case that fails. */
SlStatus sl_nandemo_run_all(SlTape *tape, const float *x, int n, SlNanCase *cases, char *err, size_t err_len);

#endif
