/* app_headless.c — the window's picture without a display: `steplab render` draws the
 * App on a software renderer over an SDL_Surface (no video driver, same pixels every
 * run) and saves a PNG; `steplab bench` times frames of it while training runs. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, CLOCK_THREAD_CPUTIME_ID */
#include "app_launch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <SDL.h>

#include "app_escape.h"
#include "app_gif.h"
#include "app_ui.h"

#define RENDER_SIZE_MIN 320
#define RENDER_SIZE_MAX 8192

typedef struct Headless {
    SDL_Surface *surface;
    SDL_Renderer *renderer;
    App app;
} Headless;

static void headless_end(Headless *h)
{
    if (h->app.text) app_deinit(&h->app);
    if (h->renderer) SDL_DestroyRenderer(h->renderer);
    if (h->surface) SDL_FreeSurface(h->surface);
    memset(h, 0, sizeof *h);
}

/* Puts the app in the view, on the case and on the page launch asks for, with the keys a
 * person would press (c, g, F1, l, PageDown). Returns SL_ERR_ARG with err filled for a
 * case or a page the lesson lacks. */
static SlStatus headless_view(App *app, const AppLaunch *launch, char *err, size_t err_len)
{
    AppModel *m = &app->model;
    int count = app_lesson_state_subject_count(&m->ls, app_model_shown_count(m));
    if (launch->subject > count) {
        snprintf(err, err_len, "--case %d: this lesson has %d case%s", launch->subject, count, count == 1 ? "" : "s");
        return SL_ERR_ARG;
    }
    for (int i = 1; i < launch->subject; i++) app_do(app, APP_ACT_GRAPH_NEXT);
    if (launch->page > m->lesson.page_count) {
        snprintf(err, err_len, "--page %d: this lesson has %d page%s", launch->page, m->lesson.page_count,
                 m->lesson.page_count == 1 ? "" : "s");
        return SL_ERR_ARG;
    }
    for (int i = 1; i < launch->page; i++) app_do(app, APP_ACT_PAGE_NEXT);
    /* A lesson may open on its graph (show_graph): main and graph say which, not toggle. */
    int graph = launch->view == APP_LAUNCH_VIEW_GRAPH;
    if ((launch->view == APP_LAUNCH_VIEW_MAIN || graph) && m->ls.graph_on != graph) app_do(app, APP_ACT_GRAPH_TOGGLE);
    if (launch->view == APP_LAUNCH_VIEW_HELP) app_do(app, APP_ACT_HELP);
    if (launch->view == APP_LAUNCH_VIEW_LESSONS) app_do(app, APP_ACT_LESSON_PICKER);
    return SL_OK;
}

static SlStatus headless_begin(Headless *h, const AppLaunch *launch, char *err, size_t err_len)
{
    memset(h, 0, sizeof *h);
    int w = launch->width > 0 ? launch->width : 1280, hh = launch->height > 0 ? launch->height : 720;
    if (w < RENDER_SIZE_MIN || hh < RENDER_SIZE_MIN * 9 / 16 || w > RENDER_SIZE_MAX || hh > RENDER_SIZE_MAX) {
        snprintf(err, err_len, "size %dx%d is out of range (%dx%d to %dx%d)", w, hh, RENDER_SIZE_MIN, RENDER_SIZE_MIN * 9 / 16,
                 RENDER_SIZE_MAX, RENDER_SIZE_MAX);
        return SL_ERR_ARG;
    }
    h->surface = SDL_CreateRGBSurfaceWithFormat(0, w, hh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!h->surface) {
        snprintf(err, err_len, "cannot make a %dx%d picture: %s", w, hh, SDL_GetError());
        return SL_ERR_NOMEM;
    }
    h->renderer = SDL_CreateSoftwareRenderer(h->surface);
    if (!h->renderer) {
        snprintf(err, err_len, "cannot start the software renderer: %s", SDL_GetError());
        headless_end(h);
        return SL_ERR_STATE;
    }
    SlStatus st = app_init(&h->app, h->renderer, NULL, launch, w, hh, err, err_len);
    if (st != SL_OK) memset(&h->app, 0, sizeof h->app); /* nothing to deinit */
    else app_fc_set_target(&h->app.draw.fc, h->surface);
    if (st == SL_OK) st = headless_view(&h->app, launch, err, err_len);
    if (st != SL_OK) headless_end(h);
    return st;
}

