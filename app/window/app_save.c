/* app_save.c — the files the window's keys write: s saves what the renderer shows as
 * steplab-screenshot-NNN.png, e the training history as steplab-history-NNN.csv, each
 * under the next free name in the current folder, through app_export (atomic: a
 * failure leaves the old file as it was). The GIF of a run (v) is app_record.c. */
#include "app_save.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <SDL_image.h>

#include "app_ui.h"

int app_save_next_name(App *app, const char *what, const char *prefix, const char *ext, char *path, size_t len)
{
    if (app_export_next_name(".", prefix, ext, path, len)) return 1;
    char msg[256];
    snprintf(msg, sizeof msg, "cannot %s: no free file name %s-NNN.%s here", what, prefix, ext);
    app_note(app, 1, msg);
    return 0;
}

void app_export_history(App *app)
{
    char path[512], err[600], msg[700];
    if (!app_save_next_name(app, "export", "steplab-history", "csv", path, sizeof path)) return;
    if (app_model_export_csv(&app->model, path, err, sizeof err) != SL_OK) {
        app_note(app, 1, err);
        return;
    }
    snprintf(msg, sizeof msg, "Exported the training history to %s", path + 2);
    app_note(app, 0, msg);
}

/* A growing memory buffer behind an SDL_RWops: the PNG is encoded in memory, where no
 * write can fail unseen, and written out through app_export, which checks every step. */
typedef struct PngMem {
    unsigned char *data;
    size_t len, cap, pos;
    int failed;
} PngMem;

static size_t SDLCALL png_mem_write(SDL_RWops *rw, const void *p, size_t size, size_t num)
{
    PngMem *m = rw->hidden.unknown.data1;
    if (size == 0 || num == 0) return 0;
    if (num > SIZE_MAX / size || m->pos > SIZE_MAX - size * num) {
        m->failed = 1;
        return 0;
    }
    size_t n = size * num, need = m->pos + n;
    if (need > m->cap) {
        size_t cap = m->cap ? m->cap : 65536;
        while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        unsigned char *d = realloc(m->data, cap);
        if (!d) {
            m->failed = 1;
            return 0;
        }
        m->data = d;
        m->cap = cap;
    }
    if (m->pos > m->len) memset(m->data + m->len, 0, m->pos - m->len); /* a seek past the end */
    memcpy(m->data + m->pos, p, n);
    m->pos += n;
    if (m->pos > m->len) m->len = m->pos;
    return num;
}

static Sint64 SDLCALL png_mem_seek(SDL_RWops *rw, Sint64 offset, int whence)
{
    PngMem *m = rw->hidden.unknown.data1;
    Sint64 base = whence == RW_SEEK_SET ? 0 : whence == RW_SEEK_CUR ? (Sint64)m->pos : (Sint64)m->len;
    if (offset < -base) return SDL_SetError("seek before the start of the PNG");
    m->pos = (size_t)(base + offset);
    return (Sint64)m->pos;
}

static Sint64 SDLCALL png_mem_size(SDL_RWops *rw)
{
    return (Sint64)((PngMem *)rw->hidden.unknown.data1)->len;
}

static size_t SDLCALL png_mem_read(SDL_RWops *rw, void *p, size_t size, size_t num)
{
    (void)rw;
    (void)p;
    (void)size;
    (void)num;
    return 0;
}

static int SDLCALL png_mem_close(SDL_RWops *rw)
{
    SDL_FreeRW(rw);
    return 0;
}

SlStatus app_write_png(App *app, AppExport *out, char *err, size_t err_len)
{
    int w = 0, h = 0;
    SDL_Surface *s = NULL;
    PngMem mem = {0};
    SlStatus st = SL_ERR_IO;
    if (SDL_GetRendererOutputSize(app->renderer, &w, &h) != 0) {
        snprintf(err, err_len, "cannot read the picture: %s", SDL_GetError());
    } else if (!(s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888))) {
        snprintf(err, err_len, "out of memory for a %dx%d picture", w, h);
        st = SL_ERR_NOMEM;
    } else if (SDL_RenderReadPixels(app->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        snprintf(err, err_len, "cannot read the picture: %s", SDL_GetError());
    } else {
        SDL_RWops *rw = SDL_AllocRW();
        if (!rw) {
            snprintf(err, err_len, "out of memory encoding the PNG");
            st = SL_ERR_NOMEM;
        } else {
            rw->type = SDL_RWOPS_UNKNOWN;
            rw->size = png_mem_size;
            rw->seek = png_mem_seek;
            rw->read = png_mem_read;
            rw->write = png_mem_write;
            rw->close = png_mem_close;
            rw->hidden.unknown.data1 = &mem;
            if (IMG_SavePNG_RW(s, rw, 1) != 0 || mem.failed || mem.len == 0) {
                snprintf(err, err_len, "cannot encode the picture as PNG: %s", mem.failed ? "out of memory" : IMG_GetError());
                if (mem.failed) st = SL_ERR_NOMEM;
            } else {
                st = SL_OK;
            }
        }
    }
    SDL_FreeSurface(s);
    if (st == SL_OK) {
        app_export_write(out, mem.data, mem.len);
        st = app_export_commit(out, err, err_len);
    } else {
        app_export_abort(out);
    }
    free(mem.data);
    return st;
}

SlStatus app_save_png(App *app, const char *path, char *err, size_t err_len)
{
    AppExport out;
    SlStatus st = app_export_open(&out, path, err, err_len);
    if (st != SL_OK) return st;
    return app_write_png(app, &out, err, err_len);
}

void app_take_screenshot(App *app)
{
    char path[512], err[600], msg[700];
    app->want_screenshot = 0;
    if (!app_save_next_name(app, "save a screenshot", "steplab-screenshot", "png", path, sizeof path)) return;
    if (app_save_png(app, path, err, sizeof err) != SL_OK) {
        app_note(app, 1, err);
        return;
    }
    snprintf(msg, sizeof msg, "Saved the screenshot %s", path + 2);
    app_note(app, 0, msg);
}
