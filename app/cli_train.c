/* cli_train.c — `steplab train` (one run, CSV history) and `steplab sweep` (a log
 * grid of (k, lr), one CSV row per cell). Files are written atomically. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_export.h"
#include "app_launch.h"
#include "cli_commands.h"
#include "sl_sweep.h"
#include "sl_train.h"

/* Where CSV goes: stdout for "-", a temporary beside the path (renamed on success). */
typedef struct CsvOut {
    FILE *fp;
    char tmp[1100];
} CsvOut;

static int open_out(const char *cmd, const char *csv, CsvOut *out)
{
    out->fp = NULL;
    if (!csv) return 0;
    if (csv[0] == '-' && csv[1] == '\0') {
        out->fp = stdout;
        return 0;
    }
    char err[1200];
    out->fp = app_export_open(csv, out->tmp, sizeof out->tmp, err, sizeof err);
    if (!out->fp) {
        fprintf(stderr, "steplab %s: %s\n", cmd, err);
        return 2;
    }
    return 0;
}

/* Commits the file when ok, else removes the temporary: the old file stays intact. */
static int close_out(const char *cmd, const char *csv, CsvOut *out, int ok)
{
    if (!out->fp) return ok ? 0 : 2;
    if (out->fp == stdout) return (fflush(stdout) == 0 && ok) ? 0 : 2;
    if (!ok) {
        fclose(out->fp);
        remove(out->tmp);
        return 2;
    }
    char err[1200];
    if (!app_export_close(out->fp, out->tmp, csv, err, sizeof err)) {
        fprintf(stderr, "steplab %s: %s\n", cmd, err);
        return 2;
    }
    return 0;
}

static void print_row(FILE *fp, const SlTrainRow *r)
{
    fprintf(fp, "%d,%.9g,%.9g,", r->step, (double)r->t, (double)r->loss);
    if (r->state == SL_GRAD_ZERO || r->state == SL_GRAD_VALUE) fprintf(fp, "%.9g", (double)r->grad);
    fprintf(fp, ",%s\n", sl_grad_state_name(r->state));
}

int cli_train(const CliArgs *args)
{
    const SlLesson *l = &args->lesson;
    SlTrainer tr;
    if (sl_trainer_init(&tr, &l->task, &l->opt, &l->anneal, args->steps) != SL_OK) {
        fprintf(stderr, "steplab train: %s\n", tr.message);
        return 2;
    }
    tr.grad_threshold = l->grad_threshold;
    CsvOut out;
    int rc = open_out("train", args->csv, &out);
    FILE *fp = out.fp;
    if (rc) {
        sl_trainer_deinit(&tr);
        return rc;
    }
    if (fp) fprintf(fp, "step,t,loss,grad,grad_state\n");
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
    if (ok && fp)
        for (int s = 0; s <= tr.count; s++) print_row(fp, &tr.rows[s]);
    const SlTrainRow *end = sl_trainer_current(&tr);
    if (ok) {
        fprintf(stderr, "steplab train: %d steps of %s (lr %g) on the %s mask: t %g -> %.7g, loss %.7g -> %.7g",
                tr.count, sl_optim_name(l->opt.kind), (double)l->opt.lr, sl_mask_name(l->task.mask),
                (double)tr.rows[0].t, (double)end->t, (double)tr.rows[0].loss, (double)end->loss);
        if (tr.stop == SL_STOP_STEP_LIMIT) fprintf(stderr, " (%s)", sl_stop_reason_str(tr.stop));
        else if (tr.stop != SL_STOP_RUNNING)
            fprintf(stderr, " (%s at step %d%s)", sl_stop_reason_str(tr.stop), tr.stop_step,
                    tr.stop == SL_STOP_DIVERGED ? "; a smaller --lr may help" : "");
        fprintf(stderr, "\n");
    }
    rc = close_out("train", args->csv, &out, ok);
    sl_trainer_deinit(&tr);
    return rc;
}

/* A swept value: the same %.9g round trip as every other number. */
static void print_opt_grad(FILE *fp, const SlSweepCell *c)
{
    if (c->state == SL_GRAD_ZERO || c->state == SL_GRAD_VALUE) fprintf(fp, "%.9g", (double)c->grad);
}

int cli_sweep(const CliArgs *args)
{
    const SlLesson *l = &args->lesson;
    const SlSweepAxis *ax = &args->sweep_x, *ay = &args->sweep_y;
    SlSweepSetup setup = {l->task, l->opt, l->anneal, l->grad_threshold, args->steps};
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
    if (sl_sweep_run(&setup, x, ax, ay, 0, NULL, cells, err, sizeof err) != SL_OK) {
        fprintf(stderr, "steplab sweep: %s\n", err);
        rc = 2;
        goto done;
    }
    if (args->png) {
        /* The picture first: it is what was asked for beside (or instead of) the CSV. */
        static AppLaunch launch; /* holds a lesson: keep it off the stack */
        memset(&launch, 0, sizeof launch);
        launch.lesson = *l;
        if (args->steps > 0) launch.lesson.steps = args->steps;
        snprintf(launch.lesson_path, sizeof launch.lesson_path, "%s", args->lesson_path);
        launch.width = args->width;
        launch.height = args->height;
        launch.out_path = args->png;
        launch.scale = args->scale;
        rc = app_sweep_png_run(&launch, &setup, ax, ay, cells);
        if (rc || !args->csv) goto done;
    }
    const char *dest = args->csv ? args->csv : "-";
    CsvOut out;
    rc = open_out("sweep", dest, &out);
    if (rc) goto done;
    FILE *fp = out.fp;
    fprintf(fp, "%s,%s,t,loss,hard_loss,gap,grad,grad_state,verdict,verdict_step,settle_step\n",
            sl_sweep_param_name(ax->param), sl_sweep_param_name(ay->param));
    /* x slowest, as the first column reads */
    for (int ix = 0; ix < ax->count; ix++)
        for (int iy = 0; iy < ay->count; iy++) {
            const SlSweepCell *c = &cells[iy * ax->count + ix];
            fprintf(fp, "%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,", (double)c->x, (double)c->y, (double)c->t, (double)c->loss,
                    (double)c->hard_loss, (double)c->gap);
            print_opt_grad(fp, c);
            fprintf(fp, ",%s,%s,%d,%d\n", sl_grad_state_name(c->state), sl_stop_reason_str(c->verdict), c->verdict_step,
                    c->settle_step);
        }
    rc = close_out("sweep", dest, &out, !ferror(fp));
done:
    free(cells);
    free(x);
    return rc;
}
