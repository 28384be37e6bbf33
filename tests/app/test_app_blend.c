/* test_app_blend.c — app_blend_span gives the bytes of SDL's software renderer for a
 * blended ARGB8888 copy, for every alpha, source and target value of a channel, on an
 * ARGB8888 target (headless) and an RGB888 one (an X11 window's), at every length the
 * four-pixel loop and its tail split differently; and the probe finds it agrees. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "app_blend.h"

/* One picture per alpha: x is the source's channel value, y the target's. Red takes
 * (x, y) as they are, green and blue and the target's alpha byte other pairings, so
 * every (alpha, source, target) triple of a channel is met in red. */
static uint32_t src_at(int a, int x, int y)
{
    return (uint32_t)a << 24 | (uint32_t)x << 16 | (uint32_t)(x ^ y) << 8 | (uint32_t)(255 - x);
}

static uint32_t dst_at(int x, int y)
{
    return (uint32_t)((x + y) & 255) << 24 | (uint32_t)y << 16 | (uint32_t)(255 - y) << 8 | (uint32_t)((x * 7 + y) & 255);
}

static void every_triple_as_sdl(Uint32 format)
{
    enum { W = 256, H = 256 };
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, format);
    assert_non_null(target);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(target);
    assert_non_null(r);
    SDL_Texture *tex = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, W, H);
    assert_non_null(tex);
    assert_int_equal(SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND), 0);
    uint32_t *src = malloc(W * H * 4), *want = malloc(W * H * 4);
    assert_non_null(src);
    assert_non_null(want);
    for (int a = 0; a < 256; a++) {
        uint32_t *px = target->pixels;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                src[y * W + x] = src_at(a, x, y);
                want[y * W + x] = px[y * (target->pitch / 4) + x] = dst_at(x, y);
            }
        assert_int_equal(SDL_UpdateTexture(tex, NULL, src, W * 4), 0);
        assert_int_equal(SDL_RenderCopy(r, tex, NULL, NULL), 0);
        SDL_RenderFlush(r);
        app_blend_span(want, src, W * H);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                uint32_t got = want[y * W + x], sdl = px[y * (target->pitch / 4) + x];
                if (got != sdl)
                    fail_msg("format %s, alpha %d, source %d over %d: steplab 0x%08x, SDL 0x%08x",
                             SDL_GetPixelFormatName(format), a, x, y, got, sdl);
            }
    }
    free(src);
    free(want);
    SDL_DestroyTexture(tex);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(target);
}

static void test_blend_is_sdls_on_an_argb_target(void **state)
{
    (void)state;
    every_triple_as_sdl(SDL_PIXELFORMAT_ARGB8888);
}

static void test_blend_is_sdls_on_an_rgb888_target(void **state)
{
    (void)state;
    every_triple_as_sdl(SDL_PIXELFORMAT_RGB888);
}

/* Every length from 0 to 13 and every start: the four-pixel loop, its skip of wholly
 * transparent quads and the one-pixel tail give the same bytes as pixel by pixel, and
 * nothing past n is written. */
static void test_every_length_and_start_gives_the_pixelwise_bytes(void **state)
{
    (void)state;
    uint32_t src[24], base[24];
    for (int i = 0; i < 24; i++) {
        static const uint32_t alphas[] = {0, 255, 128, 0, 0, 0, 0, 1, 254, 0, 77, 0};
        src[i] = alphas[i % 12] << 24 | ((uint32_t)i * 40503u & 0xFFFFFFu);
        base[i] = (uint32_t)i * 2654435761u;
    }
    for (int start = 0; start < 4; start++)
        for (int n = 0; n <= 13; n++) {
            uint32_t whole[24], one[24];
            memcpy(whole, base, sizeof whole);
            memcpy(one, base, sizeof one);
            app_blend_span(whole + start, src + start, n);
            for (int i = start; i < start + n; i++) app_blend_span(one + i, src + i, 1);
            assert_memory_equal(whole, one, sizeof whole);
            for (int i = start + n; i < 24; i++) assert_int_equal(whole[i], base[i]);
        }
    /* Alpha 0 keeps the target, alpha 255 writes the source, alpha byte included. */
    uint32_t d = 0x12345678u;
    app_blend_span(&d, &(uint32_t){0x00FFFFFFu}, 1);
    assert_int_equal(d, 0x12345678u);
    app_blend_span(&d, &(uint32_t){0xFF0A0B0Cu}, 1);
    assert_int_equal(d, 0xFF0A0B0Cu);
}

static void test_the_probe_finds_this_sdl_agrees(void **state)
{
    (void)state;
    /* The frame cache blends labels itself only where this holds; a change of SDL that
     * breaks it would silently cost the fast path. */
    assert_true(app_blend_agrees(SDL_PIXELFORMAT_ARGB8888));
    assert_true(app_blend_agrees(SDL_PIXELFORMAT_RGB888));
    assert_false(app_blend_agrees(SDL_PIXELFORMAT_RGB565));
}

int main(void)
{
    if (SDL_Init(0) != 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blend_is_sdls_on_an_argb_target),
        cmocka_unit_test(test_blend_is_sdls_on_an_rgb888_target),
        cmocka_unit_test(test_every_length_and_start_gives_the_pixelwise_bytes),
        cmocka_unit_test(test_the_probe_finds_this_sdl_agrees),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    SDL_Quit();
    return failed;
}
