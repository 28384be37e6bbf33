/* app_save.h — the files the window's keys write: the screenshot (s, and render's PNG)
 * and the training history (e). Each reports its outcome as a note or in err. */
#ifndef APP_SAVE_H
#define APP_SAVE_H

#include <stddef.h>
#include "app_export.h"

typedef struct App App;

/* Encodes what the renderer shows as a PNG in memory and writes it to out (opened by
 * app_export_open), committing it. Returns SL_OK, or SL_ERR_IO / SL_ERR_NOMEM with err
 * filled; out is closed either way, and a failure leaves the old file as it was. */
SlStatus app_write_png(App *app, AppExport *out, char *err, size_t err_len);
/* app_export_open(path) + app_write_png: the window's `s` key. SL_OK, or a failure with err. */
SlStatus app_save_png(App *app, const char *path, char *err, size_t err_len);
/* Takes the screenshot asked for (s key) into the next free steplab-screenshot-NNN.png;
 * call after drawing, before presenting. Reports the outcome as a note. */
void app_take_screenshot(App *app);
/* The next free "prefix-NNN.ext" in the current folder for a file a key writes, in path
 * ("./prefix-NNN.ext"). Returns 1, or 0 after a note that what ("export", "record", ...)
 * cannot be done: no name is free. */
int app_save_next_name(App *app, const char *what, const char *prefix, const char *ext, char *path, size_t len);
/* e: writes the training history to the next free steplab-history-NNN.csv; a note
 * names the file or says why not. */
void app_export_history(App *app);

#endif
