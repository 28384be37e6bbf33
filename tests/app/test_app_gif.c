/* test_app_gif.c — runs as animated GIFs: frames decode (giflib) to the pictures given,
 * exact theme colours exactly; an unchanged frame only lengthens the one before; a
 * changed frame carries only the rectangle that changed; `render --gif` writes the
 * window's own frames (its last frame is the PNG `render --out` writes of the same
 * run); v in the window records from the current step until training stops; a failed
 * write keeps the old file and leaves no temporary file. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gif_lib.h>
#include <SDL.h>
#include <SDL_image.h>

#include "app_gif.h"
#include "app_launch.h"
#include "app_lessons.h"
#include "app_theme.h"
#include "app_ui.h"

#define GW 64
#define GH 40

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/steplab-gif-test-%ld", (long)getpid());
    char cmd[300];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static uint32_t rgb(AppColor c)
{
    return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* Decodes path and composes frame `want` (-1: the last) into out (w*h RGB). Returns the
 * frame count; *delay_cs receives each frame's delay summed. */
static int decode(const char *path, int want, uint32_t *out, int w, int h, int *delay_cs, int *sub_w)
{
    int err = 0;
    GifFileType *g = DGifOpenFileName(path, &err);
    assert_non_null(g);
    assert_int_equal(DGifSlurp(g), GIF_OK);
    assert_int_equal(g->SWidth, w);
    assert_int_equal(g->SHeight, h);
    int n = g->ImageCount, last = want < 0 ? n - 1 : want;
    if (delay_cs) *delay_cs = 0;
    for (int i = 0; i < n; i++) {
        GraphicsControlBlock gcb;
        memset(&gcb, 0, sizeof gcb);
        gcb.TransparentColor = NO_TRANSPARENT_COLOR;
        DGifSavedExtensionToGCB(g, i, &gcb);
        if (delay_cs) *delay_cs += gcb.DelayTime;
        if (i > last) continue;
        SavedImage *im = &g->SavedImages[i];
        ColorMapObject *map = im->ImageDesc.ColorMap ? im->ImageDesc.ColorMap : g->SColorMap;
        if (sub_w && i == last) *sub_w = im->ImageDesc.Width;
        for (int y = 0; y < im->ImageDesc.Height; y++)
            for (int x = 0; x < im->ImageDesc.Width; x++) {
                int idx = im->RasterBits[y * im->ImageDesc.Width + x];
                if (idx == gcb.TransparentColor) continue;
                GifColorType c = map->Colors[idx];
                out[(im->ImageDesc.Top + y) * w + im->ImageDesc.Left + x] =
                    (uint32_t)c.Red << 16 | (uint32_t)c.Green << 8 | c.Blue;
            }
    }
    DGifCloseFile(g, &err);
    return n;
}

static void fill(uint32_t *px, uint32_t c)
{
    for (int i = 0; i < GW * GH; i++) px[i] = 0xFF000000u | c;
}

static void test_gif_frames_decode_to_the_pictures(void **state)
{
    (void)state;
    char path[300], err[600];
    snprintf(path, sizeof path, "%s/a.gif", dir);
    uint32_t px[GW * GH], back[GW * GH];
    uint32_t bg = rgb(app_theme_color(APP_COL_BG)), fam = rgb(app_theme_family_color(SL_MASK_LOGISTIC));
    AppGif *g = app_gif_open(path, GW, GH, 10, err, sizeof err);
    assert_non_null(g);
    fill(px, bg);
    assert_int_equal(app_gif_add(g, px, GW * 4, err, sizeof err), SL_OK);
    assert_int_equal(app_gif_add(g, px, GW * 4, err, sizeof err), SL_OK); /* unchanged: no new frame */
    assert_int_equal(app_gif_frames(g), 1);
    for (int y = 10; y < 14; y++)
        for (int x = 20; x < 30; x++) px[y * GW + x] = 0xFF000000u | fam;
    assert_int_equal(app_gif_add(g, px, GW * 4, err, sizeof err), SL_OK);
    assert_int_equal(app_gif_frames(g), 2);
    assert_int_equal(app_gif_added(g), 3);
    assert_int_equal(app_gif_close(g, 1000, err, sizeof err), SL_OK);

    int delay = 0, sub_w = 0;
    memset(back, 0, sizeof back);
    assert_int_equal(decode(path, -1, back, GW, GH, &delay, &sub_w), 2);
    /* Exact colours come back exactly; the second frame is only the changed 10x4 patch. */
    for (int i = 0; i < GW * GH; i++) assert_int_equal(back[i], px[i] & 0xFFFFFFu);
    assert_int_equal(sub_w, 10);
    /* 3 frames at 10 fps plus the 1 s hold: 0.2 s + 0.1 s + 1 s. */
    assert_int_equal(delay, 20 + 10 + 100);
    assert_int_equal(access(path, F_OK), 0);
}

static void test_gif_failed_write_keeps_the_old_file(void **state)
{
    (void)state;
    char path[300], err[600];
    snprintf(path, sizeof path, "%s/keep.gif", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("old", f);
    fclose(f);
    AppGif *g = app_gif_open(path, GW, GH, 10, err, sizeof err);
    assert_non_null(g);
    app_gif_abort(g); /* a recording given up */
    g = app_gif_open(path, GW, GH, 10, err, sizeof err);
    assert_non_null(g);
    assert_int_equal(app_gif_close(g, 0, err, sizeof err), SL_ERR_STATE); /* no frames: nothing to keep */
    assert_non_null(strstr(err, "no frames"));
    f = fopen(path, "r");
    char buf[8] = "";
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "old");
    char cmd[400];
    snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", dir);
    assert_int_not_equal(system(cmd), 0);
    assert_null(app_gif_open("/nonexistent-dir/x.gif", GW, GH, 10, err, sizeof err));
    assert_non_null(strstr(err, "cannot write /nonexistent-dir/x.gif"));
    assert_null(app_gif_open(path, GW, GH, 0, err, sizeof err));
}

