/* app_par.h — a job of a few independent items on both cores: the calling thread and
 * one helper take items from a shared counter until none are left. For O(N) engine
 * calls at large N (one trainer per mask family); items must not share mutable state.
 * Plain C (POSIX threads), no SDL. */
#ifndef APP_PAR_H
#define APP_PAR_H

/* Calls fn(i, arg) once for every i in 0..count-1, on two threads when parallel is
 * non-zero and count > 1 (on the caller alone otherwise, or when no thread can be
 * started), and returns when all calls have. */
void app_par_run(int count, int parallel, void (*fn)(int i, void *arg), void *arg);

#endif
