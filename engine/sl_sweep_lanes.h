/* sl_sweep_lanes.h — the body of one SIMD width of the sweep kernel, included once per
 * width by sl_sweep_simd.c with SLV_W (lanes), SLV(name) (a suffixed name), SLV_ATTR
 * (the function attributes naming the target) and SLV_ALL(m) (every lane of mask m set).
 * Each lane repeats, operation for operation, sl__expf, sl__sigmoid, sl__mask_value,
 * sl__mask_slope and fused() of sl_task.c: the same float32 operations in the same order,
 * the same eight accumulators per sum combined in sl__lanes_sum's order. Where every
 * lane's mask is saturated, as fused() skips exp, the exact values the full computation
 * gives there are used instead. GNU vector extensions: element-wise IEEE arithmetic, no
 * contraction (-ffp-contract=off). */

#define VF SLV(vf)
#define VI SLV(vi)
#define VU SLV(vu)
typedef float VF __attribute__((vector_size(4 * SLV_W)));
typedef int32_t VI __attribute__((vector_size(4 * SLV_W)));
typedef uint32_t VU __attribute__((vector_size(4 * SLV_W)));

#define SLV_FN static inline SLV_ATTR __attribute__((always_inline))

SLV_FN VF SLV(splat)(float v) { return (VF){0} + v; }
SLV_FN VF SLV(sel)(VI m, VF a, VF b) { return (VF)(((VI)a & m) | ((VI)b & ~m)); } /* m ? a : b */

/* sl__expf, lane by lane. */
SLV_FN VF SLV(expf)(VF x)
{
    const VF hi = SLV(splat)(SL_EXPF_MAX), lo = SLV(splat)(-104.0f), magic = SLV(splat)(12582912.0f);
    VF xc = SLV(sel)(x > hi, hi, x);
    xc = SLV(sel)(xc < lo, lo, xc);
    VF fn = (xc * 1.44269504f + magic) - magic;
    VF r = xc - fn * 0.693359375f;
    r = r + fn * 2.12194440e-4f;
    VF p = SLV(splat)(1.9875691500e-4f);
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    VI n = __builtin_convertvector(fn, VI);
    VI n1 = (n + (VI)((VU)n >> 31)) >> 1; /* n / 2, toward 0 */
    VI n2 = n - n1;
    VF s1 = (VF)((VU)(n1 + 127) << 23);
    VF s2 = (VF)((VU)(n2 + 127) << 23);
    VF y = (p * s1) * s2;
    y = SLV(sel)(x > hi, SLV(splat)(INFINITY), y);
    return SLV(sel)(x != x, x, y);
}

/* sl__expf where every lane's x lies in [-87, 88]: the clamps and the inf and NaN
 * selections change nothing there, and 2^n (-126 <= n <= 127) is one normal scale, so
 * (p 2^n1) 2^n2 = p 2^n exactly (multiplying by a power of two is exact for normal results). */
SLV_FN VF SLV(expf_in_range)(VF x)
{
    const VF magic = SLV(splat)(12582912.0f);
    VF fn = (x * 1.44269504f + magic) - magic;
    VF r = x - fn * 0.693359375f;
    r = r + fn * 2.12194440e-4f;
    VF p = SLV(splat)(1.9875691500e-4f);
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    VI n = __builtin_convertvector(fn, VI);
    return p * (VF)((VU)(n + 127) << 23);
}

SLV_FN VF SLV(clamp01)(VF u)
{
    const VF zero = {0}, one = SLV(splat)(1.0f);
    return SLV(sel)(u < zero, zero, SLV(sel)(u > one, one, u));
}

/* Position properties that hold on a prefix or a suffix of positions, since t - i,
 * k (t - i) and (t - i)/w are monotone in i under float32 rounding (k, w > 0):
 * SAT_HI (prefix): every lane's mask is exactly 1 and its slope exactly +0 — the
 *   sigmoid saturated (z >= 17), or the ramp past the band's top (> 1);
 * SAT_LO (suffix): every lane's mask and slope are exactly +0 (z < -88.72, ramp < 0);
 * EXP_OK (suffix): every lane's z <= 87, so exp(-z) >= exp(-87) is normal;
 * EXP_END (suffix): some lane's z < -88, past which exp(-z) may need its clamps.
 * A NaN t makes every comparison false: no position is saturated or in range.
 * (The names are defined once in sl_sweep_simd.c.) */

