/* sl_task.c — the learnable-step task: validation, signals, the tape build and the
 * fused kernel. The fused kernel repeats the tape's float32 operations in the same
 * order (the cascaded sums of sl_tape_internal.h), so the two agree bit for bit. */
#include "sl_task.h"

#include "sl_gradcheck.h"
#include "sl_landscape.h"
#include "sl_mask_kernel.h"
#include "sl_tape_internal.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void sl_task_config_default(SlTaskConfig *cfg)
{
    cfg->mask = SL_MASK_LOGISTIC;
    cfg->n = 64;
    cfg->t = 10.0f;
    cfg->target = 40.5f;
    cfg->k = 1.0f;
    cfg->width = 4.0f;
    cfg->signal = SL_SIGNAL_ONES;
    cfg->seed = 1;
}

SlStatus sl_task_validate(const SlTaskConfig *cfg, char *err, size_t err_len)
{
    if ((unsigned)cfg->mask >= SL_MASK_COUNT) {
        snprintf(err, err_len, "unknown mask family %d", (int)cfg->mask);
        return SL_ERR_ARG;
    }
    if (cfg->n < SL_TASK_N_MIN || cfg->n > SL_TASK_N_MAX) {
        snprintf(err, err_len, "n must be an integer from %d to %d, got %d", SL_TASK_N_MIN, SL_TASK_N_MAX, cfg->n);
        return SL_ERR_ARG;
    }
    if (!isfinite(cfg->t)) {
        snprintf(err, err_len, "t must be a finite number, got %g", (double)cfg->t);
        return SL_ERR_ARG;
    }
    if (!isfinite(cfg->target)) {
        snprintf(err, err_len, "target must be a finite number, got %g", (double)cfg->target);
        return SL_ERR_ARG;
    }
    if (!(isfinite(cfg->k) && cfg->k > 0.0f)) {
        snprintf(err, err_len, "k must be a finite number > 0, got %g", (double)cfg->k);
        return SL_ERR_ARG;
    }
    if (!(isfinite(cfg->width) && cfg->width > 0.0f)) {
        snprintf(err, err_len, "width must be a finite number > 0, got %g", (double)cfg->width);
        return SL_ERR_ARG;
    }
    if ((unsigned)cfg->signal >= SL_SIGNAL_COUNT) {
        snprintf(err, err_len, "unknown signal %d", (int)cfg->signal);
        return SL_ERR_ARG;
    }
    return SL_OK;
}

static const char *const signal_names[SL_SIGNAL_COUNT] = {"ones", "ramp", "sine", "noise"};

const char *sl_signal_name(SlSignalKind kind)
{
    return (unsigned)kind < SL_SIGNAL_COUNT ? signal_names[kind] : "?";
}

int sl_signal_parse(const char *name, SlSignalKind *out)
{
    for (int i = 0; i < SL_SIGNAL_COUNT; i++)
        if (name && strcmp(name, signal_names[i]) == 0) {
            *out = (SlSignalKind)i;
            return 1;
        }
    return 0;
}

void sl_signal_fill(SlSignalKind kind, uint32_t seed, int n, float *x)
{
    uint32_t s = seed * 2654435761u + 0x9e3779b9u;
    for (int i = 0; i < n; i++) {
        switch (kind) {
        case SL_SIGNAL_RAMP: x[i] = (float)(i + 1) / (float)n; break;
        case SL_SIGNAL_SINE: x[i] = 1.0f + 0.5f * sinf(6.28318531f * (float)i / 16.0f); break;
        case SL_SIGNAL_NOISE:
            s ^= s << 13; s ^= s >> 17; s ^= s << 5;  /* xorshift32: same numbers on every machine */
            x[i] = 0.5f + (float)(s >> 8) / 16777216.0f;
            break;
        case SL_SIGNAL_ONES: case SL_SIGNAL_COUNT: default: x[i] = 1.0f; break;
        }
    }
}

SlNode sl_task_build(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, SlNode *t_node)
{
    return sl_task_build_window(tape, cfg, x, t, 0, cfg->n, t_node);
}

