/* sl_lesson_eval.h — every parameter of a lesson, evaluated: the numbers behind
 * `steplab eval --lesson FILE --json` and the lesson-1 audit. One flat list of items
 * (names + numbers + a gradient state), so any face can print it without knowing the
 * lesson kinds. All numbers come from the tape modules (task, nandemo, threshold, channels). */
#ifndef SL_LESSON_EVAL_H
#define SL_LESSON_EVAL_H

#include <stddef.h>
#include "sl_grad.h"
#include "sl_lesson.h"
#include "sl_status.h"

typedef struct SlEvalItem {
    char group[32];   /* what was evaluated: a family ("hard"), a case ("naive"), "binary", "map_soft" */
    char param[16];   /* the parameter: "t", "t_c", "x", "a", "b", "threshold", "T" */
    int index;        /* element index in the parameter, or -1 for a scalar parameter */
    float value;      /* the parameter's value */
    float loss;       /* the loss this gradient is of */
    float grad;       /* the number for zero/value; 0 for none; NaN for nan */
    SlGradState state;
} SlEvalItem;

typedef struct SlLessonEval {
    SlLessonKind kind;
    int count, cap;
    SlEvalItem *items;  /* owned; free with sl_lesson_eval_deinit */
} SlLessonEval;

/* Evaluates the lesson at its start settings into *out (caller's storage):
 *   task:      t for each family shown (lesson->families), at task.t;
 *   nan:       every element of every lesson-6 case's parameter (x: lesson values or the default);
 *   threshold: x and threshold of the hard, pass and soft forms ("binary", "pass", "soft"),
 *              every T of the hard and soft maps ("map_hard", "map_soft"), and t per family;
 *   channels:  t_c of every channel for each family shown.
 * Returns SL_OK, SL_ERR_ARG or SL_ERR_NOMEM with one line in err; *out then holds nothing
 * to free (deinit is still safe). */
SlStatus sl_lesson_eval(const SlLesson *lesson, SlLessonEval *out, char *err, size_t err_len);
void sl_lesson_eval_deinit(SlLessonEval *ev);

/* The audit a user should run before trusting an optimizer: writes one plain sentence
 * naming every parameter whose gradient is none (or saying that every parameter has a
 * gradient) into buf. Returns how many parameters (group + param pairs) have none. */
int sl_lesson_eval_audit(const SlLessonEval *ev, char *buf, size_t len);

#endif
