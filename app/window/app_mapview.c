/* app_mapview.c — the steepness map view's state (see app_mapview.h). */
#include "app_mapview.h"

#include "app_controls.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void app_mapview_init(AppMapView *v)
{
    memset(v, 0, sizeof *v);
    v->hover_ix = v->hover_iy = -1;
}

void app_mapview_deinit(AppMapView *v)
{
    app_sweepjob_destroy(v->job);
    app_sweepgrid_free(&v->grid);
    memset(v, 0, sizeof *v);
    v->hover_ix = v->hover_iy = -1;
}

static int steepness_param(SlSweepParam p)
{
    return p == SL_SWEEP_K || p == SL_SWEEP_K0 || p == SL_SWEEP_W;
}

/* Gives a swept setting a fixed value in the shared setup: every cell overrides it, and
 * the request then stays the same when the model's own value moves (a loaded cell). */
static void neutralise(SlSweepSetup *s, SlSweepParam p)
{
    switch (p) {
    case SL_SWEEP_K: s->task.k = 1.0f; break;
    case SL_SWEEP_LR: s->opt.lr = 1.0f; break;
    case SL_SWEEP_W: s->task.width = 1.0f; break;
    case SL_SWEEP_T0: s->task.t = 0.0f; break;
    case SL_SWEEP_MOMENTUM: s->opt.momentum = 0.5f; break;
    case SL_SWEEP_K0: s->anneal.k0 = 1.0f; break;
    case SL_SWEEP_K1: s->anneal.k1 = 1.0f; break;
    default: break;
    }
}

void app_mapview_request(const AppMapView *v, const AppModel *m, AppSweepRequest *req, AppMapRange *x,
                         AppMapRange *y)
{
    memset(req, 0, sizeof *req);
    SlTaskConfig task;
    SlOptConfig opt;
    SlAnneal anneal;
    app_model_configs(m, &task, &opt, &anneal);
    int smooth = v->axes == APP_MAP_AXES_W_LR;
    if (smooth) {
        task.mask = SL_MASK_SMOOTHSTEP;
        task.k = 1.0f;                      /* k does nothing to smoothstep */
        anneal.kind = SL_ANNEAL_CONSTANT;   /* nor does annealing k */
        anneal.k0 = anneal.k1 = 1.0f;
    } else {
        if (task.mask != SL_MASK_LOGISTIC && task.mask != SL_MASK_STE) task.mask = SL_MASK_LOGISTIC;
        task.width = 1.0f;                  /* w does nothing to logistic or ste */
    }
    if (anneal.kind == SL_ANNEAL_CONSTANT) anneal.k0 = anneal.k1 = task.k;
    req->setup.task = task;
    req->setup.opt = opt;
    req->setup.anneal = anneal;
    req->setup.grad_threshold = 0.0f;       /* as the window's trainers */
    req->setup.steps = m->max_steps;
    app_sweepmap_ranges(v->axes, task.n, opt.kind, !smooth && anneal.kind != SL_ANNEAL_CONSTANT, x, y);
    neutralise(&req->setup, x->param);
    neutralise(&req->setup, y->param);
    if (anneal.kind == SL_ANNEAL_CONSTANT) req->setup.anneal.k0 = req->setup.anneal.k1 = req->setup.task.k;
    req->ax_coarse = app_sweepmap_axis(x, APP_SWEEPMAP_COARSE);
    req->ay_coarse = app_sweepmap_axis(y, APP_SWEEPMAP_COARSE);
    req->ax_fine = app_sweepmap_axis(x, APP_SWEEPMAP_FINE);
    req->ay_fine = app_sweepmap_axis(y, APP_SWEEPMAP_FINE);
}

/* Call with rx, ry set for the grid. */
static void refresh_suggestion(AppMapView *v)
{
    memset(&v->sugg, 0, sizeof v->sugg);
    v->sugg_applies = steepness_param(v->grid.ax.param) && v->grid.ay.param == SL_SWEEP_LR;
    if (v->grid.status == SL_OK && v->grid.cells && v->sugg_applies)
        app_sweepmap_suggest(v->grid.cells, v->grid.ax.count, v->grid.ay.count, v->grid.ax.param,
                             app_sweepmap_min_run(&v->ry, v->grid.ay.count), &v->sugg);
}

