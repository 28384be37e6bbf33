/* app_gif.c — animated GIF through giflib (see app_gif.h). One frame is held back so
 * that an unchanged frame can lengthen it; three index pictures: what the GIF shows
 * so far, the held frame, the frame just added. */
#include "app_gif.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gif_lib.h>

#include "app_export.h"
#include "app_theme.h"

#define TRANSPARENT 255
#define LUT_BITS 6
#define LUT_SIZE (1 << (3 * LUT_BITS))
#define EXACT_SLOTS 256

struct AppGif {
    AppExport out;                  /* open while the GIF is being written */
    int out_open;
    GifFileType *gif;
    char path[1024];
    int w, h, delay_cs;
    int frames, added;
    int have_shown, have_held;
    int held_delay;                 /* centiseconds the held frame stays */
    uint8_t *shown, *held, *cur;    /* w*h palette indices each */
    GifColorType pal[256];
    int pal_n;
    uint32_t exact_rgb[EXACT_SLOTS];  /* open addressing: exact palette colours */
    int16_t exact_idx[EXACT_SLOTS];
    int16_t *lut;                   /* 6 bits per channel -> nearest index; -1 unknown */
    uint8_t *row;                   /* one row of the frame being written */
};

static uint32_t rgb_of(AppColor c)
{
    return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

static unsigned exact_slot(uint32_t rgb)
{
    return (unsigned)((rgb * 2654435761u) >> 24) & (EXACT_SLOTS - 1);
}

static void add_color(AppGif *g, uint32_t rgb, int exact)
{
    for (int i = 0; i < g->pal_n; i++)
        if ((uint32_t)g->pal[i].Red << 16 == (rgb & 0xFF0000u) && (uint32_t)g->pal[i].Green << 8 == (rgb & 0xFF00u) &&
            g->pal[i].Blue == (rgb & 0xFFu))
            return;
    if (g->pal_n >= TRANSPARENT) return;
    int i = g->pal_n++;
    g->pal[i].Red = (GifByteType)(rgb >> 16);
    g->pal[i].Green = (GifByteType)(rgb >> 8);
    g->pal[i].Blue = (GifByteType)rgb;
    if (!exact) return;
    unsigned s = exact_slot(rgb);
    while (g->exact_idx[s] >= 0) s = (s + 1) & (EXACT_SLOTS - 1);
    g->exact_rgb[s] = rgb;
    g->exact_idx[s] = (int16_t)i;
}

/* The theme's colours exactly (flat areas and text stay true), then a grey ramp and a
 * 6x6x6 cube for anti-aliased edges. */
static void build_palette(AppGif *g)
{
    for (int i = 0; i < EXACT_SLOTS; i++) g->exact_idx[i] = -1;
    for (int c = 0; c < APP_COL_COUNT; c++)
        if (c != APP_COL_VEIL) add_color(g, rgb_of(app_theme_color((AppThemeColor)c)), 1);
    for (int f = 0; f < SL_MASK_COUNT; f++) add_color(g, rgb_of(app_theme_family_color((SlMaskKind)f)), 1);
    static const SlGradState states[] = {SL_GRAD_NONE, SL_GRAD_ZERO, SL_GRAD_NAN, SL_GRAD_VALUE};
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        add_color(g, rgb_of(app_theme_badge_fill(states[i])), 1);
        add_color(g, rgb_of(app_theme_badge_text(states[i])), 1);
    }
    for (int v = 0; v < 6; v++)
        for (int u = 0; u < 6; u++)
            for (int t = 0; t < 6; t++)
                add_color(g, (uint32_t)(t * 51) << 16 | (uint32_t)(u * 51) << 8 | (uint32_t)(v * 51), 0);
    for (int k = 1; k < 20 && g->pal_n < TRANSPARENT; k++) {
        uint32_t y = (uint32_t)(k * 255 / 20);
        add_color(g, y << 16 | y << 8 | y, 0);
    }
    while (g->pal_n < 256) { /* unused entries (and the transparent one) */
        memset(&g->pal[g->pal_n], 0, sizeof g->pal[0]);
        g->pal_n++;
    }
}

