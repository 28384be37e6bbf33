/* sl_optim_rule.h — the one definition of an optimizer update (sl_optim_step, see
 * sl_optim.h and docs/training.md), inline so the sweep's lanes apply it in place, with no
 * call per cell and step. Internal header. */
#ifndef SL_OPTIM_RULE_H
#define SL_OPTIM_RULE_H

#include <math.h>

#include "sl_optim.h"
#include "sl_rule_inline.h"


/* Plain SGD's update of param by the gradient g: stateless, so the sweep's lanes apply it
 * to many cells at once from these numbers alone. */
SL__RULE_INLINE float sl__optim_sgd(float lr, float param, float g) { return param + (-lr) * g; }

static inline int sl__optim_step(const SlOptConfig *cfg, SlOptState *s, float *param, float g, SlGradState gs)
{
    if (gs == SL_GRAD_NONE) return 0;  /* torch.optim skips a None grad: nothing advances */
    switch (cfg->kind) {
    case SL_OPT_SGD:
        *param = sl__optim_sgd(cfg->lr, *param, g);
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

#endif
