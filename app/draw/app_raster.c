/* app_raster.c — coverage-based anti-aliasing into ARGB pixels (see app_raster.h).
 * A line is the union of capsules around its segments: a pixel's coverage is
 * clamp(half_width + 0.5 - distance, 0, 1), maximised over the segments, then blended.
 * Over 700 lines, on purpose: each SIMD span (SSE2, AVX2 for capsules) sits beside the
 * scalar loop whose bytes it must reproduce lane by lane, so a change to one is seen
 * next to the other (test_app_raster checks the blend rounding at every span length and
 * polygons against their scalar edges). */
#include "app_raster.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#define RASTER_SSE2 1
#endif

/* Below this many pixels a canvas keeps its memory whatever size it is asked for. */
#define CANVAS_KEEP_PX 65536

int app_canvas_resize(AppCanvas *c, int w, int h, int ox, int oy)
{
    if (w < 0) w = 0;
    if (h < 0) h = 0;
    size_t need = (size_t)w * (size_t)h;
    /* Memory follows the size down as well as up: a canvas that would use less than half
     * of a large allocation (a window made small again) gives the rest back. */
    int shrink = (size_t)c->cap > 2 * need && c->cap > CANVAS_KEEP_PX;
    if (need > (size_t)c->cap || h > c->span_rows || shrink) {
        size_t cap = shrink || need > (size_t)c->cap ? need : (size_t)c->cap;
        int rows = shrink || h > c->span_rows ? h : c->span_rows;
        if (cap < 1) cap = 1;  /* realloc(p, 0) may free p */
        if (rows < 1) rows = 1;
        uint32_t *px = realloc(c->px, cap * sizeof *px);
        if (px) c->px = px;
        uint8_t *cov = realloc(c->cov, cap);
        if (cov) c->cov = cov;
        int *span = realloc(c->span, (size_t)rows * 2u * sizeof *span);
        if (span) c->span = span;
        int *wr = realloc(c->written, (size_t)rows * 4u * sizeof *wr);
        if (wr) c->written = wr;
        if (!px || !cov || !span || !wr) {
            /* The buffers may now differ in size: the next resize reallocates them all. */
            c->w = c->h = 0;
            c->cap = c->span_rows = 0;
            return 0;
        }
        /* Coverage is zero between calls (composite clears what it used). */
        memset(c->cov, 0, cap);
        for (int i = 0; i < rows; i++) c->span[2 * i] = INT_MAX, c->span[2 * i + 1] = 0;
        c->cap = (int)cap;
        c->span_rows = rows;
    }
    int same = c->w == w && c->h == h;
    c->w = w;
    c->h = h;
    c->ox = ox;
    c->oy = oy;
    if (!same) /* the pixels are not what they were: all of them count as written */
        for (int y = 0; y < h; y++) {
            int *r = c->written + 4 * y;
            r[0] = r[2] = 0;
            r[1] = r[3] = w;
        }
    return 1;
}

/* Row y was written from column x0 to x1 (exclusive). */
static void wrote(AppCanvas *c, int y, int x0, int x1)
{
    int *r = c->written + 4 * y;
    if (x0 < r[0]) r[0] = x0;
    if (x1 > r[1]) r[1] = x1;
    if (x0 < r[2]) r[2] = x0;
    if (x1 > r[3]) r[3] = x1;
}

void app_canvas_mark(AppCanvas *c, int which)
{
    for (int y = 0; y < c->h; y++) {
        int *r = c->written + 4 * y + 2 * which;
        r[0] = INT_MAX;
        r[1] = 0;
    }
}

int app_canvas_written(const AppCanvas *c, int which, int y, int *x0, int *x1)
{
    const int *r = c->written + 4 * y + 2 * which;
    *x0 = r[0];
    *x1 = r[1];
    return r[0] < r[1];
}

void app_canvas_wrote(AppCanvas *c, int y, int x0, int x1)
{
    if (y >= 0 && y < c->h && x0 < x1) wrote(c, y, x0, x1);
}

size_t app_canvas_bytes(const AppCanvas *c)
{
    return (size_t)c->cap * (sizeof *c->px + sizeof *c->cov) + (size_t)c->span_rows * 2u * sizeof *c->span +
           (size_t)c->pts_cap * 2u * sizeof *c->pts + (size_t)c->segs_cap * 4u * sizeof *c->segs;
}

void app_canvas_free(AppCanvas *c)
{
    free(c->px);
    free(c->cov);
    free(c->span);
    free(c->written);
    free(c->segs);
    free(c->pts);
    free(c->queue);
    memset(c, 0, sizeof *c);
}

static uint32_t pack(AppColor k)
{
    return 0xFF000000u | (uint32_t)k.r << 16 | (uint32_t)k.g << 8 | (uint32_t)k.b;
}

static void clear_run(AppCanvas *c, AppColor color)
{
    uint32_t v = pack(color);
    size_t n = (size_t)c->w * (size_t)c->h;
    for (size_t i = 0; i < n; i++) c->px[i] = v;
    for (int y = 0; y < c->h; y++) wrote(c, y, 0, c->w);
}

uint32_t app_canvas_get(const AppCanvas *c, int x, int y)
{
    x -= c->ox;
    y -= c->oy;
    if (x < 0 || y < 0 || x >= c->w || y >= c->h) return 0;
    return c->px[(size_t)y * (size_t)c->w + (size_t)x];
}

/* dst over: (src * a + dst * (255 - a)) / 255 per channel, a in 0..255; red and blue
 * are done together in one 32-bit multiply. */
