/* sl_channels.c — the per-channel step filter on one tape: t (C x 1) minus the
 * positions (1 x N) broadcasts to C x N, the mask family runs element-wise, and the
 * loss sum((x m - y*)^2) / N adds up the channels' task losses. Updates go through
 * sl_optim_step one t_c at a time, so a none gradient is skipped per channel. */
#include "sl_channels.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl_tape_internal.h"
#include "sl_verdict.h"

/* What a step changes besides the evaluation, saved before it so back restores it bit for bit. */
typedef struct ChannelsSnap {
    float t[SL_CHANNELS_MAX];
    SlOptState opt_state[SL_CHANNELS_MAX];
    SlStopReason stop[SL_CHANNELS_MAX];
    int stop_step[SL_CHANNELS_MAX];
    float loss_start[SL_CHANNELS_MAX];
    float recent[SL_VERDICT_WINDOW + 1][SL_CHANNELS_MAX];
    int since, step, none_reported;
    char message[320];
} ChannelsSnap;

float sl_channels_default_target(int c, int channels, int n)
{
    return floorf((float)n * (float)(c + 1) / (float)(channels + 1) + 0.5f) + 0.5f;
}

SlStatus sl_channels_init(SlChannels *ch, const SlTaskConfig *task, int channels, const float *targets,
                          const SlOptConfig *opt)
{
    assert(ch && task && opt);
    memset(ch, 0, sizeof *ch);
    char err[256];
    if (channels < 1 || channels > SL_CHANNELS_MAX) {
        snprintf(ch->message, sizeof ch->message, "channels must be from 1 to %d, got %d", SL_CHANNELS_MAX,
                 channels);
        return SL_ERR_ARG;
    }
    if (sl_task_validate(task, err, sizeof err) != SL_OK || sl_optim_validate(opt, err, sizeof err) != SL_OK) {
        snprintf(ch->message, sizeof ch->message, "%s", err);
        return SL_ERR_ARG;
    }
    if ((size_t)channels * (size_t)task->n > SL_MAX_ELEMENTS) {
        snprintf(ch->message, sizeof ch->message, "%d channels x %d positions is more than %d elements",
                 channels, task->n, SL_MAX_ELEMENTS);
        return SL_ERR_ARG;
    }
    for (int c = 0; c < channels; c++) {
        float tc = targets ? targets[c] : sl_channels_default_target(c, channels, task->n);
        if (!isfinite(tc)) {
            snprintf(ch->message, sizeof ch->message, "target of channel %d must be a finite number", c);
            return SL_ERR_ARG;
        }
        ch->target[c] = tc;
        ch->t0[c] = task->t;
    }
    ch->task = *task;
    ch->opt = *opt;
    ch->c = channels;
    sl_history_init(&ch->hist, sizeof(ChannelsSnap));
    ch->n = task->n;
    size_t size = (size_t)channels * (size_t)task->n;
    ch->x = malloc(size * sizeof *ch->x);
    ch->m = calloc(size, sizeof *ch->m);
    ch->tape = sl_tape_create();
    if (!ch->x || !ch->m || !ch->tape) {
        sl_channels_deinit(ch);
        snprintf(ch->message, sizeof ch->message, "out of memory for %d x %d channels", channels, task->n);
        return SL_ERR_NOMEM;
    }
    for (int c = 0; c < channels; c++)
        sl_signal_fill(task->signal, task->seed + (uint32_t)c, task->n, ch->x + (size_t)c * (size_t)task->n);
    SlStatus st = sl_channels_reset(ch);
    if (st != SL_OK) {
        char keep[sizeof ch->message];
        memcpy(keep, ch->message, sizeof keep);
        sl_channels_deinit(ch);
        memcpy(ch->message, keep, sizeof keep);
    }
    return st;
}

void sl_channels_deinit(SlChannels *ch)
{
    free(ch->x);
    free(ch->m);
    sl_tape_destroy(ch->tape);
    sl_history_deinit(&ch->hist);
    memset(ch, 0, sizeof *ch);
}

