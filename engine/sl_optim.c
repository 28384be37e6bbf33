/* sl_optim.c — torch.optim's SGD, momentum and Adam, one float32 scalar at a time.
 * torch 1.13 computes Adam's scalars (1 - beta, the bias corrections, the step size) as
 * Python floats, in double, and rounds each to float32 where a float kernel takes it;
 * the kernels' own operation order is kept here (docs/training.md), so trajectories
 * match torch.optim bit for bit. */
#include "sl_optim.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const opt_names[SL_OPT_COUNT] = {"sgd", "momentum", "adam"};
static const char *const anneal_names[SL_ANNEAL_COUNT] = {"constant", "linear", "geometric"};

const char *sl_optim_name(SlOptKind kind) { return (unsigned)kind < SL_OPT_COUNT ? opt_names[kind] : "?"; }
const char *sl_anneal_name(SlAnnealKind kind) { return (unsigned)kind < SL_ANNEAL_COUNT ? anneal_names[kind] : "?"; }

static int parse_name(const char *name, const char *const *names, int count)
{
    for (int i = 0; i < count; i++)
        if (name && strcmp(name, names[i]) == 0) return i;
    return -1;
}

int sl_optim_parse(const char *name, SlOptKind *out)
{
    int i = parse_name(name, opt_names, SL_OPT_COUNT);
    if (i >= 0) *out = (SlOptKind)i;
    return i >= 0;
}

int sl_anneal_parse(const char *name, SlAnnealKind *out)
{
    int i = parse_name(name, anneal_names, SL_ANNEAL_COUNT);
    if (i >= 0) *out = (SlAnnealKind)i;
    return i >= 0;
}

void sl_optim_default(SlOptConfig *cfg, SlOptKind kind, float lr)
{
    cfg->kind = kind;
    cfg->lr = lr;
    cfg->momentum = 0.9f;
    cfg->beta1 = 0.9;
    cfg->beta2 = 0.999;
    cfg->eps = 1e-8f;
}

SlStatus sl_optim_validate(const SlOptConfig *cfg, char *err, size_t err_len)
{
    if ((unsigned)cfg->kind >= SL_OPT_COUNT) {
        snprintf(err, err_len, "unknown optimizer %d", (int)cfg->kind);
        return SL_ERR_ARG;
    }
    if (!(isfinite(cfg->lr) && cfg->lr > 0.0f)) {
        snprintf(err, err_len, "lr must be a finite number > 0, got %g", (double)cfg->lr);
        return SL_ERR_ARG;
    }
    if (!(cfg->momentum >= 0.0f && cfg->momentum < 1.0f)) {
        snprintf(err, err_len, "momentum must be in [0, 1), got %g", (double)cfg->momentum);
        return SL_ERR_ARG;
    }
    if (!(cfg->beta1 >= 0.0 && cfg->beta1 < 1.0) || !(cfg->beta2 >= 0.0 && cfg->beta2 < 1.0)) {
        snprintf(err, err_len, "Adam betas must be in [0, 1), got %g and %g", cfg->beta1, cfg->beta2);
        return SL_ERR_ARG;
    }
    if (!(isfinite(cfg->eps) && cfg->eps > 0.0f)) {
        snprintf(err, err_len, "eps must be a finite number > 0, got %g", (double)cfg->eps);
        return SL_ERR_ARG;
    }
    return SL_OK;
}

int sl_optim_step(const SlOptConfig *cfg, SlOptState *s, float *param, float g, SlGradState gs)
{
    if (gs == SL_GRAD_NONE) return 0;  /* torch.optim skips a None grad: nothing advances */
    switch (cfg->kind) {
    case SL_OPT_SGD:
        *param = *param + (-cfg->lr) * g;
        break;
    case SL_OPT_MOMENTUM:
        /* torch: the buffer starts as a copy of the first gradient, then buf = mu*buf + g */
        s->velocity = s->has_buffer ? s->velocity * cfg->momentum + g : g;
        s->has_buffer = 1;
        *param = *param + (-cfg->lr) * s->velocity;
        break;
    case SL_OPT_ADAM: {
        /* torch 1.13 _single_tensor_adam:
         *   exp_avg.mul_(b1).add_(g, alpha=1-b1); exp_avg_sq.mul_(b2).addcmul_(g, g, value=1-b2)
         *   step_size = lr / (1 - b1**step); denom = (exp_avg_sq.sqrt() / sqrt(1 - b2**step)).add_(eps)
         *   param.addcdiv_(exp_avg, denom, value=-step_size)
         * Python scalars are doubles, rounded to float32 as each kernel takes them;
         * addcmul is self + (value*t1)*t2 and addcdiv self + (value*t1)/t2. */
        s->steps++;
        const double b1 = cfg->beta1, b2 = cfg->beta2;
        s->m = s->m * (float)b1 + (float)(1.0 - b1) * g;
        s->v = s->v * (float)b2 + ((float)(1.0 - b2) * g) * g;
        const double bc1 = 1.0 - pow(b1, (double)s->steps);
        const double bc2 = 1.0 - pow(b2, (double)s->steps);
        const float neg_step_size = (float)(-((double)cfg->lr / bc1));
        const float denom = sqrtf(s->v) / (float)sqrt(bc2) + cfg->eps;
        *param = *param + (neg_step_size * s->m) / denom;
        break;
    }
    case SL_OPT_COUNT:
        return 0;
    }
    return 1;
}

float sl_anneal_k(const SlAnneal *a, int step)
{
    if (a->kind == SL_ANNEAL_CONSTANT || a->steps <= 0) return a->k0;
    double f = step >= a->steps ? 1.0 : (step <= 0 ? 0.0 : (double)step / (double)a->steps);
    if (a->kind == SL_ANNEAL_LINEAR) return (float)((double)a->k0 + ((double)a->k1 - (double)a->k0) * f);
    return (float)((double)a->k0 * pow((double)a->k1 / (double)a->k0, f));
}
