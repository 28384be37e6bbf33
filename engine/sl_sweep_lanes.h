/* sl_sweep_lanes.h — the body of one SIMD width of the sweep kernel, included once per
 * width by sl_sweep_simd.c with SLV_W (lanes), SLV(name) (a suffixed name), SLV_ATTR
 * (the function attributes naming the target), SLV_ALL(m) (every lane of mask m set),
 * SLV_ANY(m) (some lane set), SLV_SET1(v) (the target's broadcast of a float),
 * SLV_POW2(p, fn) (p 2^fn for an integral fn where the result is normal: exact, so any
 * way of forming it gives the same bits) and SLV_GATHER(base, idx) (base[idx[l]] in
 * lane l).
 * Each lane repeats, operation for operation, sl__expf, sl__sigmoid, sl__mask_value,
 * sl__mask_grad and fused() of sl_task.c: the same float32 operations in the same order,
 * the same eight accumulators per block and the same cascade of blocks (sl_tape_internal.h). Where every
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

/* v in every lane, a broadcast (not 0 + v, which costs an addition and makes -0 +0). */
SLV_FN VF SLV(splat)(float v) { return (VF)SLV_SET1(v); }
SLV_FN VF SLV(sel)(VI m, VF a, VF b) { return (VF)(((VI)a & m) | ((VI)b & ~m)); } /* m ? a : b */

/* The part of sl__expf both versions below share: x = n ln 2 + r, and p = e^r by
 * sl__expf's polynomial, in its order of operations (so the same bits). */
SLV_FN VF SLV(exp_reduced)(VF x, VI *n)
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
    *n = __builtin_convertvector(fn, VI);
    return p * r * r + r + 1.0f;
}

/* sl__expf, lane by lane. */
SLV_FN VF SLV(expf)(VF x)
{
    const VF hi = SLV(splat)(SL_EXPF_MAX), lo = SLV(splat)(-104.0f);
    VF xc = SLV(sel)(x > hi, hi, x);
    xc = SLV(sel)(xc < lo, lo, xc);
    VI n;
    VF p = SLV(exp_reduced)(xc, &n);
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
    VI n;
    VF p = SLV(exp_reduced)(x, &n);
    return p * (VF)((VU)(n + 127) << 23);
}

/* max(x, -87), NaN kept: below -87 exp(x) is under 2^-125 and 1 + exp(x) rounds to 1
 * either way, so 1 / (1 + exp(x)) is exactly 1 as it is unclamped; clamped, exp never
 * returns a subnormal, whose arithmetic costs the CPU a microcode assist. */
SLV_FN VF SLV(floor87)(VF x) { return SLV(sel)(x < -87.0f, SLV(splat)(-87.0f), x); }

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
/* One position's squared error and gradient term added to its accumulators
 * (l = i & 7): fused()'s operations after the mask, with m and the upstream gradient's
 * factor slope given (sl__mask_grad's g * slope, for the families that multiply). */
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

/* One position computed in full, every lane: sl__mask_value, then sl__mask_grad on the
 * upstream gradient (gscale (2 r)) x; in_range: exp's argument is in [-87, 88] in every
 * lane (and, for the logistic, no lane is below -88.72). */
