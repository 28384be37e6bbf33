/* sl_mask_kernel.h — the one definition of each mask family's forward m(d) and
 * slope dm/dd, inline so the tape's mask op (through sl_mask.c) and the fused task
 * kernel compile the very same float32 operations. Internal header. */
#ifndef SL_MASK_KERNEL_H
#define SL_MASK_KERNEL_H

#include "sl_fastmath.h"
#include "sl_mask.h"

#if defined(__GNUC__)
#define SL_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define SL_ALWAYS_INLINE inline
#endif

/* The smoothstep/hardsigmoid ramp before clamping: (t - i)/w + 1/2. */
static SL_ALWAYS_INLINE float sl__ramp(float d, float w) { return d / w + 0.5f; }
static SL_ALWAYS_INLINE float sl__clamp01(float u) { return u < 0.0f ? 0.0f : (u > 1.0f ? 1.0f : u); }

static SL_ALWAYS_INLINE float sl__mask_value(SlMaskKind kind, float d, float k, float w)
{
    switch (kind) {
    case SL_MASK_HARD:
    case SL_MASK_STE:
        return d > 0.0f ? 1.0f : 0.0f;
    case SL_MASK_LOGISTIC:
        return sl__sigmoid(k * d);
    case SL_MASK_SMOOTHSTEP: {
        float u = sl__clamp01(sl__ramp(d, w));
        return u * u * (3.0f - 2.0f * u);
    }
    case SL_MASK_HARDSIGMOID:
        return sl__clamp01(sl__ramp(d, w));
    case SL_MASK_COUNT:
        break;
    }
    return NAN;
}

/* dm/dd from d and the forward output m. The sigmoid's is m(1-m) from its output, as
 * PyTorch computes it, so saturation gives an exact 0. Clamp passes the gradient on
 * [0, 1] inclusive, as torch.clamp does. hard returns 0 but has no path at all. */
static SL_ALWAYS_INLINE float sl__mask_slope(SlMaskKind kind, float d, float m, float k, float w)
{
    switch (kind) {
    case SL_MASK_HARD:
        return 0.0f;
    case SL_MASK_LOGISTIC:
        return k * (m * (1.0f - m));
    case SL_MASK_STE: {
        float s = sl__sigmoid(k * d);
        return k * (s * (1.0f - s));
    }
    case SL_MASK_SMOOTHSTEP: {
        float raw = sl__ramp(d, w);
        float inside = 6.0f * raw * (1.0f - raw) / w;
        return (raw >= 0.0f && raw <= 1.0f) ? inside : 0.0f;
    }
    case SL_MASK_HARDSIGMOID: {
        float raw = sl__ramp(d, w);
        return (raw >= 0.0f && raw <= 1.0f) ? 1.0f / w : 0.0f;
    }
    case SL_MASK_COUNT:
        break;
    }
    return NAN;
}

/* The gradient reaching d from an upstream gradient g, in the order torch's autograd
 * applies the chain rule: the ramp's division by w comes last, as g / w (multiplying
 * by a precomputed 1/w overflows for tiny w where torch does not; docs/training.md). */
static SL_ALWAYS_INLINE float sl__mask_grad(SlMaskKind kind, float g, float d, float m, float k, float w)
{
    switch (kind) {
    case SL_MASK_SMOOTHSTEP: {
        float raw = sl__ramp(d, w);
        return (raw >= 0.0f && raw <= 1.0f) ? (g * (6.0f * raw * (1.0f - raw))) / w : 0.0f;
    }
    case SL_MASK_HARDSIGMOID: {
        float raw = sl__ramp(d, w);
        return (raw >= 0.0f && raw <= 1.0f) ? g / w : 0.0f;
    }
    case SL_MASK_HARD:
    case SL_MASK_LOGISTIC:
    case SL_MASK_STE:
    case SL_MASK_COUNT:
        break;
    }
    return g * sl__mask_slope(kind, d, m, k, w);
}

#endif
