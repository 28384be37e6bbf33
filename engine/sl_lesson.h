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
#define SL_LESSON_MAX_VALUES 32    /* lesson 6/7: x values of the element-wise demos */
#define SL_LESSON_MAX_CHANNELS 64  /* lesson 8: channels C */
#define SL_LESSON_MAP_MAX 64       /* lesson 7: threshold map rows and cols */

/* What the lesson's main view shows beyond the standard task panels. */
typedef enum SlLessonKind {
    SL_LESSON_TASK = 0,    /* the learnable step: masks, landscape, gradients, training */
    SL_LESSON_NAN,         /* lesson 6: where/exp, double where, masked; a/0, nansum, masked select */
    SL_LESSON_THRESHOLD,   /* lesson 7: binary threshold, threshold map, gradient thresholding */
    SL_LESSON_CHANNELS,    /* lesson 8: C channels each with its own t_c */
    SL_LESSON_KIND_COUNT
} SlLessonKind;

/* The view a lesson opens on (`view`): its panels, the graph, or the steepness map. */
typedef enum SlLessonView { SL_VIEW_MAIN = 0, SL_VIEW_GRAPH, SL_VIEW_MAP, SL_VIEW_COUNT } SlLessonView;

/* Panels the window shows for a task-like lesson: bit (1u << SlLessonPanel). */
typedef enum SlLessonPanel {
    SL_PANEL_MASK = 0,
    SL_PANEL_LANDSCAPE,
    SL_PANEL_GRADIENT,
    SL_PANEL_TRAINING,
    SL_PANEL_EXPLAIN,
    SL_PANEL_GRAPH,
    SL_PANEL_COUNT
} SlLessonPanel;

typedef struct SlLessonPage {
    char title[SL_LESSON_TITLE_MAX];
    char text[SL_LESSON_PAGE_MAX];   /* paragraphs separated by "\n\n"; a list item starts after "\n" */
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
    /* The lesson kinds' settings. */
    unsigned panels;         /* bit (1u << SlLessonPanel) per panel shown */
    float threshold;         /* lesson 7: the level of the binary threshold */
    int map_rows, map_cols;  /* lesson 7: size of the per-element threshold map */
    int value_count;         /* lesson 6/7: x values given (0 = the module's default) */
    float values[SL_LESSON_MAX_VALUES];
    int target_count;        /* lesson 8: t*_c given (0 = spread evenly; else == channels) */
    float targets[SL_LESSON_MAX_CHANNELS];
    int high_contrast;       /* theme = high-contrast: darker colours, thicker lines (projectors) */
    /* The steepness map's settings. */
    int show_map;            /* open on the (k, lr) map view (`view = map`) */
    SlLessonView view;       /* what `view` says; the parser turns it into show_graph / show_map */
} SlLesson;

/* The lesson every file starts from: the task defaults, hard+logistic+smoothstep,
 * sgd lr 10, 300 steps, constant k. */
void sl_lesson_default(SlLesson *lesson);

/* Parses len bytes of text (need not be NUL-terminated). name is used in messages.
 * On failure returns SL_ERR_PARSE and writes "name:LINE: what was expected" into err. */
SlStatus sl_lesson_parse(const char *text, size_t len, const char *name, SlLesson *out,
                         char *err, size_t err_len);

/* Reads and parses a file (at most SL_LESSON_FILE_MAX bytes). Errors as above, or
 * SL_ERR_IO with "name: cannot read: reason" for a file that cannot be read. */
SlStatus sl_lesson_load(const char *path, SlLesson *out, char *err, size_t err_len);

/* Returns "task", "nan", "threshold" or "channels". */
const char *sl_lesson_kind_name(SlLessonKind kind);
/* Parses a kind name; returns 1 and sets *out on success, 0 for an unknown name. */
int sl_lesson_kind_parse(const char *name, SlLessonKind *out);
/* Returns "main", "graph" or "map". */
const char *sl_lesson_view_name(SlLessonView view);
/* Returns "mask", "landscape", "gradient", "training", "explain" or "graph". */
const char *sl_lesson_panel_name(SlLessonPanel panel);

#endif