static uint32_t blend(uint32_t d, AppColor s, uint32_t a)
{
    if (a >= 255) return pack(s);
    uint32_t ia = 255u - a;
    uint32_t src_rb = (uint32_t)s.r << 16 | (uint32_t)s.b, src_g = (uint32_t)s.g << 8;
    uint32_t rb = (src_rb * a + (d & 0x00FF00FFu) * ia + 0x00800080u);
    rb = ((rb + (rb >> 8 & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
    uint32_t g = (src_g * a + (d & 0x0000FF00u) * ia + 0x00008000u);
    g = ((g + (g >> 8 & 0x0000FF00u)) >> 8) & 0x0000FF00u;
    return 0xFF000000u | rb | g;
}

#ifdef RASTER_SSE2
/* blend(px, color, color.a) four pixels at a time from x; returns where it stopped. Per
 * channel blend() is (s a + d (255 - a) + 128 + its high byte) >> 8 (see
 * composite_span_sse2), here with one a for every pixel. */
static int fill_span_sse2(uint32_t *px, int x, int x1, AppColor color)
{
    const __m128i zero = _mm_setzero_si128(), a = _mm_set1_epi16(color.a), ia = _mm_set1_epi16(255 - color.a);
    const __m128i sa = _mm_add_epi16(_mm_mullo_epi16(_mm_set_epi16(255, color.r, color.g, color.b, 255, color.r,
                                                                   color.g, color.b), a),
                                     _mm_set1_epi16(128));
    const __m128i opaque = _mm_set1_epi32((int)0xFF000000u);
    for (; x + 4 <= x1; x += 4) {
        __m128i d = _mm_loadu_si128((const __m128i *)(px + x));
        __m128i lo = _mm_add_epi16(sa, _mm_mullo_epi16(_mm_unpacklo_epi8(d, zero), ia));
        __m128i hi = _mm_add_epi16(sa, _mm_mullo_epi16(_mm_unpackhi_epi8(d, zero), ia));
        lo = _mm_srli_epi16(_mm_add_epi16(lo, _mm_srli_epi16(lo, 8)), 8);
        hi = _mm_srli_epi16(_mm_add_epi16(hi, _mm_srli_epi16(hi, 8)), 8);
        _mm_storeu_si128((__m128i *)(px + x), _mm_or_si128(_mm_packus_epi16(lo, hi), opaque));
    }
    return x;
}
#endif

static void fill_rect_run(AppCanvas *c, float x0, float y0, float x1, float y1, AppColor color)
{
    int ix0 = (int)ceilf(x0 - 0.5f) - c->ox, ix1 = (int)ceilf(x1 - 0.5f) - c->ox;
    int iy0 = (int)ceilf(y0 - 0.5f) - c->oy, iy1 = (int)ceilf(y1 - 0.5f) - c->oy;
    if (ix0 < 0) ix0 = 0;
    if (iy0 < 0) iy0 = 0;
    if (ix1 > c->w) ix1 = c->w;
    if (iy1 > c->h) iy1 = c->h;
    for (int y = iy0; y < iy1 && ix0 < ix1; y++) {
        uint32_t *row = c->px + (size_t)y * (size_t)c->w;
        wrote(c, y, ix0, ix1);
        if (color.a == 255) {
            uint32_t v = pack(color);
            for (int x = ix0; x < ix1; x++) row[x] = v;
        } else {
            int x = ix0;
#ifdef RASTER_SSE2
            x = fill_span_sse2(row, x, ix1, color);
#endif
            for (; x < ix1; x++) row[x] = blend(row[x], color, color.a);
        }
    }
}

typedef struct Box {
    int x0, y0, x1, y1;  /* canvas pixels touched, x1/y1 exclusive; empty when x0 >= x1 */
} Box;

static void box_add(Box *b, int x0, int y0, int x1, int y1)
{
    if (b->x0 >= b->x1) {
        b->x0 = x0, b->y0 = y0, b->x1 = x1, b->y1 = y1;
        return;
    }
    if (x0 < b->x0) b->x0 = x0;
    if (y0 < b->y0) b->y0 = y0;
    if (x1 > b->x1) b->x1 = x1;
    if (y1 > b->y1) b->y1 = y1;
}

/* Narrows [*lo, *hi] to the x where k*x + c0 lies in [vmin, vmax]. */
static void clip_linear(float k, float c0, float vmin, float vmax, float *lo, float *hi)
{
    if (fabsf(k) < 1e-9f) {
        if (c0 < vmin || c0 > vmax) *lo = 1.0f, *hi = 0.0f;
        return;
    }
    float a = (vmin - c0) / k, b = (vmax - c0) / k;
    if (a > b) {
        float t = a;
        a = b;
        b = t;
    }
    if (a > *lo) *lo = a;
    if (b < *hi) *hi = b;
}

/* Widens [*lo, *hi] by the chord of the disc (cx, cy, r) on row y. */
static void disc_chord(float cx, float cy, float r, float y, float *lo, float *hi)
{
    float dy = y - cy;
    if (dy * dy > r * r) return;
    float h = sqrtf(r * r - dy * dy);
    if (cx - h < *lo) *lo = cx - h;
    if (cx + h > *hi) *hi = cx + h;
}

#ifdef RASTER_SSE2
/* capsule_rows' pixel loop four (SSE2) or eight (AVX2) columns at a time from x0;
 * returns where it stopped. Each lane does the scalar loop's float operations in the
 * same order (products, then their sum; the clamp as max(0, t) then min(1, t), which
 * keep t itself when it is in range, -0 included; sqrtps rounds as sqrtss; the
 * conversion truncates as the cast), so the coverage is the same bytes. The last group
 * may reach past x1 while it stays in the row (w): its extra lanes add nothing. */
static int capsule_span_sse2(uint8_t *cov, int x0, int x1, int w, float py, float ax, float dx, float dy, float inv,
                             float r2, float full2, float reach)
{
    const __m128 vdx = _mm_set1_ps(dx), vdy = _mm_set1_ps(dy), vinv = _mm_set1_ps(inv);
    const __m128 vpy = _mm_set1_ps(py), vpydy = _mm_set1_ps(py * dy), vax = _mm_set1_ps(ax);
    const __m128 vr2 = _mm_set1_ps(r2), vfull2 = _mm_set1_ps(full2), vreach = _mm_set1_ps(reach);
    const __m128 zero = _mm_setzero_ps(), one = _mm_set1_ps(1.0f), half = _mm_set1_ps(0.5f);
    const __m128 k255 = _mm_set1_ps(255.0f);
    const __m128i i255 = _mm_set1_epi32(255), step = _mm_set1_epi32(4), end = _mm_set1_epi32(x1);
    __m128i xi = _mm_add_epi32(_mm_set1_epi32(x0), _mm_set_epi32(3, 2, 1, 0));
    int x = x0;
    for (; x < x1 && x + 4 <= w; x += 4, xi = _mm_add_epi32(xi, step)) {
        __m128 px = _mm_sub_ps(_mm_add_ps(_mm_cvtepi32_ps(xi), half), vax);
        __m128 t = _mm_mul_ps(_mm_add_ps(_mm_mul_ps(px, vdx), vpydy), vinv);
        t = _mm_min_ps(one, _mm_max_ps(zero, t));
        __m128 qx = _mm_sub_ps(px, _mm_mul_ps(t, vdx)), qy = _mm_sub_ps(vpy, _mm_mul_ps(t, vdy));
        __m128 d2 = _mm_add_ps(_mm_mul_ps(qx, qx), _mm_mul_ps(qy, qy));
        __m128 in = _mm_and_ps(_mm_cmplt_ps(d2, vr2), _mm_castsi128_ps(_mm_cmplt_epi32(xi, end)));
        if (!_mm_movemask_ps(in)) continue;
        __m128 a = _mm_sub_ps(vreach, _mm_sqrt_ps(d2));
        __m128i v = _mm_cvttps_epi32(_mm_add_ps(_mm_mul_ps(a, k255), half));
        /* 255 where d2 <= full2 or a >= 1; 0 outside (d2 >= r2, or past x1). */
        __m128i sat = _mm_castps_si128(_mm_or_ps(_mm_cmpge_ps(a, one), _mm_cmple_ps(d2, vfull2)));
        v = _mm_or_si128(_mm_and_si128(sat, i255), _mm_andnot_si128(sat, v));
        v = _mm_and_si128(v, _mm_castps_si128(in));
        v = _mm_packus_epi16(_mm_packs_epi32(v, v), v);
        int32_t old, nv;
        memcpy(&old, cov + x, 4);
        nv = _mm_cvtsi128_si32(_mm_max_epu8(v, _mm_cvtsi32_si128(old)));
        memcpy(cov + x, &nv, 4);
    }
    return x < x1 ? x : x1;
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define RASTER_AVX2 1
__attribute__((target("avx2"))) static int capsule_span_avx2(uint8_t *cov, int x0, int x1, int w, float py, float ax,
                                                             float dx, float dy, float inv, float r2, float full2,
                                                             float reach)
{
    const __m256 vdx = _mm256_set1_ps(dx), vdy = _mm256_set1_ps(dy), vinv = _mm256_set1_ps(inv);
    const __m256 vpy = _mm256_set1_ps(py), vpydy = _mm256_set1_ps(py * dy), vax = _mm256_set1_ps(ax);
    const __m256 vr2 = _mm256_set1_ps(r2), vfull2 = _mm256_set1_ps(full2), vreach = _mm256_set1_ps(reach);
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f), half = _mm256_set1_ps(0.5f);
    const __m256 k255 = _mm256_set1_ps(255.0f);
    const __m256i i255 = _mm256_set1_epi32(255), step = _mm256_set1_epi32(8), end = _mm256_set1_epi32(x1);
    __m256i xi = _mm256_add_epi32(_mm256_set1_epi32(x0), _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0));
    int x = x0;
    for (; x < x1 && x + 8 <= w; x += 8, xi = _mm256_add_epi32(xi, step)) {
        __m256 px = _mm256_sub_ps(_mm256_add_ps(_mm256_cvtepi32_ps(xi), half), vax);
        __m256 t = _mm256_mul_ps(_mm256_add_ps(_mm256_mul_ps(px, vdx), vpydy), vinv);
        t = _mm256_min_ps(one, _mm256_max_ps(zero, t));
        __m256 qx = _mm256_sub_ps(px, _mm256_mul_ps(t, vdx)), qy = _mm256_sub_ps(vpy, _mm256_mul_ps(t, vdy));
        __m256 d2 = _mm256_add_ps(_mm256_mul_ps(qx, qx), _mm256_mul_ps(qy, qy));
        __m256 in = _mm256_and_ps(_mm256_cmp_ps(d2, vr2, _CMP_LT_OQ), _mm256_castsi256_ps(_mm256_cmpgt_epi32(end, xi)));
        if (!_mm256_movemask_ps(in)) continue;
        __m256 a = _mm256_sub_ps(vreach, _mm256_sqrt_ps(d2));
        __m256i v = _mm256_cvttps_epi32(_mm256_add_ps(_mm256_mul_ps(a, k255), half));
        __m256i sat = _mm256_castps_si256(
            _mm256_or_ps(_mm256_cmp_ps(a, one, _CMP_GE_OQ), _mm256_cmp_ps(d2, vfull2, _CMP_LE_OQ)));
        v = _mm256_blendv_epi8(v, i255, sat);
        v = _mm256_and_si256(v, _mm256_castps_si256(in));
        __m128i v16 = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
        __m128i v8 = _mm_packus_epi16(v16, v16);
        __m128i old = _mm_loadl_epi64((const __m128i *)(cov + x));
        _mm_storel_epi64((__m128i *)(cov + x), _mm_max_epu8(v8, old));
    }
    return x < x1 ? x : x1;
}
#endif

/* The widest of the two this processor runs. */
static int capsule_span(uint8_t *cov, int x0, int x1, int w, float py, float ax, float dx, float dy, float inv,
                        float r2, float full2, float reach)
{
#ifdef RASTER_AVX2
    if (__builtin_cpu_supports("avx2"))
        return capsule_span_avx2(cov, x0, x1, w, py, ax, dx, dy, inv, r2, full2, reach);
#endif
    return capsule_span_sse2(cov, x0, x1, w, py, ax, dx, dy, inv, r2, full2, reach);
}
#endif

/* Adds one capsule (segment a-b, half width hw; canvas coordinates) to the coverage.
 * Each row visits only the span the capsule can reach, so long diagonal lines cost
 * their area, not their bounding box. */
static void capsule_rows(AppCanvas *c, Box *box, float ax, float ay, float bx, float by, float hw, int band0,
                         int band1)
{
    float reach = hw + 0.5f;
    int y0 = (int)floorf(fminf(ay, by) - reach), y1 = (int)ceilf(fmaxf(ay, by) + reach) + 1;
    int bx0 = (int)floorf(fminf(ax, bx) - reach), bx1 = (int)ceilf(fmaxf(ax, bx) + reach) + 1;
    if (y0 < band0) y0 = band0;
    if (bx0 < 0) bx0 = 0;
    if (y1 > band1) y1 = band1;
    if (bx1 > c->w) bx1 = c->w;
    if (bx0 >= bx1 || y0 >= y1) return;
    box_add(box, bx0, y0, bx1, y1);
    float dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, len = sqrtf(l2);
    float inv = l2 > 1e-12f ? 1.0f / l2 : 0.0f;
    float ux = len > 0.0f ? dx / len : 0.0f, uy = len > 0.0f ? dy / len : 0.0f;
    float r2 = reach * reach, full = hw - 0.5f, full2 = full > 0.0f ? full * full : -1.0f;
    for (int y = y0; y < y1; y++) {
        float yc = (float)y + 0.5f;
        /* Span on this row: the body strip, widened by the two end discs. */
        float lo = 1.0f, hi = 0.0f;
        if (len > 0.0f) {
            lo = -1e30f, hi = 1e30f;
            clip_linear(ux, uy * (yc - ay) - ux * ax, 0.0f, len, &lo, &hi);
            clip_linear(-uy, ux * (yc - ay) + uy * ax, -reach, reach, &lo, &hi);
        }
        disc_chord(ax, ay, reach, yc, &lo, &hi);
        disc_chord(bx, by, reach, yc, &lo, &hi);
        if (lo > hi) continue;
        int x0 = (int)floorf(lo - 0.5f), x1 = (int)ceilf(hi - 0.5f) + 1;
        if (x0 < bx0) x0 = bx0;
        if (x1 > bx1) x1 = bx1;
        if (x0 >= x1) continue;
        uint8_t *cov = c->cov + (size_t)y * (size_t)c->w;
        if (x0 < c->span[2 * y]) c->span[2 * y] = x0;
        if (x1 > c->span[2 * y + 1]) c->span[2 * y + 1] = x1;
        float py = yc - ay;
        int x = x0;
#ifdef RASTER_SSE2
        x = capsule_span(cov, x0, x1, c->w, py, ax, dx, dy, inv, r2, full2, reach);
#endif
        for (; x < x1; x++) {
            float px = (float)x + 0.5f - ax;
            float t = (px * dx + py * dy) * inv;
            t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
            float qx = px - t * dx, qy = py - t * dy;
            float d2 = qx * qx + qy * qy;
            if (d2 >= r2) continue;
            uint8_t v = 255;
            if (d2 > full2) {
                float a = reach - sqrtf(d2);
                v = a >= 1.0f ? 255 : (uint8_t)(a * 255.0f + 0.5f);
            }
            if (v > cov[x]) cov[x] = v;
        }
    }
}

static void capsule(AppCanvas *c, Box *box, float ax, float ay, float bx, float by, float hw)
{
    capsule_rows(c, box, ax, ay, bx, by, hw, 0, c->h);
}

#ifdef RASTER_SSE2
/* composite's row loop eight pixels at a time from x; returns where it stopped. Per
 * channel blend() is (s a + d (255 - a) + 128 + its high byte) >> 8, which fits 16 bits
 * (and gives s at a = 255, d at a = 0), and (cov ca + 127) / 255 is
 * (n + 1 + (n >> 8)) >> 8 for every n it takes: both checked for every input, so the
 * bytes are blend()'s. Pixels without coverage are left as they are. */
static int composite_span_sse2(uint8_t *cov, uint32_t *px, int x, int x1, AppColor color)
{
    const __m128i zero = _mm_setzero_si128(), k255 = _mm_set1_epi16(255), k128 = _mm_set1_epi16(128);
    const __m128i one = _mm_set1_epi16(1), ca = _mm_set1_epi16(color.a), k127 = _mm_set1_epi16(127);
    const __m128i src = _mm_set_epi16(255, color.r, color.g, color.b, 255, color.r, color.g, color.b);
    const __m128i opaque = _mm_set1_epi32((int)0xFF000000u);
    for (; x + 8 <= x1; x += 8) {
        __m128i cv = _mm_loadl_epi64((const __m128i *)(cov + x));
        __m128i c16 = _mm_unpacklo_epi8(cv, zero);
        if (_mm_movemask_epi8(_mm_cmpeq_epi16(c16, zero)) == 0xFFFF) continue;
        __m128i n = _mm_add_epi16(_mm_mullo_epi16(c16, ca), k127);
        __m128i a = _mm_srli_epi16(_mm_add_epi16(_mm_add_epi16(n, one), _mm_srli_epi16(n, 8)), 8);
        __m128i a2 = _mm_unpacklo_epi16(a, a), a6 = _mm_unpackhi_epi16(a, a);
        __m128i aq[4] = {_mm_unpacklo_epi32(a2, a2), _mm_unpackhi_epi32(a2, a2), _mm_unpacklo_epi32(a6, a6),
                         _mm_unpackhi_epi32(a6, a6)};
        __m128i none[2] = {_mm_cmpeq_epi32(_mm_unpacklo_epi16(c16, zero), zero),
                           _mm_cmpeq_epi32(_mm_unpackhi_epi16(c16, zero), zero)};
        for (int h = 0; h < 2; h++) {
            __m128i d = _mm_loadu_si128((const __m128i *)(px + x + 4 * h));
            __m128i out[2];
            for (int k = 0; k < 2; k++) {
                __m128i d16 = k ? _mm_unpackhi_epi8(d, zero) : _mm_unpacklo_epi8(d, zero), av = aq[2 * h + k];
                __m128i v = _mm_add_epi16(_mm_add_epi16(_mm_mullo_epi16(src, av),
                                                        _mm_mullo_epi16(d16, _mm_sub_epi16(k255, av))),
                                          k128);
                out[k] = _mm_srli_epi16(_mm_add_epi16(v, _mm_srli_epi16(v, 8)), 8);
            }
            __m128i o = _mm_or_si128(_mm_packus_epi16(out[0], out[1]), opaque);
            o = _mm_or_si128(_mm_and_si128(none[h], d), _mm_andnot_si128(none[h], o));
            _mm_storeu_si128((__m128i *)(px + x + 4 * h), o);
        }
        _mm_storel_epi64((__m128i *)(cov + x), zero);
    }
    return x;
}
#endif

/* Blends the coverage in box with color and clears it. */
static void composite(AppCanvas *c, const Box *box, AppColor color)
{
    for (int y = box->y0; y < box->y1; y++) {
        uint8_t *cov = c->cov + (size_t)y * (size_t)c->w;
        uint32_t *px = c->px + (size_t)y * (size_t)c->w;
        int x1 = c->span[2 * y + 1], x = c->span[2 * y];
        if (x < x1) wrote(c, y, x, x1);
#ifdef RASTER_SSE2
        if (x < x1) x = composite_span_sse2(cov, px, x, x1, color);
#endif
        for (; x < x1; x++) {
            if (!cov[x]) continue;
            px[x] = blend(px[x], color, ((uint32_t)cov[x] * color.a + 127u) / 255u);
            cov[x] = 0;
        }
        c->span[2 * y] = INT_MAX;
        c->span[2 * y + 1] = 0;
    }
}

#ifdef RASTER_SSE2
/* simplify's test four points at a time, from *j while four remain up to i: whether any
 * lies farther than 0.2 px from the line through (ax, ay) with direction (dx, dy) and
 * length l > 1e-6, each lane by the scalar test's operations (the order points are
 * looked at does not change whether one does). *j is where the scalar loop goes on. */
static int bends_sse2(const float *xy, int *j, int i, float ax, float ay, float dx, float dy, float l)
{
    const __m128 vax = _mm_set1_ps(ax), vay = _mm_set1_ps(ay), vdx = _mm_set1_ps(dx), vdy = _mm_set1_ps(dy);
    const __m128 vl = _mm_set1_ps(l), lim = _mm_set1_ps(0.2f), sign = _mm_set1_ps(-0.0f);
    int k = *j;
    for (; k + 3 <= i; k += 4) {
        __m128 p01 = _mm_loadu_ps(xy + 2 * k), p23 = _mm_loadu_ps(xy + 2 * k + 4);
        __m128 px = _mm_shuffle_ps(p01, p23, _MM_SHUFFLE(2, 0, 2, 0));
        __m128 py = _mm_shuffle_ps(p01, p23, _MM_SHUFFLE(3, 1, 3, 1));
        __m128 cr = _mm_sub_ps(_mm_mul_ps(vdx, _mm_sub_ps(py, vay)), _mm_mul_ps(vdy, _mm_sub_ps(px, vax)));
        __m128 d = _mm_div_ps(_mm_andnot_ps(sign, cr), vl);
        if (_mm_movemask_ps(_mm_cmpgt_ps(d, lim))) {
            *j = k;
            return 1;
        }
    }
    *j = k;
    return 0;
}
#endif

/* Drops points that lie within 0.2 px of the straight line their neighbours make
 * (plots sample every pixel or two; long straight runs become one segment, so each
 * pixel is shaded once instead of by every short capsule over it). NaN points are
 * kept as breaks. Returns the simplified points (c->pts) and their count in *out_n,
 * or xy itself when out of memory. */
static const float *simplify(AppCanvas *c, const float *xy, int n, int *out_n)
{
    if (n > c->pts_cap) {
        float *p = realloc(c->pts, (size_t)n * 2u * sizeof *p);
        if (!p) {
            *out_n = n;
            return xy;
        }
        c->pts = p;
        c->pts_cap = n;
    }
    float *o = c->pts;
    int m = 0, anchor = -1;
    for (int i = 0; i < n; i++) {
        float x = xy[2 * i], y = xy[2 * i + 1];
        int finite = isfinite(x) && isfinite(y);
        if (!finite || anchor < 0 || i == n - 1 || !isfinite(xy[2 * i + 2]) || !isfinite(xy[2 * i + 3])) {
            o[2 * m] = x, o[2 * m + 1] = y, m++;
            anchor = finite ? i : -1;
            continue;
        }
        /* Keep point i if skipping it would bend any point since the anchor off the
         * line anchor -> i+1 (runs are capped so this stays linear in practice). */
        float ax = xy[2 * anchor], ay = xy[2 * anchor + 1], nx = xy[2 * i + 2], ny = xy[2 * i + 3];
        int keep = i - anchor > 64;
        /* Each point's distance to the line anchor -> i+1 (to the anchor when the two
         * coincide); the line's length is taken once, not once per point. */
        float dx = nx - ax, dy = ny - ay, l = sqrtf(dx * dx + dy * dy);
        int j = anchor + 1;
#ifdef RASTER_SSE2
        if (!keep && l > 1e-6f) keep = bends_sse2(xy, &j, i, ax, ay, dx, dy, l);
#endif
        for (; j <= i && !keep; j++) {
            float px = xy[2 * j], py = xy[2 * j + 1];
            keep = (l <= 1e-6f ? sqrtf((px - ax) * (px - ax) + (py - ay) * (py - ay))
                               : fabsf(dx * (py - ay) - dy * (px - ax)) / l) > 0.2f;
        }
        if (keep) {
            o[2 * m] = x, o[2 * m + 1] = y, m++;
            anchor = i;
        }
    }
    *out_n = m;
    return o;
}

/* The capsules of one polyline, in canvas coordinates. */
typedef struct Seg {
    float ax, ay, bx, by;
} Seg;

static int seg_add(AppCanvas *c, int *n, float ax, float ay, float bx, float by)
{
    if (*n == c->segs_cap) {
        int cap = c->segs_cap ? c->segs_cap * 2 : 256;
        float *p = realloc(c->segs, (size_t)cap * 4u * sizeof *p);
        if (!p) return 0;
        c->segs = p;
        c->segs_cap = cap;
    }
    float *s = c->segs + 4 * (size_t)*n;
    s[0] = ax, s[1] = ay, s[2] = bx, s[3] = by;
    (*n)++;
    return 1;
}

/* One band of rows of a polyline: its capsules' coverage there, then the blend. Rows
 * are independent (coverage is a per-pixel maximum, spans and marks are per row), so
 * bands drawn on two threads give the pixels of one pass. */
typedef struct Band {
    AppCanvas *c;
    int nseg;
    float hw;
    AppColor color;
    int y0, y1;
} Band;

static void band_draw(const Band *b)
{
    Box box = {0, 0, 0, 0};
    for (int i = 0; i < b->nseg; i++) {
        const float *s = b->c->segs + 4 * (size_t)i;
        capsule_rows(b->c, &box, s[0], s[1], s[2], s[3], b->hw, b->y0, b->y1);
    }
    if (box.x0 < box.x1) composite(b->c, &box, b->color);
}

static void *band_thread(void *p)
{
    band_draw(p);
    return NULL;
}

/* Below this many pixel visits a second thread costs more than it saves. */
#define PAR_MIN_VISITS 20000.0f

static int g_parallel = 1;
static atomic_int g_split; /* polylines drawn in two bands so far */

void app_raster_set_parallel(int on)
{
    g_parallel = on;
}

int app_raster_split_count(void)
{
    return g_split;
}

static void polyline_run(AppCanvas *c, const float *xy_in, int n_in, float width, AppColor color, const float dash[4],
                         int parallel)
{
    if (!c->w || !c->h || n_in < 1) return;
    int n = n_in;
    const float *xy = simplify(c, xy_in, n_in, &n);
    float hw = width * 0.5f;
    if (hw < 0.35f) hw = 0.35f;
    int dashed = dash && dash[0] > 0.0f;
    float fx = (float)c->ox, fy = (float)c->oy;
    int on = 1, pi = 0, nseg = 0, ok = 1;
    float left = dashed ? dash[0] : 0.0f, visits = 0.0f, reach2 = 2.0f * (hw + 0.5f);
    float ylo = 1e30f, yhi = -1e30f;
#define SEG(ax_, ay_, bx_, by_)                                                                          \
    do {                                                                                                 \
        float sa = (ax_), sb = (ay_), sc = (bx_), sd = (by_);                                            \
        ok = ok && seg_add(c, &nseg, sa, sb, sc, sd);                                                    \
        visits += (fabsf(sc - sa) + fabsf(sd - sb) + reach2) * reach2;                                   \
        ylo = fminf(ylo, fminf(sb, sd)), yhi = fmaxf(yhi, fmaxf(sb, sd));                                 \
    } while (0)
    for (int i = 1; i < n; i++) {
        float ax = xy[2 * i - 2] - fx, ay = xy[2 * i - 1] - fy, bx = xy[2 * i] - fx, by = xy[2 * i + 1] - fy;
        if (!(isfinite(ax) && isfinite(ay) && isfinite(bx) && isfinite(by))) {
            on = 1, pi = 0, left = dashed ? dash[0] : 0.0f;
            continue;
        }
        /* Skip segments wholly outside (keeps off-scale values cheap). */
        float m = hw + 2.0f;
        if ((ax < -m && bx < -m) || (ay < -m && by < -m) || (ax > (float)c->w + m && bx > (float)c->w + m) ||
            (ay > (float)c->h + m && by > (float)c->h + m))
            continue;
        if (!dashed) {
            SEG(ax, ay, bx, by);
            continue;
        }
        float L = sqrtf((bx - ax) * (bx - ax) + (by - ay) * (by - ay)), pos = 0.0f;
        while (pos < L) {
            float step = fminf(left, L - pos);
            float t0 = pos / L, t1 = (pos + step) / L;
            if (on) SEG(ax + (bx - ax) * t0, ay + (by - ay) * t0, ax + (bx - ax) * t1, ay + (by - ay) * t1);
            pos += step;
            left -= step;
            if (left <= 1e-4f) {
                on = !on;
                pi = (pi + 1) & 3;
                left = dash[pi];
            }
        }
    }
    if (n == 1 && isfinite(xy[0]) && isfinite(xy[1])) SEG(xy[0] - fx, xy[1] - fy, xy[0] - fx, xy[1] - fy);
#undef SEG
    Band whole = {c, nseg, hw, color, 0, c->h};
    if (!ok) { /* no memory for the list: nothing drawn rather than part of the line */
        return;
    }
    /* Large lines (thick curves across a big plot) on both cores, split where their rows
     * are half way. */
    int mid = (int)((ylo + yhi) * 0.5f);
    if (parallel && visits >= PAR_MIN_VISITS && mid > 0 && mid < c->h) {
        Band top = whole, bottom = whole;
        top.y1 = mid;
        bottom.y0 = mid;
        pthread_t th;
        if (pthread_create(&th, NULL, band_thread, &bottom) == 0) {
            g_split++;
            band_draw(&top);
            pthread_join(th, NULL);
            return;
        }
    }
    band_draw(&whole);
}

#ifdef RASTER_SSE2
#define CONVEX_FAST_MAX 16

/* app_canvas_convex's rows four pixels at a time, for polygons of up to
 * CONVEX_FAST_MAX points: each edge's direction and length are taken once, not per
 * pixel (the same values), each lane computes the scalar loop's signed distances in the
 * same order and keeps the smallest as it does (min(d, inside) is d only when d <
 * inside), and the coverage goes through the coverage row and composite's blend, which
 * is the scalar loop's blend of it. */
static void convex_rows_sse2(AppCanvas *c, const float *xy, int n, float sgn, int x0, int x1, int y0, int y1,
                             AppColor color)
{
    float ex[CONVEX_FAST_MAX], ey[CONVEX_FAST_MAX], vx[CONVEX_FAST_MAX], vy[CONVEX_FAST_MAX], el[CONVEX_FAST_MAX];
    int m = 0;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        float dx = xy[2 * j] - xy[2 * i], dy = xy[2 * j + 1] - xy[2 * i + 1];
        float len = sqrtf(dx * dx + dy * dy);
        if (len <= 0.0f) continue;
        ex[m] = dx, ey[m] = dy, vx[m] = xy[2 * i], vy[m] = xy[2 * i + 1], el[m] = len, m++;
    }
    const __m128 vsgn = _mm_set1_ps(sgn), half = _mm_set1_ps(0.5f), zero = _mm_setzero_ps();
    const __m128 one = _mm_set1_ps(1.0f), k255 = _mm_set1_ps(255.0f), big = _mm_set1_ps(1e30f);
    const __m128i i255 = _mm_set1_epi32(255);
    for (int y = y0; y < y1; y++) {
        float py = (float)(y + c->oy) + 0.5f;
        uint32_t *row = c->px + (size_t)y * (size_t)c->w;
        uint8_t *cov = c->cov + (size_t)y * (size_t)c->w;
        if (x0 >= x1) continue;
        wrote(c, y, x0, x1);
        __m128 ay[CONVEX_FAST_MAX];
        for (int e = 0; e < m; e++) ay[e] = _mm_set1_ps(ex[e] * (py - vy[e]));
        int x = x0;
        for (; x + 4 <= x1; x += 4) {
            __m128i xi = _mm_add_epi32(_mm_set1_epi32(x + c->ox), _mm_set_epi32(3, 2, 1, 0));
            __m128 px = _mm_add_ps(_mm_cvtepi32_ps(xi), half), inside = big;
            for (int e = 0; e < m; e++) {
                __m128 b = _mm_mul_ps(_mm_set1_ps(ey[e]), _mm_sub_ps(px, _mm_set1_ps(vx[e])));
                __m128 d = _mm_div_ps(_mm_mul_ps(vsgn, _mm_sub_ps(ay[e], b)), _mm_set1_ps(el[e]));
                inside = _mm_min_ps(d, inside);
            }
            __m128 a = _mm_add_ps(inside, half);
            __m128i v = _mm_cvttps_epi32(_mm_add_ps(_mm_mul_ps(a, k255), half));
            __m128i sat = _mm_castps_si128(_mm_cmpge_ps(a, one));
            v = _mm_or_si128(_mm_and_si128(sat, i255), _mm_andnot_si128(sat, v));
            v = _mm_and_si128(v, _mm_castps_si128(_mm_cmpgt_ps(a, zero)));
            int32_t b4 = _mm_cvtsi128_si32(_mm_packus_epi16(_mm_packs_epi32(v, v), v));
            memcpy(cov + x, &b4, 4);
        }
        for (; x < x1; x++) {
            float px = (float)(x + c->ox) + 0.5f, inside = 1e30f;
            for (int e = 0; e < m; e++) {
                float d = sgn * (ex[e] * (py - vy[e]) - ey[e] * (px - vx[e])) / el[e];
                if (d < inside) inside = d;
            }
            float a = inside + 0.5f;
            cov[x] = a <= 0.0f ? 0 : a >= 1.0f ? 255 : (uint8_t)(a * 255.0f + 0.5f);
        }
        x = composite_span_sse2(cov, row, x0, x1, color);
        for (; x < x1; x++) {
            if (!cov[x]) continue;
            row[x] = blend(row[x], color, ((uint32_t)cov[x] * color.a + 127u) / 255u);
            cov[x] = 0;
        }
    }
}
#endif

static void convex_run(AppCanvas *c, const float *xy, int n, AppColor color)
{
    if (n < 3 || !c->w || !c->h) return;
    float area = 0.0f, minx = 1e30f, miny = 1e30f, maxx = -1e30f, maxy = -1e30f;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        area += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
        minx = fminf(minx, xy[2 * i]), maxx = fmaxf(maxx, xy[2 * i]);
        miny = fminf(miny, xy[2 * i + 1]), maxy = fmaxf(maxy, xy[2 * i + 1]);
    }
    if (!isfinite(area) || area == 0.0f) return;
    float sgn = area > 0.0f ? 1.0f : -1.0f;
    int x0 = (int)floorf(minx - 1.0f) - c->ox, x1 = (int)ceilf(maxx + 1.0f) - c->ox;
    int y0 = (int)floorf(miny - 1.0f) - c->oy, y1 = (int)ceilf(maxy + 1.0f) - c->oy;
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > c->w) x1 = c->w;
    if (y1 > c->h) y1 = c->h;
