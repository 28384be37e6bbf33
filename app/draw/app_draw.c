/* app_draw.c — rects, sprite discs and corners, layers (see app_draw.h). Sprites are
 * white anti-aliased shapes tinted per draw with the texture colour mod, so one disc
 * texture per radius serves every colour. */
#include "app_draw.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { SPRITE_DISC = 1, SPRITE_SWATCH = 2 };

static int replay_start(void *ctx, void (*fn)(void *), void *arg);
static void replay_wait(void *ctx);

void app_draw_init(AppDraw *d, SDL_Renderer *r, float scale)
{
    memset(d, 0, sizeof *d);
    d->r = r;
    d->scale = scale > 0.0f ? scale : 1.0f;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    app_fc_init(&d->fc, r);
    app_fc_set_helper(&d->fc, replay_start, replay_wait, d);
    d->no_worker = sysconf(_SC_NPROCESSORS_ONLN) < 2; /* one core: nothing to gain */
}

static void drop_sprites(AppDraw *d)
{
    for (int i = 0; i < APP_SPRITES_MAX; i++) {
        if (d->sprites[i].tex) app_fc_destroy_texture(&d->fc, d->sprites[i].tex);
        memset(&d->sprites[i], 0, sizeof d->sprites[i]);
    }
}

static void worker_stop(AppDraw *d);

void app_draw_deinit(AppDraw *d)
{
    app_draw_layers_finish(d);
    worker_stop(d);
    drop_sprites(d);
    app_canvas_free(&d->scratch);
    app_fc_free(&d->fc);
    memset(d, 0, sizeof *d);
}

void app_draw_flush(AppDraw *d)
{
    drop_sprites(d);
}

void app_draw_set_scale(AppDraw *d, float scale)
{
    if (scale == d->scale) return;
    d->scale = scale;
    drop_sprites(d);
}

/* Finds the sprite for key, or builds it from d->scratch via make(). */
static AppSprite *sprite(AppDraw *d, uint32_t key, int w, int h, int alpha_from_red,
                         void (*make)(AppCanvas *c, const void *arg), const void *arg)
{
    int free_slot = -1;
    for (int i = 0; i < APP_SPRITES_MAX; i++) {
        if (d->sprites[i].key == key && d->sprites[i].tex) return &d->sprites[i];
        if (!d->sprites[i].tex && free_slot < 0) free_slot = i;
    }
    if (free_slot < 0) {
        drop_sprites(d); /* rare: sizes changed a lot; rebuild what is used */
        free_slot = 0;
    }
    if (w <= 0 || h <= 0 || !app_canvas_resize(&d->scratch, w, h, 0, 0)) return NULL;
    make(&d->scratch, arg);
    if (alpha_from_red) {
        /* Drawn white-on-black: the red channel is the coverage. */
        for (int i = 0; i < w * h; i++) d->scratch.px[i] = (d->scratch.px[i] >> 16 & 0xFFu) << 24 | 0xFFFFFFu;
    }
    SDL_Texture *tex = SDL_CreateTexture(d->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, w, h);
    if (!tex) return NULL;
    SDL_UpdateTexture(tex, NULL, d->scratch.px, w * 4);
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    AppSprite *s = &d->sprites[free_slot];
    s->key = key;
    s->id = app_fc_new_id(&d->fc);
    s->w = w;
    s->h = h;
    s->tex = tex;
    return s;
}

static void make_disc(AppCanvas *c, const void *arg)
{
    const int *r = arg;
    AppColor black = {0, 0, 0, 255}, white = {255, 255, 255, 255};
    app_canvas_clear(c, black);
    app_canvas_disc(c, (float)*r, (float)*r, (float)*r, white);
}

static AppSprite *disc_sprite(AppDraw *d, int r)
{
    if (r < 1) r = 1;
    if (r > 4000) r = 4000;
    return sprite(d, (uint32_t)SPRITE_DISC << 24 | (uint32_t)r, 2 * r, 2 * r, 1, make_disc, &r);
}

void app_draw_fill_rect(AppDraw *d, AppRect r, AppColor c)
{
    if (r.w <= 0 || r.h <= 0) return;
    app_fc_fill(&d->fc, (SDL_Rect){r.x, r.y, r.w, r.h}, c);
}

