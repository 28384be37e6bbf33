/* app_record.c — recording the run as an animated GIF (v in the window, `render --gif`
 * headless): a frame is what the renderer shows after a draw, read back and handed to
 * app_gif, so the GIF's frames are the window's frames. Part of the platform layer
 * (reads the renderer). */
#include "app_ui.h"

#include <stdio.h>
#include <SDL.h>

#include "app_gif.h"

#define RECORD_EVERY 3
#define RECORD_FPS 20

void app_record_finish(App *app, const char *why)
{
    char err[700], msg[800];
    int frames = app_gif_frames(app->rec);
    if (app_record_stop(app, err, sizeof err) == SL_OK) {
        if (why)
            snprintf(msg, sizeof msg, "%s: saved the run as %s (%d frames)", why, app->rec_path + 2, frames);
        else
            snprintf(msg, sizeof msg, "Saved the run as %s (%d frames)", app->rec_path + 2, frames);
        app_note(app, 0, msg);
    } else {
        app_note(app, 1, err);
    }
}

void app_record_toggle(App *app)
{
    char err[700];
    if (app->rec) {
        app_record_finish(app, NULL);
        return;
    }
    if (!app_model_trains(&app->model)) {
        app_note(app, 0, "Nothing trains in this lesson, so there is no run to record: s takes a screenshot.");
        return;
    }
    if (!app_save_next_name(app, "record", "steplab-run", "gif", app->rec_path, sizeof app->rec_path)) return;
    if (app_record_start(app, app->rec_path, RECORD_EVERY, RECORD_FPS, err, sizeof err) != SL_OK) {
        app_note(app, 1, err);
        return;
    }
    app->rec_last = -1; /* the first frame comes from the next picture */
    if (!app->model.playing) app_model_set_playing(&app->model, 1);
    if (app->window) SDL_SetWindowTitle(app->window, "steplab \xe2\x80\x94 \xe2\x97\x8f recording (v stops)");
}

SlStatus app_record_start(App *app, const char *path, int every, int fps, char *err, size_t err_len)
{
    if (app->rec) app_gif_abort(app->rec);
    app->rec = app_gif_open(path, app->width, app->height, fps, err, err_len);
    if (!app->rec) return SL_ERR_IO;
    if (path != app->rec_path) snprintf(app->rec_path, sizeof app->rec_path, "%s", path);
    app->rec_every = every > 0 ? every : 1;
    app->rec_last = app_model_step_count(&app->model);
    return SL_OK;
}

SlStatus app_record_capture(App *app, char *err, size_t err_len)
{
    if (!app->rec) {
        snprintf(err, err_len, "no run is being recorded");
        return SL_ERR_STATE;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, app->width, app->height, 32, SDL_PIXELFORMAT_ARGB8888);
    SlStatus st;
    if (!s) {
        snprintf(err, err_len, "out of memory for a %dx%d frame", app->width, app->height);
        st = SL_ERR_NOMEM;
    } else if (SDL_RenderReadPixels(app->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        snprintf(err, err_len, "cannot read the picture: %s", SDL_GetError());
        st = SL_ERR_IO;
    } else {
        st = app_gif_add(app->rec, s->pixels, s->pitch, err, err_len);
    }
    SDL_FreeSurface(s);
    app->rec_last = app_model_step_count(&app->model);
    return st;
}

SlStatus app_record_stop(App *app, char *err, size_t err_len)
{
    if (!app->rec) {
        snprintf(err, err_len, "no run is being recorded");
        return SL_ERR_STATE;
    }
    AppGif *g = app->rec;
    app->rec = NULL;
    if (app->window) {
        char title[160];
        app_window_title(app->model.lesson.title, title, sizeof title);
        SDL_SetWindowTitle(app->window, title);
    }
    return app_gif_close(g, 2000, err, err_len);
}

void app_record_tick(App *app)
{
    if (!app->rec) return;
    char err[700];
    int step = app_model_step_count(&app->model);
    int stopped = !app->model.playing;
    if (app->rec_last < 0 || step - app->rec_last >= app->rec_every || (stopped && step != app->rec_last)) {
        if (app_record_capture(app, err, sizeof err) != SL_OK) {
            app_gif_abort(app->rec);
            app->rec = NULL;
            app_note(app, 1, err);
            return;
        }
    }
    if (stopped) app_record_finish(app, NULL);
}