SlStatus sl_channels_eval(SlChannels *ch)
{
    SlTape *tape = ch->tape;
    const int C = ch->c, N = ch->n;
    const size_t size = (size_t)C * (size_t)N;
    sl_tape_reset(tape);
    SlNode t = sl_param(tape, C, 1, ch->t);
    SlNode pos = sl_arange(tape, N);
    SlNode d = sl_sub(tape, t, pos);
    SlNode m = sl_mask_op(tape, ch->task.mask, d, ch->task.k, ch->task.width);
    SlNode x = sl_const(tape, C, N, ch->x);
    SlNode y = sl_mul(tape, x, m);
    SlNode ys = sl_const(tape, C, N, NULL);
    if (ys != SL_NIL) {
        float *v = sl_value_mut(tape, ys);
        for (int c = 0; c < C; c++)
            for (int i = 0; i < N; i++) {
                size_t k = (size_t)c * (size_t)N + (size_t)i;
                v[k] = (float)i < ch->target[c] ? ch->x[k] : 0.0f;
            }
    }
    SlNode r = sl_sub(tape, y, ys);
    SlNode sq = sl_square(tape, r);
    SlNode loss = sl_div(tape, sl_sum(tape, sq), sl_scalar(tape, (float)N));
    sl_tape_label(tape, t, "t_c");
    sl_tape_label(tape, pos, "i");
    sl_tape_label(tape, d, "t_c - i");
    sl_tape_label(tape, m, "m");
    sl_tape_label(tape, x, "x_c");
    sl_tape_label(tape, y, "y");
    sl_tape_label(tape, ys, "y*");
    sl_tape_label(tape, r, "y - y*");
    sl_tape_label(tape, sq, "(y - y*)^2");
    sl_tape_label(tape, loss, "L");
    if (loss == SL_NIL) {
        snprintf(ch->message, sizeof ch->message, "%s", sl_tape_error(tape));
        return sl_tape_status(tape);
    }
    SlStatus st = sl_tape_backward(tape, loss);
    if (st != SL_OK) {
        snprintf(ch->message, sizeof ch->message, "%s", sl_tape_error(tape));
        return st;
    }
    memcpy(ch->m, sl_value(tape, m), size * sizeof *ch->m);
    const float *g = sl_grad(tape, t);
    const float *sqv = sl_value(tape, sq);
    ch->loss = sl_value(tape, loss)[0];
    SlTaskConfig hard = ch->task;
    hard.mask = SL_MASK_HARD;
    for (int c = 0; c < C; c++) {
        ch->grad[c] = g ? g[c] : 0.0f;
        ch->state[c] = sl_grad_state_of(g != NULL, ch->grad[c]);
        /* the tape's cascaded sum over the channel's row, so loss_c equals the single task's loss */
        ch->loss_c[c] = sl__sum_array(sqv + (size_t)c * (size_t)N, (size_t)N) / (float)N;
        hard.target = ch->target[c];
        ch->hard_loss_c[c] = sl_task_hard_loss(&hard, ch->x + (size_t)c * (size_t)N, ch->t[c]);
    }
    return SL_OK;
}

/* The verdict starts again (after reset, a moved t_c or a new mask) from the current t. */
static void restart_verdicts(SlChannels *ch)
{
    ch->since = 0;
    for (int c = 0; c < ch->c; c++) {
        ch->stop[c] = SL_STOP_RUNNING;
        ch->stop_step[c] = -1;
        ch->loss_start[c] = ch->loss_c[c];
        ch->recent[0][c] = ch->t[c];
    }
}

/* Judges every t_c still running with the rule the trainer uses (sticky, like its). */
static void judge_channels(SlChannels *ch)
{
    const int ring = SL_VERDICT_WINDOW + 1;
    ch->since++;
    for (int c = 0; c < ch->c; c++) ch->recent[ch->since % ring][c] = ch->t[c];
    for (int c = 0; c < ch->c; c++) {
        if (ch->stop[c] != SL_STOP_RUNNING) continue;
        SlVerdictInput in;
        in.step = ch->step;
        in.since = ch->since;
        in.max_steps = 0; /* the caller owns the step limit */
        in.n = ch->n;
        in.target = ch->target[c];
        in.t = ch->t[c];
        in.loss = ch->loss_c[c];
        in.hard_loss = ch->hard_loss_c[c];
        in.grad = ch->grad[c];
        in.state = ch->state[c];
        in.thresholded = 0; /* the channels have no gradient thresholding */
        in.loss_start = ch->loss_start[c];
        in.prev_t = ch->recent[(ch->since - 1) % ring][c];
        in.window_t = ch->since >= SL_VERDICT_WINDOW ? ch->recent[(ch->since - SL_VERDICT_WINDOW) % ring][c] : NAN;
        in.fixed_point = ch->opt.kind == SL_OPT_SGD && in.t == in.prev_t; /* k is fixed between restarts */
        ch->stop[c] = sl_verdict_judge(&in);
        if (ch->stop[c] != SL_STOP_RUNNING) ch->stop_step[c] = ch->step;
    }
}

