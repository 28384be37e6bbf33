/* app_draw.c — rects, sprite discs and corners, layers (see app_draw.h). Sprites are
 * white anti-aliased shapes tinted per draw with the texture colour mod, so one disc
 * texture per radius serves every colour. */
#include "app_draw.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { SPRITE_DISC = 1, SPRITE_SWATCH = 2 };

void app_draw_init(AppDraw *d, SDL_Renderer *r, float scale)
{
    memset(d, 0, sizeof *d);
    d->r = r;
    d->scale = scale > 0.0f ? scale : 1.0f;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    app_fc_init(&d->fc, r);
}

static void drop_sprites(AppDraw *d)
{
    for (int i = 0; i < APP_SPRITES_MAX; i++) {
        if (d->sprites[i].tex) app_fc_destroy_texture(&d->fc, d->sprites[i].tex);
        memset(&d->sprites[i], 0, sizeof d->sprites[i]);
    }
}

void app_draw_deinit(AppDraw *d)
{
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

int app_layer_begin(AppLayer *layer, AppRect r, AppColor bg)
{
    if (!app_canvas_resize(&layer->canvas, r.w, r.h, r.x, r.y)) return 0;
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

/* The canvas into the layer's texture. While the frame cache records, the texture (a
 * software renderer's, its pixels at hand) is compared row by row and only what changed
 * is copied and marked changed on screen. */
static void upload(AppDraw *d, AppLayer *layer, int fresh)
{
    AppCanvas *c = &layer->canvas;
    void *pixels;
    int pitch;
    if (fresh || !d->fc.on || SDL_LockTexture(layer->tex, NULL, &pixels, &pitch) != 0) {
        SDL_UpdateTexture(layer->tex, NULL, c->px, c->w * 4);
        app_fc_damage(&d->fc, (SDL_Rect){c->ox, c->oy, c->w, c->h});
        app_canvas_mark(c, 1);
        return;
    }
    /* Only what was written since the last upload can differ. What changed is named per
     * row of the frame cache's tiles: a change at one end of a few rows (a curve's dashes)
     * does not redraw the width of the whole plot. */
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
            if (x1 >= x0) app_fc_damage(&d->fc, (SDL_Rect){c->ox + x0, c->oy + y0, x1 - x0 + 1, y1 - y0 + 1});
            band = b;
            x0 = l;
            x1 = r;
            y0 = y;
        }
        if (l < x0) x0 = l;
        if (r > x1) x1 = r;
        y1 = y;
    }
    SDL_UnlockTexture(layer->tex);
    app_canvas_mark(c, 1);
    if (x1 >= x0) app_fc_damage(&d->fc, (SDL_Rect){c->ox + x0, c->oy + y0, x1 - x0 + 1, y1 - y0 + 1});
}

void app_layer_end(AppDraw *d, AppLayer *layer)
{
    AppCanvas *c = &layer->canvas;
    if (c->w <= 0 || c->h <= 0) return;
    int fresh = !layer->tex || layer->tw != c->w || layer->th != c->h;
    if (fresh) {
        if (layer->tex) app_fc_destroy_texture(&d->fc, layer->tex);
        layer->tex = SDL_CreateTexture(d->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, c->w, c->h);
        if (!layer->tex) return;
        layer->tw = c->w;
        layer->th = c->h;
        layer->id = app_fc_new_id(&d->fc);
        SDL_SetTextureBlendMode(layer->tex, SDL_BLENDMODE_NONE);
    }
    upload(d, layer, fresh);
    AppColor white = {255, 255, 255, 255};
    app_fc_copy(&d->fc, layer->tex, layer->id, NULL, c->w, c->h, c->ox, c->oy, white);
}

int app_layer_restore(AppLayer *layer, uint64_t key)
{
    const AppCanvas *c = &layer->canvas;
    if (!key || layer->base_key != key || !layer->base || c->w != layer->base_w || c->h != layer->base_h ||
        c->ox != layer->base_x || c->oy != layer->base_y)
        return 0;
    /* The canvas is the base but where something was written since it was kept or last
     * restored: only those spans are copied back. */
    AppCanvas *w = &layer->canvas;
    for (int y = 0; y < w->h; y++) {
        int x0, x1;
        if (!app_canvas_written(w, 0, y, &x0, &x1)) continue;
        size_t at = (size_t)y * (size_t)w->w + (size_t)x0;
        memcpy(w->px + at, layer->base + at, (size_t)(x1 - x0) * sizeof *w->px);
        app_canvas_wrote(w, y, x0, x1);
    }
    app_canvas_mark(w, 0);
    return 1;
}

void app_layer_keep(AppLayer *layer, uint64_t key)
{
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
    memcpy(layer->base, c->px, n * sizeof *c->px);
    app_canvas_mark(&layer->canvas, 0);
    layer->base_x = c->ox;
    layer->base_y = c->oy;
    layer->base_w = c->w;
    layer->base_h = c->h;
    layer->base_key = key;
}

void app_layer_free(AppLayer *layer)
{
    if (layer->tex) SDL_DestroyTexture(layer->tex);
    free(layer->base);
    app_canvas_free(&layer->canvas);
    memset(layer, 0, sizeof *layer);
}
