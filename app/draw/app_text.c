/* app_text.c — SDL_ttf fonts, glyph atlases, label textures, lines drawn as runs,
 * measuring (see app_text.h); the font files come from app_font.c, word wrap from
 * app_wrap.c, the frame's record of drawn and cut strings from app_text_record.c.
 * Invariant: a glyph is rendered by FreeType at most once per font size, into a CPU
 * coverage atlas; strings are composed from it into cached textures. Over 700 lines, on
 * purpose: the atlas, the label cache, the runs and measuring share the Face, Glyph and
 * Label records, which stay private to this file rather than move into a header. */
#include "app_text.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <SDL_ttf.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#define TEXT_SSE2 1
#endif

#include "app_font.h"
#include "app_wrap.h"

#define ATLAS_W 1024
#define ATLAS_H 1024
#define EXTRA_MAX 256

typedef struct Glyph {
    uint32_t cp;
    int x, y, w, h;  /* in the atlas; w == 0: nothing to draw (space) */
    int xoff, adv;
    int ready;
} Glyph;

typedef struct Face {
    TTF_Font *font;
    int px, line_h;
    uint8_t *alpha;  /* glyph coverage atlas, ATLAS_W x ATLAS_H, owned */
    int pen_x, pen_y, row_h;
    Glyph ascii[128];
    Glyph extra[EXTRA_MAX];
    int extra_n;
    int16_t *kern;   /* ASCII pairs' kerning, KERN_UNKNOWN until asked, owned (lazy) */
} Face;

#define KERN_UNKNOWN INT16_MIN

/* FreeType's kerning of the pair, remembered for ASCII pairs (measuring a string asks
 * for every pair in it, every frame). */
static int kerning(Face *fc, uint32_t a, uint32_t b)
{
    if (a >= 128 || b >= 128) return TTF_GetFontKerningSizeGlyphs32(fc->font, a, b);
    if (!fc->kern) {
        fc->kern = malloc(128 * 128 * sizeof *fc->kern);
        if (!fc->kern) return TTF_GetFontKerningSizeGlyphs32(fc->font, a, b);
        for (int i = 0; i < 128 * 128; i++) fc->kern[i] = KERN_UNKNOWN;
    }
    int16_t *k = &fc->kern[a * 128 + b];
    if (*k == KERN_UNKNOWN) {
        int v = TTF_GetFontKerningSizeGlyphs32(fc->font, a, b);
        if (v <= KERN_UNKNOWN || v > INT16_MAX) return v;
        *k = (int16_t)v;
    }
    return *k;
}

/* A string in a font and colour is one texture (built from the glyph atlas, colour
 * baked in): one blit instead of one per glyph, no colour modulation (which the
 * software renderer blits slowly), and the same pixels on every frame. */
typedef struct Label {
    char *text;      /* owned; NULL = empty slot */
    int font;
    uint32_t rgba;
    SDL_Texture *tex;
    uint64_t id;     /* its contents, for the frame cache */
    int w, h, x0;    /* texture size; x0: its left edge relative to the pen start */
    int adv;         /* the string's advance width */
    unsigned first, last;  /* frames first and last drawn */
} Label;

/* Widths of short strings measured lately (words while wrapping, numbers, labels):
 * measuring walks FreeType's kerning pair by pair, a cache entry is one compare. */
#define WIDTH_SLOTS 1024
#define WIDTH_TEXT_MAX 64

typedef struct WidthEntry {
    char text[WIDTH_TEXT_MAX]; /* "" = empty slot */
    int font;
    int w;
} WidthEntry;

#define LABEL_SLOTS 2048
#define LABEL_KEEP_FRAMES 30u
#define YOUNG_MAX 256

/* A label made lately: found again by its slot's text pointer from its home slot. */
typedef struct Young {
    const char *text;   /* identity only, never read (it may have been freed) */
    uint32_t home;
    unsigned frame;
} Young;