SlNode sl_task_build_window(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, int lo, int len,
                            SlNode *t_node)
{
    if (t_node) *t_node = SL_NIL;
    if (lo < 0 || len < 1 || lo > cfg->n - len)
        return sl__fail(tape, SL_ERR_ARG, "positions %d .. %d are outside the task's 0 .. %d", lo, lo + len - 1,
                        cfg->n - 1);
    SlNode pos = sl_arange(tape, len);
    if (pos != SL_NIL && lo > 0) {
        float *v = sl_value_mut(tape, pos);
        for (int i = 0; i < len; i++) v[i] = (float)(lo + i);
    }
    SlNode tn = sl_param(tape, 1, 1, &t);
    SlNode d = sl_sub(tape, tn, pos);
    SlNode m = sl_mask_op(tape, cfg->mask, d, cfg->k, cfg->width);
    SlNode xs = sl_const(tape, 1, len, x + lo);
    SlNode y = sl_mul(tape, xs, m);
    SlNode ystar = sl_const(tape, 1, len, NULL);
    if (ystar != SL_NIL) {
        float *ys = sl_value_mut(tape, ystar);
        for (int i = 0; i < len; i++) ys[i] = (float)(lo + i) < cfg->target ? x[lo + i] : 0.0f;
    }
    SlNode r = sl_sub(tape, y, ystar);
    SlNode sq = sl_square(tape, r);
    SlNode loss = sl_mean(tape, sq);
    sl_tape_label(tape, pos, "i");
    sl_tape_label(tape, tn, "t");
    sl_tape_label(tape, d, "t - i");
    sl_tape_label(tape, m, "m");
    sl_tape_label(tape, xs, "x");
    sl_tape_label(tape, y, "y");
    sl_tape_label(tape, ystar, "y*");
    sl_tape_label(tape, r, "y - y*");
    sl_tape_label(tape, sq, "(y - y*)^2");
    sl_tape_label(tape, loss, "L");
    if (t_node) *t_node = tn;
    return loss;
}

SlStatus sl_task_eval(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, SlTaskEval *out)
{
    assert(tape && cfg && x && out);
    sl_tape_reset(tape);
    SlNode tn = SL_NIL;
    SlNode loss = sl_task_build(tape, cfg, x, t, &tn);
    if (loss == SL_NIL) return sl_tape_status(tape);
    SlStatus st = sl_tape_backward(tape, loss);
    if (st != SL_OK) return st;
    const float *g = sl_grad(tape, tn);
    out->loss = sl_value(tape, loss)[0];
    out->state = sl_grad_state(tape, tn);
    out->grad = g ? g[0] : 0.0f;
    return SL_OK;
}

#define SL_CHUNK SL_SUM_BLOCK /* elements per map pass: one block of the cascaded sums */

#if defined(__SSE2__)
#include <emmintrin.h>

static inline __m128 sel(__m128 mask, __m128 a, __m128 b) /* mask ? a : b */
{
    return _mm_or_ps(_mm_and_ps(mask, a), _mm_andnot_ps(mask, b));
}

/* sl__expf, four at a time: the same float32 operations in the same order. */
static inline __m128 expf4(__m128 x)
{
    const __m128 hi = _mm_set1_ps(SL_EXPF_MAX), lo = _mm_set1_ps(-104.0f), magic = _mm_set1_ps(12582912.0f);
    __m128 xc = sel(_mm_cmpgt_ps(x, hi), hi, x);
    xc = sel(_mm_cmplt_ps(xc, lo), lo, xc);
    __m128 fn = _mm_sub_ps(_mm_add_ps(_mm_mul_ps(xc, _mm_set1_ps(1.44269504f)), magic), magic);
    __m128 r = _mm_sub_ps(xc, _mm_mul_ps(fn, _mm_set1_ps(0.693359375f)));
    r = _mm_add_ps(r, _mm_mul_ps(fn, _mm_set1_ps(2.12194440e-4f)));
    __m128 p = _mm_set1_ps(1.9875691500e-4f);
    p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(1.3981999507e-3f));
    p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(8.3334519073e-3f));
    p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(4.1665795894e-2f));
    p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(1.6666665459e-1f));
    p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(5.0000001201e-1f));
    p = _mm_add_ps(_mm_add_ps(_mm_mul_ps(_mm_mul_ps(p, r), r), r), _mm_set1_ps(1.0f));
    __m128i n = _mm_cvttps_epi32(fn);
    __m128i n1 = _mm_srai_epi32(_mm_add_epi32(n, _mm_srli_epi32(n, 31)), 1); /* n / 2, toward 0 */
    __m128i n2 = _mm_sub_epi32(n, n1);
    __m128i bias = _mm_set1_epi32(127);
    __m128 s1 = _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(n1, bias), 23));
    __m128 s2 = _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(n2, bias), 23));
    __m128 y = _mm_mul_ps(_mm_mul_ps(p, s1), s2);
    y = sel(_mm_cmpgt_ps(x, hi), _mm_set1_ps(INFINITY), y);
    return sel(_mm_cmpunord_ps(x, x), x, y);
}