void app_draw_stroke_rect(AppDraw *d, AppRect r, float width, AppColor c)
{
    int w = (int)lroundf(width * d->scale);
    if (w < 1) w = 1;
    AppRect top = {r.x, r.y, r.w, w}, bottom = {r.x, r.y + r.h - w, r.w, w};
    AppRect left = {r.x, r.y + w, w, r.h - 2 * w}, right = {r.x + r.w - w, r.y + w, w, r.h - 2 * w};
    app_draw_fill_rect(d, top, c);
    app_draw_fill_rect(d, bottom, c);
    app_draw_fill_rect(d, left, c);
    app_draw_fill_rect(d, right, c);
}

static void copy(AppDraw *d, const AppSprite *s, SDL_Rect src, int x, int y, AppColor tint)
{
    app_fc_copy(&d->fc, s->tex, s->id, &src, s->w, s->h, x, y, tint);
}

void app_draw_round_rect(AppDraw *d, AppRect r, float radius, AppColor c)
{
    int half = (r.w < r.h ? r.w : r.h) / 2;
    int rad = (int)lroundf(radius * d->scale);
    if (rad > half) rad = half;
    AppSprite *s = rad >= 1 ? disc_sprite(d, rad) : NULL;
    if (!s || r.w <= 0 || r.h <= 0) {
        app_draw_fill_rect(d, r, c);
        return;
    }
    AppRect mid = {r.x + rad, r.y, r.w - 2 * rad, r.h};
    AppRect left = {r.x, r.y + rad, rad, r.h - 2 * rad}, right = {r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad};
    app_draw_fill_rect(d, mid, c);
    app_draw_fill_rect(d, left, c);
    app_draw_fill_rect(d, right, c);
    /* The disc's quadrants are the corners. */
    const int sx[4] = {0, rad, 0, rad}, sy[4] = {0, 0, rad, rad};
    const int dx[4] = {r.x, r.x + r.w - rad, r.x, r.x + r.w - rad}, dy[4] = {r.y, r.y, r.y + r.h - rad, r.y + r.h - rad};
    for (int k = 0; k < 4; k++) copy(d, s, (SDL_Rect){sx[k], sy[k], rad, rad}, dx[k], dy[k], c);
}

void app_draw_card(AppDraw *d, AppRect r, float radius, AppColor fill, AppColor border, AppColor bg)
{
    int half = (r.w < r.h ? r.w : r.h) / 2;
    int rad = (int)lroundf(radius * d->scale);
    if (rad > half) rad = half;
    if (rad < 2 || r.w <= 2 || r.h <= 2) {
        app_draw_fill_rect(d, r, border);
        app_draw_fill_rect(d, (AppRect){r.x + 1, r.y + 1, r.w - 2, r.h - 2}, fill);
        return;
    }
    AppSprite *outer = disc_sprite(d, rad), *inner = disc_sprite(d, rad - 1);
    /* Inside, then the four straight border lines. */
    app_draw_fill_rect(d, (AppRect){r.x + rad, r.y + 1, r.w - 2 * rad, r.h - 2}, fill);
    app_draw_fill_rect(d, (AppRect){r.x + 1, r.y + rad, rad - 1, r.h - 2 * rad}, fill);
    app_draw_fill_rect(d, (AppRect){r.x + r.w - rad, r.y + rad, rad - 1, r.h - 2 * rad}, fill);
    app_draw_fill_rect(d, (AppRect){r.x + rad, r.y, r.w - 2 * rad, 1}, border);
    app_draw_fill_rect(d, (AppRect){r.x + rad, r.y + r.h - 1, r.w - 2 * rad, 1}, border);
    app_draw_fill_rect(d, (AppRect){r.x, r.y + rad, 1, r.h - 2 * rad}, border);
    app_draw_fill_rect(d, (AppRect){r.x + r.w - 1, r.y + rad, 1, r.h - 2 * rad}, border);
    /* Corners: background, border disc quadrant, fill disc quadrant one pixel in. */
    const int dx[4] = {r.x, r.x + r.w - rad, r.x, r.x + r.w - rad}, dy[4] = {r.y, r.y, r.y + r.h - rad, r.y + r.h - rad};
    const int qx[4] = {0, 1, 0, 1}, qy[4] = {0, 0, 1, 1};
    for (int k = 0; k < 4; k++) app_draw_fill_rect(d, (AppRect){dx[k], dy[k], rad, rad}, bg);
    if (!outer || !inner) return;
    for (int k = 0; k < 4; k++) copy(d, outer, (SDL_Rect){qx[k] * rad, qy[k] * rad, rad, rad}, dx[k], dy[k], border);
    int ir = rad - 1;
    for (int k = 0; k < 4; k++)
        copy(d, inner, (SDL_Rect){qx[k] * ir, qy[k] * ir, ir, ir}, dx[k] + (qx[k] ? 0 : 1), dy[k] + (qy[k] ? 0 : 1), fill);
}

