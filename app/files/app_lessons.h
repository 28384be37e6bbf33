/* app_lessons.h — where the shipped lessons are and which ones there are, for
 * `steplab` with no arguments (the first lesson), the lesson picker and the
 * next/previous-lesson keys. Plain C (POSIX directory listing), no SDL. */
#ifndef APP_LESSONS_H
#define APP_LESSONS_H

#include <stddef.h>

#define APP_LESSONS_MAX 64
#define APP_LESSON_PATH_MAX 512

typedef struct AppLessonList {
    int count;
    char paths[APP_LESSONS_MAX][APP_LESSON_PATH_MAX];  /* sorted by file name */
} AppLessonList;

/* The lessons directory: $STEPLAB_ASSETS/lessons if set, else ../share/steplab/lessons
 * beside the binary (an installed steplab), else the source tree's assets/lessons (a
 * binary run from its build tree). See README, "Install". */
const char *app_lessons_dir(void);

/* Resolves a --lesson argument: an existing file or anything with a '/' is taken as it
 * is; otherwise a shipped lesson whose file name starts with it ("02", "02-soften").
 * Writes the path into out. Returns 0 when the name matches more than one lesson. */
int app_lessons_resolve(const char *name, char *out, size_t out_len);

/* Lists the *.txt files of dir (NULL: app_lessons_dir()) in name order. Returns the
 * count (0 when the directory is missing or empty). */
int app_lessons_list(const char *dir, AppLessonList *list);

/* The index of path in list (compared by file name), or -1. */
int app_lessons_find(const AppLessonList *list, const char *path);

#endif
