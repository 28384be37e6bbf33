/* sl_sweep_simd.c — the sweep kernel at 16, 8 and 4 lanes (AVX-512, AVX2, SSE2), one
 * body (sl_sweep_lanes.h) compiled per target, chosen at run time by what the CPU
 * reports. test_sweep holds every width to the single-cell trainer bit for bit. */
#include "sl_sweep_simd.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "sl_fastmath.h"
#include "sl_tape_internal.h" /* SL_SUM_BLOCK */

/* The hard mask's loss when it is 1 on positions 0 .. c-1 and 0 from c on — what the
 * kernel sums lane by lane, position by position, for a t with c positions below it:
 * the term sq_hi[i] (mask 1) or sq_lo[i] (mask 0) of every position in the cascade of
 * sl_tape_internal.h (the kernel leaves out terms that are +0, which changes no bit:
 * the squares are never -0), divided by n. */
static float hard_sum(const float *sq_hi, const float *sq_lo, int n, int c)
{
    SlSum s;
    sl__sum_init(&s);
    float acc[8] = {0};
    for (int i = 0; i < n; i++) {
        acc[i & 7] += i < c ? sq_hi[i] : sq_lo[i];
        if ((i + 1) % SL_SUM_BLOCK == 0) sl__sum_flush(&s, acc);
    }
    if (n % SL_SUM_BLOCK != 0) sl__sum_flush(&s, acc);
    return sl__sum_total(&s) / (float)n;
}

/* Where the logistic kernel's products may get subnormal (which only decides the speed:
 * the kernel forms those in double, see sl_sweep_lanes.h). m is about e^z there, so from
 * t* on (r = x m) r^2 and g k m (1 - m), about x^2 e^2z and (2/n) x^2 k e^2z, are the
 * smallest; before t* (r about -x) m, x m, k m and (2/n) x^2 k m. With lx = ln min |x|,
 * l2n = ln (2/n), lk <= ln min k (from k's binary exponent) and lf = ln 2^-126, a lane is
 * safe while every such product's log stays above lf; one unit of z to spare. Below
 * th[0] (tiny_a, from t* on) or th[1] (tiny_b, before t*) in some lane a position needs
 * double; th[1] <= th[0], so "some lane below its threshold" holds on a suffix of
 * positions. From t* on, m, x m, k m (1 - m), (2/n) x m and (2/n) x^2 m stay normal
 * while z >= th[2] (light): between light and tiny_a only r^2 and g k m (1 - m) can be
 * subnormal. light is at least -86: exp's argument in range, m normal. */
static void sweep_thresholds(float lx, float l2n, float lk, float *th)
{
    const float lf = -87.3365f;
    const float sq = l2n + lk < 0.0f ? l2n + lk : 0.0f;
    float a1 = (lf - 2.0f * lx - sq) * 0.5f, b1 = lf - lx;
    b1 = lf - lk > b1 ? lf - lk : b1;
    b1 = lf - (l2n + 2.0f * lx + lk) > b1 ? lf - (l2n + 2.0f * lx + lk) : b1;
    b1 = lf > b1 ? lf : b1;
    th[1] = b1 + 1.0f;
    a1 = lf - (l2n + 2.0f * lx) > a1 ? lf - (l2n + 2.0f * lx) : a1;
    a1 = lf - (l2n + lx) > a1 ? lf - (l2n + lx) : a1;
    th[0] = a1 + 1.0f > th[1] ? a1 + 1.0f : th[1];
    float l1 = lf - lx;
    l1 = lf - lk > l1 ? lf - lk : l1;
    l1 = lf - (l2n + lx) > l1 ? lf - (l2n + lx) : l1;
    l1 = lf - (l2n + 2.0f * lx) > l1 ? lf - (l2n + 2.0f * lx) : l1;
    th[2] = l1 + 1.0f > -86.0f ? l1 + 1.0f : -86.0f;
    /* quad_full's finer choice, product by product, from the smallest z of the group's
     * lanes whose m is not exactly 0: th[3], m, x m, m (1 - m) and k m (1 - m); th[4], from t*
     * on, r^2 and g = (2/n) x^2 m; th[5] and th[6], g k m (1 - m) before t* (g about
     * (2/n) x^2) and from t* on (its operands too). */
    th[3] = fmaxf(fmaxf(lf - lx, lf - lk), lf) + 1.0f;
    th[4] = fmaxf(fmaxf(0.5f * lf - lx, lf - l2n - lx), lf - l2n - 2.0f * lx) + 1.0f;
    th[5] = fmaxf(lf - l2n - 2.0f * lx - lk, lf - lk) + 1.0f;
    th[6] = fmaxf(fmaxf(0.5f * (lf - l2n - 2.0f * lx - lk), lf - lk), fmaxf(lf - l2n - 2.0f * lx, lf - l2n - lx)) + 1.0f;
    th[7] = 0.0f;
}

