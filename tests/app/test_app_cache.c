/* test_app_cache.c — the caches (the kept static parts of plot layers, and the frame
 * cache that draws only the tiles whose draw calls changed) give exactly the picture of
 * drawing everything every frame: two apps run the same frames, one with the caches and
 * one without (App.no_cache), for every shipped lesson, in the main, graph, map and help
 * views, at several sizes and presentation scales (odd sizes and 3840x2160 at scale 2
 * among them), through training steps, slider changes, hover and a theme switch, and
 * every frame is compared pixel for pixel. The cached side draws its plot layers on the
 * second thread (app_draw.h) and shares the replay of changed areas with it
 * (app_frame_cache.h), the other draws everything on the calling thread. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_lessons.h"
#include "app_ui.h"

typedef struct Side {
    SDL_Surface *surface;
    SDL_Renderer *renderer;
    App app;
} Side;

/* The target's pixel format: ARGB8888 as headless, RGB888 (no alpha) as an X11 window. */
static Uint32 g_format = SDL_PIXELFORMAT_ARGB8888;

static void side_begin(Side *s, const AppLaunch *launch, int w, int h, int no_cache)
{
    char err[512];
    s->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, g_format);
    assert_non_null(s->surface);
    s->renderer = SDL_CreateSoftwareRenderer(s->surface);
    assert_non_null(s->renderer);
    if (app_init(&s->app, s->renderer, NULL, launch, w, h, err, sizeof err) != SL_OK) fail_msg("app_init: %s", err);
    s->app.no_cache = no_cache;
    app_draw_set_worker(&s->app.draw, !no_cache); /* even on a machine with one core */
    app_fc_set_target(&s->app.draw.fc, s->surface); /* as headless: the replay writes it itself */
}

static void side_end(Side *s)
{
    app_deinit(&s->app);
    SDL_DestroyRenderer(s->renderer);
    SDL_FreeSurface(s->surface);
}

static long long redrawn_px, frame_px; /* what the frame cache drew again, of all it could */

static void same_picture(Side *a, Side *b, const char *lesson, int w, const char *when)
{
    /* The map arrives from a background sweep on its own clock: both sides wait for all
     * of it (a setting change restarts it). */
    if (app_map_shown(&a->app)) app_mapview_finish(&a->app.map, &a->app.model);
    if (app_map_shown(&b->app)) app_mapview_finish(&b->app.map, &b->app.model);
    app_draw(&a->app);
    app_draw(&b->app);
    assert_true(a->app.draw.fc.last_cmds > 0); /* the cached side records */
    assert_int_equal(b->app.draw.fc.last_cmds, 0); /* the direct side draws at once */
    redrawn_px += a->app.draw.fc.last_pixels;
    frame_px += (long long)a->app.width * a->app.height;
    SDL_RenderFlush(a->renderer);
    SDL_RenderFlush(b->renderer);
    size_t bytes = (size_t)a->surface->pitch * (size_t)a->surface->h;
    if (memcmp(a->surface->pixels, b->surface->pixels, bytes) != 0)
        fail_msg("%s at width %d, %s: the cached picture differs from the direct one", lesson, w, when);
}

static void both(Side *a, Side *b, void (*fn)(App *app))
{
    fn(&a->app);
    fn(&b->app);
}

static void step3(App *app)
{
    for (int i = 0; i < 3; i++) app_model_step(&app->model);
}

static void steeper(App *app)
{
    app_model_steepness(&app->model, 1);
}

static void move_target(App *app)
{
    app_controls_set_slider(&app->model, APP_CTRL_TARGET, app->model.set.target * 0.75f);
}

static void high_contrast(App *app)
{
    app_set_theme(app, APP_THEME_HIGH_CONTRAST);
}

static void graph(App *app)
{
    app_do(app, APP_ACT_GRAPH_TOGGLE);
}

static void help(App *app)
{
    app_do(app, APP_ACT_HELP);
}

static void map(App *app)
{
    app_do(app, APP_ACT_MAP_TOGGLE);
}

static void wider(App *app)
{
    app_controls_set_slider(&app->model, APP_CTRL_W, app->model.set.w * 1.5f + 0.5f);
}

static void hover_at(App *app, int x, int y)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_MOUSEMOTION;
    ev.motion.x = x;
    ev.motion.y = y;
    app_handle_event(app, &ev);
}

/* The mouse over the middle of the controls (a slider lights up), then over the plot. */
static void hover_controls(App *app)
{
    AppRect r = app->layout.slot[APP_SLOT_CONTROLS];
    hover_at(app, r.x + r.w / 4, r.y + r.h / 2);
}

static void hover_plot(App *app)
{
    AppRect r = app->layout.slot[APP_SLOT_MAIN];
    hover_at(app, r.x + r.w / 2, r.y + r.h / 2);
}