#ifdef RASTER_SSE2
    if (n <= CONVEX_FAST_MAX) {
        convex_rows_sse2(c, xy, n, sgn, x0, x1, y0, y1, color);
        return;
    }
#endif
    for (int y = y0; y < y1; y++) {
        float py = (float)(y + c->oy) + 0.5f;
        uint32_t *row = c->px + (size_t)y * (size_t)c->w;
        if (x0 < x1) wrote(c, y, x0, x1);
        for (int x = x0; x < x1; x++) {
            float px = (float)(x + c->ox) + 0.5f, inside = 1e30f;
            for (int i = 0; i < n; i++) {
                int j = (i + 1) % n;
                float ex = xy[2 * j] - xy[2 * i], ey = xy[2 * j + 1] - xy[2 * i + 1];
                float len = sqrtf(ex * ex + ey * ey);
                if (len <= 0.0f) continue;
                /* Signed distance to the edge, positive inside. */
                float d = sgn * (ex * (py - xy[2 * i + 1]) - ey * (px - xy[2 * i])) / len;
                if (d < inside) inside = d;
            }
            float a = inside + 0.5f;
            if (a <= 0.0f) continue;
            uint32_t cov = a >= 1.0f ? 255u : (uint32_t)(a * 255.0f + 0.5f);
            row[x] = blend(row[x], color, (cov * color.a + 127u) / 255u);
        }
    }
}