void sl__sweep_signal_prepare(SlSweepSignal *sig, const float *x, int n, float target, float *sq_hi, float *sq_lo,
                              float *hard_at)
{
    float big = 0.0f, small = INFINITY;
    int tame = 1;
    sig->first_at = n;
    for (int i = n - 1; i >= 0; i--) {
        const int below = (float)i < target;
        const float sq = x[i] * x[i];
        sq_hi[i] = below ? 0.0f : sq;
        sq_lo[i] = below ? sq : 0.0f;
        if (!below) sig->first_at = i;
        tame &= isfinite(x[i]) && fabsf(x[i]) <= 4294967296.0f;
        if (fabsf(x[i]) > big) big = fabsf(x[i]);
        if (x[i] != 0.0f && fabsf(x[i]) < small) small = fabsf(x[i]);
    }
    sig->x = x;
    sig->sq_hi = sq_hi;
    sig->sq_lo = sq_lo;
    sig->n = n;
    sig->target = target;
    sig->tame = tame;
    /* From t* on (y* = 0) a lane adds r^2 with r = x m, and g k m (1 - m) with
     * |g| <= |x r|. With d <= -1, k <= 1.0001 |z|; the logistic's m <= 1.001 e^z
     * (test_sweep checks every float z below -40), so both terms are below
     * 1.01 |z| X^2 e^(2z) with X = max |x|: at z < -60 - ln X that is under 1e-50, far
     * under half the smallest subnormal (2^-150 = 7e-46), and rounds to +0. */
    sig->zcut = tame ? (float)(-60.0 - log(big > 1.0f ? (double)big : 1.0)) : -INFINITY;
    const float lx = tame && small < INFINITY ? (float)log((double)small) : 0.0f, l2n = (float)log(2.0 / (double)n);
    for (int e = 0; e < 256; e++) sweep_thresholds(lx, l2n, (float)(e - 127) * 0.6931472f, sig->tiny[e]);
    sig->hard_at = NULL;
    if (tame && hard_at && n <= SL_SWEEP_HARD_TABLE_N) {
        for (int c = 0; c <= n; c++) hard_at[c] = hard_sum(sq_hi, sq_lo, n, c);
        sig->hard_at = hard_at;
    }
}

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) && defined(__SSE2__)
#include <immintrin.h>

/* The position properties sl_sweep_lanes.h searches for (see there). */
enum { SLV_SAT_HI, SLV_SAT_LO, SLV_EXP_OK, SLV_EXP_END };

#define SLV_W 4
#define SLV(name) sl__sweep_##name##_sse2
#define SLV_ATTR __attribute__((target("sse2")))
#define SLV_ALL(m) (_mm_movemask_ps((__m128)(m)) == 0xF)
#define SLV_ANY(m) (_mm_movemask_ps((__m128)(m)) != 0)
#define SLV_SET1(v) _mm_set1_ps(v)
#define SLV_POW2(p, fn) ((p) * (VF)((VU)(__builtin_convertvector(fn, VI) + 127) << 23))
#define SLV_GATHER(base, idx) SLV(gather)(base, idx)
#include "sl_sweep_lanes.h"
#undef SLV_W
#undef SLV
#undef SLV_ATTR
#undef SLV_ALL
#undef SLV_ANY
#undef SLV_SET1
#undef SLV_POW2
#undef SLV_GATHER

#define SLV_W 8
#define SLV(name) sl__sweep_##name##_avx2
#define SLV_ATTR __attribute__((target("avx2")))
#define SLV_ALL(m) (_mm256_movemask_ps((__m256)(m)) == 0xFF)
#define SLV_ANY(m) (_mm256_movemask_ps((__m256)(m)) != 0)
#define SLV_SET1(v) _mm256_set1_ps(v)
#define SLV_POW2(p, fn) ((p) * (VF)((VU)(__builtin_convertvector(fn, VI) + 127) << 23))
#define SLV_GATHER(base, idx) ((VF)_mm256_i32gather_ps(base, (__m256i)(idx), 4))
#include "sl_sweep_lanes.h"
#undef SLV_W
#undef SLV
#undef SLV_ATTR
#undef SLV_ALL
#undef SLV_ANY
#undef SLV_SET1
#undef SLV_POW2
#undef SLV_GATHER

/* _mm512_i32gather_ps; unoptimised it is a macro that hands its all-ones mask to the
 * builtin as a signed value, which -Wsign-conversion reports at the caller. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"
__attribute__((target("avx512f"))) static inline __m512 gather_avx512(const float *base, __m512i idx)
{
    return _mm512_i32gather_ps(idx, base, 4);
}
#pragma GCC diagnostic pop

#define SLV_W 16
#define SLV(name) sl__sweep_##name##_avx512
#define SLV_ATTR __attribute__((target("avx512f")))
#define SLV_ALL(m) (_mm512_test_epi32_mask((__m512i)(m), (__m512i)(m)) == 0xFFFF)
#define SLV_ANY(m) (_mm512_test_epi32_mask((__m512i)(m), (__m512i)(m)) != 0)
#define SLV_SET1(v) _mm512_set1_ps(v)
#define SLV_POW2(p, fn) ((VF)_mm512_scalef_ps((__m512)(p), (__m512)(fn)))
#define SLV_GATHER(base, idx) ((VF)gather_avx512(base, (__m512i)(idx)))
#include "sl_sweep_lanes.h"
#undef SLV_W
#undef SLV
#undef SLV_ATTR
#undef SLV_ALL
#undef SLV_ANY
#undef SLV_SET1
#undef SLV_POW2
#undef SLV_GATHER

int sl__sweep_kernel(int lanes, SlSweepKernel *out)
{
    __builtin_cpu_init();
    if ((lanes == 0 || lanes == 16) && __builtin_cpu_supports("avx512f")) {
        SlSweepKernel k = {"avx512", 16, sl__sweep_eval_avx512};
        *out = k;
        return 1;
    }
    if ((lanes == 0 || lanes == 8) && __builtin_cpu_supports("avx2")) {
        SlSweepKernel k = {"avx2", 8, sl__sweep_eval_avx2};
        *out = k;
        return 1;
    }
    if (lanes == 0 || lanes == 4) {
        SlSweepKernel k = {"sse2", 4, sl__sweep_eval_sse2};
        *out = k;
        return 1;
    }
    return 0;
}

#else

int sl__sweep_kernel(int lanes, SlSweepKernel *out)
{
    (void)lanes;
    (void)out;
    return 0;  /* no SIMD kernel for this target: the sweep trains cell by cell */
}

#endif
