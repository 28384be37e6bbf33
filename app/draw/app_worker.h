/* app_worker.h — the second drawing thread: it runs the queued calls of canvases handed
 * to it (app_canvas_run_queued), in the order given, and one job at a time (the frame
 * cache's share of the replay). While a frame is drawn it is awake: it polls for work
 * before sleeping, since a wake-up from sleep costs tens of microseconds (more on a
 * virtual machine) and a frame's work comes within the frame. */
#ifndef APP_WORKER_H
#define APP_WORKER_H

#include "app_raster.h"

/* Canvases it holds between two app_worker_finish calls. */
#define APP_WORKER_QUEUE 16

typedef struct AppWorker AppWorker;

/* Starts the thread; NULL when it cannot be made. Free with app_worker_destroy, which
 * first runs what it was given. */
AppWorker *app_worker_create(void);
void app_worker_destroy(AppWorker *w);
/* A frame begins (on = 1: it wakes and polls for work) or has been drawn (0: it sleeps
 * until given something). A thread polls up to 5 ms before it sleeps while frames come
 * back to back, 0.1 ms when they are paced with idle time between them. */
void app_worker_awake(AppWorker *w, int on);
/* Hands over c, whose calls are queued (app_canvas_defer): the thread runs them. At most
 * APP_WORKER_QUEUE between two app_worker_finish calls; c is not touched by the caller
 * until then. */
void app_worker_give(AppWorker *w, AppCanvas *c);
/* Runs here the canvases handed over that the thread has not begun, then waits for the
 * one it is running: every canvas given is drawn when it returns. */
void app_worker_finish(AppWorker *w);
/* Runs fn(arg) on the thread (after what it was given); app_worker_wait returns once fn
 * has returned. One job at a time. */
void app_worker_run(AppWorker *w, void (*fn)(void *), void *arg);
void app_worker_wait(AppWorker *w);

#endif