int app_mapview_show(AppMapView *v, const SlSweepSetup *s, const SlSweepAxis *ax, const SlSweepAxis *ay,
                     const SlSweepCell *cells)
{
    size_t n = (size_t)ax->count * (size_t)ay->count;
    SlSweepCell *copy = malloc(n * sizeof *copy);
    if (!copy) return 0;
    memcpy(copy, cells, n * sizeof *copy);
    app_sweepgrid_free(&v->grid);
    v->grid.cells = copy;
    v->grid.cap = n;
    v->grid.id = v->req_id = 1;
    v->grid.pass = 2;
    v->grid.status = SL_OK;
    v->grid.ax = *ax;
    v->grid.ay = *ay;
    memset(&v->req, 0, sizeof v->req);
    v->req.setup = *s;
    v->req.ax_fine = *ax;
    v->req.ay_fine = *ay;
    v->rx = app_sweepmap_axis_range(ax);
    v->ry = app_sweepmap_axis_range(ay);
    v->target = v->next_target = s->task.target;
    v->t0 = v->next_t0 = s->task.t;
    v->steps = v->next_steps = s->steps;
    v->n = v->next_n = s->task.n;
    v->fixed = 1;
    refresh_suggestion(v);
    return 1;
}

int app_mapview_update(AppMapView *v, const AppModel *m)
{
    if (v->fixed) return 0;
    if (!v->job) {
        v->job = app_sweepjob_create(0);
        if (!v->job) return 0;
    }
    AppSweepRequest req;
    AppMapRange x, y;
    app_mapview_request(v, m, &req, &x, &y);
    if (!v->req_id || memcmp(&req, &v->req, sizeof req) != 0) {
        unsigned id = app_sweepjob_submit(v->job, &req, m->tr[req.setup.task.mask].x);
        if (id) {
            v->req = req;
            v->req_id = id;
            v->next_target = req.setup.task.target;
            v->next_t0 = m->set.t0;
            v->next_steps = req.setup.steps;
            v->next_n = req.setup.task.n;
        }
    }
    if (!app_sweepjob_fetch(v->job, &v->grid)) return 0;
    v->rx = app_sweepmap_axis_range(&v->grid.ax);
    v->ry = app_sweepmap_axis_range(&v->grid.ay);
    if (v->grid.id == v->req_id) { /* else a pass of a request just replaced: keep the words */
        v->target = v->next_target;
        v->t0 = v->next_t0;
        v->steps = v->next_steps;
        v->n = v->next_n;
    }
    refresh_suggestion(v);
    return 1;
}

void app_mapview_finish(AppMapView *v, const AppModel *m)
{
    app_mapview_update(v, m);
    if (!v->job) return;
    app_sweepjob_wait(v->job, v->req_id);
    app_mapview_update(v, m);
}

int app_mapview_done(const AppMapView *v)
{
    return v->req_id && v->grid.id == v->req_id && v->grid.pass == 2;
}

const SlSweepCell *app_mapview_cell(const AppMapView *v, int ix, int iy)
{
    const AppSweepGrid *g = &v->grid;
    if (g->status != SL_OK || !g->cells || ix < 0 || iy < 0 || ix >= g->ax.count || iy >= g->ay.count) return NULL;
    return &g->cells[(size_t)iy * (size_t)g->ax.count + (size_t)ix];
}

static int set_param(AppModel *m, SlSweepParam p, float value)
{
    switch (p) {
    case SL_SWEEP_K:
    case SL_SWEEP_K0: return app_controls_set_slider(m, APP_CTRL_K, value);
    case SL_SWEEP_LR: return app_controls_set_slider(m, APP_CTRL_LR, value);
    case SL_SWEEP_W: return app_controls_set_slider(m, APP_CTRL_W, value);
    case SL_SWEEP_T0: return app_controls_set_slider(m, APP_CTRL_T0, value);
    default: break;
    }
    return 0;
}

int app_mapview_load(AppMapView *v, AppModel *m, int ix, int iy)
{
    const SlSweepCell *c = app_mapview_cell(v, ix, iy);
    if (!c) return 0;
    SlSweepCell cell = *c;
    SlSweepParam px = v->grid.ax.param, py = v->grid.ay.param;
    if (!set_param(m, px, cell.x) || !set_param(m, py, cell.y)) return 0;
    /* The family the map trained (smoothstep on the w axis) must be in the panels. */
    int family = (int)v->req.setup.task.mask;
    if (!(m->shown >> family & 1u)) app_model_toggle_family(m, family);
    app_model_reset(m);
    app_model_set_playing(m, 1);
    char xv[24], yv[24];
    app_format_value((double)cell.x, 3, xv, sizeof xv);
    app_format_value((double)cell.y, 3, yv, sizeof yv);
    app_model_note(m, 0, "Loaded the cell %s = %s, %s = %s: training from t0 (the map said: %s at step %d).",
                   sl_sweep_param_name(px), xv, sl_sweep_param_name(py), yv, sl_stop_reason_str(cell.verdict),
                   cell.verdict_step);
    return 1;
}