static int nearest(const AppGif *g, int r, int gr, int b)
{
    int best = 0;
    long best_d = -1;
    for (int i = 0; i < TRANSPARENT; i++) {
        long dr = r - g->pal[i].Red, dg = gr - g->pal[i].Green, db = b - g->pal[i].Blue;
        /* Weighted towards green, as the eye is. */
        long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
        if (best_d < 0 || d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}

static uint8_t index_of(AppGif *g, uint32_t rgb)
{
    unsigned s = exact_slot(rgb);
    while (g->exact_idx[s] >= 0) {
        if (g->exact_rgb[s] == rgb) return (uint8_t)g->exact_idx[s];
        s = (s + 1) & (EXACT_SLOTS - 1);
    }
    int r = (int)(rgb >> 16 & 0xFFu), gr = (int)(rgb >> 8 & 0xFFu), b = (int)(rgb & 0xFFu);
    int cell = (r >> (8 - LUT_BITS)) << (2 * LUT_BITS) | (gr >> (8 - LUT_BITS)) << LUT_BITS | (b >> (8 - LUT_BITS));
    if (g->lut[cell] < 0) {
        int half = 1 << (7 - LUT_BITS); /* the cell's centre */
        g->lut[cell] = (int16_t)nearest(g, (r & ~(2 * half - 1)) + half, (gr & ~(2 * half - 1)) + half,
                                        (b & ~(2 * half - 1)) + half);
    }
    return (uint8_t)g->lut[cell];
}

static int write_out(GifFileType *gif, const GifByteType *bytes, int n)
{
    AppExport *out = gif->UserData;
    return app_export_write(out, bytes, (size_t)n) ? n : 0;
}

static int gif_fail(AppGif *g, int code, char *err, size_t err_len)
{
    const char *why = g->out.error ? strerror(g->out.error) : GifErrorString(code);
    snprintf(err, err_len, "cannot write %s: %s", g->path, why ? why : "GIF error");
    return 0;
}

static void free_buffers(AppGif *g)
{
    free(g->shown);
    free(g->held);
    free(g->cur);
    free(g->lut);
    free(g->row);
}

AppGif *app_gif_open(const char *path, int w, int h, int fps, char *err, size_t err_len)
{
    if (w < 1 || h < 1 || w > 65535 || h > 65535) {
        snprintf(err, err_len, "cannot write %s: a %dx%d GIF is out of range", path ? path : "", w, h);
        return NULL;
    }
    if (fps < 1 || fps > APP_GIF_FPS_MAX) {
        snprintf(err, err_len, "--fps must be from 1 to %d, got %d", APP_GIF_FPS_MAX, fps);
        return NULL;
    }
    AppGif *g = calloc(1, sizeof *g);
    size_t n = (size_t)w * (size_t)h;
    if (g) {
        g->shown = malloc(n);
        g->held = malloc(n);
        g->cur = malloc(n);
        g->lut = malloc(LUT_SIZE * sizeof *g->lut);
        g->row = malloc((size_t)w);
    }
    if (!g || !g->shown || !g->held || !g->cur || !g->lut || !g->row) {
        if (g) free_buffers(g);
        free(g);
        snprintf(err, err_len, "out of memory for a %dx%d GIF", w, h);
        return NULL;
    }
    memset(g->lut, 0xFF, LUT_SIZE * sizeof *g->lut);
    g->w = w;
    g->h = h;
    g->delay_cs = (100 + fps / 2) / fps;
    if (g->delay_cs < 2) g->delay_cs = 2;
    snprintf(g->path, sizeof g->path, "%s", path);
    build_palette(g);
    if (app_export_open(&g->out, path, err, err_len) != SL_OK) {
        free_buffers(g);
        free(g);
        return NULL;
    }
    g->out_open = 1;
    int code = 0;
    g->gif = EGifOpen(&g->out, write_out, &code);
    ColorMapObject *map = g->gif ? GifMakeMapObject(256, g->pal) : NULL;
    int ok = g->gif && map;
    if (ok) {
        EGifSetGifVersion(g->gif, true);
        ok = EGifPutScreenDesc(g->gif, w, h, 8, 0, map) == GIF_OK;
    }
    GifFreeMapObject(map);
    /* Loop for ever, as a slide wants. */
    static const GifByteType netscape[] = "NETSCAPE2.0", loop[3] = {1, 0, 0};
    ok = ok && EGifPutExtensionLeader(g->gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
         EGifPutExtensionBlock(g->gif, 11, netscape) == GIF_OK && EGifPutExtensionBlock(g->gif, 3, loop) == GIF_OK &&
         EGifPutExtensionTrailer(g->gif) == GIF_OK;
    if (!ok) {
        gif_fail(g, g->gif ? g->gif->Error : code, err, err_len);
        app_gif_abort(g);
        return NULL;
    }
    return g;
}

/* Writes the held frame: the rectangle where it differs from what is shown, unchanged
 * pixels in it transparent. */
static int write_held(AppGif *g, char *err, size_t err_len)
{
    int x0 = 0, y0 = 0, x1 = g->w - 1, y1 = g->h - 1;
    if (g->have_shown) {
        x0 = g->w, y0 = g->h, x1 = -1, y1 = -1;
        for (int y = 0; y < g->h; y++) {
            const uint8_t *a = g->held + (size_t)y * (size_t)g->w, *b = g->shown + (size_t)y * (size_t)g->w;
            if (memcmp(a, b, (size_t)g->w) == 0) continue;
            if (y < y0) y0 = y;
            y1 = y;
            int l = 0, r = g->w - 1;
            while (a[l] == b[l]) l++;
            while (a[r] == b[r]) r--;
            if (l < x0) x0 = l;
            if (r > x1) x1 = r;
        }
        if (x1 < 0) x0 = y0 = x1 = y1 = 0; /* nothing changed: one transparent pixel */
    }
    GraphicsControlBlock gcb = {DISPOSE_DO_NOT, false, g->held_delay > 65535 ? 65535 : g->held_delay,
                                g->have_shown ? TRANSPARENT : NO_TRANSPARENT_COLOR};
    GifByteType ext[4];
    EGifGCBToExtension(&gcb, ext);
    if (EGifPutExtension(g->gif, GRAPHICS_EXT_FUNC_CODE, 4, ext) != GIF_OK ||
        EGifPutImageDesc(g->gif, x0, y0, x1 - x0 + 1, y1 - y0 + 1, false, NULL) != GIF_OK)
        return gif_fail(g, g->gif->Error, err, err_len);
    for (int y = y0; y <= y1; y++) {
        const uint8_t *a = g->held + (size_t)y * (size_t)g->w, *b = g->shown + (size_t)y * (size_t)g->w;
        for (int x = x0; x <= x1; x++) g->row[x - x0] = g->have_shown && a[x] == b[x] ? TRANSPARENT : a[x];
        if (EGifPutLine(g->gif, g->row, x1 - x0 + 1) != GIF_OK) return gif_fail(g, g->gif->Error, err, err_len);
    }
    if (g->out.error) return gif_fail(g, 0, err, err_len);
    uint8_t *t = g->shown;
    g->shown = g->held;
    g->held = t;
    g->have_shown = 1;
    g->have_held = 0;
    g->frames++;
    return 1;
}

SlStatus app_gif_add(AppGif *g, const uint32_t *argb, int pitch, char *err, size_t err_len)
{
    uint32_t last = 0xFFFFFFFFu;
    uint8_t last_i = 0;
    for (int y = 0; y < g->h; y++) {
        const uint32_t *src = (const uint32_t *)((const uint8_t *)argb + (size_t)y * (size_t)pitch);
        uint8_t *dst = g->cur + (size_t)y * (size_t)g->w;
        for (int x = 0; x < g->w; x++) {
            uint32_t p = src[x] & 0xFFFFFFu;
            if (p != last) {
                last = p;
                last_i = index_of(g, p);
            }
            dst[x] = last_i;
        }
    }
    g->added++;
    if (g->have_held && memcmp(g->cur, g->held, (size_t)g->w * (size_t)g->h) == 0) {
        g->held_delay += g->delay_cs;
        return SL_OK;
    }
    if (g->have_held && !write_held(g, err, err_len)) return SL_ERR_IO;
    uint8_t *t = g->held;
    g->held = g->cur;
    g->cur = t;
    g->have_held = 1;
    g->held_delay = g->delay_cs;
    return SL_OK;
}

int app_gif_frames(const AppGif *g)
{
    return g->frames + g->have_held;
}

int app_gif_added(const AppGif *g)
{
    return g->added;
}

SlStatus app_gif_close(AppGif *g, int hold_ms, char *err, size_t err_len)
{
    SlStatus st = SL_OK;
    if (g->have_held) {
        g->held_delay += hold_ms > 0 ? hold_ms / 10 : 0;
        if (!write_held(g, err, err_len)) st = SL_ERR_IO;
    } else {
        snprintf(err, err_len, "cannot write %s: no frames were recorded", g->path);
        st = SL_ERR_STATE;
    }
    int code = 0;
    if (EGifCloseFile(g->gif, &code) != GIF_OK && st == SL_OK) {
        gif_fail(g, code, err, err_len);
        st = SL_ERR_IO;
    }
    g->gif = NULL;
    if (st == SL_OK)
        st = app_export_commit(&g->out, err, err_len);
    else
        app_export_abort(&g->out);
    g->out_open = 0;
    free_buffers(g);
    free(g);
    return st;
}

void app_gif_abort(AppGif *g)
{
    if (!g) return;
    if (g->gif) {
        int code = 0;
        EGifCloseFile(g->gif, &code);
    }
    if (g->out_open) app_export_abort(&g->out);
    free_buffers(g);
    free(g);
}