SLV_FN void SLV(middle)(const SlMaskKind kind, const int in_range, int i, const float *x, float target, VF t, VF k,
                        VF w, VF *la, VF *ga, VF *ha, VF vg)
{
    const VF zero = {0}, one = SLV(splat)(1.0f), two = SLV(splat)(2.0f);
    const float posf = (float)i;
    const VF xi = SLV(splat)(x[i]), ys = SLV(splat)(posf < target ? x[i] : 0.0f);
    const VF d = t - posf;
    switch (kind) {
    case SL_MASK_LOGISTIC: {
        VF z = k * d, m;
        if (in_range) m = one / (one + SLV(expf_in_range)(-z));
        else m = SLV(sel)(z < -SL_EXPF_MAX, zero, one / (one + SLV(expf)(SLV(floor87)(-z))));
        SLV_ACCUMULATE(m, k * (m * (one - m)));
        break;
    }
    case SL_MASK_STE: {
        VF z = k * d, s;
        if (in_range) s = one / (one + SLV(expf_in_range)(-z));
        else s = SLV(sel)(z < -SL_EXPF_MAX, zero, one / (one + SLV(expf)(SLV(floor87)(-z))));
        SLV_ACCUMULATE(SLV(sel)(d > 0.0f, one, zero), k * (s * (one - s)));
        break;
    }
    case SL_MASK_SMOOTHSTEP:
    case SL_MASK_HARDSIGMOID: {
        VF u = SLV(clamp01)(d / w + 0.5f);
        VF m = kind == SL_MASK_SMOOTHSTEP ? u * u * (3.0f - 2.0f * u) : u;
        VF raw = d / w + 0.5f;
        VF r = xi * m - ys;
        la[i & 7] += r * r;
        VF g = (vg * (two * r)) * xi;
        VF gt = kind == SL_MASK_SMOOTHSTEP ? (g * (6.0f * raw * (1.0f - raw))) / w : g / w;
        ga[i & 7] += SLV(sel)((raw >= 0.0f) & (raw <= 1.0f), gt, zero);
        break;
    }
    case SL_MASK_HARD:
    case SL_MASK_COUNT:
    default:
        SLV_ACCUMULATE(SLV(sel)(d > 0.0f, one, zero), zero);
        break;
    }
    SLV_ACCUMULATE_HARD(SLV(sel)(d > 0.0f, one, zero));
}

/* sl__sum_push and sl__sum_total of sl_tape_internal.h, lane by lane: the cascade that
 * combines the blocks' sums, equal-sized partial sums merging, earlier on the left. */
typedef struct SLV(Sum) {
    VF level[48];
    unsigned long long blocks;
} SLV(Sum);

SLV_FN void SLV(sum_push)(SLV(Sum) *s, VF block)
{
    unsigned long long c = s->blocks;
    int k = 0;
    while (c & 1u) {
        block = s->level[k] + block;
        c >>= 1;
        k++;
    }
    s->level[k] = block;
    s->blocks++;
}

SLV_FN VF SLV(sum_total)(const SLV(Sum) *s)
{
    VF r = {0};
    int have = 0;
    for (int k = 0; k < 48 && (s->blocks >> k) != 0; k++) /* no partial sums above the highest bit */
        if (s->blocks >> k & 1u) {
            r = have ? s->level[k] + r : s->level[k];
            have = 1;
        }
    return r;
}

/* sl__sum_flush: the eight accumulators as one block, combined in sl__lanes_sum's order. */
SLV_FN void SLV(sum_flush)(SLV(Sum) *s, VF *acc)
{
    SLV(sum_push)(s, ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])));
    for (int l = 0; l < 8; l++) acc[l] = (VF){0};
}

