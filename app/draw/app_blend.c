/* app_blend.c — SDL 2's per-pixel alpha blend, byte for byte (see app_blend.h), and the
 * probe that checks it against the SDL in use. The SSE2 loop computes what the scalar
 * one does, four pixels at a time; the probe and the tests hold both to SDL. */
#include "app_blend.h"

#include <SDL.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#define BLEND_SSE2 1
#endif

static uint32_t blend_one(uint32_t d, uint32_t s)
{
    uint32_t a = s >> 24;
    if (a == 0) return d;
    if (a == 255) return s;
    uint32_t out = ((255u * a >> 8) + ((d >> 24) * (255u - a) >> 8)) << 24;
    for (int sh = 0; sh < 24; sh += 8)
        out |= (((s >> sh & 255u) * a >> 8) + ((d >> sh & 255u) * (255u - a) >> 8)) << sh;
    return out;
}

#ifdef BLEND_SSE2
/* Four pixels: the blend of every lane, then d where A = 0 and s where A = 255. Each
 * half of a product and the sum fit 16 bits (at most 254). */
static inline __m128i blend4(__m128i d, __m128i s)
{
    const __m128i zero = _mm_setzero_si128(), k255 = _mm_set1_epi16(255);
    const __m128i alpha_lane = _mm_set_epi16(255, 0, 0, 0, 255, 0, 0, 0);
    __m128i a = _mm_srli_epi32(s, 24);
    __m128i a16 = _mm_or_si128(a, _mm_slli_epi32(a, 16)); /* A in both halves of each pixel */
    __m128i alo = _mm_unpacklo_epi32(a16, a16), ahi = _mm_unpackhi_epi32(a16, a16);
    __m128i lo = _mm_add_epi16(
        _mm_srli_epi16(_mm_mullo_epi16(_mm_unpacklo_epi8(s, zero), _mm_or_si128(alo, alpha_lane)), 8),
        _mm_srli_epi16(_mm_mullo_epi16(_mm_unpacklo_epi8(d, zero), _mm_xor_si128(alo, k255)), 8));
    __m128i hi = _mm_add_epi16(
        _mm_srli_epi16(_mm_mullo_epi16(_mm_unpackhi_epi8(s, zero), _mm_or_si128(ahi, alpha_lane)), 8),
        _mm_srli_epi16(_mm_mullo_epi16(_mm_unpackhi_epi8(d, zero), _mm_xor_si128(ahi, k255)), 8));
    __m128i out = _mm_packus_epi16(lo, hi);
    __m128i none = _mm_cmpeq_epi32(a, zero), full = _mm_cmpeq_epi32(a, _mm_set1_epi32(255));
    out = _mm_or_si128(_mm_and_si128(none, d), _mm_andnot_si128(none, out));
    return _mm_or_si128(_mm_and_si128(full, s), _mm_andnot_si128(full, out));
}
#endif

void app_blend_span(uint32_t *dst, const uint32_t *src, int n)
{
    int i = 0;
#ifdef BLEND_SSE2
    const __m128i amask = _mm_set1_epi32((int)0xFF000000u), zero = _mm_setzero_si128();
    for (; i + 4 <= n; i += 4) {
        __m128i s = _mm_loadu_si128((const __m128i *)(const void *)(src + i));
        /* Most of a label's box is transparent: four such pixels leave d as it is. */
        if (_mm_movemask_epi8(_mm_cmpeq_epi32(_mm_and_si128(s, amask), zero)) == 0xFFFF) continue;
        __m128i d = _mm_loadu_si128((const __m128i *)(void *)(dst + i));
        _mm_storeu_si128((__m128i *)(void *)(dst + i), blend4(d, s));
    }
#endif
    for (; i < n; i++) dst[i] = blend_one(dst[i], src[i]);
}

enum { PROBE_W = 256, PROBE_H = 24 };

/* The probe's pixels: every alpha along a row (the row's colours vary, the first row is
 * 0..255 in every channel), over targets of every row's other colours. */
static uint32_t probe_src(int x, int y)
{
    uint32_t v = (uint32_t)(x * 37 + y * 101) & 255u;
    if (y == 0) v = (uint32_t)x;
    return (uint32_t)x << 24 | v << 16 | (v ^ 0xA5u) << 8 | (255u - v);
}

static uint32_t probe_dst(int x, int y)
{
    uint32_t v = (uint32_t)(x * 53 + y * 29 + 7) & 255u;
    return (uint32_t)(y * 11 & 255) << 24 | (255u - v) << 16 | v << 8 | (v * 3u & 255u);
}

/* 1 agrees, 0 does not. */
static int probe(uint32_t format)
{
    int ok = 0;
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, PROBE_W, PROBE_H, 32, format);
    SDL_Renderer *r = target ? SDL_CreateSoftwareRenderer(target) : NULL;
    SDL_Texture *tex = r ? SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, PROBE_W,
                                             PROBE_H)
                         : NULL;
    uint32_t src[PROBE_W * PROBE_H], want[PROBE_W * PROBE_H];
    if (tex && SDL_LockSurface(target) == 0) {
        for (int y = 0; y < PROBE_H; y++) {
            uint32_t *row = (uint32_t *)(void *)((uint8_t *)target->pixels + (size_t)y * (size_t)target->pitch);
            for (int x = 0; x < PROBE_W; x++) {
                src[y * PROBE_W + x] = probe_src(x, y);
                row[x] = want[y * PROBE_W + x] = probe_dst(x, y);
            }
            app_blend_span(want + y * PROBE_W, src + y * PROBE_W, PROBE_W);
        }
        SDL_UnlockSurface(target);
        ok = SDL_UpdateTexture(tex, NULL, src, PROBE_W * 4) == 0 &&
             SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND) == 0 && SDL_RenderCopy(r, tex, NULL, NULL) == 0;
        SDL_RenderFlush(r);
        if (ok && SDL_LockSurface(target) == 0) {
            for (int y = 0; y < PROBE_H && ok; y++)
                ok = memcmp((uint8_t *)target->pixels + (size_t)y * (size_t)target->pitch, want + y * PROBE_W,
                            PROBE_W * 4) == 0;
            SDL_UnlockSurface(target);
        } else {
            ok = 0;
        }
    }
    if (tex) SDL_DestroyTexture(tex);
    if (r) SDL_DestroyRenderer(r);
    if (target) SDL_FreeSurface(target);
    return ok;
}

int app_blend_agrees(uint32_t format)
{
    /* 0 not asked yet, 1 agrees, 2 differs; set only by the drawing thread. */
    static int argb, rgb;
    int *known = format == SDL_PIXELFORMAT_ARGB8888 ? &argb : format == SDL_PIXELFORMAT_RGB888 ? &rgb : NULL;
    if (!known) return 0;
    if (!*known) *known = probe(format) ? 1 : 2;
    return *known == 1;
}
