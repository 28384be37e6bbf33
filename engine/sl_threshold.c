/* sl_threshold.c — lesson 7 on the tape: the binary threshold in its hard, pass-through
 * (nn.Threshold) and soft forms; the per-element threshold map; and a training run with
 * gradient thresholding through SlTrainer. Gradient states are read from the tape. */
#include "sl_threshold.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const float default_x[] = {-2.0f, -1.0f, -0.5f, 0.0f, 0.25f, 0.5f, 0.75f, 1.0f, 2.0f};

int sl_threshold_default_x(float *x, int max)
{
    int n = (int)(sizeof default_x / sizeof default_x[0]);
    if (n > max) n = max;
    for (int i = 0; i < n; i++) x[i] = default_x[i];
    return n;
}

/* sum(y) of one form; fills per-element y, x grads/states and the threshold's state. */
typedef enum Form { FORM_SOFT, FORM_PASS, FORM_HARD } Form;

static SlStatus run_form(SlTape *tape, Form form, SlThreshBinary *b, float *y, float *gx, SlGradState *sx,
                         SlGradState *x_all, float *gthr, SlGradState *sthr)
{
    sl_tape_reset(tape);
    SlNode x = sl_param(tape, 1, b->n, b->x);
    SlNode thr = sl_param(tape, 1, 1, &b->thr);
    SlNode below = sl_scalar(tape, b->below);
    SlNode out;
    sl_tape_label(tape, x, "x");
    sl_tape_label(tape, thr, "threshold");
    if (form == FORM_SOFT) {
        SlNode z = sl_mul(tape, sl_scalar(tape, b->k), sl_sub(tape, x, thr));
        SlNode s = sl_sigmoid(tape, z);
        out = sl_add(tape, below, sl_mul(tape, sl_scalar(tape, b->above - b->below), s));
        sl_tape_label(tape, s, "sigmoid(k (x - thr))");
    } else {
        SlNode cond = sl_gt(tape, x, thr);
        out = sl_where(tape, cond, form == FORM_HARD ? sl_scalar(tape, b->above) : x, below);
        sl_tape_label(tape, cond, "x > threshold");
    }
    SlNode loss = sl_sum(tape, out);
    sl_tape_label(tape, out, "y");
    sl_tape_label(tape, loss, "L = sum(y)");
    if (loss == SL_NIL) return sl_tape_status(tape);
    SlStatus st = sl_tape_backward(tape, loss);
    if (st != SL_OK) return st;
    const float *v = sl_value(tape, out), *g = sl_grad(tape, x), *gt = sl_grad(tape, thr);
    for (int i = 0; i < b->n; i++) {
        y[i] = v[i];
        if (gx) gx[i] = g ? g[i] : 0.0f;
        if (sx) sx[i] = sl_grad_state_of(g != NULL, g ? g[i] : 0.0f);
    }
    if (x_all) *x_all = sl_grad_state(tape, x);
    if (gthr) *gthr = gt ? gt[0] : 0.0f;
    *sthr = sl_grad_state(tape, thr);
    return SL_OK;
}

/* Writes one line into err (may be NULL when err_len is 0) and returns status. */
static SlStatus fail(SlStatus status, char *err, size_t err_len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
    return status;
}

/* Whether above, below and k are usable; if not, says which is not, in err. */
static SlStatus check_levels(float above, float below, float k, char *err, size_t err_len)
{
    if (!isfinite(above) || !isfinite(below))
        return fail(SL_ERR_ARG, err, err_len, "above and below must be finite numbers, got %g and %g",
                    (double)above, (double)below);
    if (!(isfinite(k) && k > 0.0f))
        return fail(SL_ERR_ARG, err, err_len, "k must be a finite number > 0, got %g", (double)k);
    return SL_OK;
}