/* fused() for one family (a constant after inlining) over all lanes, block by block of
 * SL_SUM_BLOCK positions. Positions where every lane is saturated take the exact m and
 * gradient factor (1 or +0, and +0) the full computation gives there; the rest are
 * computed in full. */
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
    SLV(Sum) lsum, gsum, hsum;
    lsum.blocks = gsum.blocks = hsum.blocks = 0;
    const int a = SLV(edge)(kind, t, k, w, 0, n, SLV_SAT_HI);
    const int b = SLV(edge)(kind, t, k, w, a, n, SLV_SAT_LO);
    int ca = b, cb = b; /* [ca, cb): exp's argument in range in every lane */
    if (kind == SL_MASK_LOGISTIC || kind == SL_MASK_STE) {
        ca = SLV(edge)(kind, t, k, w, a, b, SLV_EXP_OK);
        cb = SLV(edge)(kind, t, k, w, ca, b, SLV_EXP_END);
    }
    for (int base = 0; base < n; base += SL_SUM_BLOCK) {
        const int end = n - base < SL_SUM_BLOCK ? n : base + SL_SUM_BLOCK;
        int i = base;
        for (; i < end && i < a; i++) {
            const VF xi = SLV(splat)(x[i]), ys = SLV(splat)((float)i < target ? x[i] : 0.0f);
            SLV_ACCUMULATE(one, zero);
            SLV_ACCUMULATE_HARD(one);
        }
        for (; i < end && i < ca; i++) SLV(middle)(kind, 0, i, x, target, t, k, w, la, ga, ha, vg);
        for (; i < end && i < cb; i++) SLV(middle)(kind, 1, i, x, target, t, k, w, la, ga, ha, vg);
        for (; i < end && i < b; i++) SLV(middle)(kind, 0, i, x, target, t, k, w, la, ga, ha, vg);
        for (; i < end; i++) {
            const VF xi = SLV(splat)(x[i]), ys = SLV(splat)((float)i < target ? x[i] : 0.0f);
            SLV_ACCUMULATE(zero, zero);
            SLV_ACCUMULATE_HARD(zero);
        }
        SLV(sum_flush)(&lsum, la);
        SLV(sum_flush)(&gsum, ga);
        SLV(sum_flush)(&hsum, ha);
    }
    const VF vn = SLV(splat)((float)n);
    VF loss = SLV(sum_total)(&lsum) / vn;
    VF grad = SLV(sum_total)(&gsum);
    VF hard = SLV(sum_total)(&hsum) / vn;
    memcpy(loss_out, &loss, sizeof loss);
    memcpy(grad_out, &grad, sizeof grad);
    memcpy(hard_out, &hard, sizeof hard);
}

#undef SLV_ACCUMULATE
#undef SLV_ACCUMULATE_HARD

/* ---- the logistic on a tame signal (SlSweepSignal.tame) ----
 * The same numbers as run(), with less work. Per accumulator slot the terms are added
 * in position order as in run(), leaving out only terms that are exactly +-0: the slots
 * start at +0 and can never become -0 (a sum is -0 only when both terms are), so adding
 * +-0 changes no bit. Where every lane is saturated the gradient term is g * 0 (g finite
 * for a tame signal) and the squared error is sq_hi or sq_lo; from t* on, past zcut, both
 * are +0 (sl__sweep_signal_prepare). The slots live in registers: each block's terms go to
 * a buffer and are summed eight positions at a time. Float32 products that may be
 * subnormal, and the division where m may be, are formed in double and rounded once to
 * float32: the same result (a double holds the exact product; a quotient rounded twice
 * is the quotient rounded once, as 53 >= 2 * 24 + 2), without the CPU's slow path (a
 * microcode assist, about ten times a product's cost) for subnormal operands and results
 * that the far tail of the logistic meets. Which products take double only decides the
 * speed, never the bits; the z thresholds that decide it are worked out once per sweep
 * (sl__sweep_signal_prepare, SlSweepSignal.tiny), by the binary exponent of the lanes'
 * smallest k. Every position is computed SLV_Q at a time, stage by stage (the CPU gets
 * independent chains), by one of three routines:
 *   quad(light = 0): exp's argument in range in every lane, no product that small;
 *   quad(light = 1): from t* on, every lane's z >= light: only r^2 and g k m (1 - m)
 *     may be that small and go through double;
 *   quad_full: the rest (exp's argument out of range in some lane, or z lower still),
 *     with the clamps, and each product in double where some lane of the group needs it. */

#define VD SLV(vd)
typedef double VD __attribute__((vector_size(8 * SLV_W)));

SLV_FN VF SLV(fmul)(VF a, VF b)
{
    return __builtin_convertvector(__builtin_convertvector(a, VD) * __builtin_convertvector(b, VD), VF);
}

SLV_FN VF SLV(fdiv)(VF a, VF b)
{
    return __builtin_convertvector(__builtin_convertvector(a, VD) / __builtin_convertvector(b, VD), VF);
}

/* The first i in [lo, hi) where a monotone property of positions stops holding
 * (prefix) or starts holding (suffix), hi if none; HOLDS is an expression of i. est is
 * a guess (any float, NaN too): the guess and its neighbour are tried first, and a binary
 * search finds the edge when the guess was off, so the result never depends on it. */
