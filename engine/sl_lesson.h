/* sl_lesson.h — lessons are data: one plain-text file per lesson, one parser.
 * The format (key = value settings, then pages of explanation) is documented in
 * docs/lessons.md. Unknown keys and bad values are errors naming file and line. */
#ifndef SL_LESSON_H
#define SL_LESSON_H

#include <stddef.h>
#include "sl_optim.h"
#include "sl_status.h"
#include "sl_task.h"

#define SL_LESSON_MAX_PAGES 8
#define SL_LESSON_TITLE_MAX 96
#define SL_LESSON_PAGE_MAX 1600
#define SL_LESSON_LINE_MAX 512     /* longer lines are an error, not a truncation */
#define SL_LESSON_FILE_MAX 65536

/* What the lesson's main view shows beyond the standard task panels. */
typedef enum SlLessonKind {
    SL_LESSON_TASK = 0,    /* the learnable step: masks, landscape, gradients, training */
    SL_LESSON_NAN,         /* lesson 6: where/exp, double where, masked; a/0, nansum, masked select */
    SL_LESSON_THRESHOLD,   /* lesson 7: binary threshold, threshold map, gradient thresholding */
    SL_LESSON_CHANNELS,    /* lesson 8: C channels each with its own t_c */
    SL_LESSON_KIND_COUNT
} SlLessonKind;

typedef struct SlLessonPage {
    char title[SL_LESSON_TITLE_MAX];
    char text[SL_LESSON_PAGE_MAX];   /* paragraphs separated by blank lines ("\n\n") */
} SlLessonPage;

typedef struct SlLesson {
    char title[SL_LESSON_TITLE_MAX];
    SlLessonKind kind;
    SlTaskConfig task;       /* task.mask is the family the CLI evaluates */
    unsigned families;       /* bit (1u << SlMaskKind) per family shown side by side */
    SlOptConfig opt;
    SlAnneal anneal;
    int steps;               /* step limit for training */
    float grad_threshold;    /* lesson 7: zero |g| below this (0 = off) */
    int channels;            /* lesson 8: number of channels C */
    float above, below;      /* lesson 7: values of the binary threshold */
    int show_graph;          /* open with the graph view showing */
    int page_count;
    SlLessonPage pages[SL_LESSON_MAX_PAGES];
} SlLesson;

/* The lesson every file starts from: the task defaults, hard+logistic+smoothstep,
 * sgd lr 10, 300 steps, constant k. */
void sl_lesson_default(SlLesson *lesson);

/* Parses len bytes of text (need not be NUL-terminated). name is used in messages.
 * On failure returns SL_ERR_PARSE and writes "name:LINE: what was expected" into err. */
SlStatus sl_lesson_parse(const char *text, size_t len, const char *name, SlLesson *out,
                         char *err, size_t err_len);

/* Reads and parses a file (at most SL_LESSON_FILE_MAX bytes). Errors as above, or
 * "name: cannot read: reason". */
SlStatus sl_lesson_load(const char *path, SlLesson *out, char *err, size_t err_len);

const char *sl_lesson_kind_name(SlLessonKind kind);

#endif
