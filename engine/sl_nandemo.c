/* sl_nandemo.c — lesson 6's cases, each built on the tape and differentiated by it.
 * No number here is a hand formula: values and gradients are read back from the tape.
 * Only the masked case reinterprets the tape: an unselected element, which the tape
 * leaves at 0, is reported as none (MaskedTensor's semantics: it has no gradient). */
#include "sl_nandemo.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const float masked_div_div[2] = {0.0f, 1.0f};

static const float default_x[] = {-10.0f, -5.0f, 0.0f, 5.0f, 10.0f, 50.0f, 60.0f, 70.0f, 80.0f, 90.0f, 100.0f};

int sl_nandemo_default_x(float *x, int max)
{
    int n = (int)(sizeof default_x / sizeof default_x[0]);
    if (n > max) n = max;
    for (int i = 0; i < n; i++) x[i] = default_x[i];
    return n;
}

static const struct {
    const char *name, *title, *expr, *param;
} case_text[SL_NAN_CASE_COUNT] = {
    {"naive", "Naive where", "where(x < 0, exp(x), 1).sum()", "x"},
    {"double_where", "Double where", "where(x < 0, exp(where(x < 0, x, 0)), 1).sum()", "x"},
    {"masked", "Masked (MaskedTensor)", "exp(x[x < 0]).sum(), unselected x masked out", "x"},
    {"where_div0", "where(False, a/0, 1)", "where(False, a / 0, 1)", "a"},
    {"nansum", "nansum(a * b)", "nansum(a * b), a = [1, 2, nan]", "b"},
    {"masked_div", "(x / div)[div != 0]", "(x / div)[div != 0].sum(), div = [0, 1]", "x"},
};

/* Copies the parameter's gradient and per-element states from the tape. */
static void read_grad(const SlTape *tape, SlNode param, SlNanCase *out)
{
    const float *g = sl_grad(tape, param);
    out->overall = sl_grad_state(tape, param);
    for (int i = 0; i < out->n; i++) {
        out->grad[i] = g ? g[i] : 0.0f;
        out->state[i] = sl_grad_state_of(g != NULL, out->grad[i]);
    }
}

static void read_values(const SlTape *tape, SlNode inner, SlNode value, SlNanCase *out)
{
    const float *in = sl_value(tape, inner), *v = sl_value(tape, value);
    for (int i = 0; i < out->m; i++) {
        out->inner[i] = in[i];
        out->value[i] = v[i];
        out->present[i] = 1;
    }
}

/* sum(where(x < 0, exp(x), 1)) and, with double_where, exp of where(x < 0, x, 0). */
static SlNode build_where(SlTape *tape, int double_where, SlNanCase *out, SlNode *param, SlNode *inner, SlNode *value)
{
    SlNode x = sl_param(tape, 1, out->n, out->x);
    SlNode zero = sl_scalar(tape, 0.0f), one = sl_scalar(tape, 1.0f);
    SlNode cond = sl_lt(tape, x, zero);
    SlNode arg = double_where ? sl_where(tape, cond, x, zero) : x;
    SlNode e = sl_exp(tape, arg);
    SlNode w = sl_where(tape, cond, e, one);
    SlNode loss = sl_sum(tape, w);
    sl_tape_label(tape, x, "x");
    sl_tape_label(tape, cond, "x < 0");
    if (double_where) sl_tape_label(tape, arg, "where(x<0, x, 0)");
    sl_tape_label(tape, e, double_where ? "exp(safe x)" : "exp(x)");
    sl_tape_label(tape, w, "where(x<0, exp, 1)");
    sl_tape_label(tape, loss, "L");
    *param = x;
    *inner = e;
    *value = w;
    return loss;
}

static SlStatus run_masked(SlTape *tape, SlNanCase *out)
{
    int selected = 0;
    for (int i = 0; i < out->n; i++) selected += out->x[i] < 0.0f;
    out->m = out->n;
    for (int i = 0; i < out->n; i++) {
        out->inner[i] = NAN;
        out->value[i] = NAN;
        out->present[i] = out->x[i] < 0.0f;
        out->grad[i] = 0.0f;
        out->state[i] = SL_GRAD_NONE;
    }
    out->overall = SL_GRAD_NONE;
    out->loss = 0.0f;
    SlNode x = sl_param(tape, 1, out->n, out->x);
    sl_tape_label(tape, x, "x");
    if (selected == 0) return sl_tape_status(tape);  /* nothing selected: sum of nothing, no path */
    SlNode cond = sl_lt(tape, x, sl_scalar(tape, 0.0f));
    SlNode sel = sl_masked_select(tape, x, cond);
    SlNode e = sl_exp(tape, sel);
    SlNode loss = sl_sum(tape, e);
    sl_tape_label(tape, cond, "x < 0");
    sl_tape_label(tape, sel, "x[x < 0]");
    sl_tape_label(tape, e, "exp");
    sl_tape_label(tape, loss, "L");
    if (loss == SL_NIL) return sl_tape_status(tape);
    SlStatus st = sl_tape_backward(tape, loss);
    if (st != SL_OK) return st;
    out->loss = sl_value(tape, loss)[0];
    const float *ev = sl_value(tape, e);
    const float *g = sl_grad(tape, x);
    out->overall = sl_grad_state(tape, x);
    for (int i = 0, k = 0; i < out->n; i++) {
        if (!out->present[i]) continue;
        out->inner[i] = ev[k];
        out->value[i] = ev[k];
        k++;
        out->grad[i] = g ? g[i] : 0.0f;
        out->state[i] = sl_grad_state_of(g != NULL, out->grad[i]);
    }
    return SL_OK;
}

