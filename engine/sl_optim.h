/* sl_optim.h — SGD, momentum and Adam with torch.optim's conventions (float32,
 * step for step), and steepness annealing. A parameter whose gradient is none is
 * skipped entirely, as torch.optim skips a None grad: its state does not advance. */
#ifndef SL_OPTIM_H
#define SL_OPTIM_H

#include <stddef.h>
#include "sl_grad.h"
#include "sl_status.h"

typedef enum SlOptKind { SL_OPT_SGD = 0, SL_OPT_MOMENTUM, SL_OPT_ADAM, SL_OPT_COUNT } SlOptKind;

typedef struct SlOptConfig {
    SlOptKind kind;
    float lr;        /* > 0 */
    float momentum;  /* mu for momentum, default 0.9 */
    double beta1, beta2;  /* Adam: 0.9, 0.999, in double as torch's Python floats (docs/training.md) */
    float eps;            /* Adam: 1e-8 (torch adds it as a float32) */
} SlOptConfig;

/* Per-scalar optimizer state (one per learnable element). */
typedef struct SlOptState {
    float velocity;  /* momentum buffer v */
    float m, v;      /* Adam moments */
    int steps;       /* updates applied (Adam's bias-correction t) */
    int has_buffer;  /* momentum buffer initialised (torch sets v = g on the first step) */
} SlOptState;

void sl_optim_default(SlOptConfig *cfg, SlOptKind kind, float lr);
const char *sl_optim_name(SlOptKind kind);
int sl_optim_parse(const char *name, SlOptKind *out);
SlStatus sl_optim_validate(const SlOptConfig *cfg, char *err, size_t err_len);

/* Applies one update to *param from gradient g in the given state. For none the
 * parameter and state are left untouched and 0 is returned; otherwise 1. A NaN
 * gradient is applied (it poisons the parameter, as in PyTorch) — callers stop on it. */
int sl_optim_step(const SlOptConfig *cfg, SlOptState *state, float *param, float g, SlGradState gs);

typedef enum SlAnnealKind { SL_ANNEAL_CONSTANT = 0, SL_ANNEAL_LINEAR, SL_ANNEAL_GEOMETRIC, SL_ANNEAL_COUNT } SlAnnealKind;

typedef struct SlAnneal {
    SlAnnealKind kind;
    float k0, k1;  /* start and end steepness, > 0 */
    int steps;     /* reaches k1 at this step and stays there */
} SlAnneal;

const char *sl_anneal_name(SlAnnealKind kind);
int sl_anneal_parse(const char *name, SlAnnealKind *out);
/* The steepness at step s (0-based). constant: k0; linear and geometric interpolate. */
float sl_anneal_k(const SlAnneal *a, int step);

#endif
