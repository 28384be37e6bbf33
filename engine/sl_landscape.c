/* sl_landscape.c — loss, gradient and chain rule in O(band) (see sl_landscape.h).
 * The band's margins are generous on purpose: sigma is exactly 1 from k(t - i) >=
 * 16.6355 and exactly 0 below -88.7228 (docs/task.md §6), the ramps clamp at d = +-w/2;
 * the band asks for 18 and 90 (and w/2) plus two positions and a relative slack, so
 * float32 rounding of t - i and k(t - i) can never move a position across. */
#include "sl_landscape.h"
#include "sl_gradcheck.h"

#include "sl_mask_kernel.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

SlStatus sl_landscape_init(SlLandscape *ls, const float *x, int n)
{
    assert(ls);
    ls->x = NULL;
    ls->n = 0;
    ls->block = NULL;
    if (!x || n < SL_TASK_N_MIN || n > SL_TASK_N_MAX) return SL_ERR_ARG;
    int blocks = n / SL_LAND_BLOCK + 1;
    double *b = malloc(((size_t)blocks + 1u) * sizeof *b);
    if (!b) return SL_ERR_NOMEM;
    double s = 0.0;
    b[0] = 0.0;
    for (int i = 0; i < n; i++) {
        s += (double)(x[i] * x[i]);
        if ((i + 1) % SL_LAND_BLOCK == 0) b[(i + 1) / SL_LAND_BLOCK] = s;
    }
    ls->x = x;
    ls->n = n;
    ls->block = b;
    return SL_OK;
}

void sl_landscape_deinit(SlLandscape *ls)
{
    free(ls->block);
    ls->block = NULL;
    ls->x = NULL;
    ls->n = 0;
}

/* Sum of fl(x_j^2) for j < i, 0 <= i <= n. */
static double prefix(const SlLandscape *ls, int i)
{
    int b = i / SL_LAND_BLOCK;
    double s = ls->block[b];
    for (int j = b * SL_LAND_BLOCK; j < i; j++) s += (double)(ls->x[j] * ls->x[j]);
    return s;
}

static int clamp_count(double v, int n)
{
    return v <= 0.0 ? 0 : v >= (double)n ? n : (int)v;
}

double sl_landscape_sq_sum(const SlLandscape *ls, int lo, int hi)
{
    lo = lo < 0 ? 0 : lo > ls->n ? ls->n : lo;
    hi = hi < 0 ? 0 : hi > ls->n ? ls->n : hi;
    if (hi <= lo) return 0.0;
    /* Within one block, sum directly (also exact where the prefixes would cancel). */
    if (hi - lo <= SL_LAND_BLOCK) {
        double s = 0.0;
        for (int j = lo; j < hi; j++) s += (double)(ls->x[j] * ls->x[j]);
        return s;
    }
    return prefix(ls, hi) - prefix(ls, lo);
}

/* How many positions i = 0..n-1 lie below v (i < v), for any float v. */
static int count_below(float v, int n)
{
    if (v != v) return 0;
    return clamp_count(ceil((double)v), n);
}

void sl_landscape_band(const SlTaskConfig *cfg, float t, int *lo, int *hi)
{
    int n = cfg->n;
    double below = 0.0, above = 0.0; /* reach of the band below and above t */
    switch (cfg->mask) {
    case SL_MASK_HARD:
        *lo = *hi = count_below(t, n);
        return;
    case SL_MASK_LOGISTIC:
    case SL_MASK_STE:
        below = 18.0 / (double)cfg->k;
        above = 90.0 / (double)cfg->k;
        break;
    case SL_MASK_SMOOTHSTEP:
    case SL_MASK_HARDSIGMOID:
        below = above = 0.5 * (double)cfg->width;
        break;
    case SL_MASK_COUNT:
    default:
        *lo = 0;
        *hi = n;
        return;
    }
    double td = (double)t;
    double slack = 2.0 + 1e-5 * (fabs(td) + below + above);
    *lo = clamp_count(floor(td - below - slack), n);
    *hi = clamp_count(ceil(td + above + slack) + 1.0, n);
    if (*hi < *lo) *hi = *lo;
}

/* One position's squared error and gradient term, the fused kernel's operations. */
static SL_ALWAYS_INLINE void element(SlMaskKind kind, int i, float xi, float t, float k, float w, float target,
                                    float gscale, float *sq, float *gt)
{
    float pos = (float)i;
    float d = t - pos;
    float m = sl__mask_value(kind, d, k, w);
    float r = xi * m - (pos < target ? xi : 0.0f);
    *sq = r * r;
    *gt = sl__mask_grad(kind, (gscale * (2.0f * r)) * xi, d, m, k, w);
}

