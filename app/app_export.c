/* app_export.c — temporary file + rename (plain C, see app_export.h). */
#define _POSIX_C_SOURCE 200809L
#include "app_export.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int app_export_temp_path(const char *path, char *tmp, size_t tmp_len)
{
    int n = snprintf(tmp, tmp_len, "%s.tmp-%ld", path, (long)getpid());
    return n > 0 && (size_t)n < tmp_len;
}

int app_export_commit(const char *tmp, const char *path, char *err, size_t err_len)
{
    if (rename(tmp, path) != 0) {
        snprintf(err, err_len, "cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        return 0;
    }
    return 1;
}

FILE *app_export_open(const char *path, char *tmp, size_t tmp_len, char *err, size_t err_len)
{
    if (!path || !*path) {
        snprintf(err, err_len, "no output file given");
        return NULL;
    }
    if (!app_export_temp_path(path, tmp, tmp_len)) {
        snprintf(err, err_len, "output path too long: %s", path);
        return NULL;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) { /* say so now, not after the work */
        snprintf(err, err_len, "cannot write %s: it is a directory", path);
        return NULL;
    }
    FILE *f = fopen(tmp, "w");
    if (!f) snprintf(err, err_len, "cannot write %s: %s", path, strerror(errno));
    return f;
}

int app_export_close(FILE *f, const char *tmp, const char *path, char *err, size_t err_len)
{
    int bad = ferror(f);
    int saved = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (bad) {
        snprintf(err, err_len, "cannot write %s: %s", path, strerror(saved ? saved : EIO));
        remove(tmp);
        return 0;
    }
    return app_export_commit(tmp, path, err, err_len);
}

int app_export_next_name(const char *dir, const char *prefix, const char *ext, char *out, size_t out_len)
{
    for (int i = 1; i < 1000; i++) {
        int n = snprintf(out, out_len, "%s%s%s-%03d.%s", dir && *dir ? dir : "", dir && *dir ? "/" : "",
                         prefix, i, ext);
        if (n < 0 || (size_t)n >= out_len) return 0;
        struct stat st;
        if (stat(out, &st) != 0 && errno == ENOENT) return 1;
    }
    return 0;
}
