/* sl_mask.h — the five mask families over d = t - i (float32).
 * Forward m(d) and the slope dm/dd that flows back to t. The hard family has no
 * path at all (its slope is not 0, it does not exist); ste is hard forward with the
 * logistic surrogate backward. These scalar functions are the single definition the
 * tape ops and the fused kernels both call. */
#ifndef SL_MASK_H
#define SL_MASK_H

typedef enum SlMaskKind {
    SL_MASK_HARD = 0,
    SL_MASK_LOGISTIC,
    SL_MASK_SMOOTHSTEP,
    SL_MASK_HARDSIGMOID,
    SL_MASK_STE,
    SL_MASK_COUNT
} SlMaskKind;

/* Returns "hard", "logistic", "smoothstep", "hardsigmoid" or "ste". */
const char *sl_mask_name(SlMaskKind kind);

/* Parses a family name; returns 1 and sets *out on success, 0 for an unknown name. */
int sl_mask_parse(const char *name, SlMaskKind *out);

/* Whether the family lets a gradient flow back to t (every family but hard). */
int sl_mask_has_path(SlMaskKind kind);

/* Whether the family's result depends on k (logistic, ste) or on w (smoothstep, hardsigmoid). */
int sl_mask_uses_k(SlMaskKind kind);
int sl_mask_uses_width(SlMaskKind kind);

/* Half-width of the band around t where the family's slope is at least 1% of its
 * peak: w/2 for smoothstep and hardsigmoid (outside it the slope is exactly 0),
 * about 5.99/k for logistic and ste (their slope never quite reaches 0), 0 for hard. */
float sl_mask_band(SlMaskKind kind, float k, float w);

/* Stable float32 logistic: never overflows, never NaN for finite x; exactly 1.0
 * from x >= 16.6355324 as float32 rounding dictates. */
float sl_sigmoidf(float x);

/* Forward m(d) for the family with steepness k (> 0) and width w (> 0). */
float sl_mask_value(SlMaskKind kind, float d, float k, float w);

/* Backward dm/dd given d and the forward output m (the sigmoid's backward is
 * m*(1-m) from its output, as PyTorch computes it). Returns 0 for hard, whose
 * caller must treat it as "no path" rather than as zero. */
float sl_mask_slope(SlMaskKind kind, float d, float m, float k, float w);

/* The gradient that reaches d from an upstream gradient g: g times the slope, except
 * that smoothstep and hardsigmoid divide by w last, as torch does (so a tiny w gives
 * torch's large finite gradient, not inf). What the tape and the fused kernel use. */
float sl_mask_grad(SlMaskKind kind, float g, float d, float m, float k, float w);

#endif