static SL_ALWAYS_INLINE void band_sums(SlMaskKind kind, const SlLandscape *ls, const SlTaskConfig *cfg, float t,
                                       int lo, int hi, double *sq_sum, double *g_sum)
{
    const float k = cfg->k, w = cfg->width, target = cfg->target, gscale = 1.0f / (float)cfg->n;
    double s = 0.0, g = 0.0;
    for (int i = lo; i < hi; i++) {
        float sq, gt;
        element(kind, i, ls->x[i], t, k, w, target, gscale, &sq, &gt);
        s += (double)sq;
        g += (double)gt;
    }
    *sq_sum = s;
    *g_sum = g;
}

SlTaskEval sl_landscape_eval(const SlLandscape *ls, const SlTaskConfig *cfg, float t)
{
    SlTaskEval e = {NAN, NAN, SL_GRAD_NAN};
    if (!ls->block || cfg->n != ls->n || (unsigned)cfg->mask >= SL_MASK_COUNT) return e;
    int n = ls->n, lo, hi;
    sl_landscape_band(cfg, t, &lo, &hi);
    int below_target = count_below(cfg->target, n);
    /* Below the band m = 1: positions at or past t* are wrong by x_i. From the band's end
     * m = 0: positions before t* are wrong by x_i. */
    double total = 0.0, grad = 0.0;
    if (below_target < lo) total += sl_landscape_sq_sum(ls, below_target, lo);
    if (below_target > hi) total += sl_landscape_sq_sum(ls, hi, below_target);
    double s = 0.0, g = 0.0;
    switch (cfg->mask) {
    case SL_MASK_HARD: break;
    case SL_MASK_LOGISTIC: band_sums(SL_MASK_LOGISTIC, ls, cfg, t, lo, hi, &s, &g); break;
    case SL_MASK_SMOOTHSTEP: band_sums(SL_MASK_SMOOTHSTEP, ls, cfg, t, lo, hi, &s, &g); break;
    case SL_MASK_HARDSIGMOID: band_sums(SL_MASK_HARDSIGMOID, ls, cfg, t, lo, hi, &s, &g); break;
    case SL_MASK_STE: band_sums(SL_MASK_STE, ls, cfg, t, lo, hi, &s, &g); break;
    case SL_MASK_COUNT: break;
    }
    total += s;
    grad += g;
    /* The direct kernel divides its float sum by n in float32: so does this. */
    e.loss = (float)total / (float)n;
    if (cfg->mask == SL_MASK_HARD) {
        e.grad = 0.0f;
        e.state = SL_GRAD_NONE;
    } else {
        e.grad = (float)grad;
        e.state = sl_grad_state_of(1, e.grad);
    }
    return e;
}

float sl_landscape_fd(const SlLandscape *ls, const SlTaskConfig *cfg, float t, float h)
{
    float step = sl_fd_step(t, h), hi = t + step, lo = t - step;
    if (!(hi > lo)) return NAN; /* t not finite */
    float plus = sl_landscape_eval(ls, cfg, hi).loss, minus = sl_landscape_eval(ls, cfg, lo).loss;
    return (plus - minus) / (hi - lo);
}

float sl_landscape_hard_loss(const SlLandscape *ls, float target, float t)
{
    if (!ls->block) return NAN;
    int a = count_below(t, ls->n), b = count_below(target, ls->n);
    double s = a < b ? sl_landscape_sq_sum(ls, a, b) : sl_landscape_sq_sum(ls, b, a);
    return (float)s / (float)ls->n;
}

void sl_landscape_chain(const SlLandscape *ls, const SlTaskConfig *cfg, float t, SlChainTerms *out)
{
    out->sum = 0.0;
    out->count = ls->n;
    out->best = 0;
    out->best_dl_dm = out->best_dm_dt = 0.0f;
    out->best_term = 0.0;
    if (!ls->block || cfg->n != ls->n || (unsigned)cfg->mask >= SL_MASK_COUNT) return;
    const float k = cfg->k, w = cfg->width, target = cfg->target, gscale = 1.0f / (float)cfg->n;
    SlMaskKind kind = cfg->mask;
    /* Every term is 0 when the largest is: then the first, position 0, is shown. */
    int lo, hi;
    sl_landscape_band(cfg, t, &lo, &hi);
    double best_abs = 0.0;
    for (int i = lo; i <= hi; i++) {
        int at = i < hi ? i : 0; /* the last round looks at position 0 if nothing was larger */
        if (i == hi && best_abs > 0.0) break;
        float pos = (float)at, xi = ls->x[at];
        float d = t - pos;
        float m = sl_mask_value(kind, d, k, w);
        float r = xi * m - (pos < target ? xi : 0.0f);
        float dl_dm = (gscale * (2.0f * r)) * xi;
        float slope = sl_mask_slope(kind, d, m, k, w);
        double term = (double)dl_dm * (double)slope;
        if (i < hi) out->sum += term;
        if (fabs(term) > best_abs || i == hi) {
            best_abs = fabs(term);
            out->best = at;
            out->best_dl_dm = dl_dm;
            out->best_dm_dt = slope;
            out->best_term = term;
        }
    }
}
