/* cli_bench.c — `steplab bench --engine`: figures, never pass/fail. Nanoseconds per
 * training step (forward + backward + update) through the fused kernel and through
 * the tape, and seconds for a 128 x 128 (k, lr) sweep of 300 steps at N = 64. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app_export.h"
#include "cli_commands.h"
#include "sl_sweep.h"

/* PyTorch 1.13 eager, one thread, on this kind of machine (issue 2): for the ratios. */
#define TORCH_STEP_NS_N64 88000.0
#define TORCH_STEP_NS_N1M 6.2e6
#define TORCH_SWEEP_S 1.87

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
    double fused64 = 0, fused1m = 0;
    for (int s = 0; s < 3; s++) {
        cfg.n = sizes[s];
        sl_signal_fill(cfg.signal, cfg.seed, cfg.n, x);
        double fused = time_steps(&cfg, x, &opt, NULL, iters[s]);
        printf("step_ns_n%d=%.1f\n", cfg.n, fused);
        if (stdout_lost()) goto lost; /* each figure as soon as it is known, and checked */
        double taped = time_steps(&cfg, x, &opt, tape, iters[s] / 4 > 0 ? iters[s] / 4 : 1);
        printf("tape_step_ns_n%d=%.1f\n", cfg.n, taped);
        if (stdout_lost()) goto lost;
        if (s == 0) fused64 = fused;
        if (s == 2) fused1m = fused;
    }
    printf("speedup_vs_torch_n64=%.0f\n", TORCH_STEP_NS_N64 / fused64);
    printf("speedup_vs_torch_n1000000=%.1f\n", TORCH_STEP_NS_N1M / fused1m);

    enum { GRID = 128, STEPS = 300 };
    float ks[GRID], lrs[GRID];
    sl_logspace(0.25f, 64.0f, GRID, ks);
    sl_logspace(0.1f, 100.0f, GRID, lrs);
    SlSweepCell *cells = malloc(GRID * GRID * sizeof *cells);
    int rc = 0;
    cfg.n = 64;
    sl_signal_fill(cfg.signal, cfg.seed, cfg.n, x);
    char err[256];
    double t0 = now_s();
    if (!cells || sl_sweep_run(&cfg, &opt, x, ks, GRID, lrs, GRID, STEPS, cells, err, sizeof err) != SL_OK) {
        fprintf(stderr, "steplab bench: sweep failed\n");
        rc = 2;
    } else {
        double sweep = now_s() - t0;
        printf("sweep_128x128x300_n64_s=%.3f\n", sweep);
        printf("speedup_vs_torch_sweep=%.2f\n", TORCH_SWEEP_S / sweep);
    }
    free(cells);
    free(x);
    sl_tape_destroy(tape);
    return rc;
lost:
    free(x);
    sl_tape_destroy(tape);
    return 2;
}
