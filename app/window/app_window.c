/* app_window.c — the platform layer: opens the window, picks a renderer, runs the
 * frame loop (drain events -> update -> draw -> present) and refuses to run unseen
 * when there is no display. Waits on events while paused or minimised. */
#define _POSIX_C_SOURCE 200809L
#include "app_launch.h"

#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <SDL.h>

#include "app_escape.h"
#include "app_ui.h"

#define GL_RENDERER_ENUM 0x1F01u

typedef const unsigned char *(*GlGetString)(unsigned int);

/* Whether an OpenGL renderer runs on a CPU rasteriser (Xvfb, no GPU): then SDL's own
 * software renderer on the window surface is several times faster. */
static int is_software_gl(SDL_Renderer *r)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) != 0 || strncmp(info.name, "opengl", 6) != 0) return 0;
    void *sym = SDL_GL_GetProcAddress("glGetString");
    if (!sym) return 0;
    GlGetString get;
    memcpy(&get, &sym, sizeof get);
    const char *name = (const char *)get(GL_RENDERER_ENUM);
    if (!name) return 0;
    return strstr(name, "llvmpipe") || strstr(name, "softpipe") || strstr(name, "Software") || strstr(name, "SWR");
}

static SDL_Renderer *make_renderer(SDL_Window *win, int *vsync)
{
    /* Every pixel is drawn by steplab's own rasteriser into textures, so SDL's software
     * renderer keeps a frame under 3 ms at 1280x720 — and opening it costs nothing,
     * where an OpenGL context costs 170 ms on a CPU rasteriser (Xvfb, no GPU). A GPU
     * renderer is used when asked for with SDL_RENDER_DRIVER (e.g. opengl). */
    const char *forced = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    SDL_Renderer *r = NULL;
    if (forced && *forced) r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (r && is_software_gl(r)) {
        SDL_DestroyRenderer(r);
        r = NULL;
    }
    if (!r) r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    SDL_RendererInfo info;
    *vsync = r && SDL_GetRendererInfo(r, &info) == 0 && (info.flags & SDL_RENDERER_PRESENTVSYNC);
    return r;
}

/* With neither WAYLAND_DISPLAY nor XDG_RUNTIME_DIR there is no Wayland to find, but
 * libwayland still prints "error: XDG_RUNTIME_DIR is invalid" while SDL probes for it;
 * keep that noise away from the one line the user should read. Returns the saved
 * stderr for unhush, or -1. */
static int hush_stderr(void)
{
    if (SDL_getenv("WAYLAND_DISPLAY") || SDL_getenv("XDG_RUNTIME_DIR")) return -1;
    fflush(stderr);
    int saved = dup(2);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, 2);
        close(devnull);
    }
    return saved;
}

static void unhush_stderr(int saved)
{
    if (saved < 0) return;
    dup2(saved, 2);
    close(saved);
}

static int invisible(const char *driver)
{
    return !driver || strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0;
}

/* SDL fell back to an invisible driver although DISPLAY or WAYLAND_DISPLAY is set: asks
 * the drivers for those displays again, one by one, to say why each could not open.
 * Returns 1 when one opens now (video is then up on it), else 0 with the reasons in why. */
static int retry_displays(char *why, size_t len)
{
    static const char *const drivers[2][2] = {{"x11", "DISPLAY"}, {"wayland", "WAYLAND_DISPLAY"}};
    size_t used = 0;
    why[0] = '\0';
    for (int i = 0; i < 2; i++) {
        const char *value = SDL_getenv(drivers[i][1]);
        if (!value || !*value) continue;
        SDL_VideoQuit();
        SDL_ClearError();
        int saved = hush_stderr();
        int ok = SDL_VideoInit(drivers[i][0]) == 0;
        unhush_stderr(saved);
        if (ok) return 1;
        int n = snprintf(why + used, len - used, "%s%s=%s: %s", used ? "; " : "", drivers[i][1], value, SDL_GetError());
        if (n < 0 || (size_t)n >= len - used) break;
        used += (size_t)n;
    }
    return 0;
}

