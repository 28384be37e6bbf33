/* app_gif.h — an animated GIF of the window's frames, for slide decks (giflib). Plain
 * C: frames arrive as ARGB8888 pixels, whoever drew them. Small on purpose: one fixed
 * palette (the theme's exact colours, a grey ramp and a colour cube, so equal pixels
 * get equal indices in every frame), each frame only the rectangle that changed, with
 * unchanged pixels inside it transparent, and an unchanged frame only lengthens the
 * one before. Written through a temporary file that is renamed at the end, so a failed
 * recording leaves any older file of that name intact. */
#ifndef APP_GIF_H
#define APP_GIF_H

#include <stddef.h>
#include <stdint.h>
#include "sl_status.h"

#define APP_GIF_FPS_MAX 50   /* GIF delays are in 1/100 s; viewers slow shorter ones down */

typedef struct AppGif AppGif;

/* Starts a w x h GIF at path shown at fps frames per second (1..APP_GIF_FPS_MAX),
 * looping. The palette takes the current theme's colours. Returns NULL with one line
 * in err ("cannot write PATH: ..."). Finish with app_gif_close or app_gif_abort. */
AppGif *app_gif_open(const char *path, int w, int h, int fps, char *err, size_t err_len);
/* Adds one frame: w x h pixels, ARGB8888, pitch bytes per row. Returns SL_OK, or
 * SL_ERR_IO with err filled (the GIF is then broken: abort it). */
SlStatus app_gif_add(AppGif *g, const uint32_t *argb, int pitch, char *err, size_t err_len);
/* Frames the GIF shows (an unchanged frame added only lengthens the one before). */
int app_gif_frames(const AppGif *g);
/* Frames added so far, changed or not. */
int app_gif_added(const AppGif *g);
/* Holds the last frame hold_ms longer, writes the end, checks every write and renames
 * the file into place. Frees g. Returns SL_OK, or SL_ERR_IO (SL_ERR_STATE when no frame
 * was added) with err filled, the old file kept. */
SlStatus app_gif_close(AppGif *g, int hold_ms, char *err, size_t err_len);
/* Drops the recording and its temporary file. Frees g (NULL is fine). */
void app_gif_abort(AppGif *g);

#endif