/* render --gif: the GIF's last frame is the picture render --out draws of the same
 * run, pixel for pixel where the colour is one of the theme's (anti-aliased edges go to
 * the nearest palette colour). */
static void test_render_gif_frames_are_the_window_frames(void **state)
{
    (void)state;
    AppLessonList list;
    assert_true(app_lessons_list(NULL, &list) >= 2);
    static AppLaunch launch;
    char err[512], gif[300], png[300];
    memset(&launch, 0, sizeof launch);
    assert_int_equal(sl_lesson_load(list.paths[1], &launch.lesson, err, sizeof err), SL_OK);
    snprintf(launch.lesson_path, sizeof launch.lesson_path, "%s", list.paths[1]);
    snprintf(gif, sizeof gif, "%s/run.gif", dir);
    snprintf(png, sizeof png, "%s/run.png", dir);
    launch.width = 640;
    launch.height = 360;
    launch.steps = 40;
    launch.every = 10;
    launch.fps = 10;
    launch.gif_path = gif;
    launch.out_path = png;
    assert_int_equal(app_render_run(&launch), 0);

    static uint32_t back[640 * 360];
    memset(back, 0, sizeof back);
    int delay = 0;
    int frames = decode(gif, -1, back, 640, 360, &delay, NULL);
    assert_int_equal(frames, 6); /* steps 0, 10, 20, 30, 40 while playing, then paused at 40 */
    SDL_Surface *s = IMG_Load(png);
    assert_non_null(s);
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    assert_non_null(c);
    uint32_t exact[APP_COL_COUNT + SL_MASK_COUNT];
    int ne = 0;
    for (int i = 0; i < APP_COL_COUNT; i++)
        if (i != APP_COL_VEIL) exact[ne++] = rgb(app_theme_color((AppThemeColor)i));
    for (int f = 0; f < SL_MASK_COUNT; f++) exact[ne++] = rgb(app_theme_family_color((SlMaskKind)f));
    int checked = 0, far = 0;
    for (int y = 0; y < 360; y++)
        for (int x = 0; x < 640; x++) {
            uint32_t p = ((uint32_t *)((uint8_t *)c->pixels + y * c->pitch))[x] & 0xFFFFFFu, q = back[y * 640 + x];
            int is_exact = 0;
            for (int i = 0; i < ne && !is_exact; i++) is_exact = exact[i] == p;
            if (is_exact) {
                assert_int_equal(q, p);
                checked++;
            } else {
                int dr = abs((int)(p >> 16 & 255) - (int)(q >> 16 & 255)), dg = abs((int)(p >> 8 & 255) - (int)(q >> 8 & 255)),
                    db = abs((int)(p & 255) - (int)(q & 255));
                far += dr > 40 || dg > 40 || db > 40;
            }
        }
    assert_true(checked > 640 * 360 / 2);
    assert_int_equal(far, 0);
    SDL_FreeSurface(c);
    SDL_FreeSurface(s);
}

/* v in the window: records from the current step while training plays, one frame every
 * few steps, and finishes the GIF (named in a note) when training stops. */
static void test_v_records_the_run_until_it_stops(void **state)
{
    (void)state;
    AppLessonList list;
    assert_true(app_lessons_list(NULL, &list) >= 2);
    static AppLaunch launch;
    static App app;
    char err[512], cwd[512];
    memset(&launch, 0, sizeof launch);
    assert_int_equal(sl_lesson_load(list.paths[1], &launch.lesson, err, sizeof err), SL_OK);
    launch.lesson.steps = 30;
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, 640, 360, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surface);
    assert_non_null(r);
    assert_int_equal(app_init(&app, r, NULL, &launch, 640, 360, err, sizeof err), SL_OK);
    for (int i = 0; i < 6; i++) app_model_step(&app.model); /* from step 6 on */
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_KEYDOWN;
    ev.key.keysym.sym = SDLK_v;
    app_handle_event(&app, &ev);
    assert_non_null(app.rec);
    assert_int_equal(app.model.playing, 1);
    for (int frame = 0; frame < 200 && app.rec; frame++) {
        app_frame(&app);
        app_record_tick(&app);
    }
    assert_null(app.rec);
    assert_non_null(strstr(app.model.message, "steplab-run-001.gif"));
    assert_int_equal(chdir(cwd), 0);
    char path[400];
    snprintf(path, sizeof path, "%s/steplab-run-001.gif", dir);
    static uint32_t back[640 * 360];
    /* steps 6..30 every 3 steps: 6, 9, ..., 30 and the stopped picture */
    int frames = decode(path, -1, back, 640, 360, NULL, NULL);
    assert_in_range(frames, 8, 11);
    app_deinit(&app);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surface);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gif_frames_decode_to_the_pictures),
        cmocka_unit_test(test_gif_failed_write_keeps_the_old_file),
        cmocka_unit_test(test_render_gif_frames_are_the_window_frames),
        cmocka_unit_test(test_v_records_the_run_until_it_stops),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
