/* app_sweepjob.c — the map's background sweeps (see app_sweepjob.h). One worker thread
 * waits for a request, runs the coarse and the fine pass, and hands each finished grid
 * over under the mutex; sl_sweep_run spreads each pass over the cores. */
#include "app_sweepjob.h"

#include <pthread.h>
#if defined(__linux__)
#include <sys/resource.h>
#endif
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct AppSweepJob {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t wake;   /* a request or quit for the worker */
    pthread_cond_t done;   /* a pass finished, for app_sweepjob_wait */
    int threads;
    int quit;              /* under mu */
    int running_pass;      /* under mu: 0 idle, 1 the coarse pass, 2 the fine pass */
    atomic_int cancel;     /* read by sl_sweep_run while it runs */

    /* Under mu: the latest request and its signal. */
    unsigned next_id;      /* the id of the newest request */
    unsigned taken_id;     /* the newest request the worker has picked up */
    unsigned finished_id;  /* the newest request whose last pass is over */
    AppSweepRequest req;
    float *x;
    int x_cap;

    AppSweepGrid ready;    /* under mu: the newest finished pass, not yet fetched */
    int ready_new;
    AppSweepGrid back;     /* the worker's own */
};

void app_sweepgrid_free(AppSweepGrid *g)
{
    free(g->cells);
    memset(g, 0, sizeof *g);
}

static int grid_reserve(AppSweepGrid *g, size_t n)
{
    if (n <= g->cap) return 1;
    SlSweepCell *c = realloc(g->cells, n * sizeof *c);
    if (!c) return 0;
    g->cells = c;
    g->cap = n;
    return 1;
}

/* Hands the worker's grid over as the newest ready one (under mu). */
static void publish(AppSweepJob *j)
{
    AppSweepGrid tmp = j->ready;
    j->ready = j->back;
    j->back = tmp;
    j->ready_new = 1;
}

static void *worker(void *arg)
{
    AppSweepJob *j = arg;
#if defined(__linux__)
    /* Frames come first: on Linux the nice value is per thread and the sweep's own
     * threads inherit it, so the map uses the cores the frame leaves idle. */
    (void)setpriority(PRIO_PROCESS, 0, 10);
#endif
    AppSweepRequest req;
    float *x = NULL;
    int x_cap = 0;
    pthread_mutex_lock(&j->mu);
    for (;;) {
        while (!j->quit && j->taken_id == j->next_id) pthread_cond_wait(&j->wake, &j->mu);
        if (j->quit) break;
        unsigned id = j->next_id;
        j->taken_id = id;
        req = j->req;
        int n = req.setup.task.n;
        if (n > x_cap) {
            float *nx = realloc(x, (size_t)n * sizeof *nx);
            if (nx) {
                x = nx;
                x_cap = n;
            }
        }
        int have_x = n <= x_cap;
        if (have_x) memcpy(x, j->x, (size_t)n * sizeof *x);
        atomic_store(&j->cancel, 0);
        j->running_pass = 1;
        pthread_mutex_unlock(&j->mu);

        for (int pass = 1; pass <= 2; pass++) {
            const SlSweepAxis *ax = pass == 1 ? &req.ax_coarse : &req.ax_fine;
            const SlSweepAxis *ay = pass == 1 ? &req.ay_coarse : &req.ay_fine;
            AppSweepGrid *g = &j->back;
            g->id = id;
            g->pass = pass;
            g->ax = *ax;
            g->ay = *ay;
            g->err[0] = '\0';
            size_t cells = (size_t)ax->count * (size_t)ay->count;
            if (!have_x || !grid_reserve(g, cells)) {
                g->status = SL_ERR_NOMEM;
                snprintf(g->err, sizeof g->err, "out of memory for a %d x %d map", ax->count, ay->count);
            } else {
                g->status = sl_sweep_run(&req.setup, x, ax, ay, j->threads, &j->cancel, g->cells, g->err,
                                         sizeof g->err);
            }
            pthread_mutex_lock(&j->mu);
            if (g->status == SL_ERR_CANCELLED || (j->next_id != id && (pass == 2 || g->status != SL_OK))) {
                pthread_mutex_unlock(&j->mu);
                break; /* a newer request: drop this one */
            }
            if (j->next_id != id) {
                /* A coarse pass is not cancelled: during a drag it is the picture that
                 * keeps up. Show it, then start on the newest request. */
                publish(j);
                pthread_cond_broadcast(&j->done);
                pthread_mutex_unlock(&j->mu);
                break;
            }
            if (g->status != SL_OK) g->pass = 2; /* a failed pass is the last word on this request */
            publish(j);
            if (g->status != SL_OK || pass == 2) j->finished_id = id;
            pthread_cond_broadcast(&j->done);
            int last = j->finished_id == id;
            if (!last) j->running_pass = 2;
            pthread_mutex_unlock(&j->mu);
            if (last) break;
        }
        pthread_mutex_lock(&j->mu);
        j->running_pass = 0;
        if (j->finished_id != id && j->next_id == id) j->finished_id = id; /* cancelled by quit */
        pthread_cond_broadcast(&j->done);
    }
    pthread_mutex_unlock(&j->mu);
    free(x);
    return NULL;
}