/* Records case id on tape (id and n already checked) and runs backward. */
static SlStatus run_case(SlTape *tape, SlNanCaseId id, const float *x, int n, SlNanCase *out)
{
    memset(out, 0, sizeof *out);
    out->id = id;
    out->name = case_text[id].name;
    out->title = case_text[id].title;
    out->expr = case_text[id].expr;
    out->param = case_text[id].param;
    sl_tape_reset(tape);

    SlNode param = SL_NIL, inner = SL_NIL, value = SL_NIL, loss = SL_NIL;
    switch (id) {
    case SL_NAN_NAIVE:
    case SL_NAN_DOUBLE_WHERE:
        out->n = out->m = n;
        memcpy(out->x, x, (size_t)n * sizeof *x);
        loss = build_where(tape, id == SL_NAN_DOUBLE_WHERE, out, &param, &inner, &value);
        break;
    case SL_NAN_MASKED:
        out->n = n;
        memcpy(out->x, x, (size_t)n * sizeof *x);
        return run_masked(tape, out);
    case SL_NAN_WHERE_DIV0: {
        out->n = out->m = 1;
        out->x[0] = 1.0f;
        param = sl_param(tape, 1, 1, out->x);
        SlNode cond = sl_scalar(tape, 0.0f);  /* False */
        inner = sl_div(tape, param, sl_scalar(tape, 0.0f));
        value = sl_where(tape, cond, inner, sl_scalar(tape, 1.0f));
        loss = sl_sum(tape, value);
        sl_tape_label(tape, param, "a");
        sl_tape_label(tape, cond, "False");
        sl_tape_label(tape, inner, "a / 0");
        sl_tape_label(tape, value, "where(False, a/0, 1)");
        break;
    }
    case SL_NAN_NANSUM: {
        static const float a[3] = {1.0f, 2.0f, NAN};
        out->n = 1;
        out->m = 3;
        out->x[0] = 1.0f;
        inner = sl_const(tape, 1, 3, a);
        param = sl_param(tape, 1, 1, out->x);
        value = sl_mul(tape, inner, param);
        loss = sl_nansum(tape, value);
        sl_tape_label(tape, inner, "a");
        sl_tape_label(tape, param, "b");
        sl_tape_label(tape, value, "a * b");
        break;
    }
    case SL_NAN_MASKED_DIV: {
        static const float ones[2] = {1.0f, 1.0f};
        out->n = out->m = 2;
        memcpy(out->x, ones, sizeof ones);
        param = sl_param(tape, 1, 2, out->x);
        SlNode d = sl_const(tape, 1, 2, masked_div_div);
        SlNode zero = sl_scalar(tape, 0.0f);
        SlNode nonzero = sl_add(tape, sl_gt(tape, d, zero), sl_lt(tape, d, zero));
        inner = sl_div(tape, param, d);
        value = sl_masked_select(tape, inner, nonzero);
        loss = sl_sum(tape, value);
        sl_tape_label(tape, param, "x");
        sl_tape_label(tape, d, "div");
        sl_tape_label(tape, nonzero, "div != 0");
        sl_tape_label(tape, inner, "x / div");
        sl_tape_label(tape, value, "(x/div)[div != 0]");
        break;
    }
    case SL_NAN_CASE_COUNT:
        return SL_ERR_ARG;
    }
    if (loss == SL_NIL) return sl_tape_status(tape);
    sl_tape_label(tape, loss, "L");
    SlStatus st = sl_tape_backward(tape, loss);
    if (st != SL_OK) return st;
    out->loss = sl_value(tape, loss)[0];
    read_grad(tape, param, out);
    if (id == SL_NAN_MASKED_DIV) {
        /* the output holds only the selected elements: line them up with x */
        const float *in = sl_value(tape, inner), *v = sl_value(tape, value);
        for (int i = 0, k = 0; i < 2; i++) {
            out->inner[i] = in[i];
            out->present[i] = masked_div_div[i] != 0.0f;
            out->value[i] = out->present[i] ? v[k++] : NAN;
        }
    } else {
        read_values(tape, inner, value, out);
    }
    return SL_OK;
}

SlStatus sl_nandemo_case(SlTape *tape, SlNanCaseId id, const float *x, int n, SlNanCase *out, char *err,
                         size_t err_len)
{
    assert(tape && x && out && (err || err_len == 0));
    assert((unsigned)id < SL_NAN_CASE_COUNT);
    if (err_len) err[0] = '\0';
    if ((unsigned)id >= SL_NAN_CASE_COUNT) {
        snprintf(err, err_len, "there is no case %d (lesson 6 has %d)", (int)id, (int)SL_NAN_CASE_COUNT);
        return SL_ERR_ARG;
    }
    if (n < 1 || n > SL_NAN_MAX_X) {
        snprintf(err, err_len, "%s takes 1 to %d values, got %d", case_text[id].name, SL_NAN_MAX_X, n);
        return SL_ERR_ARG;
    }
    SlStatus st = run_case(tape, id, x, n, out);
    if (st != SL_OK) {
        const char *why = sl_tape_error(tape);
        snprintf(err, err_len, "%s: %s", case_text[id].name, why[0] ? why : sl_status_str(st));
    }
    return st;
}

SlStatus sl_nandemo_run_all(SlTape *tape, const float *x, int n, SlNanCase *cases, char *err, size_t err_len)
{
    for (int id = 0; id < (int)SL_NAN_CASE_COUNT; id++) {
        SlStatus st = sl_nandemo_case(tape, (SlNanCaseId)id, x, n, &cases[id], err, err_len);
        if (st != SL_OK) return st;
    }
    return SL_OK;
}
