/* app_lessons.c — finding and listing lesson files (see app_lessons.h). */
#define _POSIX_C_SOURCE 200809L
#include "app_lessons.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory holding the running binary (no trailing slash), or "" when unknown. */
static void exe_dir(char *out, size_t len)
{
    char exe[APP_LESSON_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    out[0] = '\0';
    if (n <= 0) return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return;
    *slash = '\0';
    snprintf(out, len, "%s", exe);
}

const char *app_lessons_dir(void)
{
    static char dir[APP_LESSON_PATH_MAX];
    const char *env = getenv("STEPLAB_ASSETS");
    if (env && *env) {
        snprintf(dir, sizeof dir, "%.490s/lessons", env);
        return dir;
    }
    /* An installed binary: PREFIX/bin/steplab finds PREFIX/share/steplab/lessons,
     * wherever it is run from and wherever the prefix was moved. */
    char bin[APP_LESSON_PATH_MAX];
    exe_dir(bin, sizeof bin);
    if (bin[0]) {
        snprintf(dir, sizeof dir, "%.400s/../share/steplab/lessons", bin);
        if (is_dir(dir)) return dir;
    }
    /* A binary run from its build tree: the source tree's assets. */
    snprintf(dir, sizeof dir, "%.490s/lessons", STEPLAB_ASSET_DIR);
    return dir;
}

int app_lessons_resolve(const char *name, char *out, size_t out_len)
{
    struct stat st;
    if (stat(name, &st) == 0 || strchr(name, '/') || !name[0]) {
        snprintf(out, out_len, "%s", name);
        return 1;
    }
    static AppLessonList list;
    int count = app_lessons_list(NULL, &list), found = -1;
    size_t len = strlen(name);
    for (int i = 0; i < count; i++) {
        const char *base = strrchr(list.paths[i], '/');
        base = base ? base + 1 : list.paths[i];
        if (strncmp(base, name, len) != 0) continue;
        if (found >= 0) return 0;  /* ambiguous: "0" matches every lesson */
        found = i;
    }
    if (found < 0) {
        snprintf(out, out_len, "%s", name);
        return 1;
    }
    snprintf(out, out_len, "%s", list.paths[found]);
    return 1;
}

static int by_name(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

int app_lessons_list(const char *dir, AppLessonList *list)
{
    list->count = 0;
    if (!dir) dir = app_lessons_dir();
    DIR *d = opendir(dir);
    if (!d) return 0;
    char names[APP_LESSONS_MAX][256];
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && count < APP_LESSONS_MAX) {
        size_t len = strlen(e->d_name);
        if (len < 5 || len >= sizeof names[0] || strcmp(e->d_name + len - 4, ".txt") != 0) continue;
        memcpy(names[count++], e->d_name, len + 1);
    }
    closedir(d);
    qsort(names, (size_t)count, sizeof names[0], by_name);
    for (int i = 0; i < count; i++)
        snprintf(list->paths[i], sizeof list->paths[i], "%.250s/%.250s", dir, names[i]);
    list->count = count;
    return count;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

int app_lessons_find(const AppLessonList *list, const char *path)
{
    for (int i = 0; i < list->count; i++)
        if (strcmp(base_name(list->paths[i]), base_name(path)) == 0) return i;
    return -1;
}
