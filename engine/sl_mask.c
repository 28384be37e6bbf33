/* sl_mask.c — the five mask families, forward and slope, in float32.
 * The sigmoid is 1/(1+exp(-x)) as PyTorch computes it, guarded so exp never
 * overflows: below -88.7228 the exact float32 answer is 0 anyway. */
#include "sl_mask.h"

#include <math.h>
#include <string.h>

static const char *const mask_names[SL_MASK_COUNT] = {
    "hard", "logistic", "smoothstep", "hardsigmoid", "ste",
};

const char *sl_mask_name(SlMaskKind kind)
{
    return (unsigned)kind < SL_MASK_COUNT ? mask_names[kind] : "?";
}

int sl_mask_parse(const char *name, SlMaskKind *out)
{
    for (int i = 0; i < SL_MASK_COUNT; i++) {
        if (name && strcmp(name, mask_names[i]) == 0) {
            *out = (SlMaskKind)i;
            return 1;
        }
    }
    return 0;
}

int sl_mask_has_path(SlMaskKind kind) { return kind != SL_MASK_HARD; }
int sl_mask_uses_k(SlMaskKind kind) { return kind == SL_MASK_LOGISTIC || kind == SL_MASK_STE; }
int sl_mask_uses_width(SlMaskKind kind)
{
    return kind == SL_MASK_SMOOTHSTEP || kind == SL_MASK_HARDSIGMOID;
}

/* expf(-x) overflows to inf for -x > 88.7228317; 1/(1+inf) is exactly 0, so return it. */
#define SL_EXP_OVERFLOW 88.7228317f

float sl_sigmoidf(float x)
{
    if (isnan(x)) return x;
    if (x < -SL_EXP_OVERFLOW) return 0.0f;
    return 1.0f / (1.0f + expf(-x));
}

/* The smoothstep/hardsigmoid ramp before clamping: (t - i)/w + 1/2. */
static float ramp(float d, float w) { return d / w + 0.5f; }

static float clamp01(float u) { return u < 0.0f ? 0.0f : (u > 1.0f ? 1.0f : u); }

float sl_mask_value(SlMaskKind kind, float d, float k, float w)
{
    switch (kind) {
    case SL_MASK_HARD:
    case SL_MASK_STE:
        return d > 0.0f ? 1.0f : 0.0f;
    case SL_MASK_LOGISTIC:
        return sl_sigmoidf(k * d);
    case SL_MASK_SMOOTHSTEP: {
        float u = clamp01(ramp(d, w));
        return u * u * (3.0f - 2.0f * u);
    }
    case SL_MASK_HARDSIGMOID:
        return clamp01(ramp(d, w));
    case SL_MASK_COUNT:
        break;
    }
    return NAN;
}

float sl_mask_slope(SlMaskKind kind, float d, float m, float k, float w)
{
    switch (kind) {
    case SL_MASK_HARD:
        return 0.0f;
    case SL_MASK_LOGISTIC:
        return k * (m * (1.0f - m));
    case SL_MASK_STE: {
        float s = sl_sigmoidf(k * d);
        return k * (s * (1.0f - s));
    }
    case SL_MASK_SMOOTHSTEP: {
        /* clamp passes the gradient on [0, 1] inclusive, as torch.clamp does */
        float raw = ramp(d, w);
        if (!(raw >= 0.0f && raw <= 1.0f)) return 0.0f;
        return 6.0f * raw * (1.0f - raw) / w;
    }
    case SL_MASK_HARDSIGMOID: {
        float raw = ramp(d, w);
        if (!(raw >= 0.0f && raw <= 1.0f)) return 0.0f;
        return 1.0f / w;
    }
    case SL_MASK_COUNT:
        break;
    }
    return NAN;
}