SlStatus sl_threshold_binary(SlTape *tape, const float *x, int n, float thr, float above, float below,
                             float k, SlThreshBinary *out, char *err, size_t err_len)
{
    assert(tape && x && out && (err || err_len == 0));
    if (err_len) err[0] = '\0';
    if (n < 1 || n > SL_THRESH_MAX_X)
        return fail(SL_ERR_ARG, err, err_len, "the threshold takes 1 to %d values, got %d", SL_THRESH_MAX_X, n);
    if (!isfinite(thr))
        return fail(SL_ERR_ARG, err, err_len, "the threshold must be a finite number, got %g", (double)thr);
    SlStatus st = check_levels(above, below, k, err, err_len);
    if (st != SL_OK) return st;
    for (int i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return fail(SL_ERR_ARG, err, err_len, "value %d must be a finite number, got %g", i + 1, (double)x[i]);
    memset(out, 0, sizeof *out);
    out->n = n;
    out->thr = thr;
    out->above = above;
    out->below = below;
    out->k = k;
    memcpy(out->x, x, (size_t)n * sizeof *x);
    st = run_form(tape, FORM_SOFT, out, out->soft, out->soft_grad, out->soft_state, NULL, &out->soft_thr_grad,
                  &out->soft_thr_state);
    if (st == SL_OK)
        st = run_form(tape, FORM_PASS, out, out->pass, out->pass_grad, out->pass_state, NULL, NULL,
                      &out->pass_thr_state);
    if (st == SL_OK)
        st = run_form(tape, FORM_HARD, out, out->hard, NULL, NULL, &out->hard_x_state, NULL,
                      &out->hard_thr_state);
    if (st != SL_OK) fail(st, err, err_len, "%s", sl_tape_error(tape)[0] ? sl_tape_error(tape) : sl_status_str(st));
    return st;
}

/* ---- the threshold map ------------------------------------------------------- */

/* A snapshot: T, then the optimizer states, then the step. */
static size_t snap_size(const SlThreshMap *map)
{
    size_t size = (size_t)map->rows * (size_t)map->cols;
    return size * (sizeof(float) + sizeof(SlOptState)) + sizeof(int);
}

SlStatus sl_threshold_map_init(SlThreshMap *map, int rows, int cols, float t0, float above, float below,
                               float k, char *err, size_t err_len)
{
    assert(map && (err || err_len == 0));
    memset(map, 0, sizeof *map);
    if (err_len) err[0] = '\0';
    if (rows < 1 || rows > SL_THRESH_MAP_MAX || cols < 1 || cols > SL_THRESH_MAP_MAX)
        return fail(SL_ERR_ARG, err, err_len, "the map takes 1 to %d rows and columns, got %d x %d",
                    SL_THRESH_MAP_MAX, rows, cols);
    if (!isfinite(t0))
        return fail(SL_ERR_ARG, err, err_len, "the map's start T must be a finite number, got %g", (double)t0);
    SlStatus st = check_levels(above, below, k, err, err_len);
    if (st != SL_OK) return st;
    size_t size = (size_t)rows * (size_t)cols;
    map->rows = rows;
    map->cols = cols;
    map->above = above;
    map->below = below;
    map->k = k;
    map->input = malloc(size * sizeof(float));
    map->thresh = malloc(size * sizeof(float));
    map->thresh0 = malloc(size * sizeof(float));
    map->target = malloc(size * sizeof(float));
    map->hard = calloc(size, sizeof(float));
    map->soft = calloc(size, sizeof(float));
    map->grad = calloc(size, sizeof(float));
    map->state = calloc(size, sizeof(SlGradState));
    map->opt_state = calloc(size, sizeof(SlOptState));
    map->snap = malloc(snap_size(map));
    sl_history_init(&map->hist, snap_size(map));
    if (!map->input || !map->thresh || !map->thresh0 || !map->target || !map->hard || !map->soft ||
        !map->grad || !map->state || !map->opt_state || !map->snap) {
        sl_threshold_map_deinit(map);
        return fail(SL_ERR_NOMEM, err, err_len, "out of memory for a %d x %d map", rows, cols);
    }
    for (int r = 0; r < rows; r++) {
        float frac = rows > 1 ? 0.3f + 0.4f * (float)r / (float)(rows - 1) : 0.5f;
        float tr = floorf((float)cols * frac) + 0.5f;  /* between two positions: no ties */
        for (int c = 0; c < cols; c++) {
            size_t i = (size_t)r * (size_t)cols + (size_t)c;
            map->input[i] = (float)c;
            map->target[i] = (float)c > tr ? above : below;
            map->thresh0[i] = t0;
            map->thresh[i] = t0;
        }
    }
    map->hard_state = SL_GRAD_NONE;
    return SL_OK;
}

void sl_threshold_map_deinit(SlThreshMap *map)
{
    free(map->input);
    free(map->thresh);
    free(map->thresh0);
    free(map->target);
    free(map->hard);
    free(map->soft);
    free(map->grad);
    free(map->state);
    free(map->opt_state);
    free(map->snap);
    sl_history_deinit(&map->hist);
    memset(map, 0, sizeof *map);
}

/* mean((out - Y*)^2) for the hard (soft = 0) or soft map; returns the loss node. */
static SlNode build_map(SlTape *tape, const SlThreshMap *map, int soft, SlNode *t_node, SlNode *out_node)
{
    SlNode x = sl_const(tape, map->rows, map->cols, map->input);
    SlNode t = sl_param(tape, map->rows, map->cols, map->thresh);
    SlNode below = sl_scalar(tape, map->below);
    SlNode out;
    if (soft) {
        SlNode s = sl_sigmoid(tape, sl_mul(tape, sl_scalar(tape, map->k), sl_sub(tape, x, t)));
        out = sl_add(tape, below, sl_mul(tape, sl_scalar(tape, map->above - map->below), s));
    } else {
        out = sl_where(tape, sl_gt(tape, x, t), sl_scalar(tape, map->above), below);
    }
    SlNode ys = sl_const(tape, map->rows, map->cols, map->target);
    SlNode loss = sl_mean(tape, sl_square(tape, sl_sub(tape, out, ys)));
    sl_tape_label(tape, x, "X");
    sl_tape_label(tape, t, "T");
    sl_tape_label(tape, out, soft ? "soft(X > T)" : "X > T ? above : below");
    sl_tape_label(tape, ys, "Y*");
    sl_tape_label(tape, loss, "L");
    *t_node = t;
    *out_node = out;
    return loss;
}

SlStatus sl_threshold_map_eval(SlThreshMap *map, SlTape *tape)
{
    size_t size = (size_t)map->rows * (size_t)map->cols;
    SlNode t, out;
    for (int soft = 0; soft <= 1; soft++) {
        sl_tape_reset(tape);
        SlNode loss = build_map(tape, map, soft, &t, &out);
        if (loss == SL_NIL) return sl_tape_status(tape);
        SlStatus st = sl_tape_backward(tape, loss);
        if (st != SL_OK) return st;
        const float *v = sl_value(tape, out);
        if (!soft) {
            memcpy(map->hard, v, size * sizeof *v);
            map->hard_loss = sl_value(tape, loss)[0];
            map->hard_state = sl_grad_state(tape, t);
        } else {
            const float *g = sl_grad(tape, t);
            memcpy(map->soft, v, size * sizeof *v);
            map->soft_loss = sl_value(tape, loss)[0];
            for (size_t i = 0; i < size; i++) {
                map->grad[i] = g ? g[i] : 0.0f;
                map->state[i] = sl_grad_state_of(g != NULL, map->grad[i]);
            }
        }
    }
    return SL_OK;
}

SlStatus sl_threshold_map_step(SlThreshMap *map, SlTape *tape, const SlOptConfig *opt)
{
    size_t size = (size_t)map->rows * (size_t)map->cols;
    memcpy(map->snap, map->thresh, size * sizeof(float));
    memcpy(map->snap + size * sizeof(float), map->opt_state, size * sizeof(SlOptState));
    memcpy(map->snap + size * (sizeof(float) + sizeof(SlOptState)), &map->step, sizeof(int));
    if (sl_history_push(&map->hist, map->snap) != SL_OK) return SL_ERR_NOMEM;
    for (size_t i = 0; i < size; i++)
        sl_optim_step(opt, &map->opt_state[i], &map->thresh[i], map->grad[i], map->state[i]);
    map->step++;
    return sl_threshold_map_eval(map, tape);
}

int sl_threshold_map_back(SlThreshMap *map, SlTape *tape, SlStatus *status)
{
    if (map->step == 0 || !sl_history_pop(&map->hist, map->snap)) return 0;
    size_t size = (size_t)map->rows * (size_t)map->cols;
    memcpy(map->thresh, map->snap, size * sizeof(float));
    memcpy(map->opt_state, map->snap + size * sizeof(float), size * sizeof(SlOptState));
    memcpy(&map->step, map->snap + size * (sizeof(float) + sizeof(SlOptState)), sizeof(int));
    SlStatus st = sl_threshold_map_eval(map, tape);
    if (status) *status = st;
    return 1;
}

SlStatus sl_threshold_map_reset(SlThreshMap *map, SlTape *tape)
{
    size_t size = (size_t)map->rows * (size_t)map->cols;
    sl_history_clear(&map->hist);
    memcpy(map->thresh, map->thresh0, size * sizeof(float));
    memset(map->opt_state, 0, size * sizeof(SlOptState));
    map->step = 0;
    return sl_threshold_map_eval(map, tape);
}

/* ---- gradient thresholding ----------------------------------------------------- */

SlStatus sl_threshold_train(const SlTaskConfig *task, const SlOptConfig *opt, float grad_threshold,
                            int max_steps, SlThreshTrain *out, char *err, size_t err_len)
{
    assert(task && opt && out && (err || err_len == 0));
    memset(out, 0, sizeof *out);
    if (err_len) err[0] = '\0';
    if (!(isfinite(grad_threshold) && grad_threshold >= 0.0f))
        return fail(SL_ERR_ARG, err, err_len, "the gradient threshold must be a finite number >= 0, got %g",
                    (double)grad_threshold);
    if (max_steps < 0) return fail(SL_ERR_ARG, err, err_len, "steps must be >= 0, got %d", max_steps);
    SlTrainer tr;
    SlStatus st = sl_trainer_init(&tr, task, opt, NULL, max_steps);
    if (st != SL_OK) return fail(st, err, err_len, "%s", tr.message);
    tr.grad_threshold = grad_threshold;
    for (int s = 0; s < max_steps && tr.stop == SL_STOP_RUNNING; s++) {
        const SlTrainRow *cur = sl_trainer_current(&tr);
        if (cur->state == SL_GRAD_VALUE && fabsf(cur->grad) < grad_threshold) out->zeroed++;
        st = sl_trainer_step(&tr);
        if (st != SL_OK) break;
        out->steps++;
    }
    const SlTrainRow *end = sl_trainer_current(&tr);
    out->t = end->t;
    out->loss = end->loss;
    out->hard_loss = end->hard_loss;
    out->stop = tr.stop;
    if (st != SL_OK) fail(st, err, err_len, "%s", tr.message[0] ? tr.message : sl_status_str(st));
    sl_trainer_deinit(&tr);
    return st;
}