#define SLV_EDGE(res, lo_, hi_, est_, HOLDS, prefix)                                  \
    do {                                                                              \
        int lo__ = (lo_), hi__ = (hi_);                                               \
        const float est__ = (est_);                                                   \
        if (lo__ < hi__) {                                                            \
            int i = !(est__ >= (float)lo__) ? lo__ : (!(est__ < (float)hi__) ? hi__ - 1 : (int)est__); \
            int p__ = (prefix) ? !(HOLDS) : (HOLDS); /* past the edge at i */         \
            if (p__) {                                                                \
                hi__ = i;                                                             \
                if (i > lo__) {                                                       \
                    i--;                                                              \
                    p__ = (prefix) ? !(HOLDS) : (HOLDS);                              \
                    if (!p__) lo__ = i + 1;                                           \
                    else hi__ = i;                                                    \
                }                                                                     \
            } else {                                                                  \
                lo__ = i + 1;                                                         \
                if (i + 1 < hi__) {                                                   \
                    i++;                                                              \
                    p__ = (prefix) ? !(HOLDS) : (HOLDS);                              \
                    if (p__) hi__ = i;                                                \
                    else lo__ = i + 1;                                                \
                }                                                                     \
            }                                                                         \
            while (lo__ < hi__) {                                                     \
                i = lo__ + (hi__ - lo__) / 2;                                         \
                p__ = (prefix) ? !(HOLDS) : (HOLDS);                                  \
                if (p__) hi__ = i;                                                    \
                else lo__ = i + 1;                                                    \
            }                                                                         \
        }                                                                             \
        (res) = lo__;                                                                 \
    } while (0)

/* The smallest and the largest lane: halving, each step one shuffle (lane l + h to
 * lane l) and one comparison. (Only for the edges' guesses: which lane a NaN or a
 * signed zero picks changes nothing.) */
#if SLV_W == 16
#define SLV_DOWN(v, h)                                                                                             \
    ((h) == 8   ? __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)              \
     : (h) == 4 ? __builtin_shufflevector(v, v, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3)              \
     : (h) == 2 ? __builtin_shufflevector(v, v, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1)              \
                : __builtin_shufflevector(v, v, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0))
#elif SLV_W == 8
#define SLV_DOWN(v, h)                                                                                             \
    ((h) == 4   ? __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3)                                              \
     : (h) == 2 ? __builtin_shufflevector(v, v, 2, 3, 4, 5, 6, 7, 0, 1)                                              \
                : __builtin_shufflevector(v, v, 1, 2, 3, 4, 5, 6, 7, 0))
#else
#define SLV_DOWN(v, h) ((h) == 2 ? __builtin_shufflevector(v, v, 2, 3, 0, 1) : __builtin_shufflevector(v, v, 1, 2, 3, 0))
#endif
SLV_FN VF SLV(down)(VF v, int h) { return SLV_DOWN(v, h); }
#undef SLV_DOWN

SLV_FN float SLV(lane_min)(VF v)
{
#pragma GCC unroll 4
    for (int h = SLV_W / 2; h >= 1; h /= 2) {
        const VF u = SLV(down)(v, h);
        v = SLV(sel)(u < v, u, v);
    }
    return v[0];
}

SLV_FN float SLV(lane_max)(VF v)
{
#pragma GCC unroll 4
    for (int h = SLV_W / 2; h >= 1; h /= 2) {
        const VF u = SLV(down)(v, h);
        v = SLV(sel)(u > v, u, v);
    }
    return v[0];
}

/* cnt (1 .. SLV_Q) in-range positions at once (i .. i + cnt - 1, every lane's exp
 * argument in [-87, 88]): for each, exactly the operations of run_logistic's in-range
 * position, written stage by stage across the positions so that the CPU has SLV_Q
 * independent chains at hand (one position's chain — range reduction, polynomial,
 * division — is long, and the loop is bound by its latency). With cnt < SLV_Q the last
 * position is computed again in the spare chains (the same numbers, so no new kind of
 * operand) and not stored. light: the squared error and the gradient term are formed in
 * double, rounded once to float32 (fmul: the same bits), for the positions from t* on
 * where those two, and only those, may be subnormal (see run_logistic); otherwise no
 * product may be that small. */
