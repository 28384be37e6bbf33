/* sl_optim.c — torch.optim's SGD, momentum and Adam, one float32 scalar at a time.
 * torch 1.13 computes Adam's scalars (1 - beta, the bias corrections, the step size) as
 * Python floats, in double, and rounds each to float32 where a float kernel takes it;
 * the kernels' own operation order is kept here (docs/training.md), so trajectories
 * match torch.optim bit for bit. */
#include "sl_optim.h"
#include "sl_optim_rule.h"

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
    return sl__optim_step(cfg, s, param, g, gs);
}

float sl_anneal_k(const SlAnneal *a, int step)
{
    if (a->kind == SL_ANNEAL_CONSTANT || a->steps <= 0) return a->k0;
    double f = step >= a->steps ? 1.0 : (step <= 0 ? 0.0 : (double)step / (double)a->steps);
    if (a->kind == SL_ANNEAL_LINEAR) return (float)((double)a->k0 + ((double)a->k1 - (double)a->k0) * f);
    return (float)((double)a->k0 * pow((double)a->k1 / (double)a->k0, f));
}
