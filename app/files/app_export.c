/* app_export.c — safe file output (see app_export.h). The checks run in a fixed order:
 * resolve symlinks, classify what is at the path, then pick one of four ways to write;
 * every way ends in commit (all checked) or abort (the old file untouched). */
#define _GNU_SOURCE  /* O_PATH, AT_EACCESS */
#include "app_export.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app_escape.h"

#define EXPORT_BUF 65536
#define EXPORT_MAX_LINKS 40

/* "cannot write PATH: reason" into err, x closed; returns SL_ERR_IO. */
static SlStatus fail(AppExport *x, char *err, size_t err_len, const char *reason)
{
    snprintf(err, err_len, "cannot write %s: %s", x->shown, reason);
    app_export_abort(x);
    return SL_ERR_IO;
}

static SlStatus fail_errno(AppExport *x, char *err, size_t err_len, int e)
{
    SlStatus st = fail(x, err, err_len, strerror(e ? e : EIO));
    return e == ENOMEM ? SL_ERR_NOMEM : st;
}

/* Writes all n bytes to fd; 0 on success, else the errno. */
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return errno;
        if (w == 0) return EIO;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* A short name that does not exist yet is found by O_EXCL; this only has to vary. */
static void temp_name(char *out, size_t out_len, unsigned attempt)
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t z = (uint64_t)getpid() * UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                 ((uint64_t)attempt << 50) ^ (uint64_t)(uintptr_t)out;
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    z ^= z >> 31;
    char r[7];
    for (int i = 0; i < 6; i++, z /= 36) r[i] = digits[z % 36];
    r[6] = '\0';
    snprintf(out, out_len, ".steplab-%s", r);
}

/* Whether the symlink at link lies in /proc (/dev/stdout, /dev/fd/N): it names an open
 * stream, not a file to replace. When it is one of this process's own descriptors,
 * *own_fd gets its number (else -1). */
static int is_proc_link(const char *link, int *own_fd)
{
    char dir[APP_EXPORT_PATH_MAX], real[PATH_MAX], mine[64];
    *own_fd = -1;
    const char *slash = strrchr(link, '/');
    if (!slash) return 0;
    size_t n = (size_t)(slash - link);
    if (n == 0 || n >= sizeof dir) return 0;
    memcpy(dir, link, n);
    dir[n] = '\0';
    if (!realpath(dir, real)) return 0;
    if (strncmp(real, "/proc/", 6) != 0) return 0;
    snprintf(mine, sizeof mine, "/proc/%ld/fd", (long)getpid());
    char *end;
    long fd = strtol(slash + 1, &end, 10);
    if (strcmp(real, mine) == 0 && slash[1] && !*end && fd >= 0 && fd <= INT_MAX) *own_fd = (int)fd;
    return 1;
}

/* Follows symlinks from path; cur gets the final path. *exists says whether something
 * is there (st then describes it, symlinks followed) and *proc whether the chain
 * ended in a /proc link (*own_fd: which descriptor of ours). Returns 0 or an errno. */
static int resolve(const char *path, char *cur, size_t cur_len, struct stat *st, int *exists, int *proc, int *own_fd)
{
    *exists = 0;
    *proc = 0;
    *own_fd = -1;
    if (strlen(path) >= cur_len) return ENAMETOOLONG;
    strcpy(cur, path);
    for (int hops = 0;; hops++) {
        if (lstat(cur, st) != 0) return errno == ENOENT ? 0 : errno;
        if (!S_ISLNK(st->st_mode)) {
            *exists = 1;
            return 0;
        }
        if (is_proc_link(cur, own_fd)) {
            *proc = 1;
            if (stat(cur, st) != 0) return errno;
            *exists = 1;
            return 0;
        }
        if (hops >= EXPORT_MAX_LINKS) return ELOOP;
        char target[APP_EXPORT_PATH_MAX];
        ssize_t n = readlink(cur, target, sizeof target);
        if (n < 0) return errno;
        if ((size_t)n >= sizeof target) return ENAMETOOLONG;
        target[n] = '\0';
        if (target[0] == '/') {
            strcpy(cur, target);
        } else {
            char *slash = strrchr(cur, '/');
            size_t keep = slash ? (size_t)(slash - cur) + 1 : 0;
            if (keep + (size_t)n >= cur_len) return ENAMETOOLONG;
            memcpy(cur + keep, target, (size_t)n + 1);
        }
    }
}