static void disc_run(AppCanvas *c, float cx, float cy, float r, AppColor color)
{
    Box box = {0, 0, 0, 0};
    if (!c->w || !c->h || !(r > 0.0f)) return;
    capsule(c, &box, cx - (float)c->ox, cy - (float)c->oy, cx - (float)c->ox, cy - (float)c->oy, r - 0.5f);
    if (box.x0 < box.x1) composite(c, &box, color);
}

/* ---- deferred calls ----
 * A queued call is an Op followed by its points (2 n floats), padded to 8 bytes. */

enum { OP_CLEAR, OP_FILL, OP_POLY, OP_CONVEX, OP_DISC, OP_CALL };

typedef struct Op {
    int kind, n, dashed;
    AppColor color;
    size_t size;                        /* bytes, the points included */
    float f[5];                         /* fill: x0 y0 x1 y1; poly: width dash[4]; disc: cx cy r */
    void (*fn)(AppCanvas *c, void *arg);
    void *arg;
} Op;

/* Room for an op with n points at the queue's end, or NULL (out of memory). */
static Op *op_push(AppCanvas *c, int kind, int n)
{
    size_t size = (sizeof(Op) + 2u * (size_t)n * sizeof(float) + 7u) & ~(size_t)7u;
    if (c->queue_len + size > c->queue_cap) {
        size_t cap = c->queue_cap ? c->queue_cap : 4096;
        while (cap < c->queue_len + size) cap *= 2;
        unsigned char *q = realloc(c->queue, cap);
        if (!q) return NULL;
        c->queue = q;
        c->queue_cap = cap;
    }
    Op *op = (Op *)(void *)(c->queue + c->queue_len);
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->n = n;
    op->size = size;
    c->queue_len += size;
    return op;
}

