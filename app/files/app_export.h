/* app_export.h — the one way steplab writes an output file (CSV, PNG, GIF), and the
 * check that stdout got its output. Plain C, no SDL.
 *
 * A regular file is replaced whole or not at all: bytes go to a temporary file beside
 * it (".steplab-XXXXXX", short, so a 255-byte name still works), every write, the
 * flush, fsync and close are checked, then it is renamed over the old file (whose
 * permissions it takes; a file we may not write is refused). A symlink is followed: the file it points to is replaced and
 * the link kept. A path that exists and is not a regular file — a character device
 * such as /dev/null, a FIFO, /dev/stdout — is written into directly, never replaced;
 * sockets, block devices and directories are refused. A writable file in a folder
 * that is not writable is rewritten in place, only once the whole output is ready in
 * memory and the space for it is reserved. "-" means stdout. (README: "Output files".) */
#ifndef APP_EXPORT_H
#define APP_EXPORT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include "sl_status.h"

typedef enum AppExportKind {
    APP_EXPORT_NONE = 0,  /* not open */
    APP_EXPORT_STDOUT,    /* "-": the process's stdout */
    APP_EXPORT_REPLACE,   /* temporary file, renamed over the path on commit */
    APP_EXPORT_DIRECT,    /* a device, FIFO or /dev/stdout: written into directly */
    APP_EXPORT_IN_PLACE   /* file in a read-only folder: buffered, rewritten on commit */
} AppExportKind;

#define APP_EXPORT_PATH_MAX 4096

typedef struct AppExport {
    AppExportKind kind;
    int fd;                    /* temporary file or device; -1 when none */
    int dirfd;                 /* folder of the file (REPLACE, IN_PLACE); -1 when none */
    int error;                 /* the first errno of a failed write; 0 while all is well */
    char *buf;                 /* bytes not yet written (everything for IN_PLACE) */
    size_t len, cap;
    int keep_mode;             /* an old file's owner and permissions to carry over */
    mode_t mode;
    uid_t uid;
    gid_t gid;
    char name[256];            /* file name inside dirfd */
    char tmp[32];              /* temporary name inside dirfd ("" when none) */
    char shown[APP_EXPORT_PATH_MAX * 4]; /* the path as given, control characters quoted */
} AppExport;

/* Prepares writing path ("-" for stdout), checking now what can be checked before the
 * work: the folder exists and is writable, the path is not a directory. Returns SL_OK,
 * or SL_ERR_IO (SL_ERR_NOMEM, SL_ERR_ARG for no path) with "cannot write PATH: reason"
 * in err (x is then closed: no abort needed). */
SlStatus app_export_open(AppExport *x, const char *path, char *err, size_t err_len);

/* Appends len bytes. Returns whether the output is still good: 1, or 0 once a write
 * failed (the reason is kept for commit, which reports it; later writes are ignored). */
int app_export_write(AppExport *x, const void *data, size_t len);

/* printf into the output; 1, or 0 as app_export_write. */
int app_export_printf(AppExport *x, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Finishes the output: flushes, fsyncs and closes, then renames the temporary over the
 * path. Returns SL_OK, or SL_ERR_IO with "cannot write PATH: reason" in err, the old
 * file intact and no temporary left. x is closed either way. */
SlStatus app_export_commit(AppExport *x, char *err, size_t err_len);

/* Drops the output: the temporary is removed, the old file stays. Safe on a closed x. */
void app_export_abort(AppExport *x);

/* open + write + commit of len bytes already in memory (a PNG, say). SL_OK, or a
 * failure of either with err. */
SlStatus app_export_file(const char *path, const void *data, size_t len, char *err, size_t err_len);

/* Flushes stdout and says whether everything written to it arrived: SL_OK, or SL_ERR_IO
 * with "cannot write to stdout: reason" in err. */
SlStatus app_export_check_stdout(char *err, size_t err_len);

/* Picks "dir/prefix-NNN.ext" (NNN from 001) that does not exist yet. Returns 0 when
 * none is free or it does not fit. */
int app_export_next_name(const char *dir, const char *prefix, const char *ext, char *out, size_t out_len);

#endif