int app_mapview_load_suggestion(AppMapView *v, AppModel *m)
{
    if (!v->sugg_applies) {
        app_model_note(m, 0, "The suggestion reads a map of a steepness against lr: press x for k \xc3\x97 lr.");
        return 0;
    }
    if (!v->sugg.found) {
        app_model_note(m, 0, "No suggestion on this map: no steepness reaches t* within the step limit.");
        return 0;
    }
    return app_mapview_load(v, m, v->sugg.ix, v->sugg.iy_mid);
}

void app_mapview_next_metric(AppMapView *v)
{
    v->metric = (AppMapMetric)((v->metric + 1) % APP_MAP_METRIC_COUNT);
}

void app_mapview_next_axes(AppMapView *v)
{
    v->axes = (AppMapAxes)((v->axes + 1) % APP_MAP_AXES_COUNT);
    v->hover_ix = v->hover_iy = -1;
}

void app_mapview_geometry(const AppLayout *L, AppMapGeometry *g)
{
    memset(g, 0, sizeof *g);
    int pad = L->pad, sh = L->m.small_h, bh = L->m.body_h;
    AppRect main = L->slot[APP_SLOT_MAIN], ll = L->slot[APP_SLOT_LOWER_LEFT], lr = L->slot[APP_SLOT_LOWER_RIGHT];
    int x1 = main.x + main.w, y1 = ll.y + ll.h > lr.y + lr.h ? ll.y + ll.h : lr.y + lr.h;
    g->panel = (AppRect){main.x, main.y, x1 - main.x, y1 - main.y};
    AppRect r = g->panel;
    int text_h = sh + 2 * bh + pad / 2;
    g->text = (AppRect){r.x + pad + pad / 2, r.y + r.h - pad - text_h, r.w - 3 * pad, text_h};
    int ylab_w = 4 * L->m.digit_w + pad;
    int legend_w = 17 * L->m.digit_w + 2 * pad;
    int top = r.y + bh + 2 * pad + sh + pad / 2;
    int bottom = g->text.y - pad - sh - pad / 2;
    g->plot = (AppRect){r.x + pad + ylab_w, top, r.w - pad - ylab_w - legend_w - 2 * pad, bottom - top};
    if (g->plot.w < 1) g->plot.w = 1;
    if (g->plot.h < 1) g->plot.h = 1;
    int bar_w = (int)(18.0f * L->scale + 0.5f);
    g->bar = (AppRect){g->plot.x + g->plot.w + 2 * pad, top, bar_w, g->plot.h};
    AppRect st = L->slot[APP_SLOT_SIDE_TOP], sb = L->slot[APP_SLOT_SIDE_BOTTOM];
    int sy0 = st.y, sy1 = sb.y + sb.h;
    int top_h = (sy1 - sy0 - pad) * 2 / 5;
    g->side_top = (AppRect){st.x, sy0, st.w, top_h};
    g->side_gap = (AppRect){st.x, sy0 + top_h, st.w, pad};
    g->side_bottom = (AppRect){st.x, sy0 + top_h + pad, st.w, sy1 - sy0 - top_h - pad};
}

int app_mapview_cell_at(const AppMapView *v, const AppLayout *L, float x, float y, int *ix, int *iy)
{
    const AppSweepGrid *gr = &v->grid;
    if (gr->status != SL_OK || !gr->cells || gr->ax.count < 1 || gr->ay.count < 1) return 0;
    AppMapGeometry g;
    app_mapview_geometry(L, &g);
    int cx = app_sweepmap_cell_at(x, g.plot.x, g.plot.w, gr->ax.count, 0);
    int cy = app_sweepmap_cell_at(y, g.plot.y, g.plot.h, gr->ay.count, 1);
    if (cx < 0 || cy < 0) return 0;
    *ix = cx;
    *iy = cy;
    return 1;
}

void app_mapview_point(const AppMapView *v, const AppLayout *L, double vx, double vy, float *px, float *py)
{
    AppMapGeometry g;
    app_mapview_geometry(L, &g);
    double fx = app_sweepmap_range_fraction(&v->rx, vx), fy = app_sweepmap_range_fraction(&v->ry, vy);
    *px = (float)((double)g.plot.x + fx * (double)g.plot.w);
    *py = (float)((double)(g.plot.y + g.plot.h) - fy * (double)g.plot.h);
}
