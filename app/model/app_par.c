/* app_par.c — two threads over a counter (see app_par.h). The order in which items run
 * is free; whatever they produce goes to per-item slots the caller reads after the join. */
#include "app_par.h"

#include <pthread.h>
#include <stdatomic.h>

typedef struct ParJob {
    atomic_int next;
    int count;
    void (*fn)(int i, void *arg);
    void *arg;
} ParJob;

static void drain(ParJob *job)
{
    for (;;) {
        int i = atomic_fetch_add(&job->next, 1);
        if (i >= job->count) return;
        job->fn(i, job->arg);
    }
}

static void *helper(void *p)
{
    drain(p);
    return NULL;
}

void app_par_run(int count, int parallel, void (*fn)(int i, void *arg), void *arg)
{
    ParJob job;
    atomic_init(&job.next, 0);
    job.count = count;
    job.fn = fn;
    job.arg = arg;
    pthread_t th;
    int started = parallel && count > 1 && pthread_create(&th, NULL, helper, &job) == 0;
    drain(&job);
    if (started) pthread_join(th, NULL);
}
