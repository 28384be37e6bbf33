/* app_sweepjob.h — the map's sweeps in the background: one coordinating thread runs a
 * coarse pass, then the fine pass, through sl_sweep_run on all cores; a new request
 * cancels a running fine pass (the sweep's cancel flag) and starts over — a running
 * coarse pass finishes and is shown first, so a drag keeps a picture that follows it. Plain C (pthreads,
 * no SDL). Invariant: three grids change hands only under the mutex — the worker
 * writes its own, hands it over as "ready", and the frame swaps "ready" into the grid
 * it draws from — so the frame never reads cells a sweep is writing. */
#ifndef APP_SWEEPJOB_H
#define APP_SWEEPJOB_H

#include <stddef.h>
#include "sl_sweep.h"

/* What to sweep: the shared setup and the two axes at the fine count (the coarse pass
 * uses the same ranges with fewer cells, see app_sweepmap_axis). */
typedef struct AppSweepRequest {
    SlSweepSetup setup;
    SlSweepAxis ax_coarse, ay_coarse, ax_fine, ay_fine;
} AppSweepRequest;

/* A finished pass. cells is owned by whoever holds the grid (the job or the frame). */
typedef struct AppSweepGrid {
    unsigned id;            /* the request it answers (0: none yet) */
    int pass;               /* 1: coarse, 2: fine (the last) */
    SlStatus status;        /* SL_OK, or why there are no cells (err says it in words) */
    char err[256];
    SlSweepAxis ax, ay;
    SlSweepCell *cells;     /* ax.count * ay.count, row-major (iy * ax.count + ix) */
    size_t cap;             /* cells allocated */
} AppSweepGrid;

typedef struct AppSweepJob AppSweepJob;

/* Starts the worker thread. threads: sl_sweep_run's threads (<= 0: all cores). Returns
 * NULL when out of memory or no thread can start. Free with app_sweepjob_destroy. */
AppSweepJob *app_sweepjob_create(int threads);
/* Cancels any sweep, joins the thread and frees everything (NULL is fine). */
void app_sweepjob_destroy(AppSweepJob *j);

/* Asks for req (copied) over the signal x (req->setup.task.n floats, copied); a running
 * sweep is cancelled. Returns the request's id (ids grow from 1), or 0 when out of
 * memory. */
unsigned app_sweepjob_submit(AppSweepJob *j, const AppSweepRequest *req, const float *x);
/* If a pass newer than *front has finished, swaps it into *front (the frame's grid) and
 * returns 1; else 0. Never waits for a sweep. */
int app_sweepjob_fetch(AppSweepJob *j, AppSweepGrid *front);
/* Blocks until request id has finished its last pass (or failed, or a newer request
 * replaced it). For the headless renderer, which must draw the full map. */
void app_sweepjob_wait(AppSweepJob *j, unsigned id);
/* Whether a sweep is running or waiting to run. */
int app_sweepjob_busy(AppSweepJob *j);
/* Frees a grid's cells (the frame's grid; the job frees its own). */
void app_sweepgrid_free(AppSweepGrid *g);

#endif