static void test_cache_gives_the_direct_pixels_for_every_lesson_and_view(void **state)
{
    (void)state;
    static const struct { int w, h; float scale; } sizes[] = {
        {1280, 720, 1.0f}, {1001, 617, 1.25f}, {1920, 1080, 1.5f}, {3840, 2160, 2.0f}};
    char path[1024], err[512];
    int lessons = 0, kept = 0, maps = 0;
    long long deferred = 0, shared = 0;
    redrawn_px = frame_px = 0;
    static AppLessonList list;
    assert_true(app_lessons_list(NULL, &list) >= 8);
    for (int i = 0; i < list.count; i++) {
        snprintf(path, sizeof path, "%s", list.paths[i]);
        static AppLaunch launch;
        memset(&launch, 0, sizeof launch);
        assert_int_equal(sl_lesson_load(path, &launch.lesson, err, sizeof err), SL_OK);
        /* A lesson that opens on the map (9) starts in its panels' view; the map is
         * switched on below with both sides waiting for it. */
        if (launch.lesson.show_map) launch.view = 1;
        lessons++;
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            /* 720p for every lesson, the odd size and 1080p for every other, 4K for every
             * fifth: keeps the test quick (under ASan too) */
            if (sizes[s].w > 2000 && i % 5) continue;
            if (sizes[s].w == 1001 && i % 2 == 0) continue;
            if (sizes[s].w == 1920 && i % 2 == 1) continue;
            launch.scale = sizes[s].scale;
            /* The odd size on a window's format: the replay writes both formats itself. */
            g_format = sizes[s].w == 1001 ? SDL_PIXELFORMAT_RGB888 : SDL_PIXELFORMAT_ARGB8888;
            static Side a, b;
            side_begin(&a, &launch, sizes[s].w, sizes[s].h, 0);
            side_begin(&b, &launch, sizes[s].w, sizes[s].h, 1);
            same_picture(&a, &b, path, sizes[s].w, "first frame");
            same_picture(&a, &b, path, sizes[s].w, "the same frame again");
            both(&a, &b, step3);
            same_picture(&a, &b, path, sizes[s].w, "after three steps");
            both(&a, &b, step3);
            same_picture(&a, &b, path, sizes[s].w, "after six steps");
            kept += a.app.layers[APP_LAYER_LANDSCAPE].base_key != 0;
            both(&a, &b, hover_controls);
            same_picture(&a, &b, path, sizes[s].w, "hovering a slider");
            both(&a, &b, steeper);
            both(&a, &b, hover_plot);
            same_picture(&a, &b, path, sizes[s].w, "after a steeper k, hovering the plot");
            both(&a, &b, move_target);
            both(&a, &b, step3);
            same_picture(&a, &b, path, sizes[s].w, "after t* moved and three steps");
            both(&a, &b, wider);
            same_picture(&a, &b, path, sizes[s].w, "after a wider w");
            both(&a, &b, graph);
            same_picture(&a, &b, path, sizes[s].w, "in the graph view");
            both(&a, &b, step3);
            same_picture(&a, &b, path, sizes[s].w, "in the graph view, three steps on");
            both(&a, &b, graph);
            same_picture(&a, &b, path, sizes[s].w, "back from the graph view");
            both(&a, &b, help);
            same_picture(&a, &b, path, sizes[s].w, "with help open");
            both(&a, &b, step3);
            same_picture(&a, &b, path, sizes[s].w, "with help open, three steps on");
            both(&a, &b, help);
            same_picture(&a, &b, path, sizes[s].w, "help closed");
            if (launch.lesson.kind == SL_LESSON_TASK) {
                both(&a, &b, map);
                maps += app_map_shown(&a.app);
                same_picture(&a, &b, path, sizes[s].w, "in the map view");
                both(&a, &b, step3);
                same_picture(&a, &b, path, sizes[s].w, "in the map view, three steps on");
                both(&a, &b, wider);
                same_picture(&a, &b, path, sizes[s].w, "in the map view, a wider w");
                both(&a, &b, map);
                same_picture(&a, &b, path, sizes[s].w, "back from the map view");
            }
            both(&a, &b, step3);
            same_picture(&a, &b, path, sizes[s].w, "three more steps");
            both(&a, &b, high_contrast);
            same_picture(&a, &b, path, sizes[s].w, "in the high-contrast theme");
            both(&a, &b, step3);
            same_picture(&a, &b, path, sizes[s].w, "in the high-contrast theme, three steps on");
            deferred += a.app.draw.layers_deferred;
            shared += a.app.draw.fc.replays_shared;
            assert_int_equal(b.app.draw.layers_deferred, 0);
            side_end(&a);
            side_end(&b);
        }
    }
    assert_int_equal(lessons, list.count);
    /* The comparison means something: the layer cache was in use in the standard views,
     * the map view was compared, and the frame cache left most pixels alone. */
    assert_true(kept >= 5);
    assert_true(maps >= 4);
    assert_true(deferred >= 10 * lessons); /* the layers of most frames were drawn on the second thread */
    assert_true(shared >= 5 * lessons);    /* and many replays shared with it */
    assert_true(redrawn_px * 2 < frame_px);
}

