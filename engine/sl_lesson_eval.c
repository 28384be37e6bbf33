/* sl_lesson_eval.c — flattens a lesson's evaluation into named items. This file only
 * gathers: every number is computed by sl_task, sl_nandemo, sl_threshold or
 * sl_channels on a tape. Items grow in a heap array owned by the SlLessonEval. */
#include "sl_lesson_eval.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl_channels.h"
#include "sl_nandemo.h"
#include "sl_task.h"
#include "sl_threshold.h"

/* Every lesson the parser accepts must fit the modules it is handed to. */
_Static_assert(SL_LESSON_MAX_VALUES <= SL_NAN_MAX_X, "lesson values must fit lesson 6");
_Static_assert(SL_LESSON_MAX_VALUES <= SL_THRESH_MAX_X, "lesson values must fit lesson 7");
_Static_assert(SL_LESSON_MAP_MAX <= SL_THRESH_MAP_MAX, "lesson map sizes must fit lesson 7");
_Static_assert(SL_LESSON_MAX_CHANNELS <= SL_CHANNELS_MAX, "lesson channels must fit lesson 8");

static SlStatus add(SlLessonEval *ev, const char *group, const char *param, int index, float value, float loss,
                    float grad, SlGradState state)
{
    if (ev->count == ev->cap) {
        int cap = ev->cap ? ev->cap * 2 : 64;
        SlEvalItem *items = realloc(ev->items, (size_t)cap * sizeof *items);
        if (!items) return SL_ERR_NOMEM;
        ev->items = items;
        ev->cap = cap;
    }
    SlEvalItem *it = &ev->items[ev->count++];
    snprintf(it->group, sizeof it->group, "%s", group);
    snprintf(it->param, sizeof it->param, "%s", param);
    it->index = index;
    it->value = value;
    it->loss = loss;
    it->state = state;
    it->grad = state == SL_GRAD_NONE ? 0.0f : (state == SL_GRAD_NAN ? NAN : grad);
    return SL_OK;
}

static SlStatus eval_task(const SlLesson *L, SlTape *tape, SlLessonEval *ev, char *err, size_t err_len)
{
    float *x = malloc((size_t)L->task.n * sizeof *x);
    if (!x) {
        snprintf(err, err_len, "out of memory for n = %d", L->task.n);
        return SL_ERR_NOMEM;
    }
    sl_signal_fill(L->task.signal, L->task.seed, L->task.n, x);
    SlStatus st = SL_OK;
    for (int f = 0; f < (int)SL_MASK_COUNT && st == SL_OK; f++) {
        if (!(L->families & (1u << f))) continue;
        SlTaskConfig cfg = L->task;
        cfg.mask = (SlMaskKind)f;
        SlTaskEval e;
        st = sl_task_eval(tape, &cfg, x, cfg.t, &e);
        if (st != SL_OK) {
            snprintf(err, err_len, "%s", sl_tape_error(tape));
            break;
        }
        st = add(ev, sl_mask_name(cfg.mask), "t", -1, cfg.t, e.loss, e.grad, e.state);
    }
    free(x);
    return st;
}

static SlStatus eval_nan(const SlLesson *L, SlTape *tape, SlLessonEval *ev, char *err, size_t err_len)
{
    float x[SL_NAN_MAX_X];
    int n = L->value_count;
    if (n > 0) memcpy(x, L->values, (size_t)n * sizeof *x);
    else n = sl_nandemo_default_x(x, SL_NAN_MAX_X);
    SlNanCase c;
    for (int id = 0; id < (int)SL_NAN_CASE_COUNT; id++) {
        char why[320];
        SlStatus st = sl_nandemo_case(tape, (SlNanCaseId)id, x, n, &c, why, sizeof why);
        if (st != SL_OK) {
            snprintf(err, err_len, "lesson 6 case %d: %s", id, why);
            return st;
        }
        for (int i = 0; i < c.n; i++) {
            st = add(ev, c.name, c.param, c.n > 1 || id <= SL_NAN_MASKED ? i : -1, c.x[i], c.loss, c.grad[i],
                     c.state[i]);
            if (st != SL_OK) return st;
        }
    }
    return SL_OK;
}