struct AppText {
    SDL_Renderer *r;
    AppFrameCache *fc;  /* not owned; NULL: draw at once */
    float scale;
    char path[1024], bold_path[1024];
    Face face[APP_FONT_COUNT];
    int glyphs;
    Label *labels;   /* LABEL_SLOTS, open addressing, owned */
    int label_count;
    int sweep_at;       /* the next slot labels_sweep_part looks at */
    Young young[YOUNG_MAX]; /* labels made in the last frames, oldest first (a ring) */
    int young_at, young_n;
    unsigned frame;
    WidthEntry *widths; /* WIDTH_SLOTS, direct-mapped, owned */
    AppTextRecord rec;  /* what this frame cut short and (for tests) drew */
    int whole_only;     /* for tests: every string one label, never runs */
    int runs_drawn;     /* strings drawn as runs so far (for tests) */
};

static void drop_texture(AppText *t, SDL_Texture *tex)
{
    if (t->fc) app_fc_destroy_texture(t->fc, tex);
    else SDL_DestroyTexture(tex);
}

void app_text_set_cache(AppText *t, AppFrameCache *fc)
{
    t->fc = fc;
}

void app_text_cuts_pause(AppText *t, int paused)
{
    t->rec.cuts_paused = paused;
}

int app_text_cuts(const AppText *t, int i, const char **text)
{
    const AppTextRecord *r = &t->rec;
    if (text) *text = i >= 0 && i < r->cuts && i < APP_TEXT_CUTS_KEPT ? r->cut_text[i] : "";
    return r->cuts;
}

void app_text_log(AppText *t, int on)
{
    t->rec.log_on = on;
    app_text_record_frame(&t->rec);
}

void app_text_log_pause(AppText *t, int paused)
{
    t->rec.log_paused = paused;
}

const char *app_text_logged(const AppText *t)
{
    return t->rec.log && t->rec.log_len ? t->rec.log : "";
}

static const int k_font_px[APP_FONT_COUNT] = {15, 18, 18, 24};

static void labels_clear(AppText *t)
{
    if (!t->labels) return;
    for (int i = 0; i < LABEL_SLOTS; i++) {
        Label *l = &t->labels[i];
        if (l->tex) drop_texture(t, l->tex);
        free(l->text);
        memset(l, 0, sizeof *l);
    }
    t->label_count = 0;
}

static void face_close(Face *fc)
{
    free(fc->alpha);
    free(fc->kern);
    if (fc->font) TTF_CloseFont(fc->font);
    memset(fc, 0, sizeof *fc);
}

static SlStatus open_faces(AppText *t, float scale, char *err, size_t err_len)
{
    for (int f = 0; f < APP_FONT_COUNT; f++) {
        Face *fc = &t->face[f];
        const char *path = (f == APP_FONT_BOLD || f == APP_FONT_TITLE) ? t->bold_path : t->path;
        int px = (int)lroundf((float)k_font_px[f] * scale);
        if (px < 8) px = 8;
        fc->font = TTF_OpenFont(path, px);
        if (!fc->font) {
            snprintf(err, err_len, "cannot open font %s: %s (install the fonts-dejavu-core package)", path,
                     TTF_GetError());
            return SL_ERR_IO;
        }
        fc->px = px;
        fc->line_h = TTF_FontLineSkip(fc->font);
        fc->alpha = calloc((size_t)ATLAS_W * ATLAS_H, 1);
        if (!fc->alpha) {
            snprintf(err, err_len, "out of memory for the glyph atlas");
            return SL_ERR_NOMEM;
        }
    }
    t->scale = scale;
    t->glyphs = 0;
    if (t->widths) memset(t->widths, 0, WIDTH_SLOTS * sizeof *t->widths);
    return SL_OK;
}