SlStatus sl_channels_step(SlChannels *ch)
{
    ChannelsSnap snap;
    memset(&snap, 0, sizeof snap);
    memcpy(snap.t, ch->t, sizeof snap.t);
    memcpy(snap.opt_state, ch->opt_state, sizeof snap.opt_state);
    memcpy(snap.stop, ch->stop, sizeof snap.stop);
    memcpy(snap.stop_step, ch->stop_step, sizeof snap.stop_step);
    memcpy(snap.loss_start, ch->loss_start, sizeof snap.loss_start);
    memcpy(snap.recent, ch->recent, sizeof snap.recent);
    snap.since = ch->since;
    snap.step = ch->step;
    snap.none_reported = ch->none_reported;
    memcpy(snap.message, ch->message, sizeof snap.message);
    if (sl_history_push(&ch->hist, &snap) != SL_OK) {
        snprintf(ch->message, sizeof ch->message, "out of memory for the channels' history");
        return SL_ERR_NOMEM;
    }
    int skipped = 0;
    for (int c = 0; c < ch->c; c++) {
        if (!sl_optim_step(&ch->opt, &ch->opt_state[c], &ch->t[c], ch->grad[c], ch->state[c])) skipped++;
    }
    if (skipped > 0 && !ch->none_reported) {
        ch->none_reported = 1;
        sl_verdict_no_gradient_note(ch->message, sizeof ch->message, ch->task.mask, "t_c", skipped, ch->c, 0.0f);
    }
    ch->step++;
    SlStatus st = sl_channels_eval(ch);
    if (st == SL_OK) judge_channels(ch);
    return st;
}

int sl_channels_back(SlChannels *ch, SlStatus *status)
{
    ChannelsSnap snap;
    if (ch->step == 0 || !sl_history_pop(&ch->hist, &snap)) return 0;
    memcpy(ch->t, snap.t, sizeof snap.t);
    memcpy(ch->opt_state, snap.opt_state, sizeof snap.opt_state);
    memcpy(ch->stop, snap.stop, sizeof snap.stop);
    memcpy(ch->stop_step, snap.stop_step, sizeof snap.stop_step);
    memcpy(ch->loss_start, snap.loss_start, sizeof snap.loss_start);
    memcpy(ch->recent, snap.recent, sizeof snap.recent);
    ch->since = snap.since;
    ch->step = snap.step;
    ch->none_reported = snap.none_reported;
    memcpy(ch->message, snap.message, sizeof snap.message);
    SlStatus st = sl_channels_eval(ch);
    if (status) *status = st;
    return 1;
}

SlStatus sl_channels_reset(SlChannels *ch)
{
    sl_history_clear(&ch->hist);
    for (int c = 0; c < ch->c; c++) ch->t[c] = ch->t0[c];
    memset(ch->opt_state, 0, sizeof ch->opt_state);
    ch->step = 0;
    ch->none_reported = 0;
    ch->message[0] = '\0';
    SlStatus st = sl_channels_eval(ch);
    restart_verdicts(ch);
    return st;
}

SlStatus sl_channels_set_t(SlChannels *ch, int c, float t)
{
    if (c < 0 || c >= ch->c || !isfinite(t)) {
        snprintf(ch->message, sizeof ch->message, "channel %d's t must be a finite number", c);
        return SL_ERR_ARG;
    }
    ch->t[c] = t;
    SlStatus st = sl_channels_eval(ch);
    restart_verdicts(ch);
    return st;
}

SlStatus sl_channels_set_mask(SlChannels *ch, SlMaskKind mask, float k, float width)
{
    SlTaskConfig task = ch->task;
    task.mask = mask;
    task.k = k;
    task.width = width;
    char err[256];
    if (sl_task_validate(&task, err, sizeof err) != SL_OK) {
        snprintf(ch->message, sizeof ch->message, "%s", err);
        return SL_ERR_ARG;
    }
    ch->task = task;
    if (sl_mask_has_path(mask)) ch->none_reported = 0;
    SlStatus st = sl_channels_eval(ch);
    restart_verdicts(ch);
    return st;
}