void app_draw_disc(AppDraw *d, float cx, float cy, float radius, AppColor c)
{
    int r = (int)lroundf(radius);
    AppSprite *s = disc_sprite(d, r);
    if (!s) return;
    copy(d, s, (SDL_Rect){0, 0, s->w, s->h}, (int)lroundf(cx) - r, (int)lroundf(cy) - r, c);
}

typedef struct SwatchArg {
    int family, len;
    float width;
    AppColor bg;
} SwatchArg;

static void make_swatch(AppCanvas *c, const void *arg)
{
    const SwatchArg *a = arg;
    float dash[4];
    app_canvas_clear(c, a->bg);
    app_theme_dash(app_theme_family_style((SlMaskKind)a->family), dash);
    AppColor col = app_theme_family_color((SlMaskKind)a->family);
    float y = (float)c->h * 0.5f, inset = a->width * 0.5f, x0 = inset, x1 = (float)a->len - inset;
    if (dash[0] <= 0.0f) {
        float xy[4] = {x0, y, x1, y};
        app_canvas_polyline(c, xy, 2, a->width, col, NULL);
        return;
    }
    /* The line's own dashes, started half-way into the first one: even a long dash
     * then shows a gap in a short sample (ste's would read as solid, like hard's). */
    for (int i = 0; i < 4; i++) dash[i] *= a->width;
    float x = x0 - dash[0] * 0.5f;
    for (int k = 0; x < x1 && k < 256; k++) {
        float on = dash[(k % 2) * 2], off = dash[(k % 2) * 2 + 1];
        float s0 = x < x0 ? x0 : x, s1 = x + on > x1 ? x1 : x + on;
        if (s1 > s0) {
            float xy[4] = {s0, y, s1, y};
            app_canvas_polyline(c, xy, 2, a->width, col, NULL);
        }
        x += on + off;
    }
}

void app_draw_swatch(AppDraw *d, float x, float y, int len, int family, float width, AppColor bg)
{
    SwatchArg a = {family, len, width * d->scale, bg};
    int h = (int)ceilf(a.width) + 4;
    uint32_t bgkey = (uint32_t)(bg.r ^ bg.g << 1 ^ bg.b << 2) & 0xFu;
    uint32_t key = (uint32_t)SPRITE_SWATCH << 24 | (uint32_t)family << 20 | bgkey << 16 | ((uint32_t)len & 0xFFFFu);
    AppSprite *s = sprite(d, key, len, h, 0, make_swatch, &a);
    if (!s) return;
    AppColor white = {255, 255, 255, 255};
    copy(d, s, (SDL_Rect){0, 0, s->w, s->h}, (int)lroundf(x), (int)lroundf(y) - h / 2, white);
}

void app_draw_clip(AppDraw *d, const AppRect *r)
{
    if (!r) {
        app_fc_clip(&d->fc, NULL);
        return;
    }
    SDL_Rect sr = {r->x, r->y, r->w, r->h};
    app_fc_clip(&d->fc, &sr);
}

/* ---- layers, and the second thread they are drawn on ---- */

static void worker_stop(AppDraw *d)
{
    app_worker_destroy(d->worker);
    d->worker = NULL;
}