static SlStatus eval_threshold(const SlLesson *L, SlTape *tape, SlLessonEval *ev, char *err, size_t err_len)
{
    float x[SL_THRESH_MAX_X];
    int n = L->value_count;
    if (n > 0) memcpy(x, L->values, (size_t)n * sizeof *x);
    else n = sl_threshold_default_x(x, SL_THRESH_MAX_X);
    SlThreshBinary b;
    char why[320];
    SlStatus st = sl_threshold_binary(tape, x, n, L->threshold, L->above, L->below, L->task.k, &b, why, sizeof why);
    if (st != SL_OK) {
        snprintf(err, err_len, "threshold: %s", why);
        return st;
    }
    float hard_sum = 0.0f, pass_sum = 0.0f, soft_sum = 0.0f;
    for (int i = 0; i < n; i++) {
        hard_sum += b.hard[i];
        pass_sum += b.pass[i];
        soft_sum += b.soft[i];
    }
    for (int i = 0; i < n && st == SL_OK; i++) st = add(ev, "binary", "x", i, x[i], hard_sum, 0.0f, b.hard_x_state);
    if (st == SL_OK) st = add(ev, "binary", "threshold", -1, b.thr, hard_sum, 0.0f, b.hard_thr_state);
    for (int i = 0; i < n && st == SL_OK; i++)
        st = add(ev, "pass", "x", i, x[i], pass_sum, b.pass_grad[i], b.pass_state[i]);
    if (st == SL_OK) st = add(ev, "pass", "threshold", -1, b.thr, pass_sum, 0.0f, b.pass_thr_state);
    for (int i = 0; i < n && st == SL_OK; i++)
        st = add(ev, "soft", "x", i, x[i], soft_sum, b.soft_grad[i], b.soft_state[i]);
    if (st == SL_OK) st = add(ev, "soft", "threshold", -1, b.thr, soft_sum, b.soft_thr_grad, b.soft_thr_state);
    if (st != SL_OK) return st;

    SlThreshMap map;
    st = sl_threshold_map_init(&map, L->map_rows, L->map_cols, 0.5f * (float)L->map_cols, L->above, L->below,
                               L->task.k, why, sizeof why);
    if (st == SL_OK && (st = sl_threshold_map_eval(&map, tape)) != SL_OK)
        snprintf(why, sizeof why, "%s", sl_tape_error(tape));
    if (st != SL_OK) {
        snprintf(err, err_len, "threshold map: %s", why);
        sl_threshold_map_deinit(&map);
        return st;
    }
    int size = map.rows * map.cols;
    for (int i = 0; i < size && st == SL_OK; i++)
        st = add(ev, "map_hard", "T", i, map.thresh[i], map.hard_loss, 0.0f, map.hard_state);
    for (int i = 0; i < size && st == SL_OK; i++)
        st = add(ev, "map_soft", "T", i, map.thresh[i], map.soft_loss, map.grad[i], map.state[i]);
    sl_threshold_map_deinit(&map);
    if (st != SL_OK) return st;
    return eval_task(L, tape, ev, err, err_len);
}

static SlStatus eval_channels(const SlLesson *L, SlLessonEval *ev, char *err, size_t err_len)
{
    for (int f = 0; f < (int)SL_MASK_COUNT; f++) {
        if (!(L->families & (1u << f))) continue;
        SlTaskConfig cfg = L->task;
        cfg.mask = (SlMaskKind)f;
        SlChannels ch;
        SlStatus st = sl_channels_init(&ch, &cfg, L->channels, L->target_count ? L->targets : NULL, &L->opt);
        if (st != SL_OK) {
            snprintf(err, err_len, "channels: %s", ch.message);
            return st;
        }
        for (int c = 0; c < ch.c && st == SL_OK; c++)
            st = add(ev, sl_mask_name(cfg.mask), "t_c", c, ch.t[c], ch.loss_c[c], ch.grad[c], ch.state[c]);
        sl_channels_deinit(&ch);
        if (st != SL_OK) return st;
    }
    return SL_OK;
}

