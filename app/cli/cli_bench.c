/* cli_bench.c — `steplab bench --engine`: figures, never pass/fail, and only what it
 * measures here. Nanoseconds per training step (forward + backward + update) through
 * the fused kernel and through the tape; seconds for a 128 x 128 (k, lr) sweep of 300
 * steps at N = 64 on one thread and on all cores; milliseconds for the map view's first
 * 16 x 16 pass. PyTorch's figures come from scripts/torch_bench.py (README). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "app_export.h"
#include "cli_commands.h"
#include "sl_sweep.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile float sink;  /* keeps the optimiser from deleting the timed work */

/* Best-of-5 nanoseconds per step; each repetition runs `iters` steps from t0. */
static double time_steps(const SlTaskConfig *cfg, const float *x, const SlOptConfig *opt, SlTape *tape, int iters)
{
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        float t = cfg->t;
        SlOptState st = {0};
        double t0 = now_s();
        for (int i = 0; i < iters; i++) {
            SlTaskEval e;
            if (tape) sl_task_eval(tape, cfg, x, t, &e);
            else e = sl_task_eval_fast(cfg, x, t);
            sl_optim_step(opt, &st, &t, e.grad, e.state);
        }
        double dt = (now_s() - t0) / iters * 1e9;
        if (dt < best) best = dt;
        sink = t;
    }
    return best;
}

/* Flushes stdout; when its output no longer arrives, says so and returns 1 (no point in
 * timing on for nobody). */
static int stdout_lost(void)
{
    char err[256];
    if (app_export_check_stdout(err, sizeof err) == SL_OK) return 0;
    fprintf(stderr, "steplab bench: %s\n", err);
    return 1;
}

int cli_bench_engine(const CliArgs *args)
{
    SlTaskConfig cfg = args->lesson.task;
    cfg.mask = SL_MASK_LOGISTIC;
    SlOptConfig opt;
    sl_optim_default(&opt, SL_OPT_SGD, 10.0f);
    static const int sizes[] = {64, 1024, 1000000};
    static const int iters[] = {200000, 20000, 20};
    float *x = malloc(1000000 * sizeof *x);
    SlTape *tape = sl_tape_create();
    if (!x || !tape) {
        fprintf(stderr, "steplab bench: out of memory\n");
        free(x);
        sl_tape_destroy(tape);
        return 2;
    }
    for (int s = 0; s < 3; s++) {
        cfg.n = sizes[s];
        sl_signal_fill(cfg.signal, cfg.seed, cfg.n, x);
        double fused = time_steps(&cfg, x, &opt, NULL, iters[s]);
        printf("step_ns_n%d=%.1f\n", cfg.n, fused);
        if (stdout_lost()) goto lost; /* each figure as soon as it is known, and checked */
        double taped = time_steps(&cfg, x, &opt, tape, iters[s] / 4 > 0 ? iters[s] / 4 : 1);
        printf("tape_step_ns_n%d=%.1f\n", cfg.n, taped);
        if (stdout_lost()) goto lost;
    }

    enum { GRID = 128, COARSE = 16, STEPS = 300 };
    SlSweepCell *cells = malloc(GRID * GRID * sizeof *cells);
    if (!cells) {
        fprintf(stderr, "steplab bench: out of memory for the sweep\n");
        goto lost;
    }
    cfg.n = 64;
    sl_signal_fill(cfg.signal, cfg.seed, cfg.n, x);
    SlSweepSetup setup = {cfg, opt, {SL_ANNEAL_CONSTANT, 1.0f, 1.0f, 0}, 0.0f, STEPS};
    SlSweepAxis ak = {SL_SWEEP_K, 0.25f, 64.0f, GRID, 1}, alr = {SL_SWEEP_LR, 0.1f, 100.0f, GRID, 1};
    SlSweepAxis ck = ak, clr = alr;
    ck.count = clr.count = COARSE;
    char err[256];
    printf("sweep_path=%s\n", sl_sweep_simd_name());
    printf("sweep_cores=%ld\n", sysconf(_SC_NPROCESSORS_ONLN));
    if (stdout_lost()) goto lost_cells;
    /* best of 3 each; the first run also pages the cells in */
    double best[3] = {1e30, 1e30, 1e30};
    for (int rep = 0; rep < 3; rep++)
        for (int f = 0; f < 3; f++) {
            double t0 = now_s();
            SlStatus st = f == 2 ? sl_sweep_run(&setup, x, &ck, &clr, 0, NULL, cells, err, sizeof err)
                                 : sl_sweep_run(&setup, x, &ak, &alr, f == 0 ? 1 : 0, NULL, cells, err, sizeof err);
            if (st != SL_OK) {
                fprintf(stderr, "steplab bench: sweep failed: %s\n", err);
                goto lost_cells;
            }
            double dt = now_s() - t0;
            if (dt < best[f]) best[f] = dt;
        }
    printf("sweep_128x128x300_n64_1thread_s=%.3f\n", best[0]);
    printf("sweep_128x128x300_n64_allcores_s=%.3f\n", best[1]);
    printf("map_first_pass_16x16x300_n64_ms=%.2f\n", best[2] * 1e3);
    int rc = stdout_lost() ? 2 : 0;
    free(cells);
    free(x);
    sl_tape_destroy(tape);
    return rc;
lost_cells:
    free(cells);
lost:
    free(x);
    sl_tape_destroy(tape);
    return 2;
}
