/* cli_eval.c — `steplab eval`: loss, dL/dt, its state and the finite difference at t,
 * as JSON for machines or as a short report for a person. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "app_csv.h"
#include "app_escape.h"
#include "cli_commands.h"
#include "sl_gradcheck.h"
#include "sl_lesson_eval.h"
#include "sl_task.h"

/* A float as JSON: non-finite numbers have no JSON form, so they become null. */
static void json_num(FILE *fp, float v)
{
    if (isfinite(v)) fprintf(fp, "%.9g", (double)v);
    else fputs("null", fp);
}

/* A gradient as JSON: null only when there is none or it is NaN; an infinite gradient
 * (state value) is the number 1e999 or -1e999, which JSON parsers read as +-infinity
 * (docs/training.md, "Writing numbers"). */
static void json_grad(FILE *fp, SlGradState state, float g)
{
    if (state != SL_GRAD_ZERO && state != SL_GRAD_VALUE) fputs("null", fp);
    else if (isinf(g)) fputs(g > 0.0f ? "1e999" : "-1e999", fp);
    else json_num(fp, g);
}

static const char *state_words(SlGradState s, SlMaskKind mask)
{
    switch (s) {
    case SL_GRAD_NONE:
        return mask == SL_MASK_HARD ? "none: no gradient, the hard mask cuts every path from the loss to t"
                                    : "none: no path from the loss to t";
    case SL_GRAD_ZERO: return "zero: a path exists, but the value is exactly 0 (t cannot move)";
    case SL_GRAD_NAN: return "nan: a NaN reached the gradient";
    case SL_GRAD_VALUE: return "value";
    }
    return "?";
}

/* `eval --lesson FILE`: every parameter of the lesson, then the audit. */
static int eval_lesson(const CliArgs *args)
{
    SlLessonEval ev;
    char err[512];
    if (sl_lesson_eval(&args->lesson, &ev, err, sizeof err) != SL_OK) {
        app_escape_report(stderr, "steplab eval: %s: %s", args->lesson_path, err);
        sl_lesson_eval_deinit(&ev);
        return 2;
    }
    char audit[1024];
    int none = sl_lesson_eval_audit(&ev, audit, sizeof audit);
    if (args->json) {
        printf("{\"lesson\": ");
        app_escape_json(stdout, args->lesson.title);
        printf(", \"file\": ");
        app_escape_json(stdout, args->lesson_path);
        printf(", \"kind\": \"%s\", \"params\": [", sl_lesson_kind_name(args->lesson.kind));
        for (int i = 0; i < ev.count; i++) {
            const SlEvalItem *it = &ev.items[i];
            printf("%s{\"group\": ", i ? ", " : "");
            app_escape_json(stdout, it->group);
            printf(", \"param\": ");
            app_escape_json(stdout, it->param);
            if (it->index >= 0) printf(", \"index\": %d", it->index);
            printf(", \"value\": ");
            json_num(stdout, it->value);
            printf(", \"loss\": ");
            json_num(stdout, it->loss);
            printf(", \"grad\": ");
            json_grad(stdout, it->state, it->grad);
            printf(", \"grad_state\": \"%s\"}", sl_grad_state_name(it->state));
        }
        printf("], \"none_count\": %d, \"audit\": ", none);
        app_escape_json(stdout, audit);
        printf("}\n");
    } else {
        char title[sizeof args->lesson.title * 4], path[sizeof args->lesson_path * 4];
        printf("%s (%s)\n", app_escape_line(args->lesson.title, title, sizeof title),
               app_escape_line(args->lesson_path, path, sizeof path));
        printf("  %-14s %-10s %12s %14s %16s  %s\n", "group", "param", "value", "loss", "grad", "state");
        for (int i = 0; i < ev.count; i++) {
            const SlEvalItem *it = &ev.items[i];
            char name[40];
            if (it->index >= 0) snprintf(name, sizeof name, "%s[%d]", it->param, it->index);
            else snprintf(name, sizeof name, "%s", it->param);
            printf("  %-14s %-10s %12.6g %14.9g ", it->group, name, (double)it->value, (double)it->loss);
            if (it->state == SL_GRAD_ZERO || it->state == SL_GRAD_VALUE) printf("%16.9g", (double)it->grad);
            else printf("%16s", "-");
            printf("  %s\n", sl_grad_state_name(it->state));
        }
        printf("audit: %s\n", audit);
    }
    sl_lesson_eval_deinit(&ev);
    return 0;
}

