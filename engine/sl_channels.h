/* sl_channels.h — lesson 8, the per-channel step filter: C channels, each with its own
 * learnable t_c, signal x_c and target t*_c, on one tape (t is a C x 1 parameter
 * broadcast against 1 x N positions). The loss is the sum of the channels' task losses,
 * so each t_c gets exactly the gradient the single task of docs/task.md §1 would give it.
 * Invariant: after init and after every step, m/grad/state/loss describe the current t;
 * every step can be undone exactly (sl_channels_back), not replayed. */
#ifndef SL_CHANNELS_H
#define SL_CHANNELS_H

#include "sl_grad.h"
#include "sl_history.h"
#include "sl_optim.h"
#include "sl_status.h"
#include "sl_tape.h"
#include "sl_task.h"
#include "sl_verdict.h"

#define SL_CHANNELS_MAX 64

typedef struct SlChannels {
    SlTaskConfig task;    /* mask, n, k, width, signal, seed; task.t is every t_c's start */
    SlOptConfig opt;
    int c, n;             /* channels, positions */
    float t0[SL_CHANNELS_MAX];       /* start of each t_c */
    float t[SL_CHANNELS_MAX];        /* current t_c */
    float target[SL_CHANNELS_MAX];   /* t*_c */
    float grad[SL_CHANNELS_MAX];     /* dL/dt_c of the latest evaluation (0 for none) */
    SlGradState state[SL_CHANNELS_MAX];
    float loss_c[SL_CHANNELS_MAX];   /* channel c's own task loss */
    float hard_loss_c[SL_CHANNELS_MAX];  /* the hard-mask loss at t_c (the soft-hard gap) */
    SlOptState opt_state[SL_CHANNELS_MAX];
    float loss;           /* sum of loss_c: what the optimizer minimises */
    int step;             /* updates applied since init/reset */
    float *x;             /* c x n signals, row-major (row c is channel c), owned */
    float *m;             /* c x n mask values of the latest evaluation: the heat map, owned */
    SlTape *tape;         /* owned; holds the latest evaluation's graph */
    /* Each t_c's verdict by the trainer's rule (sl_verdict.h): the first one reached, and
     * its step; judged after every step, restarted by reset, set_t and set_mask. */
    SlStopReason stop[SL_CHANNELS_MAX];
    int stop_step[SL_CHANNELS_MAX];  /* -1 while running */
    float loss_start[SL_CHANNELS_MAX];
    float recent[SL_VERDICT_WINDOW + 1][SL_CHANNELS_MAX];  /* t_c of the last steps, ring */
    int since;            /* steps since the last restart */
    int none_reported;
    char message[320];    /* for a person: why nothing moves, or what failed ("" if nothing) */
    SlHistory hist;       /* before each update: every t_c, its optimizer state and the verdicts */
} SlChannels;

/* t*_c when the lesson gives none: round(n (c+1) / (C+1)) + 0.5, spread over the positions. */
float sl_channels_default_target(int c, int channels, int n);

/* Initialises *ch (caller's storage) for `channels` channels (1..SL_CHANNELS_MAX) of task,
 * with targets[channels] (NULL: the defaults above) and channel c's signal drawn with seed
 * task->seed + c. Evaluates the start. Returns SL_ERR_ARG / SL_ERR_NOMEM with ch->message
 * naming the problem, nothing to free then. Free with sl_channels_deinit. */
SlStatus sl_channels_init(SlChannels *ch, const SlTaskConfig *task, int channels, const float *targets,
                          const SlOptConfig *opt);
void sl_channels_deinit(SlChannels *ch);

/* Records the loss on ch->tape at the current t and fills m, grad, state, loss_c, loss. */
SlStatus sl_channels_eval(SlChannels *ch);

/* One optimizer update of every t_c from its own gradient (sl_optim_step per element: a
 * none gradient leaves t_c and its state untouched, and says so once in ch->message),
 * then a new evaluation, and each t_c still running is judged (stop, stop_step). */
SlStatus sl_channels_step(SlChannels *ch);

/* Undoes the last step: t, the optimizer states, the verdicts and the message as they were
 * before it, evaluated under the current task (so a changed learning rate does not alter
 * what the step showed). Returns 0 at step 0 or when the bounded history (sl_history.h)
 * holds no older step, 1 otherwise; *status gets the evaluation's status (may be NULL). */
int sl_channels_back(SlChannels *ch, SlStatus *status);

/* Back to every t0 with fresh optimizer state and an empty history, evaluated. */
SlStatus sl_channels_reset(SlChannels *ch);

/* Moves one t_c (dragging it in the heat map) and re-evaluates. SL_ERR_ARG for a bad c or t. */
SlStatus sl_channels_set_t(SlChannels *ch, int c, float t);

/* Changes the mask family, k and width (not t) and re-evaluates; e.g. hard vs logistic. */
SlStatus sl_channels_set_mask(SlChannels *ch, SlMaskKind mask, float k, float width);

#endif