/* The run as a GIF: the window's frames while it plays, one every `every` steps from
 * step 0, and the last one, held 2 s. Training that stops by itself ends the GIF there,
 * as it ends playing in the window. */
static SlStatus render_gif(Headless *h, const AppLaunch *launch, char *err, size_t err_len)
{
    App *app = &h->app;
    int every = launch->every > 0 ? launch->every : 5, fps = launch->fps > 0 ? launch->fps : 10;
    SlStatus st = app_record_start(app, launch->gif_path, every, fps, err, err_len);
    if (st != SL_OK) return st;
    app_model_set_playing(&app->model, 1);
    app_draw(app);
    SDL_RenderFlush(h->renderer);
    st = app_record_capture(app, err, err_len);
    while (st == SL_OK && app->model.playing && app_model_step_count(&app->model) < launch->steps) {
        if (!app_model_update(&app->model)) break;
        int step = app_model_step_count(&app->model);
        if (step % every != 0 && step < launch->steps && app->model.playing) continue;
        app_draw(app);
        SDL_RenderFlush(h->renderer);
        st = app_record_capture(app, err, err_len);
    }
    /* The last frame as a paused window shows it (an unchanged frame only lengthens the
     * one before). */
    app_model_set_playing(&app->model, 0);
    if (st == SL_OK) {
        app_draw(app);
        SDL_RenderFlush(h->renderer);
        st = app_record_capture(app, err, err_len);
    }
    if (st != SL_OK) {
        app_gif_abort(app->rec);
        app->rec = NULL;
        return st;
    }
    return app_record_stop(app, err, err_len);
}

/* "WxH scale S" of the picture, for messages. */
static const char *size_text(const Headless *h)
{
    static char buf[64];
    snprintf(buf, sizeof buf, "%dx%d scale %g", h->app.width, h->app.height, (double)h->app.scale);
    return buf;
}

int app_render_run(const AppLaunch *launch)
{
    char err[APP_EXPORT_PATH_MAX * 4 + 200];
    int want_png = launch->out_path && *launch->out_path, want_gif = launch->gif_path && *launch->gif_path;
    if (!want_png && !want_gif) {
        fprintf(stderr, "steplab render: --out FILE.png or --gif FILE.gif is required\n");
        return 2;
    }
    if (launch->steps < 0) {
        fprintf(stderr, "steplab render: --steps %d is negative\n", launch->steps);
        return 2;
    }
    if (launch->view == APP_LAUNCH_VIEW_MAP && launch->lesson.kind != SL_LESSON_TASK) {
        fprintf(stderr, "steplab render: --view map needs a lesson about one learnable step (kind = task), "
                        "not '%s'\n", sl_lesson_kind_name(launch->lesson.kind));
        return 2;
    }
    AppExport out; /* opened first: an unwritable path is said before the work */
    if (want_png && app_export_open(&out, launch->out_path, err, sizeof err) != SL_OK) {
        app_escape_report(stderr, "steplab render: %s", err);
        return 2;
    }
    Headless h;
    if (headless_begin(&h, launch, err, sizeof err)) {
        if (want_png) app_export_abort(&out);
        app_escape_report(stderr, "steplab render: %s", err);
        return 2;
    }
    /* The picture shows the whole map, not the first coarse pass (training moves t, not
     * what the map sweeps, so one wait serves every frame). */
    if (app_map_shown(&h.app)) app_mapview_finish(&h.app.map, &h.app.model);
    int ok = 1;
    if (want_gif) {
        ok = render_gif(&h, launch, err, sizeof err) == SL_OK;
    } else {
        for (int s = 0; s < launch->steps; s++) {
            if (!app_model_step(&h.app.model)) break;
        }
    }
    if (want_png) {
        if (ok) {
            app_draw(&h.app);
            SDL_RenderFlush(h.renderer);
            ok = app_write_png(&h.app, &out, err, sizeof err) == SL_OK;
            /* A size too small for everything still gives a picture, but says what it
             * left out, as the window's F3 does, rather than lose it silently. */
            if (ok && h.app.drops > 0)
                app_escape_report(stderr, "steplab render: at %s the picture leaves out %d part(s), e.g. %s; a larger "
                                          "--size shows them",
                                  size_text(&h), h.app.drops, h.app.drop[0]);
        } else {
            app_export_abort(&out);
        }
    }
    headless_end(&h);
    if (!ok) {
        app_escape_report(stderr, "steplab render: %s", err);
        return 2;
    }
    return 0;
}