int cli_eval(const CliArgs *args)
{
    if (args->lesson_path[0]) return eval_lesson(args);
    const SlTaskConfig *cfg = &args->lesson.task;
    float *x = malloc((size_t)cfg->n * sizeof *x);
    SlTape *tape = sl_tape_create();
    int rc = 0;
    if (!x || !tape) {
        fprintf(stderr, "steplab eval: out of memory for n = %d\n", cfg->n);
        rc = 2;
        goto done;
    }
    sl_signal_fill(cfg->signal, cfg->seed, cfg->n, x);
    SlTaskEval e;
    float fd = NAN;
    if (sl_task_eval(tape, cfg, x, cfg->t, &e) != SL_OK || sl_task_fd(tape, cfg, x, cfg->t, args->fd_h, &fd) != SL_OK) {
        fprintf(stderr, "steplab eval: %s\n", sl_tape_error(tape));
        rc = 2;
        goto done;
    }
    float hard = sl_task_hard_loss(cfg, x, cfg->t);
    float fd_h = sl_fd_step(cfg->t, args->fd_h); /* the step taken (docs/task.md §9) */
    int has_grad = e.state == SL_GRAD_ZERO || e.state == SL_GRAD_VALUE;
    if (args->json) {
        printf("{\"mask\": \"%s\", \"n\": %d, \"t\": ", sl_mask_name(cfg->mask), cfg->n);
        json_num(stdout, cfg->t);
        printf(", \"target\": ");
        json_num(stdout, cfg->target);
        printf(", \"k\": ");
        json_num(stdout, cfg->k);
        printf(", \"width\": ");
        json_num(stdout, cfg->width);
        printf(", \"signal\": \"%s\", \"loss\": ", sl_signal_name(cfg->signal));
        json_num(stdout, e.loss);
        printf(", \"grad\": ");
        json_grad(stdout, e.state, e.grad);
        printf(", \"grad_state\": \"%s\", \"fd_grad\": ", sl_grad_state_name(e.state));
        json_num(stdout, fd);
        printf(", \"fd_h\": ");
        json_num(stdout, fd_h);
        printf(", \"hard_loss\": ");
        json_num(stdout, hard);
        printf(", \"gap\": ");
        json_num(stdout, (float)sl_task_gap(e.loss, hard));
        printf("}\n");
    } else {
        printf("mask %s", sl_mask_name(cfg->mask));
        if (sl_mask_uses_k(cfg->mask)) printf(" (k = %g)", (double)cfg->k);
        if (sl_mask_uses_width(cfg->mask)) printf(" (w = %g)", (double)cfg->width);
        printf(", N = %d, t = %g, t* = %g, signal %s\n", cfg->n, (double)cfg->t, (double)cfg->target,
               sl_signal_name(cfg->signal));
        char num[APP_CSV_CELL]; /* nan, never -nan (app_csv_num) */
        printf("  loss        %s\n", app_csv_num(num, e.loss));
        if (has_grad) printf("  dL/dt       %s   (%s)\n", app_csv_num(num, e.grad), state_words(e.state, cfg->mask));
        else printf("  dL/dt       %s\n", state_words(e.state, cfg->mask));
        if (fd_h == args->fd_h) printf("  finite diff %s   (central, h = %g)\n", app_csv_num(num, fd), (double)fd_h);
        else
            printf("  finite diff %s   (central, h = %g: h = %g is below t's float32 resolution, so the step\n"
                   "              is t's spacing, the smallest that moves t)\n",
                   app_csv_num(num, fd), (double)fd_h, (double)args->fd_h);
        if (e.state == SL_GRAD_NONE && fd != 0.0f)
            printf("              the step jumps between t-h and t+h: a spike, not a slope\n");
        else if (e.state == SL_GRAD_NONE)
            printf("              the loss is flat between samples: a step has no slope to follow\n");
        if (cfg->mask != SL_MASK_HARD)
        {
            char gap[APP_CSV_CELL];
            printf("  hard loss   %s   (the hard mask at the same t; gap hard - soft %s)\n", app_csv_num(num, hard),
                   app_csv_num_digits(gap, (float)sl_task_gap(e.loss, hard), 3));
        }
    }
done:
    sl_tape_destroy(tape);
    free(x);
    return rc;
}
