/* app_draw.h — drawing on an SDL_Renderer: plain rects, anti-aliased discs and rounded
 * corners from cached sprites, and layers — plain-C canvases (app_raster.h) uploaded as
 * one texture each, which is how plots get thick anti-aliased curves at the same cost
 * under the software and GPU renderers. One of the few app modules that include SDL.
 * Sizes given "at scale 1" are multiplied by the context's presentation scale. */
#ifndef APP_DRAW_H
#define APP_DRAW_H

#include <SDL.h>
#include "app_frame_cache.h"
#include "app_map.h"
#include "app_raster.h"
#include "app_theme.h"
#include "app_worker.h"

#define APP_SPRITES_MAX 48

typedef struct AppSprite {
    uint32_t key;        /* what it shows (kind, size, colour...); 0 = free */
    uint64_t id;         /* its contents, for the frame cache */
    int w, h;
    SDL_Texture *tex;
} AppSprite;

typedef struct AppLayer AppLayer;

#define APP_LAYERS_PENDING_MAX APP_WORKER_QUEUE

typedef struct AppDraw {
    SDL_Renderer *r;
    float scale;         /* presentation scale */
    AppSprite sprites[APP_SPRITES_MAX];
    AppCanvas scratch;   /* for building sprites */
    AppFrameCache fc;    /* every call goes through it: recorded, or run at once */
    AppWorker *worker;                          /* the second thread: layers, half the replay; owned */
    int no_worker;                              /* layers are drawn on the calling thread */
    AppLayer *pending[APP_LAYERS_PENDING_MAX];  /* layers handed to it this frame */
    int npending;
    long long layers_deferred;                  /* layers drawn on it so far (for tests) */
} AppDraw;

/* A canvas that becomes one texture on screen. base keeps a copy of the canvas after
 * its static part (grid, curves that move only with a setting) was drawn, so a frame
 * whose static inputs hash to base_key starts from the copy instead of drawing them. */
struct AppLayer {
    AppCanvas canvas;
    SDL_Texture *tex;
    int tw, th;
    uint64_t id;          /* the texture's identity for the frame cache (new texture, new id) */
    uint32_t *base;       /* base_w * base_h pixels, owned */
    size_t base_cap;
    int base_x, base_y, base_w, base_h;
    uint64_t base_key;    /* 0: no base */
    /* A layer drawn on the second thread: its texture stays locked from app_layer_end
     * until app_draw_layers_finish, which marks the areas that changed (damage). */
    int deferred;         /* its calls are being queued this frame */
    int pending;          /* handed to the worker, not finished */
    void *pixels;         /* the locked texture */
    int pitch;
    SDL_Rect *damage;     /* owned */
    int ndamage, damage_cap, damage_failed;
};

/* Binds a renderer (not owned). Free with app_draw_deinit. */
void app_draw_init(AppDraw *d, SDL_Renderer *r, float scale);
void app_draw_deinit(AppDraw *d);
/* Drops the cached sprites (after a theme change). */
void app_draw_flush(AppDraw *d);
/* A new presentation scale drops the cached sprites. */
void app_draw_set_scale(AppDraw *d, float scale);

void app_draw_fill_rect(AppDraw *d, AppRect r, AppColor c);
/* A rectangle outline of the given width (pixels at scale 1). */
void app_draw_stroke_rect(AppDraw *d, AppRect r, float width, AppColor c);
/* A filled rect with anti-aliased rounded corners (radius in pixels at scale 1). */
void app_draw_round_rect(AppDraw *d, AppRect r, float radius, AppColor c);
/* A card: rounded rect filled with fill, a 1-px border, and the corners outside the
 * rounding painted bg — every pixel of r is written once (no clear needed under it). */
void app_draw_card(AppDraw *d, AppRect r, float radius, AppColor fill, AppColor border, AppColor bg);
/* A filled anti-aliased disc (radius in pixels, centre rounded to the pixel grid). */
void app_draw_disc(AppDraw *d, float cx, float cy, float radius, AppColor c);
/* A short horizontal line sample of a family's colour and style, len pixels long,
 * centred on y, over background bg (cached). */
void app_draw_swatch(AppDraw *d, float x, float y, int len, int family, float width, AppColor bg);
/* Restricts drawing to r (NULL: the whole target). */
void app_draw_clip(AppDraw *d, const AppRect *r);

/* Layers and the second thread: while the frame cache records (a software renderer),
 * a layer's canvas calls from app_layer_begin or app_layer_restore to app_layer_end are
 * queued (app_canvas_defer) and drawn, compared and copied into the locked texture on a
 * second thread, while this one goes on with the frame (text, the other panels);
 * app_draw_layers_finish waits for them before the frame is replayed. The calls run in
 * the order they were made, on the same canvas, so the pixels are those of drawing at
 * once; otherwise (no recording, no thread) everything runs at once as before. A layer
 * is never read or drawn into between its app_layer_end and app_draw_layers_finish. */

/* Starts a layer covering r, cleared to bg; draw into layer->canvas with screen
 * coordinates. Returns 0 when out of memory (the layer then draws nothing). */
int app_layer_begin(AppDraw *d, AppLayer *layer, AppRect r, AppColor bg);
/* Uploads the canvas and draws it at its rect. While the frame cache records, only the
 * changed rows are uploaded and their area is marked changed. */
void app_layer_end(AppDraw *d, AppLayer *layer);
void app_layer_free(AppDraw *d, AppLayer *layer);
/* Sizes the layer's canvas to r and copies the layer's base into it when both cover the
 * same rect and base_key is key (non-zero); returns 1 then: the static part is in place,
 * drawn as before. Returns 0 otherwise (draw the layer from app_layer_begin). */
int app_layer_restore(AppDraw *d, AppLayer *layer, AppRect r, uint64_t key);
/* Keeps the canvas as it is now as the base for key (nothing kept when out of memory). */
void app_layer_keep(AppDraw *d, AppLayer *layer, uint64_t key);
/* A frame begins: the second thread, if there is one, wakes now and polls for layers
 * (and the frame cache's share of the replay) until app_draw_frame_end, so what is
 * handed over is begun at once. */
void app_draw_frame_begin(AppDraw *d);
/* The frame is drawn (after app_fc_end): the second thread sleeps until woken. */
void app_draw_frame_end(AppDraw *d);
/* Waits for the layers handed to the second thread this frame (drawing those it has not
 * begun itself) and marks what changed; call before app_fc_end. */
void app_draw_layers_finish(AppDraw *d);
/* Layers on the second thread (on = 1, the default with two cores or more; a test may
 * ask for it with one) or on the calling thread only (0). */
void app_draw_set_worker(AppDraw *d, int on);

#endif