static float *op_points(Op *op) { return (float *)(void *)(op + 1); }

void app_canvas_defer(AppCanvas *c, int on)
{
    c->deferring = on;
}

void app_canvas_run_queued(AppCanvas *c)
{
    const int was = c->deferring;
    c->deferring = 0;
    for (size_t at = 0; at < c->queue_len;) {
        Op *op = (Op *)(void *)(c->queue + at);
        switch (op->kind) {
        case OP_CLEAR: clear_run(c, op->color); break;
        case OP_FILL: fill_rect_run(c, op->f[0], op->f[1], op->f[2], op->f[3], op->color); break;
        case OP_POLY: polyline_run(c, op_points(op), op->n, op->f[0], op->color, op->dashed ? op->f + 1 : NULL, 0); break;
        case OP_CONVEX: convex_run(c, op_points(op), op->n, op->color); break;
        case OP_DISC: disc_run(c, op->f[0], op->f[1], op->f[2], op->color); break;
        default: op->fn(c, op->arg); break;
        }
        at += op->size;
    }
    c->queue_len = 0;
    c->deferring = was;
}

/* A call that could not be queued: what is queued first, then the call, here. */
#define QUEUE_OR_RUN(c, kind, n, fill, run)   \
    do {                                      \
        if ((c)->deferring) {                 \
            Op *op = op_push((c), (kind), (n)); \
            if (op) {                         \
                fill;                         \
                return;                       \
            }                                 \
            app_canvas_run_queued(c);         \
        }                                     \
        run;                                  \
    } while (0)

