/* cli_bench.c — `steplab bench --engine`: figures, never pass/fail, and only what it
 * measures here. Nanoseconds per training step (forward + backward + update) through
 * the fused kernel and through the tape; seconds for a 128 x 128 (k, lr) sweep of 300
 * steps at N = 64 on one thread and on all cores; milliseconds for the map view's first
 * 16 x 16 pass. Comparison figures (PyTorch) come from scripts, see docs/ and README. */
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
    if (app_export_check_stdout(err, sizeof err)) return 0;
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
    sl_tape_destroy(tape);

    enum { GRID = 128, COARSE = 16, STEPS = 300 };
    SlSweepCell *cells = malloc(GRID * GRID * sizeof *cells);
    int rc = 0;
    cfg.n = 64;
    sl_signal_fill(cfg.signal, cfg.seed, cfg.n, x);
    SlSweepSetup setup = {cfg, opt, {SL_ANNEAL_CONSTANT, 1.0f, 1.0f, 0}, 0.0f, STEPS};
    SlSweepAxis ak = {SL_SWEEP_K, 0.25f, 64.0f, GRID, 1}, alr = {SL_SWEEP_LR, 0.1f, 100.0f, GRID, 1};
    SlSweepAxis ck = ak, clr = alr;
    ck.count = clr.count = COARSE;
    char err[256];
    printf("sweep_path=%s\n", sl_sweep_simd_name());
    /* best of 3: the first pass also pages the cells in */
    double one = 1e30, all = 1e30, coarse = 1e30;
    for (int rep = 0; rep < 3 && !rc; rep++) {
        double t0 = now_s();
        if (!cells || sl_sweep_run(&setup, x, &ak, &alr, 1, NULL, cells, err, sizeof err) != SL_OK) rc = 2;
        double t1 = now_s();
        if (!rc && sl_sweep_run(&setup, x, &ak, &alr, 0, NULL, cells, err, sizeof err) != SL_OK) rc = 2;
        double t2 = now_s();
        if (!rc && sl_sweep_run(&setup, x, &ck, &clr, 0, NULL, cells, err, sizeof err) != SL_OK) rc = 2;
        double t3 = now_s();
        if (t1 - t0 < one) one = t1 - t0;
        if (t2 - t1 < all) all = t2 - t1;
        if (t3 - t2 < coarse) coarse = t3 - t2;
    }
    if (rc) {
        fprintf(stderr, "steplab bench: sweep failed: %s\n", cells ? err : "out of memory");
    } else {
        printf("sweep_128x128x300_n64_1thread_s=%.3f\n", one);
        printf("sweep_128x128x300_n64_allcores_s=%.3f\n", all);
        printf("sweep_cores=%ld\n", sysconf(_SC_NPROCESSORS_ONLN));
        printf("map_first_pass_16x16x300_n64_ms=%.2f\n", coarse * 1e3);
        if (stdout_lost()) rc = 2;
    }
    free(cells);
    free(x);
    return rc;
lost:
    free(x);
    sl_tape_destroy(tape);
    return 2;
}