AppSweepJob *app_sweepjob_create(int threads)
{
    AppSweepJob *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->threads = threads;
    atomic_init(&j->cancel, 0);
    if (pthread_mutex_init(&j->mu, NULL) != 0) {
        free(j);
        return NULL;
    }
    pthread_cond_init(&j->wake, NULL);
    pthread_cond_init(&j->done, NULL);
    if (pthread_create(&j->thread, NULL, worker, j) != 0) {
        pthread_cond_destroy(&j->wake);
        pthread_cond_destroy(&j->done);
        pthread_mutex_destroy(&j->mu);
        free(j);
        return NULL;
    }
    return j;
}

void app_sweepjob_destroy(AppSweepJob *j)
{
    if (!j) return;
    pthread_mutex_lock(&j->mu);
    j->quit = 1;
    atomic_store(&j->cancel, 1);
    pthread_cond_broadcast(&j->wake);
    pthread_mutex_unlock(&j->mu);
    pthread_join(j->thread, NULL);
    pthread_cond_destroy(&j->wake);
    pthread_cond_destroy(&j->done);
    pthread_mutex_destroy(&j->mu);
    app_sweepgrid_free(&j->ready);
    app_sweepgrid_free(&j->back);
    free(j->x);
    free(j);
}

unsigned app_sweepjob_submit(AppSweepJob *j, const AppSweepRequest *req, const float *x)
{
    int n = req->setup.task.n;
    pthread_mutex_lock(&j->mu);
    if (n > j->x_cap) {
        float *nx = realloc(j->x, (size_t)n * sizeof *nx);
        if (!nx) {
            pthread_mutex_unlock(&j->mu);
            return 0;
        }
        j->x = nx;
        j->x_cap = n;
    }
    memcpy(j->x, x, (size_t)n * sizeof *x);
    j->req = *req;
    unsigned id = ++j->next_id;
    /* A fine pass stops at once; a coarse one is short and finishes (see worker). */
    if (j->running_pass != 1) atomic_store(&j->cancel, 1);
    pthread_cond_broadcast(&j->wake);
    pthread_mutex_unlock(&j->mu);
    return id;
}

int app_sweepjob_fetch(AppSweepJob *j, AppSweepGrid *front)
{
    int got = 0;
    pthread_mutex_lock(&j->mu);
    if (j->ready_new) {
        AppSweepGrid tmp = *front;
        *front = j->ready;
        j->ready = tmp;
        j->ready_new = 0;
        got = 1;
    }
    pthread_mutex_unlock(&j->mu);
    return got;
}

void app_sweepjob_wait(AppSweepJob *j, unsigned id)
{
    pthread_mutex_lock(&j->mu);
    while (j->finished_id < id && j->next_id == id && !j->quit) pthread_cond_wait(&j->done, &j->mu);
    pthread_mutex_unlock(&j->mu);
}

int app_sweepjob_busy(AppSweepJob *j)
{
    pthread_mutex_lock(&j->mu);
    int busy = j->finished_id != j->next_id;
    pthread_mutex_unlock(&j->mu);
    return busy;
}