/* Starts SDL's video on a display a person can see. Returns the driver's name, or NULL
 * with the line for the person in err (SDL then holds nothing to free). */
static const char *open_video(char *err, size_t err_len)
{
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    err[0] = '\0';
    /* Under Xvfb the software renderer would go through a GL texture otherwise. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    int saved_err = hush_stderr();
    int init = SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
    unhush_stderr(saved_err);
    if (init != 0) {
        snprintf(err, err_len, "cannot open a window (%s): render headless with `steplab render --out FILE.png`, "
                               "or run `xvfb-run steplab`", SDL_GetError());
        return NULL; /* SDL_Init cleans up after itself */
    }
    const char *driver = SDL_GetCurrentVideoDriver();
    if (!(asked && *asked) && invisible(driver)) {
        char why[400];
        const char *x = SDL_getenv("DISPLAY"), *wl = SDL_getenv("WAYLAND_DISPLAY");
        if ((!x || !*x) && (!wl || !*wl)) {
            snprintf(err, err_len, "no display found (DISPLAY and WAYLAND_DISPLAY are unset, SDL fell back to its "
                                   "invisible '%s' driver): render headless with `steplab render --out FILE.png`, "
                                   "or run the window under a virtual display with `xvfb-run steplab`",
                     driver ? driver : "none");
            driver = NULL;
        } else if (!retry_displays(why, sizeof why)) {
            snprintf(err, err_len, "the display could not be opened (%s; is a display server running there?): "
                                   "render headless with `steplab render --out FILE.png`, or run the window "
                                   "under a virtual display with `xvfb-run steplab`", why);
            driver = NULL;
        } else {
            driver = SDL_GetCurrentVideoDriver();
        }
    }
    if (!driver) {
        if (!err[0])
            snprintf(err, err_len, "cannot open a window (no video driver): render headless with "
                                   "`steplab render --out FILE.png`");
        SDL_Quit();
    }
    return driver;
}

/* Shows the frame. Where the replay writes the window's surface itself (see run_frames),
 * only the areas drawn since the last present are sent to the display, as SDL's own
 * present would send the whole surface (SDL_UpdateWindowSurface): at 1920x1080 that is
 * 8 MB a frame for a few changed plots. */
static void present(App *app, SDL_Window *win, SDL_Renderer *ren)
{
    const SDL_Rect *rects;
    int n = app->draw.fc.target ? app_fc_changed(&app->draw.fc, &rects) : -1;
    if (n < 0) {
        SDL_RenderPresent(ren);
    } else {
        SDL_RenderFlush(ren); /* what SDL still holds lands on the surface first */
        if (n > 0 && SDL_UpdateWindowSurfaceRects(win, rects, n) != 0) SDL_RenderPresent(ren);
    }
    app_fc_changed_reset(&app->draw.fc);
}