int app_sweep_png_run(const AppLaunch *launch, const SlSweepSetup *s, const SlSweepAxis *ax, const SlSweepAxis *ay,
                      const SlSweepCell *cells)
{
    char err[APP_EXPORT_PATH_MAX * 4 + 200];
    AppLaunch l = *launch;
    l.view = APP_LAUNCH_VIEW_MAP;
    l.lesson.kind = SL_LESSON_TASK;
    if (!launch->lesson_path[0]) /* no lesson: the header names the sweep instead */
        snprintf(l.lesson.title, sizeof l.lesson.title, "Sweep: %s against %s", sl_sweep_param_name(ax->param),
                 sl_sweep_param_name(ay->param));
    AppExport out;
    if (app_export_open(&out, l.out_path, err, sizeof err) != SL_OK) {
        app_escape_report(stderr, "steplab sweep: %s", err);
        return 2;
    }
    Headless h;
    if (headless_begin(&h, &l, err, sizeof err)) {
        app_export_abort(&out);
        app_escape_report(stderr, "steplab sweep: %s", err);
        return 2;
    }
    int ok = app_mapview_show(&h.app.map, s, ax, ay, cells);
    if (!ok) {
        app_export_abort(&out);
        snprintf(err, sizeof err, "out of memory for the map picture");
    } else {
        app_draw(&h.app);
        SDL_RenderFlush(h.renderer);
        ok = app_write_png(&h.app, &out, err, sizeof err) == SL_OK;
    }
    headless_end(&h);
    if (!ok) {
        app_escape_report(stderr, "steplab sweep: %s", err);
        return 2;
    }
    return 0;
}

/* This thread's CPU time in milliseconds (0 when the clock is missing). */
static double thread_cpu_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0.0;
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void app_bench_percentiles(double *ms, int n, double *p50, double *p99)
{
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    *p50 = ms[(n - 1) / 2];
    *p99 = ms[(int)((double)(n - 1) * 0.99 + 0.5)];
}

/* Plays launch->frames frames from a fresh app while training plays (started over
 * when it stops): each frame's wall-clock and drawing-thread CPU time in milliseconds,
 * and for the map view the sweep passes that reached the screen. Returns 0, or 2 with
 * the message printed. */
typedef struct FrameRun {
    int map, passes, fine, w, h;
} FrameRun;

static int play_frames(const AppLaunch *launch, double *wall, double *cpu, FrameRun *run)
{
    char err[600];
    Headless h;
    if (headless_begin(&h, launch, err, sizeof err)) {
        app_escape_report(stderr, "steplab bench: %s", err);
        return 2;
    }
    const double freq = (double)SDL_GetPerformanceFrequency();
    app_model_set_playing(&h.app.model, 1);
    run->map = app_map_shown(&h.app);
    run->passes = run->fine = 0;
    run->w = h.app.width;
    run->h = h.app.height;
    unsigned seen_id = 0;
    int seen_pass = 0;
    float t0_base = h.app.model.set.t0;
    for (int i = 0; i < launch->frames; i++) {
        if (!h.app.model.playing) {
            /* Keep training live: start over once everything has stopped. */
            app_model_reset(&h.app.model);
            app_model_set_playing(&h.app.model, 1);
        }
        Uint64 t0 = SDL_GetPerformanceCounter();
        double c0 = thread_cpu_ms();
        if (run->map && i % 4 == 0) {
            /* A hand dragging t0 back and forth: every move restarts the map's sweep. */
            float span = 0.1f * (float)h.app.model.set.n;
            app_controls_set_slider(&h.app.model, APP_CTRL_T0, t0_base + span * (float)((i / 4) % 20) / 20.0f);
        }
        app_frame(&h.app);
        if (run->map && (h.app.map.grid.id != seen_id || h.app.map.grid.pass != seen_pass)) {
            seen_id = h.app.map.grid.id;
            seen_pass = h.app.map.grid.pass;
            run->passes++;
            run->fine += seen_pass == 2;
        }
        SDL_RenderPresent(h.renderer);
        wall[i] = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / freq;
        cpu[i] = thread_cpu_ms() - c0;
    }
    headless_end(&h);
    return 0;
}

