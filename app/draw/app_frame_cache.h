/* app_frame_cache.h — redraw only what changed, with the picture of drawing everything.
 * A frame's draw calls (fills, texture copies, clip changes) are recorded instead of
 * run. At the end of the frame the screen is cut into tiles; a tile's hash chains the
 * calls that touch it, in order. A tile whose chain equals the last frame's already
 * shows the right pixels, so only the changed tiles are drawn again: every recorded call
 * that touches them, in order, clipped to them. A texture whose pixels changed in place
 * (a plot layer) names the changed area itself (app_fc_damage).
 *
 * Exact by construction, under two conditions the app keeps: the target keeps its pixels
 * between frames (SDL's software renderer does; others do not, and then every call runs
 * at once, as without the cache), and every pixel of a frame is first written opaquely
 * (the background and the cards), so what lay below a redrawn tile does not show.
 * Copies are never scaled, so a clipped copy gives the pixels of the whole one.
 * A changed area wholly under a later opaque call (a plot layer's copy, a card's fill:
 * every pixel written, whatever lay below) is replayed from that call on: what came
 * before it there would be overwritten. */
#ifndef APP_FRAME_CACHE_H
#define APP_FRAME_CACHE_H

#include <stdint.h>
#include <SDL.h>
#include "app_theme.h"

#define APP_FC_TILE 32

typedef struct AppFcCmd AppFcCmd;
typedef struct AppFcDirect AppFcDirect;

typedef struct AppFrameCache {
    SDL_Renderer *r;          /* not owned */
    int keeps_pixels;         /* the renderer's target keeps its pixels between frames */
    int enabled;              /* recording allowed (App.no_cache clears it) */
    int on;                   /* recording this frame */
    int valid;                /* the target shows the last recorded frame */
    int w, h, tx, ty;         /* target size, tiles across and down */
    uint64_t *tile, *prev;    /* tile hashes of this frame and the last, owned */
    uint8_t *dirty;           /* per tile, owned */
    int tiles_cap;
    AppFcCmd *cmd;            /* this frame's calls, owned */
    int n, cap;
    int clip_on;
    SDL_Rect clip;            /* the clip in force while recording */
    SDL_Rect *rects;          /* changed areas while replaying, owned */
    int nrects, rects_cap;
    int *from;                /* per changed area: the first call to replay there, owned */
    int from_cap;
    SDL_Texture **grave;      /* textures freed during the frame, destroyed after it, owned */
    int ngrave, grave_cap;
    uint64_t next_id;         /* texture content ids handed out */
    SDL_Surface *target;      /* the software renderer's surface, when known (not owned) */
    int queued;               /* SDL calls run since the last direct write */
    /* The replay (app_fc_replay.c): the calls touching a changed tile and how each is
     * written, per area which thread draws it; all owned. */
    int *touch;
    AppFcDirect *direct;
    int ntouch, touch_cap;
    uint8_t *owner;
    int owner_cap;
    /* A second thread for the replay (app_fc_set_helper), or NULL. */
    int (*helper_start)(void *ctx, void (*fn)(void *), void *arg);
    void (*helper_wait)(void *ctx);
    void *helper_ctx;
    /* The last frame, for tests and the benchmark: pixels drawn again and calls run. */
    long long last_pixels;
    int last_runs, last_cmds;
    long long replays_shared; /* replays shared with the helper thread so far */
    /* The areas drawn since app_fc_changed_reset (app_fc_changed), owned. */
    SDL_Rect *changed;
    int nchanged, changed_cap;
} AppFrameCache;

/* Binds a renderer (not owned); recording is used only where its target keeps pixels. */
void app_fc_init(AppFrameCache *fc, SDL_Renderer *r);
void app_fc_free(AppFrameCache *fc);
/* A fresh id for texture contents that never change (labels, sprites). */
uint64_t app_fc_new_id(AppFrameCache *fc);
/* Allows or forbids recording (forbidden: every call runs at once, every frame). */
void app_fc_enable(AppFrameCache *fc, int enabled);
/* The target's pixels were changed by someone else (resize, expose, a test's fill): the
 * next frame is drawn whole. */
void app_fc_invalidate(AppFrameCache *fc);

/* The surface the (software) renderer draws into, or NULL. When it is ARGB8888 or
 * RGB888, the replay writes opaque fills, copies of streaming textures (the plot layers)
 * and blended copies of them (the text labels) into it itself, the same bytes SDL writes
 * (app_blend for the blend): SDL's fills use non-temporal stores and its unaligned copies
 * eight bytes at a time, each behind a few thousand instructions of render queue.
 * Translucent fills and tinted sprites stay with SDL. */
void app_fc_set_target(AppFrameCache *fc, SDL_Surface *s);
/* A second thread for the replay: start(ctx, fn, arg) runs fn(arg) there and returns 1
 * (0: it cannot, fn is not run), wait(ctx) returns once fn has returned. With a target
 * set, large replays are shared: that thread draws about half the changed areas, those
 * whose calls are all written directly (it calls no SDL function). */
void app_fc_set_helper(AppFrameCache *fc, int (*start)(void *ctx, void (*fn)(void *), void *arg),
                       void (*wait)(void *ctx), void *ctx);

/* Starts a frame on a w x h target. */
void app_fc_begin(AppFrameCache *fc, int w, int h);
/* Draws what changed (everything when the last frame is not on screen). */
void app_fc_end(AppFrameCache *fc);
/* The areas of the target drawn since app_fc_changed_reset (each within the target;
 * those of one frame disjoint): their count, 0 when nothing changed, or -1 when unknown
 * (a frame not recorded: anything may have changed; so too before the first reset). A
 * window need show only these after drawing. */
int app_fc_changed(const AppFrameCache *fc, const SDL_Rect **rects);
void app_fc_changed_reset(AppFrameCache *fc);

/* A filled rect (opaque colours replace, others blend). */
void app_fc_fill(AppFrameCache *fc, SDL_Rect r, AppColor c);
/* An unscaled copy of src (NULL: the whole texture, w x h) with its top left at (x, y),
 * tinted by mod (white, 255: as it is); id names the texture's contents. */
void app_fc_copy(AppFrameCache *fc, SDL_Texture *tex, uint64_t id, const SDL_Rect *src, int w, int h, int x, int y,
                 AppColor mod);
/* Restricts the following calls to r (NULL: the whole target). */
void app_fc_clip(AppFrameCache *fc, const SDL_Rect *r);
/* The pixels of r change this frame whatever the calls say (a texture changed in place). */
void app_fc_damage(AppFrameCache *fc, SDL_Rect r);
/* Destroys tex now, or after the frame when a recorded call may still use it. */
void app_fc_destroy_texture(AppFrameCache *fc, SDL_Texture *tex);

#endif