/* The logistic map pass of fused(), four elements at a time; returns how many it did
 * (a multiple of 4), leaving the tail to the scalar loop. Bit-equal to the scalar code. */
static int logistic_map4(int base, int len, const float *xb, float t, float k, float target, float gscale,
                         float *sq, float *gt)
{
    const __m128 vt = _mm_set1_ps(t), vk = _mm_set1_ps(k), vtarget = _mm_set1_ps(target);
    const __m128 one = _mm_set1_ps(1.0f), two = _mm_set1_ps(2.0f), vg = _mm_set1_ps(gscale);
    const __m128 neg_hi = _mm_set1_ps(-SL_EXPF_MAX), zero = _mm_setzero_ps(), sat = _mm_set1_ps(17.0f);
    int j = 0;
    for (; j + 4 <= len; j += 4) {
        __m128 pos = _mm_cvtepi32_ps(_mm_add_epi32(_mm_set1_epi32(base + j), _mm_set_epi32(3, 2, 1, 0)));
        __m128 xi = _mm_loadu_ps(xb + j);
        __m128 d = _mm_sub_ps(vt, pos);
        __m128 z = _mm_mul_ps(vk, d);
        /* Far from the edge sigma is exactly 0 (z < -88.72) or exactly 1 (z >= 17, as
         * float32 rounding gives from 16.6355324): skip exp when all four lanes are. */
        __m128 far_lo = _mm_cmplt_ps(z, neg_hi);
        __m128 m;
        if (_mm_movemask_ps(far_lo) == 0xF) {
            m = zero;
        } else if (_mm_movemask_ps(_mm_cmpge_ps(z, sat)) == 0xF) {
            m = one;
        } else {
            __m128 e = expf4(_mm_sub_ps(zero, z));
            m = sel(far_lo, zero, _mm_div_ps(one, _mm_add_ps(one, e)));
        }
        __m128 ys = _mm_and_ps(_mm_cmplt_ps(pos, vtarget), xi);
        __m128 r = _mm_sub_ps(_mm_mul_ps(xi, m), ys);
        _mm_storeu_ps(sq + j, _mm_mul_ps(r, r));
        __m128 slope = _mm_mul_ps(vk, _mm_mul_ps(m, _mm_sub_ps(one, m)));
        _mm_storeu_ps(gt + j, _mm_mul_ps(_mm_mul_ps(_mm_mul_ps(vg, _mm_mul_ps(two, r)), xi), slope));
    }
    return j;
}

/* A chunk where every mask is m (0 or 1): the squared errors, four at a time, the
 * scalar loop's operations (r = x m - y*). Returns how many it did (a multiple of 4). */
static int flat_map4(int base, int len, const float *xb, float m, float target, float *sq)
{
    const __m128 vm = _mm_set1_ps(m), vtarget = _mm_set1_ps(target);
    int j = 0;
    for (; j + 4 <= len; j += 4) {
        __m128 pos = _mm_cvtepi32_ps(_mm_add_epi32(_mm_set1_epi32(base + j), _mm_set_epi32(3, 2, 1, 0)));
        __m128 xi = _mm_loadu_ps(xb + j);
        __m128 r = _mm_sub_ps(_mm_mul_ps(xi, vm), _mm_and_ps(_mm_cmplt_ps(pos, vtarget), xi));
        _mm_storeu_ps(sq + j, _mm_mul_ps(r, r));
    }
    return j;
}
#endif

