/* app_readout.c — numbers read off the model for the panels (see app_readout.h). */
#include "app_readout.h"

#include "app_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int app_readout_loss_axis(const AppModel *m, double *lo, double *hi)
{
    double mx = 0.0, pos = INFINITY;
    int with_hard = m->set.anneal != SL_ANNEAL_CONSTANT;
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        if (!(m->shown >> f & 1u)) continue;
        const SlTrainer *tr = &m->tr[f];
        for (int i = 0; i <= tr->count; i++) {
            double v[2] = {(double)tr->rows[i].loss, (double)tr->rows[i].hard_loss};
            for (int j = 0; j < 1 + (with_hard && f != SL_MASK_HARD); j++) {
                if (!isfinite(v[j])) continue;
                if (v[j] > mx) mx = v[j];
                if (v[j] > 0.0 && v[j] < pos) pos = v[j];
            }
        }
    }
    if ((double)m->land_max > mx) mx = (double)m->land_max;
    if (!(mx > 0.0)) mx = 1.0;
    int log_axis = m->loss_scale == APP_LOSS_LOG || (m->loss_scale == APP_LOSS_AUTO && isfinite(pos) && mx / pos > 100.0);
    if (!log_axis) {
        *lo = 0.0;
        *hi = mx * 1.08;
        return 0;
    }
    if (!isfinite(pos) || pos >= mx) pos = mx / 100.0;
    if (pos < mx * 1e-12) pos = mx * 1e-12;
    /* The decade at or below the smallest loss: the axis, and so the whole plot and its
     * ticks, changes when a falling loss crosses a decade, not at every step. */
    *lo = pow(10.0, floor(log10(pos)));
    *hi = mx * 4.0; /* room above the top curve for the plot's label */
    return 1;
}

void app_readout_t_axis(const AppModel *m, double *lo, double *hi)
{
    double tlo = (double)app_model_t_view_lo(m), thi = (double)app_model_t_view_hi(m);
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        if (!(m->shown >> f & 1u)) continue;
        for (int i = 0; i <= m->tr[f].count; i++) {
            double t = (double)m->tr[f].rows[i].t;
            if (!isfinite(t)) continue;
            if (t < tlo) tlo = t;
            if (t > thi) thi = t;
        }
    }
    *lo = fmax(tlo, -10.0 * (double)m->set.n);
    *hi = fmin(thi, 10.0 * (double)m->set.n);
}

/* A loss to 7 decimals, trailing zeros dropped: 0.4609375, 0.484375, 0.0057053,
 * 0.0000084 as the lesson pages write them; below 5e-8 (not 0) in 3 significant digits,
 * from 1 on in 7. */
static void format_loss(float v, char *buf, size_t len)
{
    double a = fabs((double)v);
    if (!isfinite(v) || a >= 1.0 || (a > 0.0 && a < 5e-8)) {
        app_format_value((double)v, a >= 1.0 || !isfinite(v) ? 7 : 3, buf, (unsigned)len);
        return;
    }
    snprintf(buf, len, "%.7f", (double)v);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0') buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.') buf[--n] = '\0';
    if (strcmp(buf, "-0") == 0 || n == 0) snprintf(buf, len, "0");
}

void app_readout_family(const AppModel *m, int f, AppFamilyNumbers *out)
{
    const SlTrainRow *r = app_model_row(m, f);
    app_format_value((double)r->t, 6, out->t, sizeof out->t);
    format_loss(r->loss, out->loss, sizeof out->loss);
    format_loss(r->hard_loss, out->hard, sizeof out->hard);
    if (f == SL_MASK_HARD)
        snprintf(out->gap, sizeof out->gap, "\xe2\x80\x94");
    else
        app_format_value(sl_task_gap(r->loss, r->hard_loss), 4, out->gap, sizeof out->gap);
}

int app_readout_chain_rule(AppModel *m, int f, AppChainRule *out)
{
    memset(out, 0, sizeof *out);
    if (f >= 0 && f < SL_MASK_COUNT && m->tr[f].task.n > APP_FD_TAPE_MAX) {
        /* A tape of N-element tensors per frame is what large N cannot afford: every
         * term outside the band around t is exactly 0, so the band's sum is the sum. */
        SlChainTerms ct;
        if (f == SL_MASK_HARD || !app_model_chain(m, f, &ct)) return 0;
        out->count = ct.count;
        out->best_i = ct.best;
        out->best_g = ct.best_dl_dm;
        out->best_slope = ct.best_dm_dt;
        out->best_term = (float)ct.best_term;
        out->sum = (float)ct.sum;
        out->banded = 1;
        return 1;
    }
    SlNodeInfo info;
    SlNode mask = SL_NIL;
    const SlTape *tape = app_model_chain_tape(m, f, &mask);
    if (!tape || mask == SL_NIL || sl_node_info(tape, mask, &info) != SL_OK || !info.grad || !info.value) return 0;
    const SlTrainRow *row = app_model_row(m, f);
    float lanes[8] = {0};
    float best_abs = -1.0f;
    out->count = info.rows * info.cols;
    for (int i = 0; i < out->count; i++) {
        float d = row->t - (float)(i % info.cols);
        float slope = sl_mask_slope((SlMaskKind)f, d, info.value[i], row->k, m->set.w);
        float term = info.grad[i] * slope; /* the mask's backward: g * dm/dd, in float */
        lanes[i & 7] += term;              /* the broadcast t sums in eight lanes */
        if (fabsf(term) > best_abs) {
            best_abs = fabsf(term);
            out->best_i = i % info.cols;
            out->best_term = term;
            out->best_g = info.grad[i];
            out->best_slope = slope;
        }
    }
    out->sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
    return 1;
}

void app_readout_channels(const AppModel *m, int f, AppChannelSummary *out)
{
    memset(out, 0, sizeof *out);
    if (f < 0 || f >= APP_CH_FAMILIES || !m->ls.ch_ok) return;
    const SlChannels *ch = &m->ls.ch[f];
    double dist = 0.0;
    for (int c = 0; c < ch->c; c++) {
        out->none += ch->state[c] == SL_GRAD_NONE;
        out->value += ch->state[c] == SL_GRAD_VALUE;
        dist += fabs((double)ch->t[c] - (double)ch->target[c]);
    }
    out->count = ch->c;
    out->mean_dist = ch->c > 0 ? dist / ch->c : 0.0;
    out->loss = ch->loss;
}

void app_readout_fd_heading(const AppModel *m, char *buf, unsigned len)
{
    float h = APP_FD_H;
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if ((m->shown >> f & 1u) && m->fd_h[f] > h) h = m->fd_h[f];
    if (h == APP_FD_H) {
        snprintf(buf, len, "finite diff.");
        return;
    }
    snprintf(buf, len, "diff. h=%g", (double)h); /* a power of two: exact in %g */
}