SlStatus sl_lesson_eval(const SlLesson *lesson, SlLessonEval *out, char *err, size_t err_len)
{
    assert(lesson && out);
    char scratch[8];
    if (!err || err_len == 0) {
        err = scratch;
        err_len = sizeof scratch;
    }
    err[0] = '\0';
    memset(out, 0, sizeof *out);
    out->kind = lesson->kind;
    SlTape *tape = sl_tape_create();
    if (!tape) {
        snprintf(err, err_len, "out of memory");
        return SL_ERR_NOMEM;
    }
    SlStatus st;
    switch (lesson->kind) {
    case SL_LESSON_TASK: st = eval_task(lesson, tape, out, err, err_len); break;
    case SL_LESSON_NAN: st = eval_nan(lesson, tape, out, err, err_len); break;
    case SL_LESSON_THRESHOLD: st = eval_threshold(lesson, tape, out, err, err_len); break;
    case SL_LESSON_CHANNELS: st = eval_channels(lesson, out, err, err_len); break;
    case SL_LESSON_KIND_COUNT:
    default:
        snprintf(err, err_len, "unknown lesson kind %d", (int)lesson->kind);
        st = SL_ERR_ARG;
        break;
    }
    sl_tape_destroy(tape);
    if (st == SL_ERR_NOMEM && err[0] == '\0') snprintf(err, err_len, "out of memory");
    if (st != SL_OK) sl_lesson_eval_deinit(out);
    return st;
}

void sl_lesson_eval_deinit(SlLessonEval *ev)
{
    free(ev->items);
    ev->items = NULL;
    ev->count = ev->cap = 0;
}

/* Appends formatted text to buf at *used, never past len. */
static void append(char *buf, size_t len, size_t *used, const char *text)
{
    if (*used >= len) return;
    int w = snprintf(buf + *used, len - *used, "%s", text);
    if (w > 0) *used = *used + (size_t)w < len ? *used + (size_t)w : len - 1;
}

/* Lists each parameter (group + param) with elements in state want, after lead, as
 * "'x' in naive (2 of 11 elements), 'a' in where_div0"; returns how many it listed. */
static int list_with_state(const SlLessonEval *ev, SlGradState want, const char *lead, char *buf, size_t len,
                           size_t *used)
{
    int pairs = 0;
    for (int i = 0; i < ev->count; i++) {
        const SlEvalItem *it = &ev->items[i];
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(ev->items[j].group, it->group) == 0 && strcmp(ev->items[j].param, it->param) == 0;
        if (seen) continue;
        int total = 0, hits = 0;
        for (int j = i; j < ev->count; j++) {
            if (strcmp(ev->items[j].group, it->group) != 0 || strcmp(ev->items[j].param, it->param) != 0) continue;
            total++;
            hits += ev->items[j].state == want;
        }
        if (hits == 0) continue;
        char one[96];
        if (total > 1 && hits < total) snprintf(one, sizeof one, "'%s' in %s (%d of %d elements)", it->param, it->group, hits, total);
        else snprintf(one, sizeof one, "'%s' in %s", it->param, it->group);
        append(buf, len, used, pairs ? ", " : lead);
        append(buf, len, used, one);
        pairs++;
    }
    return pairs;
}

int sl_lesson_eval_audit(const SlLessonEval *ev, char *buf, size_t len)
{
    char scratch[8];
    if (!buf || len == 0) {
        buf = scratch;
        len = sizeof scratch;
    }
    buf[0] = '\0';
    size_t used = 0;
    int pairs = list_with_state(ev, SL_GRAD_NONE, "Gradients do not exist for ", buf, len, &used);
    if (pairs > 0)
        append(buf, len, &used,
               pairs == 1 ? ": no differentiable path leads from the loss to it, so no optimizer can move it."
                          : ": no differentiable path leads from the loss to them, so no optimizer can move them.");
    /* NaN is the other gradient an optimizer must not be handed: it poisons the parameter. */
    int nan_pairs = list_with_state(ev, SL_GRAD_NAN, pairs ? " NaN reached the gradient of " : "NaN reached the gradient of ",
                                    buf, len, &used);
    if (nan_pairs > 0) append(buf, len, &used, ": one optimizer step would make those parameters NaN.");
    if (pairs == 0 && nan_pairs == 0)
        append(buf, len, &used, "Every parameter has a gradient, and none is NaN.");
    return pairs;
}