AppText *app_text_load(SDL_Renderer *r, float scale, char *err, size_t err_len)
{
    if (TTF_Init() != 0) {
        snprintf(err, err_len, "cannot start SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    AppText *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, err_len, "out of memory loading fonts");
        TTF_Quit();
        return NULL;
    }
    t->r = r;
    t->labels = calloc(LABEL_SLOTS, sizeof *t->labels);
    t->widths = calloc(WIDTH_SLOTS, sizeof *t->widths);
    if (!t->labels || !t->widths) {
        snprintf(err, err_len, "out of memory loading fonts");
        app_text_unload(t);
        return NULL;
    }
    if (app_font_find(t->path, sizeof t->path, t->bold_path, sizeof t->bold_path, err, err_len) != SL_OK ||
        open_faces(t, scale, err, err_len) != SL_OK) {
        app_text_unload(t);
        return NULL;
    }
    return t;
}

void app_text_unload(AppText *t)
{
    if (!t) return;
    labels_clear(t);
    free(t->labels);
    free(t->widths);
    app_text_record_free(&t->rec);
    for (int f = 0; f < APP_FONT_COUNT; f++) face_close(&t->face[f]);
    free(t);
    /* fontconfig's caches are process-wide; release them with the last text cache so
     * leak checkers stay quiet (FcInit brings them back on the next load). */
    app_font_release();
    TTF_Quit();
}

SlStatus app_text_set_scale(AppText *t, float scale, char *err, size_t err_len)
{
    if (fabsf(scale - t->scale) < 1e-3f) return SL_OK;
    labels_clear(t);
    for (int f = 0; f < APP_FONT_COUNT; f++) face_close(&t->face[f]);
    return open_faces(t, scale, err, err_len);
}

const char *app_text_font_path(const AppText *t)
{
    return t->path;
}

int app_text_line_height(const AppText *t, AppFont f)
{
    return t->face[f].line_h;
}

static uint32_t utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t c = p[0];
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (n < 0) {
        (*s)++;
        return 0xFFFD;
    }
    if (n > 0) c &= 0x3Fu >> n;
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s += i;
            return 0xFFFD;
        }
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    *s += n + 1;
    return c;
}

static const Glyph *glyph(AppText *t, Face *fc, uint32_t cp)
{
    Glyph *g = NULL;
    if (cp < 128) {
        g = &fc->ascii[cp];
    } else {
        for (int i = 0; i < fc->extra_n; i++)
            if (fc->extra[i].cp == cp) return &fc->extra[i];
        if (fc->extra_n == EXTRA_MAX) return fc->ascii['?'].ready ? &fc->ascii['?'] : NULL;
        g = &fc->extra[fc->extra_n++];
    }
    if (g->ready) return g;
    memset(g, 0, sizeof *g);
    g->cp = cp;
    g->ready = 1;
    uint32_t use = TTF_GlyphIsProvided32(fc->font, cp) ? cp : (uint32_t)'?';
    int minx = 0, maxx = 0, miny = 0, maxy = 0, adv = 0;
    if (TTF_GlyphMetrics32(fc->font, use, &minx, &maxx, &miny, &maxy, &adv) != 0) return g;
    g->adv = adv;
    g->xoff = minx < 0 ? minx : 0;
    if (use == ' ' || maxx <= minx) return g;
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *s = TTF_RenderGlyph32_Blended(fc->font, use, white);
    if (!s) return g;
    SDL_Surface *conv = s->format->format == SDL_PIXELFORMAT_ARGB8888 ? s
                                                                     : SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    if (conv) {
        if (fc->pen_x + conv->w > ATLAS_W) {
            fc->pen_x = 0;
            fc->pen_y += fc->row_h + 1;
            fc->row_h = 0;
        }
        if (conv->w <= ATLAS_W && fc->pen_y + conv->h <= ATLAS_H) {
            SDL_Rect dst = {fc->pen_x, fc->pen_y, conv->w, conv->h};
            for (int yy = 0; yy < conv->h; yy++) {
                const uint32_t *src = (const uint32_t *)((const uint8_t *)conv->pixels + (size_t)yy * (size_t)conv->pitch);
                uint8_t *a = fc->alpha + (size_t)(dst.y + yy) * ATLAS_W + (size_t)dst.x;
                for (int xx = 0; xx < conv->w; xx++) a[xx] = (uint8_t)(src[xx] >> 24);
            }
            g->x = dst.x;
            g->y = dst.y;
            g->w = dst.w;
            g->h = dst.h;
            t->glyphs++;
            fc->pen_x += conv->w + 1;
            if (conv->h > fc->row_h) fc->row_h = conv->h;
        }
        if (conv != s) SDL_FreeSurface(conv);
    }
    SDL_FreeSurface(s);
    return g;
}

static int measure(AppText *t, AppFont f, const char *utf8);