static void worker_start(AppDraw *d)
{
    d->worker = app_worker_create();
    if (!d->worker) d->no_worker = 1; /* everything on this thread, as without it */
}

void app_draw_set_worker(AppDraw *d, int on)
{
    app_draw_layers_finish(d);
    if (!on) worker_stop(d);
    d->no_worker = !on;
}

/* Whether a layer begun now can be drawn on the second thread. */
static int can_defer(AppDraw *d)
{
    if (!d->fc.on || d->no_worker || d->npending >= APP_LAYERS_PENDING_MAX) return 0;
    if (!d->worker) worker_start(d);
    return d->worker != NULL;
}

/* A layer handed over earlier this frame is drawn into again: wait for it first. */
static void settle(AppDraw *d, AppLayer *L)
{
    if (L->pending) app_draw_layers_finish(d);
}

static void start(AppDraw *d, AppLayer *L)
{
    L->deferred = can_defer(d);
    L->ndamage = 0;
    L->damage_failed = 0;
    app_canvas_defer(&L->canvas, L->deferred);
}

int app_layer_begin(AppDraw *d, AppLayer *layer, AppRect r, AppColor bg)
{
    settle(d, layer);
    if (!app_canvas_resize(&layer->canvas, r.w, r.h, r.x, r.y)) return 0;
    start(d, layer);
    app_canvas_clear(&layer->canvas, bg);
    return 1;
}

/* The first column in [l, r] where src and dst differ, or r + 1. */
static int first_change(const uint32_t *src, const uint32_t *dst, int l, int r)
{
#ifdef __SSE2__
    for (; l + 3 <= r; l += 4) {
        __m128i a = _mm_loadu_si128((const __m128i *)(src + l)), b = _mm_loadu_si128((const __m128i *)(dst + l));
        int same = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(a, b)));
        if (same != 0xF) return l + __builtin_ctz((unsigned)~same & 0xFu);
    }
#endif
    while (l <= r && src[l] == dst[l]) l++;
    return l;
}

/* The last column in [l, r] where src and dst differ, or l - 1. */
static int last_change(const uint32_t *src, const uint32_t *dst, int l, int r)
{
#ifdef __SSE2__
    for (; r - 3 >= l; r -= 4) {
        __m128i a = _mm_loadu_si128((const __m128i *)(src + r - 3)), b = _mm_loadu_si128((const __m128i *)(dst + r - 3));
        int same = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(a, b)));
        if (same != 0xF) return r - 3 + 31 - __builtin_clz((unsigned)~same & 0xFu);
    }
#endif
    while (r >= l && src[r] == dst[r]) r--;
    return r;
}

/* A changed area of a layer drawn on the second thread, marked by app_draw_layers_finish. */
static void damage_keep(AppLayer *L, SDL_Rect r)
{
    if (L->ndamage == L->damage_cap) {
        int cap = L->damage_cap ? L->damage_cap * 2 : 32;
        SDL_Rect *p = realloc(L->damage, (size_t)cap * sizeof *p);
        if (!p) { /* the whole layer is marked instead */
            L->damage_failed = 1;
            return;
        }
        L->damage = p;
        L->damage_cap = cap;
    }
    L->damage[L->ndamage++] = r;
}

/* The canvas into a texture's pixels: only what was written since the last upload can
 * differ, and only what differs is copied. What changed is named per row of the frame
 * cache's tiles: a change at one end of a few rows (a curve's dashes) does not redraw the
 * width of the whole plot. fc: marked at once; NULL: kept in the layer (second thread). */
static void damage(AppFrameCache *fc, AppLayer *layer, SDL_Rect r)
{
    if (fc) app_fc_damage(fc, r);
    else damage_keep(layer, r);
}