/* Writes into what is at path (own_fd >= 0: our own descriptor, shared as it is, with
 * its offset and append mode; append: add to a file rather than cut it). */
static SlStatus open_direct(AppExport *x, const char *path, int own_fd, int append, char *err, size_t err_len)
{
    int fd;
    if (own_fd >= 0) fd = fcntl(own_fd, F_DUPFD_CLOEXEC, 0);
    else
        do fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (append ? O_APPEND : 0));
        while (fd < 0 && errno == EINTR);
    if (fd < 0) return fail_errno(x, err, err_len, errno);
    x->fd = fd;
    x->kind = APP_EXPORT_DIRECT;
    return SL_OK;
}

/* Opens the folder of cur and notes the file's name in it. 0 or an errno. */
static int open_folder(AppExport *x, const char *cur)
{
    const char *slash = strrchr(cur, '/');
    const char *base = slash ? slash + 1 : cur;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) return EISDIR;
    if (strlen(base) >= sizeof x->name) return ENAMETOOLONG;
    strcpy(x->name, base);
    char dir[APP_EXPORT_PATH_MAX];
    if (!slash) {
        strcpy(dir, ".");
    } else if (slash == cur) {
        strcpy(dir, "/");
    } else {
        size_t n = (size_t)(slash - cur);
        memcpy(dir, cur, n);
        dir[n] = '\0';
    }
    x->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#ifdef O_PATH
    if (x->dirfd < 0 && errno == EACCES) x->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
#endif
    return x->dirfd < 0 ? errno : 0;
}

/* Creates a new temporary file beside the target (x->fd, x->tmp). 0 or an errno. */
static int make_temp(AppExport *x)
{
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        temp_name(x->tmp, sizeof x->tmp, attempt);
        x->fd = openat(x->dirfd, x->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, 0666);
        if (x->fd >= 0) return 0;
        if (errno != EEXIST && errno != EINTR) break;
    }
    int e = errno;
    x->tmp[0] = '\0';
    return e;
}

SlStatus app_export_open(AppExport *x, const char *path, char *err, size_t err_len)
{
    memset(x, 0, sizeof *x);
    x->fd = -1;
    x->dirfd = -1;
    if (!path || !*path) {
        snprintf(err, err_len, "no output file given");
        return SL_ERR_ARG;
    }
    app_escape_line(path, x->shown, sizeof x->shown);
    if (strcmp(path, "-") == 0) {
        x->kind = APP_EXPORT_STDOUT;
        return SL_OK;
    }
    x->buf = malloc(EXPORT_BUF);
    if (!x->buf) return fail_errno(x, err, err_len, ENOMEM);
    x->cap = EXPORT_BUF;
    char cur[APP_EXPORT_PATH_MAX];
    struct stat st;
    int exists, proc, own_fd;
    int e = resolve(path, cur, sizeof cur, &st, &exists, &proc, &own_fd);
    if (e) return fail_errno(x, err, err_len, e);
    if (exists && proc && !S_ISDIR(st.st_mode) && (own_fd >= 0 || S_ISREG(st.st_mode)))
        return open_direct(x, cur, own_fd, 1, err, err_len); /* /dev/stdout: where stdout goes, even a file */
    if (exists && S_ISDIR(st.st_mode)) return fail(x, err, err_len, "it is a directory");
    if (exists && S_ISSOCK(st.st_mode))
        return fail(x, err, err_len, "it is a socket (steplab writes files, character devices and FIFOs)");
    if (exists && S_ISBLK(st.st_mode)) return fail(x, err, err_len, "it is a block device (steplab does not write to disks)");
    if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) return open_direct(x, cur, -1, 0, err, err_len);
    if (exists && !S_ISREG(st.st_mode)) return fail(x, err, err_len, "it is not a regular file");

    if ((e = open_folder(x, cur)) != 0) return fail_errno(x, err, err_len, e);
    if (exists) {
        if (faccessat(x->dirfd, x->name, W_OK, AT_EACCESS) != 0) return fail_errno(x, err, err_len, errno);
        x->keep_mode = 1;
        x->mode = st.st_mode & 0777;
        x->uid = st.st_uid;
        x->gid = st.st_gid;
    }
    e = make_temp(x);
    if (e == 0) {
        /* It can be made: that is all open needs to know. The real one is made when the
         * first bytes leave the buffer, so an interrupted run leaves nothing behind. */
        close(x->fd);
        x->fd = -1;
        unlinkat(x->dirfd, x->tmp, 0);
        x->tmp[0] = '\0';
        x->kind = APP_EXPORT_REPLACE;
        return SL_OK;
    }
    if ((e == EACCES || e == EPERM) && exists) {
        /* The folder is closed to new files but the file is writable: keep everything
         * in memory and rewrite the file on commit, once nothing can fail before it. */
        x->kind = APP_EXPORT_IN_PLACE;
        return SL_OK;
    }
    return fail_errno(x, err, err_len, e);
}