SLV_FN int SLV(holds)(const SlMaskKind kind, VF t, VF k, VF w, int i, int prop)
{
    const VF d = t - (float)i;
    if (kind == SL_MASK_LOGISTIC || kind == SL_MASK_STE) {
        const VF z = k * d;
        switch (prop) {
        case SLV_SAT_HI: return SLV_ALL(z >= 17.0f);
        case SLV_SAT_LO: return SLV_ALL(z < -SL_EXPF_MAX);
        case SLV_EXP_OK: return SLV_ALL(z <= 87.0f);
        default: return SLV_ANY(z < -88.0f);
        }
    }
    if (kind == SL_MASK_SMOOTHSTEP || kind == SL_MASK_HARDSIGMOID) {
        const VF raw = d / w + 0.5f;
        if (prop == SLV_SAT_HI) return SLV_ALL(raw > 1.0f);
        if (prop == SLV_SAT_LO) return SLV_ALL(raw < 0.0f);
    }
    return 0;
}

/* For a prefix property, the first position in [lo, hi] where it fails; for a suffix
 * property, the first where it holds: a binary search over a monotone predicate. */
SLV_FN int SLV(edge)(const SlMaskKind kind, VF t, VF k, VF w, int lo, int hi, int prop)
{
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int h = SLV(holds)(kind, t, k, w, mid, prop);
        if (prop == SLV_SAT_HI ? h : !h) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* One position's squared error and gradient term added to its accumulators (l = i & 7),
 * with m and slope given: fused()'s operations after the mask. */
#define SLV_ACCUMULATE(m, slope)                                  \
    do {                                                          \
        VF r_ = xi * (m) - ys;                                    \
        la[i & 7] += r_ * r_;                                     \
        ga[i & 7] += ((vg * (two * r_)) * xi) * (slope);          \
    } while (0)

/* The hard mask's term (sl_task_hard_loss's fused pass): where every lane is saturated
 * it equals the soft one, m being exactly 1 or 0 there as the hard mask is. */
#define SLV_ACCUMULATE_HARD(mh)                                   \
    do {                                                          \
        VF rh_ = xi * (mh) - ys;                                  \
        ha[i & 7] += rh_ * rh_;                                   \
    } while (0)

/* One position computed in full, every lane; in_range: exp's argument is in
 * [-87, 88] in every lane (and, for the logistic, no lane is below -88.72). */
SLV_FN void SLV(middle)(const SlMaskKind kind, const int in_range, int i, const float *x, float target, VF t, VF k,
                        VF w, VF *la, VF *ga, VF *ha, VF vg)
{
    const VF zero = {0}, one = SLV(splat)(1.0f), two = SLV(splat)(2.0f);
    const float posf = (float)i;
    const VF xi = SLV(splat)(x[i]), ys = SLV(splat)(posf < target ? x[i] : 0.0f);
    const VF d = t - posf;
    VF m, slope;
    switch (kind) {
    case SL_MASK_LOGISTIC: {
        VF z = k * d;
        if (in_range) {
            m = one / (one + SLV(expf_in_range)(-z));
        } else {
            m = SLV(sel)(z < -SL_EXPF_MAX, zero, one / (one + SLV(expf)(-z)));
        }
        slope = k * (m * (one - m));
        break;
    }
    case SL_MASK_STE: {
        m = SLV(sel)(d > 0.0f, one, zero);
        VF z = k * d, s;
        if (in_range) {
            s = one / (one + SLV(expf_in_range)(-z));
        } else {
            s = SLV(sel)(z < -SL_EXPF_MAX, zero, one / (one + SLV(expf)(-z)));
        }
        slope = k * (s * (one - s));
        break;
    }
    case SL_MASK_SMOOTHSTEP: {
        VF u = SLV(clamp01)(d / w + 0.5f);
        m = u * u * (3.0f - 2.0f * u);
        VF raw = d / w + 0.5f;
        VF inside = 6.0f * raw * (1.0f - raw) / w;
        slope = SLV(sel)((raw >= 0.0f) & (raw <= 1.0f), inside, zero);
        break;
    }
    case SL_MASK_HARDSIGMOID: {
        m = SLV(clamp01)(d / w + 0.5f);
        VF raw = d / w + 0.5f;
        slope = SLV(sel)((raw >= 0.0f) & (raw <= 1.0f), one / w, zero);
        break;
    }
    case SL_MASK_HARD:
    case SL_MASK_COUNT:
    default:
        m = SLV(sel)(d > 0.0f, one, zero);
        slope = zero;
        break;
    }
    SLV_ACCUMULATE(m, slope);
    SLV_ACCUMULATE_HARD(SLV(sel)(d > 0.0f, one, zero));
}

/* fused() for one family (a constant after inlining) over all lanes. Positions where
 * every lane is saturated take the exact m and slope (1 or +0, and +0) the full
 * computation gives there; the rest are computed in full. */
SLV_FN void SLV(run)(const SlMaskKind kind, int n, const float *x, float target, const float *tp, const float *kp,
                     const float *wp, float *loss_out, float *grad_out, float *hard_out)
{
    VF t, k, w;
    memcpy(&t, tp, sizeof t);
    memcpy(&k, kp, sizeof k);
    memcpy(&w, wp, sizeof w);
    const VF zero = {0}, one = SLV(splat)(1.0f), two = SLV(splat)(2.0f);
    const VF vg = SLV(splat)(1.0f / (float)n);
    VF la[8], ga[8], ha[8];
    for (int l = 0; l < 8; l++) la[l] = ga[l] = ha[l] = zero;
    const int a = SLV(edge)(kind, t, k, w, 0, n, SLV_SAT_HI);
    const int b = SLV(edge)(kind, t, k, w, a, n, SLV_SAT_LO);
    int ca = b, cb = b; /* [ca, cb): exp's argument in range in every lane */
    if (kind == SL_MASK_LOGISTIC || kind == SL_MASK_STE) {
        ca = SLV(edge)(kind, t, k, w, a, b, SLV_EXP_OK);
        cb = SLV(edge)(kind, t, k, w, ca, b, SLV_EXP_END);
    }
    int i = 0;
    for (; i < a; i++) {
        const VF xi = SLV(splat)(x[i]), ys = SLV(splat)((float)i < target ? x[i] : 0.0f);
        SLV_ACCUMULATE(one, zero);
        SLV_ACCUMULATE_HARD(one);
    }
    for (; i < ca; i++) SLV(middle)(kind, 0, i, x, target, t, k, w, la, ga, ha, vg);
    for (; i < cb; i++) SLV(middle)(kind, 1, i, x, target, t, k, w, la, ga, ha, vg);
    for (; i < b; i++) SLV(middle)(kind, 0, i, x, target, t, k, w, la, ga, ha, vg);
    for (; i < n; i++) {
        const VF xi = SLV(splat)(x[i]), ys = SLV(splat)((float)i < target ? x[i] : 0.0f);
        SLV_ACCUMULATE(zero, zero);
        SLV_ACCUMULATE_HARD(zero);
    }
    const VF vn = SLV(splat)((float)n);
    VF loss = (((la[0] + la[1]) + (la[2] + la[3])) + ((la[4] + la[5]) + (la[6] + la[7]))) / vn;
    VF grad = ((ga[0] + ga[1]) + (ga[2] + ga[3])) + ((ga[4] + ga[5]) + (ga[6] + ga[7]));
    VF hard = (((ha[0] + ha[1]) + (ha[2] + ha[3])) + ((ha[4] + ha[5]) + (ha[6] + ha[7]))) / vn;
    memcpy(loss_out, &loss, sizeof loss);
    memcpy(grad_out, &grad, sizeof grad);
    memcpy(hard_out, &hard, sizeof hard);
}

#undef SLV_ACCUMULATE
#undef SLV_ACCUMULATE_HARD

static SLV_ATTR void SLV(eval)(SlMaskKind kind, int n, const float *x, float target, const float *t, const float *k,
                               const float *w, float *loss, float *grad, float *hard)
{
    switch (kind) {
    case SL_MASK_LOGISTIC: SLV(run)(SL_MASK_LOGISTIC, n, x, target, t, k, w, loss, grad, hard); break;
    case SL_MASK_STE: SLV(run)(SL_MASK_STE, n, x, target, t, k, w, loss, grad, hard); break;
    case SL_MASK_SMOOTHSTEP: SLV(run)(SL_MASK_SMOOTHSTEP, n, x, target, t, k, w, loss, grad, hard); break;
    case SL_MASK_HARDSIGMOID: SLV(run)(SL_MASK_HARDSIGMOID, n, x, target, t, k, w, loss, grad, hard); break;
    case SL_MASK_HARD: case SL_MASK_COUNT: default: SLV(run)(SL_MASK_HARD, n, x, target, t, k, w, loss, grad, hard); break;
    }
}

#undef SLV_FN
#undef VF
#undef VI
#undef VU