/* Element j of v goes to lane j % 8, in order: the tape's eight-lane sums. */
static SL_ALWAYS_INLINE void sum_lanes(float acc[8], const float *v, int len)
{
    int j = 0;
    for (; j + 8 <= len; j += 8)
        for (int l = 0; l < 8; l++) acc[l] += v[j + l];
    for (; j < len; j++) acc[j & 7] += v[j];
}

/* One fused pass for one family (kind is a constant after inlining, so each family
 * gets its own loop). A map pass writes each element's squared error and gradient
 * term into small buffers (a plain element-wise loop the compiler vectorises), then
 * eight lanes sum them in the order the tape's reductions use. */
static SL_ALWAYS_INLINE SlTaskEval fused(SlMaskKind kind, const SlTaskConfig *cfg, const float *x, float t,
                                         float *hard_loss)
{
    const int n = cfg->n;
    const float k = cfg->k, w = cfg->width, target = cfg->target, gscale = 1.0f / (float)n;
    float lacc[8] = {0}, gacc[8] = {0}, hacc[8] = {0};
    SlSum lsum, gsum, hsum;
    sl__sum_init(&lsum);
    sl__sum_init(&gsum);
    sl__sum_init(&hsum);
    float sq[SL_CHUNK], gt[SL_CHUNK], hsq[SL_CHUNK];
    /* Outside the band around t every mask is exactly 1 (below lo) or exactly 0 (from hi
     * on) with slope exactly 0 (sl_landscape_band, held to that by a brute-force test):
     * a chunk there needs only r = x_i m - y*_i. Its gradient terms are all +-0 when
     * every squared error is finite (|g| <= r^2 there), and eight lanes of +-0 summed
     * from +0 are +0, so leaving them out changes no bit; a non-finite one takes the
     * full path. Only for a finite t and steepness or width (the band's arithmetic). */
    int lo = 0, hi = n;
    const int plain = kind == SL_MASK_LOGISTIC || kind == SL_MASK_STE ? isfinite(k) && k > 0.0f
                      : kind == SL_MASK_HARD                          ? 1
                                                                      : isfinite(w) && w > 0.0f;
    if (isfinite(t) && plain) sl_landscape_band(cfg, t, &lo, &hi);
    for (int base = 0; base < n; base += SL_CHUNK) {
        const int len = n - base < SL_CHUNK ? n - base : SL_CHUNK;
        const float *xb = x + base;
        int j = 0, flat = 0, same_hard = 0;
        if (base + len <= lo || base >= hi) {
            const float m = base + len <= lo ? 1.0f : 0.0f;
#if defined(__SSE2__)
            j = flat_map4(base, len, xb, m, target, sq);
#endif
            for (; j < len; j++) {
                float pos = (float)(base + j), xi = xb[j];
                float r = xi * m - (pos < target ? xi : 0.0f);
                sq[j] = r * r;
            }
            sum_lanes(lacc, sq, len);
            flat = 1; /* finite lanes: every squared error was finite */
            for (int l = 0; l < 8; l++) flat &= lacc[l] <= FLT_MAX;
            if (!flat)
                for (int l = 0; l < 8; l++) lacc[l] = 0.0f;
            else /* the hard mask is this m on the whole chunk too: its squared errors are these */
                same_hard = m == 1.0f ? t > (float)(base + len - 1) : t <= (float)base;
        }
        if (!flat) {
            j = 0;
#if defined(__SSE2__)
            if (kind == SL_MASK_LOGISTIC) j = logistic_map4(base, len, xb, t, k, target, gscale, sq, gt);
#endif
            for (; j < len; j++) {
                float pos = (float)(base + j), xi = xb[j];
                float d = t - pos;
                float m = sl__mask_value(kind, d, k, w);
                float r = xi * m - (pos < target ? xi : 0.0f);
                sq[j] = r * r;
                gt[j] = sl__mask_grad(kind, (gscale * (2.0f * r)) * xi, d, m, k, w);
            }
            sum_lanes(lacc, sq, len);
            sum_lanes(gacc, gt, len);
        }
        if (hard_loss) {
            /* The hard family's squared errors while the chunk is in cache: its loss
             * without a second pass over x, bit-equal to fused(SL_MASK_HARD, ...). */
            if (same_hard) {
                memcpy(hacc, lacc, sizeof hacc);
            } else {
                for (j = 0; j < len; j++) {
                    float pos = (float)(base + j), xi = xb[j];
                    float r = xi * sl__mask_value(SL_MASK_HARD, t - pos, k, w) - (pos < target ? xi : 0.0f);
                    hsq[j] = r * r;
                }
                sum_lanes(hacc, hsq, len);
            }
            sl__sum_flush(&hsum, hacc);
        }
        sl__sum_flush(&lsum, lacc); /* one block per chunk: the tape's cascade */
        sl__sum_flush(&gsum, gacc);
    }
    SlTaskEval e;
    e.loss = sl__sum_total(&lsum) / (float)n;
    if (hard_loss) *hard_loss = sl__sum_total(&hsum) / (float)n;
    e.grad = kind == SL_MASK_HARD ? 0.0f : sl__sum_total(&gsum);
    e.state = kind == SL_MASK_HARD ? SL_GRAD_NONE : sl_grad_state_of(1, e.grad);
    return e;
}

