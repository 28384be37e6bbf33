/* app_worker.c — the second drawing thread (see app_worker.h). The queue and the job
 * are guarded by mu; posted, busy and job_on mirror them for polling without the lock,
 * and are written under it. */
#include "app_worker.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

struct AppWorker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t wake, idle;
    AppCanvas *queue[APP_WORKER_QUEUE];
    int taken, given;    /* canvases taken by the thread, handed to it (since the last finish) */
    void (*job)(void *); /* a job handed to it, not yet begun, or NULL */
    void *job_arg;
    atomic_int posted;   /* counts every hand-over */
    atomic_int busy;     /* running a canvas's calls */
    atomic_int job_on;   /* a job handed over and not finished */
    atomic_int awake;    /* a frame is being drawn: poll for work, do not sleep */
    atomic_int poll_us;  /* how long to poll before sleeping, this frame */
    int64_t frame_end;   /* when the last frame ended (the drawing thread's) */
    int stop;
};

/* How long a thread polls before it sleeps. Frames drawn back to back (a window whose
 * frames take longer than the 60 Hz pacing, the benchmark): the work of the next frame
 * comes within microseconds and a wake-up from sleep costs tens of them, up to
 * milliseconds on a virtual machine whose idle core was taken away, so the threads poll
 * for up to POLL_LONG_NS. Frames paced with idle time in between (a window at 60 Hz):
 * both cores went idle between frames, and polling for long made those frames slower
 * (3-6 ms against 2.5-3 ms at 1080p under Xvfb here), so only POLL_SHORT_NS, which still
 * bridges the gaps within a frame (the first layer comes about 0.1 ms after it begins). */
#define POLL_LONG_NS 5000000
#define POLL_SHORT_NS 100000
#define BACK_TO_BACK_NS 2000000 /* idle time between two frames below which they are */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void pause_cpu(void)
{
#ifdef __SSE2__
    _mm_pause();
#endif
}

/* Polls until *v differs from seen or *until is 0 (when until is non-NULL), for at most
 * w's poll time; returns 0 when it gave up (the caller then sleeps on a condition). */
static int poll_change(AppWorker *w, atomic_int *v, int seen, atomic_int *until)
{
    const int64_t ns = (int64_t)atomic_load(&w->poll_us) * 1000;
    int64_t end = 0;
    for (unsigned i = 0;; i++) {
        if (atomic_load_explicit(v, memory_order_acquire) != seen) return 1;
        if (until && !atomic_load_explicit(until, memory_order_acquire)) return 1;
        if ((i & 63u) == 0) {
            int64_t t = now_ns();
            if (!end) end = t + ns;
            else if (t > end) return 0;
        }
        pause_cpu();
    }
}

static void *worker_main(void *arg)
{
    AppWorker *w = arg;
    int tired = 0; /* polled its whole time: sleep until woken */
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->taken == w->given && !w->job && !w->stop) {
            if (atomic_load(&w->awake) && !tired) {
                int seen = atomic_load(&w->posted);
                pthread_mutex_unlock(&w->mu);
                tired = !poll_change(w, &w->posted, seen, &w->awake);
                pthread_mutex_lock(&w->mu);
                continue;
            }
            pthread_cond_wait(&w->wake, &w->mu);
            tired = 0;
        }
        if (w->job) {
            void (*fn)(void *) = w->job;
            w->job = NULL;
            pthread_mutex_unlock(&w->mu);
            fn(w->job_arg);
            pthread_mutex_lock(&w->mu);
            atomic_store(&w->job_on, 0);
            pthread_cond_signal(&w->idle);
            continue;
        }
        if (w->taken == w->given) break; /* stop, and nothing left */
        AppCanvas *c = w->queue[w->taken++];
        atomic_store(&w->busy, 1);
        pthread_mutex_unlock(&w->mu);
        app_canvas_run_queued(c);
        pthread_mutex_lock(&w->mu);
        atomic_store(&w->busy, 0);
        if (w->taken == w->given) pthread_cond_signal(&w->idle);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

AppWorker *app_worker_create(void)
{
    AppWorker *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    atomic_init(&w->poll_us, POLL_SHORT_NS / 1000);
    if (pthread_mutex_init(&w->mu, NULL) != 0) goto no_mutex;
    if (pthread_cond_init(&w->wake, NULL) != 0) goto no_wake;
    if (pthread_cond_init(&w->idle, NULL) != 0) goto no_idle;
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) goto no_thread;
    return w;
no_thread:
    pthread_cond_destroy(&w->idle);
no_idle:
    pthread_cond_destroy(&w->wake);
no_wake:
    pthread_mutex_destroy(&w->mu);
no_mutex:
    free(w);
    return NULL;
}

void app_worker_destroy(AppWorker *w)
{
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    w->stop = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_cond_destroy(&w->idle);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

void app_worker_awake(AppWorker *w, int on)
{
    int64_t now = now_ns();
    if (!on) {
        atomic_store(&w->awake, 0);
        w->frame_end = now;
        return;
    }
    int back_to_back = w->frame_end && now - w->frame_end < BACK_TO_BACK_NS;
    atomic_store(&w->poll_us, (back_to_back ? POLL_LONG_NS : POLL_SHORT_NS) / 1000);
    pthread_mutex_lock(&w->mu);
    atomic_store(&w->awake, 1);
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->mu);
}

void app_worker_give(AppWorker *w, AppCanvas *c)
{
    pthread_mutex_lock(&w->mu);
    w->queue[w->given++] = c;
    atomic_fetch_add(&w->posted, 1);
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->mu);
}

void app_worker_finish(AppWorker *w)
{
    pthread_mutex_lock(&w->mu);
    for (;;) {
        if (w->taken != w->given) { /* one not begun yet: drawn here rather than waited for */
            AppCanvas *c = w->queue[w->taken++];
            pthread_mutex_unlock(&w->mu);
            app_canvas_run_queued(c);
            pthread_mutex_lock(&w->mu);
            continue;
        }
        if (!atomic_load(&w->busy)) break;
        /* The one it runs ends soon: poll for that, sleep only if it does not. */
        pthread_mutex_unlock(&w->mu);
        int ended = poll_change(w, &w->busy, 1, NULL);
        pthread_mutex_lock(&w->mu);
        if (!ended && atomic_load(&w->busy)) pthread_cond_wait(&w->idle, &w->mu);
    }
    w->taken = w->given = 0;
    pthread_mutex_unlock(&w->mu);
}

void app_worker_run(AppWorker *w, void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&w->mu);
    w->job = fn;
    w->job_arg = arg;
    atomic_store(&w->job_on, 1);
    atomic_fetch_add(&w->posted, 1);
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->mu);
}

void app_worker_wait(AppWorker *w)
{
    if (poll_change(w, &w->job_on, 1, NULL)) return;
    pthread_mutex_lock(&w->mu);
    while (atomic_load(&w->job_on)) pthread_cond_wait(&w->idle, &w->mu);
    pthread_mutex_unlock(&w->mu);
}