#define SLV_Q 4
SLV_FN void SLV(quad)(const int light, int i, int cnt, int base, const float *x, int at, VF t, VF k, VF vg, VF *lb,
                      VF *gb)
{
    const VF one = SLV(splat)(1.0f), two = SLV(splat)(2.0f), magic = SLV(splat)(12582912.0f), nk = -k;
    VF xi[SLV_Q], ys[SLV_Q], z[SLV_Q], fn[SLV_Q], r[SLV_Q], p[SLV_Q];
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) {
        const int ij = i + (j < cnt ? j : cnt - 1);
        xi[j] = SLV(splat)(x[ij]);
        ys[j] = SLV(splat)(ij < at ? x[ij] : 0.0f);
        z[j] = nk * (t - (float)ij); /* -(k d), also for d = +-0: no lane's z is NaN here */
    }
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) fn[j] = (z[j] * 1.44269504f + magic) - magic;
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) r[j] = z[j] - fn[j] * 0.693359375f;
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) r[j] = r[j] + fn[j] * 2.12194440e-4f;
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) p[j] = SLV(splat)(1.9875691500e-4f) * r[j] + 1.3981999507e-3f;
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) p[j] = p[j] * r[j] + 8.3334519073e-3f;
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) p[j] = p[j] * r[j] + 4.1665795894e-2f;
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) p[j] = p[j] * r[j] + 1.6666665459e-1f;
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) p[j] = p[j] * r[j] + 5.0000001201e-1f;
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) {
        VF e = SLV_POW2(p[j] * r[j] * r[j] + r[j] + 1.0f, fn[j]);
        p[j] = one / (one + e); /* m */
    }
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) {
        if (j >= cnt) break;
        const VF m = p[j], rr = xi[j] * m - ys[j], g = (vg * (two * rr)) * xi[j], slope = k * (m * (one - m));
        lb[i + j - base] = light ? SLV(fmul)(rr, rr) : rr * rr;
        gb[i + j - base] = light ? SLV(fmul)(g, slope) : g * slope;
    }
}

/* cnt (1 .. SLV_Q) positions at once, any of them (exp's argument maybe out of range,
 * products maybe below 2^-126): sl__expf with its clamps, then fused()'s operations,
 * stage by stage across the positions as in quad(). Which products go through double
 * (fmul, fdiv: the same bits) is decided for the group as a whole, product by product,
 * from the smallest z among the lanes whose m is not exactly 0 (m = 0 makes every
 * product 0): the thresholds th[3..6] of sl__sweep_signal_prepare. Only the speed
 * depends on it. */