int app_text_width(AppText *t, AppFont f, const char *utf8)
{
    if (!utf8 || !*utf8) return 0;
    size_t n = strlen(utf8);
    if (n >= WIDTH_TEXT_MAX || !t->widths) return measure(t, f, utf8);
    uint32_t h = 2166136261u ^ (uint32_t)f;
    for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)utf8[i]) * 16777619u;
    WidthEntry *e = &t->widths[(h ^ h >> 16) & (WIDTH_SLOTS - 1)];
    if (e->font == (int)f && memcmp(e->text, utf8, n + 1) == 0) return e->w;
    memcpy(e->text, utf8, n + 1);
    e->font = (int)f;
    e->w = measure(t, f, utf8);
    return e->w;
}

static int measure(AppText *t, AppFont f, const char *utf8)
{
    Face *fc = &t->face[f];
    int w = 0;
    uint32_t prev = 0;
    while (utf8 && *utf8) {
        uint32_t cp = utf8_next(&utf8);
        const Glyph *g = glyph(t, fc, cp);
        if (prev) w += kerning(fc, prev, cp);
        if (g) w += g->adv;
        prev = cp;
    }
    return w;
}

AppMetrics app_text_metrics(const AppText *t)
{
    AppMetrics m;
    memset(&m, 0, sizeof m);
    m.small_h = t->face[APP_FONT_SMALL].line_h;
    m.body_h = t->face[APP_FONT_BODY].line_h;
    m.title_h = t->face[APP_FONT_TITLE].line_h;
    int minx, maxx, miny, maxy, adv = 0;
    if (TTF_GlyphMetrics32(t->face[APP_FONT_BODY].font, '0', &minx, &maxx, &miny, &maxy, &adv) != 0)
        adv = m.body_h / 2;
    m.digit_w = adv;
    return m;
}

