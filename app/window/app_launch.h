/* app_launch.h — what the command line hands to the window, the headless renderer
 * and the frame benchmark. The CLI parses options and lesson files (one parser, in
 * cli_options.c / the engine); these entry points only run what they are given. */
#ifndef APP_LAUNCH_H
#define APP_LAUNCH_H

#include "sl_lesson.h"
#include "sl_sweep.h"

/* What the window, render and bench --frames show: what the window opens on (the
 * lesson's own view, its graph when the lesson says show_graph, or its map when it says
 * view = map), the lesson's panels, the graph view (g), the steepness map (m), the keys
 * overlay (F1) or the lesson picker (l). */
typedef enum AppLaunchView {
    APP_LAUNCH_VIEW_START = 0, APP_LAUNCH_VIEW_MAIN, APP_LAUNCH_VIEW_GRAPH, APP_LAUNCH_VIEW_MAP,
    APP_LAUNCH_VIEW_HELP, APP_LAUNCH_VIEW_LESSONS, APP_LAUNCH_VIEW_COUNT
} AppLaunchView;

typedef struct AppLaunch {
    SlLesson lesson;        /* the lesson with command-line overrides already applied */
    char lesson_path[512];  /* the file it came from ("" for the built-in default) */
    int steps;              /* render: training steps taken before the picture */
    int width, height;      /* window's first size, or the render/bench size in pixels */
    const char *out_path;   /* render: the PNG to write (atomically); NULL when only a GIF is asked for */
    const char *gif_path;   /* render: the run as an animated GIF (NULL: none) */
    int every, fps;         /* render --gif: a frame every this many steps, at fps frames per second */
    int frames;             /* bench: frames to render */
    float scale;            /* presentation scale (1 = normal); 0 = pick from DPI */
    AppLaunchView view;     /* render / bench: the view to draw */
    int subject;            /* render / bench: the lesson's case or graph subject, 1-based; 0 = the first */
    int page;               /* render: the lesson page shown, 1-based; 0 = the first */
} AppLaunch;

/* Opens the window and runs until the user quits. Returns the process exit status
 * (0 ok; 1 no display / no font / SDL failure, after one line on stderr saying what
 * to do instead). */
int app_window_run(const AppLaunch *launch);

/* Renders exactly what the window would show after launch->steps training steps,
 * with no display (software renderer on a surface), and writes launch->out_path as
 * PNG via a temporary file + rename. With gif_path, also the run as an animated GIF:
 * the window's frame at step 0, every `every` steps and at the last step (or where
 * training stopped by itself). Returns 0, or 2 after one line on stderr. */
int app_render_run(const AppLaunch *launch);

/* Renders launch->frames frames of the live, training window headless and prints
 * frame_p50_ms=... and frame_p99_ms=... (key=value lines) on stdout, the same of the
 * drawing thread's CPU time per frame (frame_cpu_p50_ms, frame_cpu_p99_ms: the work
 * alone, without the waits a busy machine adds), and from 100 frames on those of each
 * frame's fastest of three plays of the same frames (frame_min3_p50_ms, ..._p99_ms: the
 * frame's own cost, the machine's interruptions left out). Returns 0 or 2. */
int app_bench_frames_run(const AppLaunch *launch);
/* Sorts the n frame times ms (n >= 1) and gives their median and 99th percentile (the
 * nearest rank), as every frame figure steplab prints is taken. */
void app_bench_percentiles(double *ms, int n, double *p50, double *p99);

/* Draws a finished sweep (setup s, axes ax x ay, cells as sl_sweep_run wrote them) as the
 * window's steepness map view, with the lesson of launch beside it, into
 * launch->out_path (PNG, atomically): `steplab sweep --png`. Returns 0, or 2 after one
 * line on stderr. */
int app_sweep_png_run(const AppLaunch *launch, const SlSweepSetup *s, const SlSweepAxis *ax, const SlSweepAxis *ay,
                      const SlSweepCell *cells);
/* Times the first picture of every view of launch->lesson (its own, and the graph
 * view) at N = 10^6 and 10^7: set-up plus one drawn frame, headless, as
 * first_picture_ms_n1000000=... lines on stdout. Returns 0 or 2. */
int app_bench_first_picture_run(const AppLaunch *launch);

#endif