static void compare_copy(AppFrameCache *fc, AppLayer *layer, void *pixels, int pitch)
{
    AppCanvas *c = &layer->canvas;
    int x0 = c->w, x1 = -1, y0 = 0, y1 = -1, band = INT_MIN;
    for (int y = 0; y < c->h; y++) {
        int l, r;
        if (!app_canvas_written(c, 1, y, &l, &r)) continue;
        const uint32_t *src = c->px + (size_t)y * (size_t)c->w;
        uint32_t *dst = (uint32_t *)((uint8_t *)pixels + (size_t)y * (size_t)pitch);
        r--;
        l = first_change(src, dst, l, r);
        r = last_change(src, dst, l, r);
        if (l > r) continue;
        memcpy(dst + l, src + l, (size_t)(r - l + 1) * sizeof *src);
        int b = (c->oy + y) / APP_FC_TILE;
        if (b != band) {
            if (x1 >= x0) damage(fc, layer, (SDL_Rect){c->ox + x0, c->oy + y0, x1 - x0 + 1, y1 - y0 + 1});
            band = b;
            x0 = l;
            x1 = r;
            y0 = y;
        }
        if (l < x0) x0 = l;
        if (r > x1) x1 = r;
        y1 = y;
    }
    app_canvas_mark(c, 1);
    if (x1 >= x0) damage(fc, layer, (SDL_Rect){c->ox + x0, c->oy + y0, x1 - x0 + 1, y1 - y0 + 1});
}

/* compare_copy on the second thread, in the layer's queue after its drawing. */
static void upload_queued(AppCanvas *c, void *arg)
{
    (void)c;
    AppLayer *L = arg;
    compare_copy(NULL, L, L->pixels, L->pitch);
}

/* A layer drawn and uploaded on the second thread: what changed is marked now. */
static void layer_done(AppDraw *d, AppLayer *L)
{
    const AppCanvas *c = &L->canvas;
    if (L->damage_failed) app_fc_damage(&d->fc, (SDL_Rect){c->ox, c->oy, c->w, c->h});
    else
        for (int k = 0; k < L->ndamage; k++) app_fc_damage(&d->fc, L->damage[k]);
    L->ndamage = 0;
    L->damage_failed = 0;
    SDL_UnlockTexture(L->tex);
    L->pixels = NULL;
    L->pending = 0;
    L->deferred = 0;
}

/* The canvas into the layer's texture. While the frame cache records, the texture (a
 * software renderer's, its pixels at hand) is compared row by row and only what changed
 * is copied and marked changed on screen; on the second thread when the layer is
 * deferred (see app_draw.h). */
static void upload(AppDraw *d, AppLayer *layer, int fresh)
{
    AppCanvas *c = &layer->canvas;
    void *pixels;
    int pitch;
    if (fresh || !d->fc.on || SDL_LockTexture(layer->tex, NULL, &pixels, &pitch) != 0) {
        app_canvas_defer(c, 0);
        app_canvas_run_queued(c);
        layer->deferred = 0;
        SDL_UpdateTexture(layer->tex, NULL, c->px, c->w * 4);
        app_fc_damage(&d->fc, (SDL_Rect){c->ox, c->oy, c->w, c->h});
        app_canvas_mark(c, 1);
        return;
    }
    if (layer->deferred) {
        layer->pixels = pixels;
        layer->pitch = pitch;
        app_canvas_queue_call(c, upload_queued, layer);
        app_canvas_defer(c, 0);
        if (c->queue_len > 0) { /* still queued: the second thread draws and uploads it */
            layer->pending = 1;
            d->pending[d->npending++] = layer;
            d->layers_deferred++;
            app_worker_give(d->worker, c);
            return;
        }
        layer_done(d, layer); /* queue_call ran the queue at once (out of memory): uploaded already */
        return;
    }
    compare_copy(&d->fc, layer, pixels, pitch);
    SDL_UnlockTexture(layer->tex);
}

void app_draw_frame_begin(AppDraw *d)
{
    if (d->worker) app_worker_awake(d->worker, 1); /* else made with the first layer handed over */
}

void app_draw_frame_end(AppDraw *d)
{
    if (d->worker) app_worker_awake(d->worker, 0);
}

/* The frame cache's replay shares its areas with the second thread (app_fc_set_helper). */
static int replay_start(void *ctx, void (*fn)(void *), void *arg)
{
    AppDraw *d = ctx;
    if (d->no_worker) return 0;
    if (!d->worker) worker_start(d);
    if (!d->worker) return 0;
    app_worker_run(d->worker, fn, arg);
    return 1;
}