/* The frame loop: drain events -> update -> draw -> present, until the app quits. */
static void run_frames(App *app, SDL_Window *win, SDL_Renderer *ren)
{
    /* Benchmark hooks (scripts/bench.sh): report when the first picture is shown, quit
     * by itself after a number of frames, and play from the start and report the frame
     * times (drawing and presenting) at the end. */
    const char *report = SDL_getenv("STEPLAB_REPORT_FIRST_FRAME");
    const char *quit_after = SDL_getenv("STEPLAB_QUIT_AFTER_FRAMES");
    long frames_left = quit_after ? strtol(quit_after, NULL, 10) : -1;
    enum { TIMES_MAX = 100000 };
    double *times = SDL_getenv("STEPLAB_REPORT_FRAMES") ? malloc(TIMES_MAX * sizeof *times) : NULL;
    int ntimes = 0;
    if (times) app_model_set_playing(&app->model, 1);
    int shown = 0;
    const Uint64 freq = SDL_GetPerformanceFrequency();
    while (!app->quit) {
        SDL_Event ev;
        int minimized = (SDL_GetWindowFlags(win) & SDL_WINDOW_MINIMIZED) != 0;
        int idle = !app->model.playing && app->drag == APP_DRAG_NONE && !app->rec && !app_map_waiting(app);
        if (shown && (minimized || idle)) { /* never wait before the first picture */
            if (SDL_WaitEventTimeout(&ev, minimized ? 500 : 250)) app_handle_event(app, &ev);
        }
        while (SDL_PollEvent(&ev)) app_handle_event(app, &ev);
        if (app->quit) break;
        if (SDL_GetWindowFlags(win) & SDL_WINDOW_MINIMIZED) continue;
        Uint64 t0 = SDL_GetPerformanceCounter();
        /* SDL's software renderer draws a window into the window's framebuffer surface
         * (SDL_GetWindowSurface, made anew after a resize): the frame cache's replay
         * writes its fills, copies and text there itself (app_fc_set_target). */
        if (app->draw.fc.keeps_pixels) app_fc_set_target(&app->draw.fc, SDL_GetWindowSurface(win));
        app_frame(app);
        if (app->want_screenshot) app_take_screenshot(app);
        if (app->rec) app_record_tick(app);  /* the GIF's frames are these frames */
        present(app, win, ren);
        if (!shown && report) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            fprintf(stderr, "first_frame_unix_ns=%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
        }
        shown = 1;
        if (frames_left > 0 && --frames_left == 0) app->quit = 1;
        /* Hold 60 fps even where vsync is missing or only claimed (software renderer,
         * Xvfb): training then runs at one step per frame everywhere. */
        double ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)freq;
        if (times && ntimes < TIMES_MAX) {
            times[ntimes++] = ms;
            if (!app->model.playing) { /* keep training live: start over once it stops */
                app_model_reset(&app->model);
                app_model_set_playing(&app->model, 1);
            }
        }
        if (ms < 16.0) SDL_Delay((Uint32)(16.0 - ms));
    }
    if (times && ntimes > 1) { /* the first frame is the first picture: reported above */
        double p50, p99;
        app_bench_percentiles(times + 1, ntimes - 1, &p50, &p99);
        fprintf(stderr, "window_frames=%d\nwindow_frame_p50_ms=%.3f\nwindow_frame_p99_ms=%.3f\n", ntimes - 1, p50,
                p99);
    }
    free(times);
}

void app_window_title(const char *lesson_title, char *out, size_t len)
{
    snprintf(out, len, "steplab \xe2\x80\x94 %s", lesson_title && lesson_title[0] ? lesson_title : "hard and soft steps");
}

int app_window_run(const AppLaunch *launch)
{
    static App app;
    char err[1024], title[160];
    SDL_Window *win = NULL;
    SDL_Renderer *ren = NULL;
    SDL_RendererInfo info;
    int app_up = 0, vsync = 0;
    int w = launch->width > 0 ? launch->width : 1280, h = launch->height > 0 ? launch->height : 720;
    const char *driver = open_video(err, sizeof err);
    if (!driver) goto out;

    app_window_title(launch->lesson.title, title, sizeof title);
    win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                           SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!win) {
        snprintf(err, sizeof err, "cannot open a window: %s (try `steplab render --out FILE.png`)", SDL_GetError());
        goto out;
    }
    SDL_SetWindowMinimumSize(win, 800, 540);
    ren = make_renderer(win, &vsync);
    if (SDL_getenv("STEPLAB_DEBUG") && ren && SDL_GetRendererInfo(ren, &info) == 0)
        fprintf(stderr, "steplab: video driver %s, renderer %s, vsync %d\n", driver, info.name, vsync);
    if (!ren) {
        snprintf(err, sizeof err, "cannot draw in the window: %s", SDL_GetError());
        goto out;
    }
    SDL_GetRendererOutputSize(ren, &w, &h);
    app_up = app_init(&app, ren, win, launch, w, h, err, sizeof err) == SL_OK;
    if (!app_up) goto out;
    app_set_size(&app, w, h);
    run_frames(&app, win, ren);

out: /* one way out: what was opened is closed in reverse order */
    if (!app_up) app_escape_report(stderr, "steplab: %s", err);
    if (app_up) app_deinit(&app);
    if (ren) SDL_DestroyRenderer(ren);
    if (win) SDL_DestroyWindow(win);
    if (driver) SDL_Quit();
    return app_up ? 0 : 1;
}
