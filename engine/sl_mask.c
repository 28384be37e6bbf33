/* sl_mask.c — names of the five mask families and the public wrappers of their
 * float32 forward and slope (defined once, inline, in sl_mask_kernel.h). */
#include "sl_mask.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "sl_mask_kernel.h"

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

float sl_mask_band(SlMaskKind kind, float k, float w)
{
    assert((unsigned)kind < SL_MASK_COUNT);
    switch (kind) {
    case SL_MASK_LOGISTIC:
    case SL_MASK_STE: {
        /* k s(1-s) = 1% of k/4  <=>  s = (1 - sqrt(0.99)) / 2, at |k d| = ln((1-s)/s) */
        double s = (1.0 - sqrt(0.99)) / 2.0;
        return (float)(log((1.0 - s) / s) / (double)k);
    }
    case SL_MASK_SMOOTHSTEP:
    case SL_MASK_HARDSIGMOID:
        return 0.5f * w;
    case SL_MASK_HARD:
    case SL_MASK_COUNT:
        break;
    }
    return 0.0f;
}

float sl_sigmoidf(float x) { return sl__sigmoid(x); }

float sl_mask_value(SlMaskKind kind, float d, float k, float w) { return sl__mask_value(kind, d, k, w); }

float sl_mask_slope(SlMaskKind kind, float d, float m, float k, float w)
{
    return sl__mask_slope(kind, d, m, k, w);
}

float sl_mask_grad(SlMaskKind kind, float g, float d, float m, float k, float w)
{
    return sl__mask_grad(kind, g, d, m, k, w);
}
