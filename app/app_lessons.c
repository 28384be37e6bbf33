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

const char *app_lessons_dir(void)
{
    static char dir[APP_LESSON_PATH_MAX];
    const char *env = getenv("STEPLAB_ASSETS");
    if (env && *env) {
        snprintf(dir, sizeof dir, "%s/lessons", env);
        return dir;
    }
    snprintf(dir, sizeof dir, "%s/lessons", STEPLAB_ASSET_DIR);
    if (is_dir(dir)) return dir;
    char exe[APP_LESSON_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        snprintf(dir, sizeof dir, "%.400s/../share/steplab/lessons", exe);
        if (is_dir(dir)) return dir;
    }
    snprintf(dir, sizeof dir, "%s/lessons", STEPLAB_ASSET_DIR);
    return dir;
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