SLV_FN void SLV(quad_full)(int i, int cnt, int base, const float *x, int at, VF t, VF k, VF vg, const float *th,
                           VF *lb, VF *gb)
{
    const VF zero = {0}, one = SLV(splat)(1.0f), two = SLV(splat)(2.0f), big = SLV(splat)(INFINITY);
    VF xi[SLV_Q], ys[SLV_Q], z[SLV_Q], s[SLV_Q], m[SLV_Q], r[SLV_Q], g[SLV_Q], slope[SLV_Q], lq[SLV_Q];
    VF zb = big, za = big; /* the smallest z of a lane whose m is not 0, before t* and from t* on */
    int ddiv = 0;
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) {
        const int ij = i + (j < cnt ? j : cnt - 1);
        xi[j] = SLV(splat)(x[ij]);
        ys[j] = SLV(splat)(ij < at ? x[ij] : 0.0f);
        z[j] = k * (t - (float)ij);
    }
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) {
        const int ij = i + (j < cnt ? j : cnt - 1);
        const VF ze = SLV(sel)(z[j] >= -SL_EXPF_MAX, z[j], big); /* m = 0 exactly (or NaN): no small product */
        if (ij < at) zb = SLV(sel)(ze < zb, ze, zb);
        else za = SLV(sel)(ze < za, ze, za);
        ddiv |= SLV_ANY((z[j] < -87.0f) & (z[j] >= -SL_EXPF_MAX));
    }
    const float zbm = SLV(lane_min)(zb), zam = SLV(lane_min)(za);
    const int deep = (zbm < zam ? zbm : zam) < th[3], after = zam < th[4], tiny = zbm < th[5] || zam < th[6];
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) s[j] = one + SLV(expf)(SLV(floor87)(-z[j]));
    if (ddiv) {
#pragma GCC unroll 4
        for (int j = 0; j < SLV_Q; j++) m[j] = SLV(sel)(z[j] < -SL_EXPF_MAX, zero, SLV(fdiv)(one, s[j]));
    } else {
#pragma GCC unroll 4
        for (int j = 0; j < SLV_Q; j++) m[j] = SLV(sel)(z[j] < -SL_EXPF_MAX, zero, one / s[j]);
    }
    if (deep) {
#pragma GCC unroll 4
        for (int j = 0; j < SLV_Q; j++) {
            r[j] = SLV(fmul)(xi[j], m[j]) - ys[j];
            slope[j] = SLV(fmul)(k, SLV(fmul)(m[j], one - m[j]));
        }
    } else {
#pragma GCC unroll 4
        for (int j = 0; j < SLV_Q; j++) {
            r[j] = xi[j] * m[j] - ys[j];
            slope[j] = k * (m[j] * (one - m[j]));
        }
    }
    if (after) {
#pragma GCC unroll 4
        for (int j = 0; j < SLV_Q; j++) {
            lq[j] = SLV(fmul)(r[j], r[j]);
            g[j] = SLV(fmul)(SLV(fmul)(vg, r[j] + r[j]), xi[j]);
        }
    } else {
#pragma GCC unroll 4
        for (int j = 0; j < SLV_Q; j++) {
            lq[j] = r[j] * r[j];
            g[j] = (vg * (two * r[j])) * xi[j];
        }
    }
    if (tiny) {
#pragma GCC unroll 4
        for (int j = 0; j < SLV_Q; j++) g[j] = SLV(fmul)(g[j], slope[j]);
    } else {
#pragma GCC unroll 4
        for (int j = 0; j < SLV_Q; j++) g[j] = g[j] * slope[j];
    }
#pragma GCC unroll 4
    for (int j = 0; j < SLV_Q; j++) {
        if (j >= cnt) break;
        lb[i + j - base] = lq[j];
        gb[i + j - base] = g[j];
    }
}

/* base[idx[l]] in lane l: SLV_GATHER where the target has no gather instruction. */
SLV_FN VF SLV(gather)(const float *base, VI idx)
{
    VF r;
    for (int l = 0; l < SLV_W; l++) r[l] = base[idx[l]];
    return r;
}

/* The ragged ends of the eight-position groups that buf's positions [lo, hi) of the
 * block at base touch, set to +0 before the positions are written (unconditional stores:
 * no branch per position). */
SLV_FN void SLV(block_clear)(VF *buf, int base, int lo, int hi)
{
    if (lo >= hi) return;
    const int g0 = (lo - base) & ~7, gl = ((hi - base + 7) & ~7) - 8;
    for (int j = 0; j < 8; j++) buf[g0 + j] = buf[gl + j] = (VF){0};
}

/* The eight-slot sum of buf's positions [lo, hi) of the block at base (every other
 * position adds +0: block_clear set the groups' other positions to +0), as sum_flush
 * combines it. */