static uint32_t label_hash(const char *s, int font, uint32_t rgba)
{
    uint32_t h = 2166136261u ^ (uint32_t)font * 16777619u ^ rgba;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

/* Frees labels not drawn for a while and re-packs the table. */
static void labels_sweep(AppText *t)
{
    Label *old = t->labels;
    Label *fresh = calloc(LABEL_SLOTS, sizeof *fresh);
    if (!fresh) return;
    t->labels = fresh;
    t->label_count = 0;
    for (int i = 0; i < LABEL_SLOTS; i++) {
        Label *l = &old[i];
        if (!l->text) continue;
        if (t->frame - l->last > LABEL_KEEP_FRAMES) {
            if (l->tex) drop_texture(t, l->tex);
            free(l->text);
            continue;
        }
        uint32_t h = label_hash(l->text, l->font, l->rgba) & (LABEL_SLOTS - 1);
        while (fresh[h].text) h = (h + 1) & (LABEL_SLOTS - 1);
        fresh[h] = *l;
        t->label_count++;
    }
    free(old);
}

/* Frees slot i's label and closes the gap (linear probing without tombstones): each
 * later label of the same run moves back into it unless its home slot lies cyclically
 * in (i, j], where a probe for it starts after the gap. */
static void label_remove(AppText *t, int i)
{
    Label *tab = t->labels;
    if (tab[i].tex) drop_texture(t, tab[i].tex);
    free(tab[i].text);
    t->label_count--;
    for (int j = i;;) {
        j = (j + 1) & (LABEL_SLOTS - 1);
        if (!tab[j].text) break;
        int k = (int)(label_hash(tab[j].text, tab[j].font, tab[j].rgba) & (LABEL_SLOTS - 1));
        if (i <= j ? (i < k && k <= j) : (i < k || k <= j)) continue;
        tab[i] = tab[j];
        i = j;
    }
    memset(&tab[i], 0, sizeof tab[i]);
}

/* The sweep spread over frames: a 64th of the table each frame, so every label is
 * looked at once in 64 frames as before, without one frame dropping the hundreds of
 * number labels (each a texture) that 64 frames of training leave behind. */
static void labels_sweep_part(AppText *t)
{
    int to = t->sweep_at + LABEL_SLOTS / 64;
    for (int i = t->sweep_at; i < to; i++)
        while (t->labels[i].text && t->frame - t->labels[i].last > LABEL_KEEP_FRAMES) label_remove(t, i);
    t->sweep_at = to & (LABEL_SLOTS - 1);
}

/* A label drawn in the frame it was made and not in the next (a number that changed
 * while training plays) is freed then, not LABEL_KEEP_FRAMES later: such labels come
 * and go a dozen a frame, and each live texture makes freeing any other slower (SDL
 * unlinks a texture from a list of every texture drawn on the target). */
static void labels_drop_young(AppText *t)
{
    while (t->young_n > 0) {
        const Young *y = &t->young[t->young_at];
        if (t->frame - y->frame < 2u) break;
        t->young_at = (t->young_at + 1) % YOUNG_MAX;
        t->young_n--;
        for (uint32_t h = y->home;; h = (h + 1) & (LABEL_SLOTS - 1)) {
            Label *e = &t->labels[h];
            if (!e->text) break;
            if (e->text != y->text) continue;
            if (e->last == e->first && t->frame - e->first >= 2u) label_remove(t, (int)h);
            break;
        }
    }
}

void app_text_begin_frame(AppText *t)
{
    t->frame++;
    labels_drop_young(t);
    app_text_record_frame(&t->rec);
    if (t->label_count > LABEL_SLOTS * 3 / 4) labels_sweep(t);
    else labels_sweep_part(t);
}

/* One glyph row into a label row: where the glyph's coverage (scaled by alpha) is
 * larger than the pixel's, the pixel becomes that coverage in colour rgb. */
static void glyph_row(uint32_t *row, const uint8_t *cov, int n, uint32_t rgb, uint8_t alpha)
{
    int x = 0;
#ifdef TEXT_SSE2
    if (alpha == 255) { /* the usual case: the coverage as it is, four pixels at a time */
        const __m128i zero = _mm_setzero_si128(), colour = _mm_set1_epi32((int)rgb);
        for (; x + 4 <= n; x += 4) {
            uint32_t four;
            memcpy(&four, cov + x, 4);
            __m128i a = _mm_unpacklo_epi16(_mm_unpacklo_epi8(_mm_cvtsi32_si128((int)four), zero), zero);
            __m128i px = _mm_loadu_si128((const __m128i *)(const void *)(row + x));
            __m128i more = _mm_cmpgt_epi32(a, _mm_srli_epi32(px, 24));
            __m128i v = _mm_or_si128(_mm_slli_epi32(a, 24), colour);
            _mm_storeu_si128((__m128i *)(void *)(row + x),
                             _mm_or_si128(_mm_and_si128(more, v), _mm_andnot_si128(more, px)));
        }
    }
#endif
    for (; x < n; x++) {
        uint32_t av = (uint32_t)cov[x] * alpha / 255u;
        if (av > row[x] >> 24) row[x] = av << 24 | rgb;
    }
}

/* Builds l's texture from the CPU atlas; returns 0 on failure. */
static int label_build(AppText *t, Label *l, AppColor c)
{
    Face *fc = &t->face[l->font];
    int left = 0, right = 0, h = 0, pen = 0;
    uint32_t prev = 0;
    const char *s = l->text;
    while (*s) {
        uint32_t cp = utf8_next(&s);
        const Glyph *g = glyph(t, fc, cp);
        if (!g) continue;
        if (prev) pen += kerning(fc, prev, cp);
        if (g->w > 0) {
            if (pen + g->xoff < left) left = pen + g->xoff;
            if (pen + g->xoff + g->w > right) right = pen + g->xoff + g->w;
            if (g->h > h) h = g->h;
        }
        pen += g->adv;
        prev = cp;
    }
    int w = right - left;
    if (w <= 0 || h <= 0) return 0;
    /* Streaming: the frame cache reads it to blend it into the target itself. The label
     * is built in the locked texture (whose old contents are undefined: every row is
     * cleared first), each pixel its glyphs' largest coverage in the label's colour. */
    l->tex = SDL_CreateTexture(t->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
    if (!l->tex) return 0;
    void *pixels;
    int pitch;
    if (SDL_LockTexture(l->tex, NULL, &pixels, &pitch) != 0) {
        SDL_DestroyTexture(l->tex);
        l->tex = NULL;
        return 0;
    }
    for (int y = 0; y < h; y++) memset((uint8_t *)pixels + (size_t)y * (size_t)pitch, 0, (size_t)w * 4u);
    uint32_t rgb = (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | (uint32_t)c.b;
    pen = 0;
    prev = 0;
    s = l->text;
    while (*s) {
        uint32_t cp = utf8_next(&s);
        const Glyph *g = glyph(t, fc, cp);
        if (!g) continue;
        if (prev) pen += kerning(fc, prev, cp);
        for (int yy = 0; yy < g->h && g->w > 0; yy++) {
            const uint8_t *a = fc->alpha + (size_t)(g->y + yy) * ATLAS_W + (size_t)g->x;
            uint32_t *row = (uint32_t *)(void *)((uint8_t *)pixels + (size_t)yy * (size_t)pitch) +
                            (pen + g->xoff - left);
            glyph_row(row, a, g->w, rgb, c.a);
        }
        pen += g->adv;
        prev = cp;
    }
    SDL_UnlockTexture(l->tex);
    SDL_SetTextureBlendMode(l->tex, SDL_BLENDMODE_BLEND);
    static uint64_t own_ids; /* without a frame cache the ids only need to differ */
    l->id = t->fc ? app_fc_new_id(t->fc) : ++own_ids;
    l->w = w;
    l->h = h;
    l->x0 = left;
    return 1;
}

/* The label of utf8 in font f and colour rgba: found, or a fresh slot (no texture yet);
 * NULL when the table is full. */
static Label *label_find(AppText *t, AppFont f, const char *utf8, uint32_t rgba)
{
    const uint32_t home = label_hash(utf8, (int)f, rgba) & (LABEL_SLOTS - 1);
    uint32_t h = home;
    for (int probe = 0; probe < LABEL_SLOTS; probe++, h = (h + 1) & (LABEL_SLOTS - 1)) {
        Label *e = &t->labels[h];
        if (!e->text) break;
        if (e->font == (int)f && e->rgba == rgba && strcmp(e->text, utf8) == 0) return e;
    }
    if (t->label_count >= LABEL_SLOTS * 7 / 8) return NULL;
    Label *e = &t->labels[h];
    if (e->text) return NULL;
    e->text = malloc(strlen(utf8) + 1);
    if (!e->text) return NULL;
    strcpy(e->text, utf8);
    e->font = (int)f;
    e->rgba = rgba;
    e->adv = -1; /* measured when asked */
    e->first = e->last = t->frame;
    t->label_count++;
    if (t->young_n < YOUNG_MAX) { /* more in one frame are left to the sweep */
        t->young[(t->young_at + t->young_n) % YOUNG_MAX] = (Young){e->text, home, t->frame};
        t->young_n++;
    }
    return e;
}

/* Draws utf8's label with its pen start at (pen, top). Every string is drawn from a
 * label texture, so a string looks the same on every frame; a full table (thousands of
 * distinct strings) falls back to a one-off. */
static void label_draw(AppText *t, AppFont f, const char *utf8, AppColor c, uint32_t rgba, int pen, int top)
{
    Label *l = label_find(t, f, utf8, rgba), once;
    if (!l) {
        memset(&once, 0, sizeof once);
        once.text = (char *)(uintptr_t)utf8;
        once.font = (int)f;
        l = &once;
    }
    l->last = t->frame;
    if (!l->tex) label_build(t, l, c);
    if (l->tex) {
        AppColor white = {255, 255, 255, 255};
        if (t->fc) app_fc_copy(t->fc, l->tex, l->id, NULL, l->w, l->h, pen + l->x0, top, white);
        else SDL_RenderCopy(t->r, l->tex, NULL, &(SDL_Rect){pen + l->x0, top, l->w, l->h});
    }
    if (l == &once && once.tex) drop_texture(t, once.tex);
}

/* A line with numbers in it ("step 41 / 300", "largest term, i = 26:  -0.0185 x ...")
 * changes in its numbers only: it is drawn as runs, each number (a word with a digit)
 * its own label and the words between them one label, so a changed number builds and
 * redraws its own few pixels, not the whole line. Each run sits at the pen position it
 * has in the whole string (kerning included), and runs are split only at spaces and
 * only where their glyphs' pixels do not overlap: every pixel gets the coverage of at
 * most one run, so the picture is the whole string's label, pixel for pixel. */
#define RUN_TEXT_MAX 256
#define RUN_MAX 24

typedef struct TextRun {
    int b0, b1;         /* bytes [b0, b1) of the string */
    int pen;            /* pen position of its first glyph in the whole string */
    int left, right;    /* pixel columns its glyphs cover, relative to the string's pen start */
    int digit;          /* a number: a word with a digit */
} TextRun;

/* The runs of utf8 (at most RUN_MAX); returns how many, or 0 when it is drawn whole. */
static int text_runs(AppText *t, Face *fc, const char *utf8, TextRun *run)
{
    size_t len = strlen(utf8);
    if (t->whole_only || len < 8 || len >= RUN_TEXT_MAX || !strchr(utf8, ' ') || !strpbrk(utf8, "0123456789")) return 0;
    int n = 0, pen = 0, in_word = 0;
    TextRun word;
    memset(&word, 0, sizeof word);
    uint32_t prev = 0;
    const char *s = utf8;
    for (;;) {
        int b = (int)(s - utf8);
        uint32_t cp = *s ? utf8_next(&s) : ' '; /* a space ends the last word */
        int end = b == (int)len;
        const Glyph *g = end ? NULL : glyph(t, fc, cp);
        if (!end && !g) return 0; /* label_build would skip it and kern differently */
        if (!end && prev) pen += kerning(fc, prev, cp);
        if (cp != ' ') {
            if (!in_word) {
                word.b0 = b;
                word.pen = pen;
                word.left = INT_MAX;
                word.right = INT_MIN;
                word.digit = 0;
                in_word = 1;
            }
            word.b1 = (int)(s - utf8);
            word.digit |= cp >= '0' && cp <= '9';
            if (g->w > 0) {
                if (pen + g->xoff < word.left) word.left = pen + g->xoff;
                if (pen + g->xoff + g->w > word.right) word.right = pen + g->xoff + g->w;
            }
        } else if (in_word) {
            in_word = 0;
            if (word.left < word.right) {
                int join = n > 0 && !word.digit && !run[n - 1].digit;
                /* Runs may not share a pixel column: their coverages would blend twice. */
                for (int i = 0; i < n - join; i++)
                    if (word.left < run[i].right) return 0;
                if (join) {
                    run[n - 1].b1 = word.b1;
                    if (word.right > run[n - 1].right) run[n - 1].right = word.right;
                } else {
                    if (n == RUN_MAX) return 0;
                    run[n++] = word;
                }
            }
        }
        if (end) break;
        pen += g->adv;
        prev = cp;
    }
    return n > 1 ? n : 0;
}

int app_text_draw(AppText *t, AppFont f, const char *utf8, float x, float y, AppColor c, AppAlign align)
{
    if (!utf8 || !*utf8) return 0;
    app_text_record_drawn(&t->rec, utf8);
    uint32_t rgba = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
    TextRun run[RUN_MAX];
    int runs = text_runs(t, &t->face[f], utf8, run);
    Label *whole = runs ? NULL : label_find(t, f, utf8, rgba);
    int w;
    if (whole) {
        if (whole->adv < 0) whole->adv = app_text_width(t, f, utf8);
        w = whole->adv;
    } else {
        w = app_text_width(t, f, utf8);
    }
    float px = x;
    if (align == APP_ALIGN_CENTER) px -= (float)w * 0.5f;
    if (align == APP_ALIGN_RIGHT) px -= (float)w;
    int pen = (int)lroundf(px), top = (int)lroundf(y);
    if (!runs) {
        label_draw(t, f, utf8, c, rgba, pen, top);
        return w;
    }
    char part[RUN_TEXT_MAX];
    t->runs_drawn++;
    for (int i = 0; i < runs; i++) {
        size_t n = (size_t)(run[i].b1 - run[i].b0);
        memcpy(part, utf8 + run[i].b0, n);
        part[n] = '\0';
        label_draw(t, f, part, c, rgba, pen + run[i].pen, top);
    }
    return w;
}

int app_text_runs(AppText *t, int on)
{
    t->whole_only = !on;
    return t->runs_drawn;
}

int app_text_draw_fit(AppText *t, AppFont f, const char *utf8, float x, float y, float max_w, AppColor c)
{
    if (!utf8 || !*utf8) return 0;
    if (max_w > 0.0f && (float)app_text_width(t, f, utf8) <= max_w) return app_text_draw(t, f, utf8, x, y, c, APP_ALIGN_LEFT);
    app_text_record_cut(&t->rec, utf8);
    if (!(max_w > 0.0f)) return 0;
    /* The longest prefix, cut at a character boundary, that fits with the ellipsis; when
     * not even the ellipsis alone fits, nothing is drawn. */
    static const char ellipsis[] = "\xe2\x80\xa6";
    char buf[512];
    size_t n = strlen(utf8);
    if (n > sizeof buf - sizeof ellipsis) n = sizeof buf - sizeof ellipsis;
    for (;;) {
        while (n > 0 && ((unsigned char)utf8[n] & 0xC0) == 0x80) n--;
        memcpy(buf, utf8, n);
        memcpy(buf + n, ellipsis, sizeof ellipsis);
        if ((float)app_text_width(t, f, buf) <= max_w) return app_text_draw(t, f, buf, x, y, c, APP_ALIGN_LEFT);
        if (n == 0) return 0;
        n--;
    }
}

/* Where a snap pass is looking: the first line top at or below target (-1: none yet). */
typedef struct WrapSnap {
    int target, found, last;
} WrapSnap;

typedef struct WrapCtx {
    AppText *t;
    AppFont f;
    float x;
    AppColor c;
    int draw;
    WrapSnap *snap;
} WrapCtx;

static int wrap_measure(void *ctx, const char *utf8)
{
    WrapCtx *w = ctx;
    return app_text_width(w->t, w->f, utf8);
}

static void wrap_line(void *ctx, const char *line, int y)
{
    WrapCtx *w = ctx;
    if (w->draw) app_text_draw(w->t, w->f, line, w->x, (float)y, w->c, APP_ALIGN_LEFT);
    if (w->snap) {
        w->snap->last = y;
        if (w->snap->found < 0 && y >= w->snap->target) w->snap->found = y;
    }
}

static int wrap(AppText *t, AppFont f, const char *utf8, AppRect box, int *y, AppColor c, int draw, WrapSnap *snap)
{
    WrapCtx ctx = {t, f, (float)box.x, c, draw, snap};
    AppWrapSpec spec = {box.w, t->face[f].line_h, box.y + box.h, wrap_measure, wrap_line, &ctx};
    return app_wrap(&spec, utf8, y);
}

int app_text_wrap(AppText *t, AppFont f, const char *utf8, AppRect box, int *y, AppColor c)
{
    return wrap(t, f, utf8, box, y, c, 1, NULL);
}

int app_text_wrap_fit(AppText *t, AppFont f, const char *utf8, AppRect box, int *y, AppColor c)
{
    WrapCtx ctx = {t, f, (float)box.x, c, 0, NULL};
    AppWrapSpec spec = {box.w, t->face[f].line_h, box.y + box.h, wrap_measure, wrap_line, &ctx};
    char cut[1024];
    if (!app_wrap_shorten(&spec, utf8, *y, cut, sizeof cut)) return wrap(t, f, utf8, box, y, c, 1, NULL);
    app_text_record_cut(&t->rec, utf8);
    wrap(t, f, cut, box, y, c, 1, NULL);
    return 0;
}

int app_text_wrap_height(AppText *t, AppFont f, const char *utf8, int width)
{
    AppRect box = {0, 0, width, 1 << 28};
    AppColor none = {0, 0, 0, 0};
    int y = 0;
    wrap(t, f, utf8, box, &y, none, 0, NULL);
    return y;
}

int app_text_wrap_snap(AppText *t, AppFont f, const char *utf8, int width, int offset)
{
    AppRect box = {0, 0, width, 1 << 28};
    AppColor none = {0, 0, 0, 0};
    WrapSnap snap = {offset, -1, 0};
    int y = 0;
    wrap(t, f, utf8, box, &y, none, 0, &snap);
    return snap.found >= 0 ? snap.found : snap.last;
}

int app_text_glyph_count(const AppText *t)
{
    return t->glyphs;
}

int app_text_label_count(const AppText *t)
{
    return t->label_count;
}