SlTaskEval sl_task_eval_fast(const SlTaskConfig *cfg, const float *x, float t)
{
    assert(cfg && x && (unsigned)cfg->mask < SL_MASK_COUNT);
    switch (cfg->mask) {
    case SL_MASK_HARD: return fused(SL_MASK_HARD, cfg, x, t, NULL);
    case SL_MASK_LOGISTIC: return fused(SL_MASK_LOGISTIC, cfg, x, t, NULL);
    case SL_MASK_SMOOTHSTEP: return fused(SL_MASK_SMOOTHSTEP, cfg, x, t, NULL);
    case SL_MASK_HARDSIGMOID: return fused(SL_MASK_HARDSIGMOID, cfg, x, t, NULL);
    case SL_MASK_STE: return fused(SL_MASK_STE, cfg, x, t, NULL);
    case SL_MASK_COUNT: break;
    }
    SlTaskEval bad = {NAN, NAN, SL_GRAD_NAN};
    return bad;
}

SlTaskEval sl_task_eval_fast_hard(const SlTaskConfig *cfg, const float *x, float t, float *hard_loss)
{
    assert(cfg && x && hard_loss && (unsigned)cfg->mask < SL_MASK_COUNT);
    SlTaskEval e;
    switch (cfg->mask) {
    case SL_MASK_LOGISTIC: return fused(SL_MASK_LOGISTIC, cfg, x, t, hard_loss);
    case SL_MASK_SMOOTHSTEP: return fused(SL_MASK_SMOOTHSTEP, cfg, x, t, hard_loss);
    case SL_MASK_HARDSIGMOID: return fused(SL_MASK_HARDSIGMOID, cfg, x, t, hard_loss);
    case SL_MASK_HARD:
    case SL_MASK_STE:
        /* The hard forward: the loss is the hard loss, the same operations in the same order. */
        e = sl_task_eval_fast(cfg, x, t);
        *hard_loss = e.loss;
        return e;
    case SL_MASK_COUNT: break;
    }
    e = sl_task_eval_fast(cfg, x, t);
    *hard_loss = NAN;
    return e;
}

float sl_task_hard_loss(const SlTaskConfig *cfg, const float *x, float t)
{
    SlTaskConfig hard = *cfg;
    hard.mask = SL_MASK_HARD;
    return sl_task_eval_fast(&hard, x, t).loss;
}

double sl_task_gap(float loss, float hard_loss) { return (double)hard_loss - (double)loss; }

SlStatus sl_task_fd(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, float h, float *fd)
{
    sl_tape_reset(tape);
    SlNode tn = SL_NIL;
    SlNode loss = sl_task_build(tape, cfg, x, t, &tn);
    if (loss == SL_NIL) return sl_tape_status(tape);
    return sl_gradcheck(tape, loss, tn, h, fd);
}
