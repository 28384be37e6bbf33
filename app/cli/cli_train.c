/* cli_train.c — `steplab train` (one run, CSV history) and `steplab sweep` (a grid
 * over two of k, lr, w, t0, momentum, k0, k1; one CSV row per cell). Output goes through app_export (a failed
 * write leaves the old file intact) in the CSV format of app_csv. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_csv.h"
#include "app_escape.h"
#include "app_export.h"
#include "app_launch.h"
#include "cli_commands.h"
#include "sl_sweep.h"
#include "sl_train.h"

/* Opens where CSV goes (a file through app_export, or "-" for stdout); 2 after one line
 * on stderr when it cannot be written. */
static int open_csv(const char *cmd, const char *csv, AppExport *out)
{
    char err[sizeof out->shown + 200];
    if (app_export_open(out, csv, err, sizeof err) == SL_OK) return 0;
    app_escape_report(stderr, "steplab %s: %s", cmd, err);
    return 2;
}

/* Finishes the CSV: 0, or 2 after one line on stderr (the old file is left intact). */
static int commit_csv(const char *cmd, AppExport *out)
{
    char err[sizeof out->shown + 200];
    if (app_export_commit(out, err, sizeof err) == SL_OK) return 0;
    app_escape_report(stderr, "steplab %s: %s", cmd, err);
    return 2;
}

int cli_train(const CliArgs *args)
{
    const SlLesson *l = &args->lesson;
    SlTrainer tr;
    if (sl_trainer_init(&tr, &l->task, &l->opt, &l->anneal, args->steps) != SL_OK) {
        fprintf(stderr, "steplab train: %s\n", tr.message);
        return 2;
    }
    tr.grad_threshold = args->grad_threshold; /* --grad-threshold; the lesson's level is the window's comparison */
    AppExport out;
    if (args->csv && open_csv("train", args->csv, &out) != 0) {
        sl_trainer_deinit(&tr);
        return 2;
    }
    int ok = 1;
    /* Every row 0..S is written, also after a verdict: the verdict names its step. */
    for (int s = 0; s < args->steps && ok; s++) {
        if (sl_trainer_step(&tr) != SL_OK) {
            fprintf(stderr, "steplab train: %s\n", tr.message);
            ok = 0;
        }
    }
    /* The none message is produced once by the trainer; say it once, in words. */
    if (tr.none_reported) fprintf(stderr, "steplab train: %s\n", tr.message);
    if (args->csv) {
        if (ok) {
            app_csv_history(&out, &tr, l->task.mask);
            ok = commit_csv("train", &out) == 0;
        } else {
            app_export_abort(&out);
        }
    }
    /* The summary only once the CSV is safely written: a failed run has no success line. */
    const SlTrainRow *end = sl_trainer_current(&tr);
    if (ok) {
        char t0[APP_CSV_CELL], t1[APP_CSV_CELL], l0[APP_CSV_CELL], l1[APP_CSV_CELL];
        fprintf(stderr, "steplab train: %d steps of %s (lr %g) on the %s mask: t %s -> %s, loss %s -> %s", tr.count,
                sl_optim_name(l->opt.kind), (double)l->opt.lr, sl_mask_name(l->task.mask),
                app_csv_num_digits(t0, tr.rows[0].t, 7), app_csv_num_digits(t1, end->t, 7),
                app_csv_num_digits(l0, tr.rows[0].loss, 7), app_csv_num_digits(l1, end->loss, 7));
        if (tr.stop == SL_STOP_STEP_LIMIT) fprintf(stderr, " (%s)", sl_stop_reason_str(tr.stop));
        else if (tr.stop == SL_STOP_THRESHOLDED)
            fprintf(stderr, " (%s %g at step %d: |dL/dt| %.3g was zeroed before the update)",
                    sl_stop_reason_str(tr.stop), (double)tr.grad_threshold, tr.stop_step,
                    fabs((double)tr.rows[tr.stop_step].grad));
        else if (tr.stop != SL_STOP_RUNNING)
            fprintf(stderr, " (%s at step %d%s)", sl_stop_reason_str(tr.stop), tr.stop_step,
                    tr.stop == SL_STOP_DIVERGED ? "; a smaller --lr may help" : "");
        fprintf(stderr, "\n");
    }
    sl_trainer_deinit(&tr);
    return ok ? 0 : 2;
}

int cli_sweep(const CliArgs *args)
{
    const SlLesson *l = &args->lesson;
    const SlSweepAxis *ax = &args->sweep_x, *ay = &args->sweep_y;
    SlSweepSetup setup = {l->task, l->opt, l->anneal, args->grad_threshold, args->steps};
    char err[512];
    if (sl_sweep_check(&setup, ax, ay, err, sizeof err) != SL_OK) {
        fprintf(stderr, "steplab sweep: %s\n", err);
        return 2;
    }
    float *x = malloc((size_t)l->task.n * sizeof *x);
    SlSweepCell *cells = malloc((size_t)ax->count * (size_t)ay->count * sizeof *cells);
    int rc = 0;
    if (!x || !cells) {
        fprintf(stderr, "steplab sweep: out of memory for %d x %d cells\n", ax->count, ay->count);
        rc = 2;
        goto done;
    }
    sl_signal_fill(l->task.signal, l->task.seed, l->task.n, x);
    /* Opened first: an unwritable path is said before the work. With --png alone no
     * CSV is written (the picture is what was asked for). */
    int want_csv = args->csv || !args->png;
    AppExport out;
    if (want_csv && open_csv("sweep", args->csv ? args->csv : "-", &out) != 0) {
        rc = 2;
        goto done;
    }
    if (sl_sweep_run(&setup, x, ax, ay, 0, NULL, cells, err, sizeof err) != SL_OK) {
        if (want_csv) app_export_abort(&out);
        fprintf(stderr, "steplab sweep: %s\n", err);
        rc = 2;
        goto done;
    }
    if (args->png) {
        static AppLaunch launch; /* holds a lesson: keep it off the stack */
        cli_launch(args, &launch);
        if (args->steps > 0) launch.lesson.steps = args->steps;
        launch.out_path = args->png;
        rc = app_sweep_png_run(&launch, &setup, ax, ay, cells);
        if (rc) {
            if (want_csv) app_export_abort(&out);
            goto done;
        }
    }
    if (!want_csv) goto done;
    int ok = app_export_printf(&out, "%s,%s,t,loss,hard_loss,gap,grad,grad_state,verdict,verdict_step,settle_step\n",
                               sl_sweep_param_name(ax->param), sl_sweep_param_name(ay->param));
    /* x slowest, as the first column reads */
    for (int ix = 0; ok && ix < ax->count; ix++)
        for (int iy = 0; ok && iy < ay->count; iy++) {
            const SlSweepCell *c = &cells[iy * ax->count + ix];
            char xv[APP_CSV_CELL], yv[APP_CSV_CELL], t[APP_CSV_CELL], loss[APP_CSV_CELL], hard[APP_CSV_CELL],
                gap[APP_CSV_CELL], g[APP_CSV_CELL];
            ok = app_export_printf(&out, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%d\n", app_csv_num(xv, c->x),
                                   app_csv_num(yv, c->y), app_csv_num(t, c->t), app_csv_num(loss, c->loss),
                                   app_csv_num(hard, c->hard_loss), app_csv_num(gap, c->gap),
                                   app_csv_grad(g, c->state, c->grad), sl_grad_state_name(c->state),
                                   sl_stop_reason_str(c->verdict), c->verdict_step, c->settle_step);
        }
    rc = commit_csv("sweep", &out);
done:
    free(cells);
    free(x);
    return rc;
}