void app_canvas_clear(AppCanvas *c, AppColor color)
{
    QUEUE_OR_RUN(c, OP_CLEAR, 0, op->color = color, clear_run(c, color));
}

void app_canvas_fill_rect(AppCanvas *c, float x0, float y0, float x1, float y1, AppColor color)
{
    QUEUE_OR_RUN(c, OP_FILL, 0, (op->color = color, op->f[0] = x0, op->f[1] = y0, op->f[2] = x1, op->f[3] = y1),
                 fill_rect_run(c, x0, y0, x1, y1, color));
}

void app_canvas_polyline(AppCanvas *c, const float *xy, int n, float width, AppColor color, const float dash[4])
{
    QUEUE_OR_RUN(c, OP_POLY, n > 0 ? n : 0,
                 (op->color = color, op->f[0] = width, op->dashed = dash != NULL,
                  dash ? memcpy(op->f + 1, dash, 4 * sizeof *dash) : NULL,
                  n > 0 ? memcpy(op_points(op), xy, 2u * (size_t)n * sizeof *xy) : NULL),
                 polyline_run(c, xy, n, width, color, dash, g_parallel));
}

void app_canvas_convex(AppCanvas *c, const float *xy, int n, AppColor color)
{
    QUEUE_OR_RUN(c, OP_CONVEX, n > 0 ? n : 0,
                 (op->color = color, n > 0 ? memcpy(op_points(op), xy, 2u * (size_t)n * sizeof *xy) : NULL),
                 convex_run(c, xy, n, color));
}

void app_canvas_disc(AppCanvas *c, float cx, float cy, float r, AppColor color)
{
    QUEUE_OR_RUN(c, OP_DISC, 0, (op->color = color, op->f[0] = cx, op->f[1] = cy, op->f[2] = r),
                 disc_run(c, cx, cy, r, color));
}

void app_canvas_queue_call(AppCanvas *c, void (*fn)(AppCanvas *c, void *arg), void *arg)
{
    QUEUE_OR_RUN(c, OP_CALL, 0, (op->fn = fn, op->arg = arg), (app_canvas_run_queued(c), fn(c, arg)));
}
