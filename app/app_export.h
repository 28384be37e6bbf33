/* app_export.h — atomic file output (temporary file in the same directory, then
 * rename), so a failed screenshot or export never leaves a half-written file or
 * destroys the previous one. Plain C. */
#ifndef APP_EXPORT_H
#define APP_EXPORT_H

#include <stddef.h>
#include <stdio.h>

/* Writes the temporary name used for path into tmp ("path.tmp-PID"). Returns 0 when
 * it does not fit. */
int app_export_temp_path(const char *path, char *tmp, size_t tmp_len);

/* Renames tmp onto path. On failure removes tmp, writes "cannot write PATH: reason"
 * into err and returns 0; returns 1 on success. */
int app_export_commit(const char *tmp, const char *path, char *err, size_t err_len);

/* Opens path's temporary file for writing text; NULL with err filled on failure. */
FILE *app_export_open(const char *path, char *tmp, size_t tmp_len, char *err, size_t err_len);
/* Closes f (checking write errors) and commits it; 1 on success, 0 with err filled. */
int app_export_close(FILE *f, const char *tmp, const char *path, char *err, size_t err_len);

/* Picks "dir/prefix-NNN.ext" (NNN from 001) that does not exist yet. Returns 0 when
 * none is free or it does not fit. */
int app_export_next_name(const char *dir, const char *prefix, const char *ext, char *out, size_t out_len);

#endif