/* Hands the buffered bytes to the file; 0 or the errno. */
static int drain(AppExport *x)
{
    if (x->len == 0 || x->kind == APP_EXPORT_IN_PLACE) return 0;
    int e = x->fd < 0 ? make_temp(x) : 0;
    if (e) return e;
    e = write_all(x->fd, x->buf, x->len);
    x->len = 0;
    return e;
}

int app_export_write(AppExport *x, const void *data, size_t len)
{
    if (x->kind == APP_EXPORT_NONE || x->error) return 0;
    if (len == 0) return 1;
    if (x->kind == APP_EXPORT_STDOUT) {
        errno = 0;
        if (fwrite(data, 1, len, stdout) != len) x->error = errno ? errno : EIO;
        return !x->error;
    }
    if (x->len + len > x->cap) {
        if (x->kind == APP_EXPORT_IN_PLACE) {
            size_t cap = x->cap;
            while (cap < x->len + len) {
                if (cap > SIZE_MAX / 2) {
                    x->error = ENOMEM;
                    return 0;
                }
                cap *= 2;
            }
            char *b = realloc(x->buf, cap);
            if (!b) {
                x->error = ENOMEM;
                return 0;
            }
            x->buf = b;
            x->cap = cap;
        } else {
            if ((x->error = drain(x)) != 0) return 0;
            if (len >= x->cap) {
                if (x->fd < 0) x->error = make_temp(x);
                if (!x->error) x->error = write_all(x->fd, data, len);
                return !x->error;
            }
        }
    }
    memcpy(x->buf + x->len, data, len);
    x->len += len;
    return 1;
}

int app_export_printf(AppExport *x, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        if (!x->error) x->error = EINVAL;
        return 0;
    }
    if ((size_t)n < sizeof small) return app_export_write(x, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big) {
        if (!x->error) x->error = ENOMEM;
        return 0;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int ok = app_export_write(x, big, (size_t)n);
    free(big);
    return ok;
}

/* fsync, except where a device or FIFO says it cannot (no data to make durable). */
static int sync_fd(int fd, int direct)
{
    if (fsync(fd) == 0) return 0;
    if (direct && (errno == EINVAL || errno == EROFS || errno == ENOTSUP)) return 0;
    return errno;
}

static int close_fd(int *fd)
{
    int r = close(*fd);
    *fd = -1;
    return r != 0 && errno != EINTR ? errno : 0;
}