SLV_FN VF SLV(block_sum)(VF *buf, int base, int lo, int hi)
{
    const VF zero = {0};
    if (lo >= hi) return zero;
    const int g0 = (lo - base) & ~7, g1 = (hi - base + 7) & ~7;
    VF acc[8];
    for (int l = 0; l < 8; l++) acc[l] = zero;
    for (int g = g0; g < g1; g += 8) {
#pragma GCC unroll 8
        for (int l = 0; l < 8; l++) acc[l] += buf[g + l];
    }
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

SLV_FN void SLV(run_logistic)(const SlSweepSignal *sig, const float *tp, const float *kp, float *loss_out,
                              float *grad_out, float *hard_out)
{
    VF t, k;
    memcpy(&t, tp, sizeof t);
    memcpy(&k, kp, sizeof k);
    const VF zero = {0}, one = SLV(splat)(1.0f);
    const int n = sig->n, at = sig->first_at;
    const float *x = sig->x, *sq_hi = sig->sq_hi, *sq_lo = sig->sq_lo;
    const float zcut = sig->zcut;
    const VF vg = SLV(splat)(1.0f / (float)n);
    /* [a, be): the positions computed; before a every lane is 1, from be on 0 or +0.
     * Each edge is searched from where the lanes' t and 1/k put it (see SLV_EDGE). */
    const VF ik = one / k;
    /* Where products may get subnormal (which only decides the speed): the thresholds
     * of sl__sweep_signal_prepare for the lanes' smallest k's binary exponent. */
    float tiny_a, tiny_b, light;
    const float *th;
    {
        const float kmin = SLV(lane_min)(k);
        uint32_t kb;
        memcpy(&kb, &kmin, sizeof kb);
        th = sig->tiny[kb >> 23 & 255u];
        tiny_a = th[0];
        tiny_b = th[1];
        light = th[2];
    }
#define SLV_Z(i) (k * (t - (float)(i)))
    int a, b, be, ca, cb, hp, hq;
    SLV_EDGE(a, 0, n, SLV(lane_min)(t - 17.0f * ik) + 1.0f, SLV_ALL(SLV_Z(i) >= 17.0f), 1);
    SLV_EDGE(b, a, n, SLV(lane_max)(t + SL_EXPF_MAX * ik) + 1.0f, SLV_ALL(SLV_Z(i) < -SL_EXPF_MAX), 0);
    be = b;
    if ((a > at ? a : at) < b) {
        const VF reach = t - zcut * ik;
        SLV_EDGE(be, a > at ? a : at, b, SLV(lane_max)(SLV(sel)(reach > t + 1.0f, reach, t + 1.0f)) + 1.0f,
                 SLV_ALL((SLV_Z(i) < zcut) & ((t - (float)i) <= -1.0f)), 0);
    }
    SLV_EDGE(ca, a, be, SLV(lane_max)(t - 87.0f * ik) + 1.0f, SLV_ALL(SLV_Z(i) <= 87.0f), 0);
    SLV_EDGE(cb, ca, be, SLV(lane_min)(t + 88.0f * ik) + 1.0f, SLV_ANY(SLV_Z(i) < -88.0f), 0);
    /* the hard mask: 1 in every lane before hp, 0 in every lane from hq on (with a
     * hard_at table, looked up instead: no position to sum) */
    const float *hard_at = sig->hard_at;
    hp = hq = 0;
    if (!hard_at) {
        SLV_EDGE(hp, 0, n, SLV(lane_min)(t) + 1.0f, SLV_ALL(t - (float)i > 0.0f), 1);
        SLV_EDGE(hq, hp, n, SLV(lane_max)(t) + 1.0f, SLV_ALL(~(t - (float)i > 0.0f)), 0);
    }
#undef SLV_Z
    SLV(Sum) lsum, gsum, hsum;
    lsum.blocks = gsum.blocks = hsum.blocks = 0;
    VF lb[SL_SUM_BLOCK], gb[SL_SUM_BLOCK], hb[SL_SUM_BLOCK];
    for (int base = 0; base < n; base += SL_SUM_BLOCK) {
        const int end = n - base < SL_SUM_BLOCK ? n : base + SL_SUM_BLOCK;
        const int c0 = a > base ? a : base, c1 = be < end ? be : end;
        const int l0 = base > (a < at ? a : at) ? base : (a < at ? a : at);
        const int l1 = end < (be > at ? be : at) ? end : (be > at ? be : at);
        const int h0 = hard_at ? 0 : (base > (hp < at ? hp : at) ? base : (hp < at ? hp : at));
        const int h1 = hard_at ? 0 : (end < (hq > at ? hq : at) ? end : (hq > at ? hq : at));
        SLV(block_clear)(lb, base, l0, l1);
        SLV(block_clear)(gb, base, c0, c1);
        SLV(block_clear)(hb, base, h0, h1);
        for (int i = c0; i < c1;) {
            if (i >= ca && i < cb) {
                int cnt = SLV_Q < cb - i ? SLV_Q : cb - i;
                cnt = cnt < c1 - i ? cnt : c1 - i;
                int j = i + cnt - 1; /* small products are a suffix property: none at j, none before */
                if (SLV_ANY(k * (t - (float)j) < (j < at ? tiny_b : tiny_a))) {
                    j = i; /* the first position with one: compute those before it as usual */
                    while (!SLV_ANY(k * (t - (float)j) < (j < at ? tiny_b : tiny_a))) j++;
                    if (j > i) {
                        SLV(quad)(0, i, j - i, base, x, at, t, k, vg, lb, gb);
                        i = j;
                        continue;
                    }
                    if (i >= at && SLV_ALL(k * (t - (float)(i + cnt - 1)) >= light)) {
                        SLV(quad)(1, i, cnt, base, x, at, t, k, vg, lb, gb);
                        i += cnt;
                        continue;
                    }
                } else {
                    SLV(quad)(0, i, cnt, base, x, at, t, k, vg, lb, gb);
                    i += cnt;
                    continue;
                }
            }
            /* the rest: before ca, from cb on, or small products in [ca, cb) */
            int cnt = SLV_Q < c1 - i ? SLV_Q : c1 - i;
            if (i < ca && ca - i < cnt) cnt = ca - i;
            SLV(quad_full)(i, cnt, base, x, at, t, k, vg, th, lb, gb);
            i += cnt;
        }
        for (int i = l0; i < l1 && i < a; i++) lb[i - base] = SLV(splat)(sq_hi[i]);
        for (int i = l0 > be ? l0 : be; i < l1; i++) lb[i - base] = SLV(splat)(sq_lo[i]);
        for (int i = h0; i < h1; i++)
            hb[i - base] = SLV(sel)(t - (float)i > 0.0f, SLV(splat)(sq_hi[i]), SLV(splat)(sq_lo[i]));
        SLV(sum_push)(&lsum, SLV(block_sum)(lb, base, l0, l1));
        SLV(sum_push)(&gsum, SLV(block_sum)(gb, base, c0, c1));
        if (!hard_at) SLV(sum_push)(&hsum, SLV(block_sum)(hb, base, h0, h1));
    }
    const VF vn = SLV(splat)((float)n);
    VF loss = SLV(sum_total)(&lsum) / vn;
    VF grad = SLV(sum_total)(&gsum);
    memcpy(loss_out, &loss, sizeof loss);
    memcpy(grad_out, &grad, sizeof grad);
    if (hard_at) {
        /* lane l's mask is 1 on the positions below its t: c = ceil(t) of them, within
         * 0 .. n (a NaN t: 0), c = (int)tc + ((float)(int)tc < tc) with tc = t held to
         * [0, n] */
        const VF nf = SLV(splat)((float)n);
        VF tc = SLV(sel)(t > zero, t, zero);
        tc = SLV(sel)(tc >= nf, nf, tc);
        VI c = __builtin_convertvector(tc, VI);
        c -= __builtin_convertvector(c, VF) < tc; /* a true comparison is -1 */
        const VF h = SLV_GATHER(hard_at, c);
        memcpy(hard_out, &h, sizeof h);
    } else {
        VF hard = SLV(sum_total)(&hsum) / vn;
        memcpy(hard_out, &hard, sizeof hard);
    }
}

#undef SLV_EDGE
#undef SLV_Q
#undef VD

static SLV_ATTR void SLV(eval)(SlMaskKind kind, const SlSweepSignal *sig, const float *t, const float *k,
                               const float *w, float *loss, float *grad, float *hard)
{
    const int n = sig->n;
    const float *x = sig->x, target = sig->target;
    switch (kind) {
    case SL_MASK_LOGISTIC:
        if (sig->tame) SLV(run_logistic)(sig, t, k, loss, grad, hard);
        else SLV(run)(SL_MASK_LOGISTIC, n, x, target, t, k, w, loss, grad, hard);
        break;
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