static void replay_wait(void *ctx)
{
    app_worker_wait(((AppDraw *)ctx)->worker);
}

void app_draw_layers_finish(AppDraw *d)
{
    if (d->npending == 0) return;
    app_worker_finish(d->worker);
    for (int i = 0; i < d->npending; i++) layer_done(d, d->pending[i]);
    d->npending = 0;
}

void app_layer_end(AppDraw *d, AppLayer *layer)
{
    AppCanvas *c = &layer->canvas;
    if (c->w <= 0 || c->h <= 0) {
        app_canvas_defer(c, 0);
        app_canvas_run_queued(c); /* nothing to draw into: the queue only empties */
        layer->deferred = 0;
        return;
    }
    int fresh = !layer->tex || layer->tw != c->w || layer->th != c->h;
    if (fresh) {
        if (layer->tex) app_fc_destroy_texture(&d->fc, layer->tex);
        layer->tex = SDL_CreateTexture(d->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, c->w, c->h);
        if (!layer->tex) {
            app_canvas_defer(c, 0);
            app_canvas_run_queued(c);
            layer->deferred = 0;
            return;
        }
        layer->tw = c->w;
        layer->th = c->h;
        layer->id = app_fc_new_id(&d->fc);
        SDL_SetTextureBlendMode(layer->tex, SDL_BLENDMODE_NONE);
    }
    upload(d, layer, fresh);
    AppColor white = {255, 255, 255, 255};
    app_fc_copy(&d->fc, layer->tex, layer->id, NULL, c->w, c->h, c->ox, c->oy, white);
}

/* The canvas back to the base where something was written since it was kept or last
 * restored: only those spans are copied. */
static void restore_spans(AppCanvas *w, void *arg)
{
    const AppLayer *layer = arg;
    for (int y = 0; y < w->h; y++) {
        int x0, x1;
        if (!app_canvas_written(w, 0, y, &x0, &x1)) continue;
        size_t at = (size_t)y * (size_t)w->w + (size_t)x0;
        memcpy(w->px + at, layer->base + at, (size_t)(x1 - x0) * sizeof *w->px);
        app_canvas_wrote(w, y, x0, x1);
    }
    app_canvas_mark(w, 0);
}

int app_layer_restore(AppDraw *d, AppLayer *layer, AppRect r, uint64_t key)
{
    settle(d, layer);
    if (!app_canvas_resize(&layer->canvas, r.w, r.h, r.x, r.y)) return 0;
    const AppCanvas *c = &layer->canvas;
    if (!key || layer->base_key != key || !layer->base || c->w != layer->base_w || c->h != layer->base_h ||
        c->ox != layer->base_x || c->oy != layer->base_y)
        return 0;
    start(d, layer);
    app_canvas_queue_call(&layer->canvas, restore_spans, layer);
    return 1;
}

/* The canvas as it is now into the base (sized on the calling thread). */
static void keep_pixels(AppCanvas *c, void *arg)
{
    AppLayer *layer = arg;
    memcpy(layer->base, c->px, (size_t)c->w * (size_t)c->h * sizeof *c->px);
    app_canvas_mark(c, 0);
}

void app_layer_keep(AppDraw *d, AppLayer *layer, uint64_t key)
{
    (void)d;
    const AppCanvas *c = &layer->canvas;
    size_t n = (size_t)c->w * (size_t)c->h;
    layer->base_key = 0;
    if (!key || n == 0) return;
    if (n > layer->base_cap) {
        uint32_t *b = realloc(layer->base, n * sizeof *b);
        if (!b) return;
        layer->base = b;
        layer->base_cap = n;
    }
    app_canvas_queue_call(&layer->canvas, keep_pixels, layer);
    layer->base_x = c->ox;
    layer->base_y = c->oy;
    layer->base_w = c->w;
    layer->base_h = c->h;
    layer->base_key = key;
}

void app_layer_free(AppDraw *d, AppLayer *layer)
{
    if (d) settle(d, layer);
    if (layer->tex) SDL_DestroyTexture(layer->tex);
    free(layer->base);
    free(layer->damage);
    app_canvas_free(&layer->canvas);
    memset(layer, 0, sizeof *layer);
}