/* The IN_PLACE commit: reserve the space, then overwrite and cut to length. */
static int rewrite_in_place(AppExport *x)
{
    int fd = openat(x->dirfd, x->name, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return errno;
    struct stat st;
    int e = 0;
    if (fstat(fd, &st) != 0) e = errno;
    else if (!S_ISREG(st.st_mode)) e = EINVAL;
    else if ((off_t)x->len > st.st_size) {
        e = posix_fallocate(fd, st.st_size, (off_t)x->len - st.st_size);
        if (e && ftruncate(fd, st.st_size) != 0) { /* the old length back; the content is untouched */
        }
    }
    for (size_t done = 0; !e && done < x->len;) {
        ssize_t w = pwrite(fd, x->buf + done, x->len - done, (off_t)done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) e = w < 0 ? errno : EIO;
        else done += (size_t)w;
    }
    if (!e && ftruncate(fd, (off_t)x->len) != 0) e = errno;
    if (!e) e = sync_fd(fd, 0);
    int c = close_fd(&fd);
    return e ? e : c;
}

SlStatus app_export_commit(AppExport *x, char *err, size_t err_len)
{
    int e = x->error;
    switch (x->kind) {
    case APP_EXPORT_NONE:
        snprintf(err, err_len, "no output file open");
        return SL_ERR_STATE;
    case APP_EXPORT_STDOUT:
        x->kind = APP_EXPORT_NONE;
        if (e) {
            snprintf(err, err_len, "cannot write to stdout: %s", strerror(e));
            return SL_ERR_IO;
        }
        return app_export_check_stdout(err, err_len);
    case APP_EXPORT_DIRECT:
        if (!e) e = drain(x);
        if (!e) e = sync_fd(x->fd, 1);
        if (!e) e = close_fd(&x->fd);
        break;
    case APP_EXPORT_REPLACE:
        if (!e) e = drain(x);
        if (!e && x->fd < 0) e = make_temp(x); /* an empty output */
        if (!e && x->keep_mode) {
            /* Best effort: only root may give a file away, only the owner chmod it. */
            if (fchown(x->fd, x->uid, x->gid) != 0) { /* keep our own */
            }
            if (fchmod(x->fd, x->mode) != 0) { /* keep the default */
            }
        }
        if (!e) e = sync_fd(x->fd, 0);
        if (!e) e = close_fd(&x->fd);
        if (!e && renameat(x->dirfd, x->tmp, x->dirfd, x->name) != 0) e = errno;
        if (!e) {
            x->tmp[0] = '\0';
            if (fsync(x->dirfd) != 0) { /* the rename is done; the folder's durability is best effort */
            }
        }
        break;
    case APP_EXPORT_IN_PLACE:
        if (!e) e = rewrite_in_place(x);
        break;
    }
    if (e) return fail_errno(x, err, err_len, e);
    app_export_abort(x); /* closes what is left; nothing to remove */
    return SL_OK;
}

void app_export_abort(AppExport *x)
{
    if (x->fd >= 0) close(x->fd);
    if (x->tmp[0] && x->dirfd >= 0) unlinkat(x->dirfd, x->tmp, 0);
    if (x->dirfd >= 0) close(x->dirfd);
    free(x->buf);
    x->fd = -1;
    x->dirfd = -1;
    x->tmp[0] = '\0';
    x->buf = NULL;
    x->len = x->cap = 0;
    x->kind = APP_EXPORT_NONE;
}

SlStatus app_export_file(const char *path, const void *data, size_t len, char *err, size_t err_len)
{
    AppExport x;
    SlStatus st = app_export_open(&x, path, err, err_len);
    if (st != SL_OK) return st;
    app_export_write(&x, data, len);
    return app_export_commit(&x, err, err_len);
}

SlStatus app_export_check_stdout(char *err, size_t err_len)
{
    errno = 0;
    int bad = fflush(stdout) != 0;
    int e = errno;
    if (ferror(stdout)) bad = 1;
    if (!bad) return SL_OK;
    snprintf(err, err_len, "cannot write to stdout: %s", e ? strerror(e) : "an earlier write failed");
    return SL_ERR_IO;
}

int app_export_next_name(const char *dir, const char *prefix, const char *ext, char *out, size_t out_len)
{
    for (int i = 1; i < 1000; i++) {
        int n = snprintf(out, out_len, "%s%s%s-%03d.%s", dir && *dir ? dir : "", dir && *dir ? "/" : "",
                         prefix, i, ext);
        if (n < 0 || (size_t)n >= out_len) return 0;
        struct stat st;
        if (lstat(out, &st) != 0 && errno == ENOENT) return 1;
    }
    return 0;
}
