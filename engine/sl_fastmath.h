/* sl_fastmath.h — the float32 exp and sigmoid every mask uses, as inline,
 * branch-free code the compiler can vectorise (no fast-math flags: IEEE inf, NaN and
 * rounding stay as they are). exp is Cephes' expf (range reduction by ln 2 in two
 * parts, degree-5 polynomial), within 1 ulp of glibc; it returns +inf above
 * 88.7228317 exactly as expf does, and subnormals and 0 far below. Internal header. */
#ifndef SL_FASTMATH_H
#define SL_FASTMATH_H

#include <math.h>
#include <stdint.h>

#define SL_EXPF_MAX 88.7228317f  /* the largest x with a finite float32 exp(x) */

static inline float sl__bits_to_float(uint32_t u)
{
    union { uint32_t u; float f; } v = {u};
    return v.f;
}

static inline float sl__expf(float x)
{
    float xc = x > SL_EXPF_MAX ? SL_EXPF_MAX : x;
    xc = xc < -104.0f ? -104.0f : xc;                       /* exp(-104) rounds to 0 */
    float fn = (xc * 1.44269504f + 12582912.0f) - 12582912.0f; /* round(x / ln 2) */
    float r = xc - fn * 0.693359375f;
    r = r + fn * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    int32_t n = (int32_t)fn;
    int32_t n1 = n / 2, n2 = n - n1;                        /* two factors keep subnormals right */
    float s1 = sl__bits_to_float((uint32_t)(n1 + 127) << 23);
    float s2 = sl__bits_to_float((uint32_t)(n2 + 127) << 23);
    float y = (p * s1) * s2;
    y = x > SL_EXPF_MAX ? INFINITY : y;
    return x != x ? x : y;
}

/* 1 / (1 + exp(-x)) as PyTorch computes it; below -88.72 exp(-x) would be inf and the
 * exact answer is 0, so it is selected without forming the inf. */
static inline float sl__sigmoid(float x)
{
    float s = 1.0f / (1.0f + sl__expf(-x));
    return x < -SL_EXPF_MAX ? 0.0f : s;
}

#endif
