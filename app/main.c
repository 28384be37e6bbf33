/* main.c — steplab's entry point: parse the command line once, then hand over to
 * the window, the headless renderer or a command-line face. */
#include <stdio.h>
#include <string.h>

#include "app_launch.h"
#include "app_lessons.h"
#include "cli_commands.h"
#include "cli_options.h"

static void to_launch(const CliArgs *a, AppLaunch *l)
{
    memset(l, 0, sizeof *l);
    l->lesson = a->lesson;
    snprintf(l->lesson_path, sizeof l->lesson_path, "%s", a->lesson_path);
    l->steps = a->steps;
    l->width = a->width;
    l->height = a->height;
    l->out_path = a->out;
    l->gif_path = a->gif;
    l->every = a->every;
    l->fps = a->fps;
    l->frames = a->frames;
    l->scale = a->scale;
}

int main(int argc, char **argv)
{
    static CliArgs args;  /* large (a lesson with its pages): keep it off the stack */
    static AppLaunch launch;
    char err[1024];
    int rc = cli_parse(argc, argv, &args, err, sizeof err);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return rc;
    }
    if (args.help) {
        cli_print_help(args.command, stdout);
        return 0;
    }
    if (args.version) {
        printf("steplab %s\nlessons: %s\n", STEPLAB_VERSION, app_lessons_dir());
        return 0;
    }
    to_launch(&args, &launch);
    switch (args.command) {
    case CLI_WINDOW: return app_window_run(&launch);
    case CLI_EVAL: return cli_eval(&args);
    case CLI_TRAIN: return cli_train(&args);
    case CLI_SWEEP: return cli_sweep(&args);
    case CLI_RENDER: return app_render_run(&launch);
    case CLI_BENCH:
        if (args.bench_engine && (rc = cli_bench_engine(&args)) != 0) return rc;
        if (args.frames > 0) return app_bench_frames_run(&launch);
        return 0;
    case CLI_COMMAND_COUNT: break;
    }
    return 2;
}