int app_bench_frames_run(const AppLaunch *launch)
{
    if (launch->frames < 1) {
        fprintf(stderr, "steplab bench: --frames must be at least 1 (got %d)\n", launch->frames);
        return 2;
    }
    /* Wall-clock times, then the drawing thread's CPU time per frame: on a busy machine
     * the wall clock also counts waiting for a core, the CPU time only the frame's work.
     * Then each frame's fastest of three plays of the same frames (min3): what a frame
     * costs itself, with the moments the machine was taken away (a virtual machine's host
     * runs others on its cores) left out. The map view's frames depend on the background
     * sweep's timing, so it is played once. */
    const int n = launch->frames;
    double *ms = malloc((size_t)n * 5u * sizeof *ms);
    if (!ms) {
        fprintf(stderr, "steplab bench: out of memory for %d frame times\n", n);
        return 2;
    }
    double *cpu = ms + n, *best = ms + 2 * (size_t)n, *again = ms + 3 * (size_t)n, *again_cpu = ms + 4 * (size_t)n;
    FrameRun run;
    if (play_frames(launch, ms, cpu, &run)) {
        free(ms);
        return 2;
    }
    memcpy(best, ms, (size_t)n * sizeof *ms);
    int plays = 1;
    for (; !run.map && n >= 100 && plays < 3; plays++) {
        FrameRun other;
        if (play_frames(launch, again, again_cpu, &other)) {
            free(ms);
            return 2;
        }
        for (int i = 0; i < n; i++)
            if (again[i] < best[i]) best[i] = again[i];
    }
    double p50, p99, cpu50, cpu99, best50, best99;
    app_bench_percentiles(ms, n, &p50, &p99);
    app_bench_percentiles(cpu, n, &cpu50, &cpu99);
    app_bench_percentiles(best, n, &best50, &best99);
    printf("frames=%d\nsize=%dx%d\nframe_p50_ms=%.3f\nframe_p99_ms=%.3f\nframe_max_ms=%.3f\n", n, run.w, run.h, p50,
           p99, ms[n - 1]);
    printf("frame_cpu_p50_ms=%.3f\nframe_cpu_p99_ms=%.3f\n", cpu50, cpu99);
    if (plays == 3) printf("frame_min3_p50_ms=%.3f\nframe_min3_p99_ms=%.3f\n", best50, best99);
    if (run.map) printf("map_passes_shown=%d\nmap_fine_passes_shown=%d\n", run.passes, run.fine);
    free(ms);
    return 0;
}

/* One first picture: the app set up from the lesson at n positions, then one frame
 * drawn and flushed (what a window shows first), in milliseconds. */
static double first_picture_ms(const AppLaunch *launch, int n, int graph, char *err, size_t err_len)
{
    static AppLaunch big;
    big = *launch;
    big.lesson.task.n = n;
    if (big.lesson.task.target > (float)n) big.lesson.task.target = (float)n;
    const double freq = (double)SDL_GetPerformanceFrequency();
    Uint64 t0 = SDL_GetPerformanceCounter();
    Headless h;
    if (headless_begin(&h, &big, err, err_len)) return -1.0;
    if (graph) h.app.model.ls.graph_on = 1;
    app_draw(&h.app);
    SDL_RenderFlush(h.renderer);
    double ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / freq;
    headless_end(&h);
    return ms;
}

int app_bench_first_picture_run(const AppLaunch *launch)
{
    static const int sizes[] = {1000000, 10000000};
    char err[600];
    for (int s = 0; s < 2; s++)
        for (int graph = 0; graph < 2; graph++) {
            double ms = first_picture_ms(launch, sizes[s], graph, err, sizeof err);
            if (ms < 0.0) {
                fprintf(stderr, "steplab bench: %s\n", err);
                return 2;
            }
            printf("first_picture%s_ms_n%d=%.1f\n", graph ? "_graph" : "", sizes[s], ms);
            fflush(stdout);
        }
    return 0;
}
