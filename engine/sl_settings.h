/* sl_settings.h — the one table of lesson settings. Each row is one setting: its key in
 * a lesson file and its option on the command line, its type, the SlLesson field it
 * sets, its range, its default and its help. The lesson parser, the CLI's option parser
 * and its --help all read this table, and a test holds docs/lessons.md to it; a new
 * setting is one row in sl_settings.c. */
#ifndef SL_SETTINGS_H
#define SL_SETTINGS_H

#include <stddef.h>
#include "sl_lesson.h"
#include "sl_status.h"

#define SL_SETTINGS_MAX 64  /* rows the table may hold (the lesson parser keeps a line per row) */

typedef enum SlSettingType {
    SL_SETTING_TEXT = 0,   /* text of lo..hi bytes (a char array field) */
    SL_SETTING_INT,        /* whole number in [lo, hi] (an int or uint32_t field) */
    SL_SETTING_FLOAT,      /* finite float32 within lo, hi (see the flags; an infinite bound is none) */
    SL_SETTING_DOUBLE,     /* finite double within lo, hi, as FLOAT */
    SL_SETTING_CHOICE,     /* one of the names (an enum field: its index) */
    SL_SETTING_NAME_SET,   /* comma list of the names, or all (an unsigned field: bit i per name i) */
    SL_SETTING_BOOL,       /* yes/no, true/false, on/off, 1/0 (an int field) */
    SL_SETTING_FLOAT_LIST, /* comma list of 1..hi finite numbers (set by the row's own setter) */
    SL_SETTING_REFUSED,    /* a key that is no setting any more: refused with the row's help as the reason */
    SL_SETTING_TYPE_COUNT
} SlSettingType;

/* What a setting is about; the command line decides from it which commands take it. */
typedef enum SlSettingScope {
    SL_SCOPE_LESSON = 0, /* the lesson itself (title, kind, panels, lesson 6-8 values) */
    SL_SCOPE_TASK,       /* the task: every command */
    SL_SCOPE_TRAIN,      /* the optimizer and annealing: every command that trains */
    SL_SCOPE_RUN,        /* the length of a training run */
    SL_SCOPE_SHOW,       /* how the window shows the lesson */
    SL_SCOPE_COUNT
} SlSettingScope;

#define SL_SETTING_LO_OPEN 1u  /* FLOAT/DOUBLE: lo itself is refused (> lo) */
#define SL_SETTING_HI_OPEN 2u  /* FLOAT/DOUBLE: hi itself is refused (< hi) */

struct SlSetting;
/* A row's own parser: sets the field from value or writes "NAME must be ..., got 'V'"
 * into msg and returns SL_ERR_ARG. name is the key or the option, as the user spelled it. */
typedef SlStatus (*SlSettingSetFn)(const struct SlSetting *s, const char *name, const char *value,
                                   SlLesson *lesson, char *msg, size_t msg_len);

typedef struct SlSetting {
    const char *key;          /* in a lesson file: "grad_threshold" */
    const char *option;       /* on the command line: "--grad-threshold"; NULL: lesson files only */
    const char *metavar;      /* the option's value in --help: "G" */
    SlSettingType type;
    SlSettingScope scope;
    size_t offset, size;      /* the SlLesson field (offsetof, sizeof) */
    double lo, hi;            /* the range; TEXT: bytes; FLOAT_LIST: how many numbers */
    unsigned flags;           /* SL_SETTING_LO_OPEN, SL_SETTING_HI_OPEN */
    const char *(*name_of)(int i);  /* CHOICE, NAME_SET: the i-th name, i < name_count */
    int name_count;
    SlSettingSetFn set;       /* NULL: the type's own parser */
    const char *dflt;         /* the default in words when it is not one value; NULL: sl_lesson_default's */
    const char *help;         /* what it does (REFUSED: why it is refused) */
} SlSetting;

/* The table, in the order lessons list their keys; *count receives how many rows. */
const SlSetting *sl_settings(int *count);
/* The row whose lesson key is key, or NULL. */
const SlSetting *sl_setting_by_key(const char *key);
/* The row whose command-line option is option ("--k"), or NULL. */
const SlSetting *sl_setting_by_option(const char *option);
/* The row's index in the table (0 .. count-1). */
int sl_setting_index(const SlSetting *s);

/* Parses value and sets the row's field in lesson. On a bad value returns SL_ERR_ARG
 * and writes "NAME must be RANGE, got 'VALUE'" (or "NAME: unknown name ...") into msg,
 * leaving the field as it was; name is the key or option the user wrote. Ranges that
 * need two settings are sl_task_validate's and sl_optim_validate's. */
SlStatus sl_setting_set(const SlSetting *s, const char *name, const char *value, SlLesson *lesson,
                        char *msg, size_t msg_len);

/* Writes the row's valid values in words ("a finite number > 0", "a whole number from 1
 * to 64", "one of: hard, logistic", ...); the same words as sl_setting_set's messages. */
void sl_setting_range_text(const SlSetting *s, char *buf, size_t len);

/* Writes the row's value in lesson as a lesson file would spell it ("1", "logistic",
 * "hard, logistic", "yes"); "" for REFUSED. */
void sl_setting_format(const SlSetting *s, const SlLesson *lesson, char *buf, size_t len);

/* Writes the row's default: its dflt words, or its value in sl_lesson_default's lesson. */
void sl_setting_default_text(const SlSetting *s, char *buf, size_t len);

#endif