/* The frame cache on its own: a frame with the same calls draws nothing again; one
 * changed fill draws its tiles only, and the picture is the one drawn whole; the areas
 * it reports for a window to show are those tiles (everything when unknown). */
static void test_frame_cache_draws_only_changed_tiles(void **state)
{
    (void)state;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 200, 100, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    assert_non_null(r);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    AppFrameCache fc;
    app_fc_init(&fc, r);
    assert_true(fc.keeps_pixels);
    AppColor bg = {10, 20, 30, 255}, ink = {200, 100, 50, 128};
    const SDL_Rect *shown;
    assert_int_equal(app_fc_changed(&fc, &shown), -1); /* nothing shown yet: everything */
    for (int frame = 0; frame < 3; frame++) {
        if (frame > 0) app_fc_changed_reset(&fc); /* frame 0's areas stay for frame 1 */
        app_fc_begin(&fc, 200, 100);
        app_fc_fill(&fc, (SDL_Rect){0, 0, 200, 100}, bg);
        SDL_Rect clip = {0, 0, 150, 100};
        app_fc_clip(&fc, &clip);
        app_fc_fill(&fc, (SDL_Rect){frame == 2 ? 100 : 10, 10, 60, 20}, ink);
        app_fc_clip(&fc, NULL);
        app_fc_end(&fc);
        SDL_RenderFlush(r);
        if (frame == 0) assert_int_equal(fc.last_pixels, 200 * 100);  /* the first frame is drawn whole */
        if (frame == 1) assert_int_equal(fc.last_pixels, 0);          /* nothing changed */
        if (frame == 2) assert_true(fc.last_pixels > 0 && fc.last_pixels < 200 * 100 / 2);
        /* What a window must show: the drawn areas since the reset, within the target. */
        int n = app_fc_changed(&fc, &shown);
        long long area = 0;
        for (int k = 0; k < n; k++) {
            assert_true(shown[k].x >= 0 && shown[k].y >= 0 && shown[k].x + shown[k].w <= 200 &&
                        shown[k].y + shown[k].h <= 100);
            area += (long long)shown[k].w * shown[k].h;
        }
        if (frame == 0) assert_int_equal(n, -1);   /* not reset since init: unknown */
        if (frame == 1) assert_int_equal(n, 0);    /* nothing changed */
        if (frame == 2) { /* the old fill's tiles and the new one's, and nothing else */
            assert_true(n > 0);
            assert_int_equal(area, fc.last_pixels);
            int found_old = 0, found_new = 0;
            for (int k = 0; k < n; k++) {
                found_old |= shown[k].x <= 10 && shown[k].x + shown[k].w >= 70 && shown[k].y <= 10;
                found_new |= shown[k].x <= 100 && shown[k].x + shown[k].w >= 150 && shown[k].y <= 10;
            }
            assert_true(found_old && found_new);
        }
    }
    /* The same frame drawn at once over a fresh picture. */
    SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, 200, 100, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *dr = SDL_CreateSoftwareRenderer(d);
    assert_non_null(dr);
    SDL_SetRenderDrawBlendMode(dr, SDL_BLENDMODE_BLEND);
    AppFrameCache direct;
    app_fc_init(&direct, dr);
    app_fc_enable(&direct, 0);
    app_fc_begin(&direct, 200, 100);
    app_fc_fill(&direct, (SDL_Rect){0, 0, 200, 100}, bg);
    SDL_Rect clip = {0, 0, 150, 100};
    app_fc_clip(&direct, &clip);
    app_fc_fill(&direct, (SDL_Rect){100, 10, 60, 20}, ink);
    app_fc_clip(&direct, NULL);
    app_fc_end(&direct);
    SDL_RenderFlush(dr);
    assert_int_equal(direct.last_cmds, 0);
    assert_memory_equal(s->pixels, d->pixels, (size_t)s->pitch * 100);
    /* The blended fill is there, cut at the clip, and the old one is gone. */
    const uint32_t *px = s->pixels;
    assert_int_not_equal(px[15 * 200 + 120], px[15 * 200 + 20]);
    assert_int_equal(px[15 * 200 + 20], px[15 * 200 + 155]);
    /* Not recording (a frame drawn at once): anything may have changed. */
    app_fc_changed_reset(&fc);
    app_fc_enable(&fc, 0);
    app_fc_begin(&fc, 200, 100);
    app_fc_fill(&fc, (SDL_Rect){0, 0, 200, 100}, bg);
    app_fc_end(&fc);
    assert_int_equal(app_fc_changed(&fc, &shown), -1);
    app_fc_enable(&fc, 1);
    app_fc_free(&fc);
    app_fc_free(&direct);
    SDL_DestroyRenderer(r);
    SDL_DestroyRenderer(dr);
    SDL_FreeSurface(s);
    SDL_FreeSurface(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_cache_draws_only_changed_tiles),
        cmocka_unit_test(test_cache_gives_the_direct_pixels_for_every_lesson_and_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
