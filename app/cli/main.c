/* main.c — steplab's entry point: parse the command line once, then hand over to
 * the window, the headless renderer or a command-line face; at the end, check that
 * what went to stdout arrived. */
#define _POSIX_C_SOURCE 200809L  /* SIGXFSZ */
#include <signal.h>
#include <stdio.h>

#include "app_escape.h"
#include "app_export.h"
#include "app_launch.h"
#include "app_layout.h"
#include "app_lessons.h"
#include "cli_commands.h"
#include "cli_options.h"

static int run(const CliArgs *args, const AppLaunch *launch)
{
    int rc;
    if (args->help) {
        cli_print_help(args->command, stdout);
        return 0;
    }
    if (args->version) {
        printf("steplab %s\nlessons: %s\n", STEPLAB_VERSION, app_lessons_dir());
        return 0;
    }
    /* A --scale the layout does not hold is drawn at the largest that it does: say so
     * (docs: --help of --scale), as the window says it for F3. */
    if (args->scale > APP_SCALE_USER_MAX) {
        const char *cmd = cli_command_name(args->command);
        float own = app_layout_auto_scale(args->width, args->height, 1.0f);
        fprintf(stderr,
                "steplab%s%s: --scale %g is more than the layout holds (labels and columns would be cut); "
                "drawing at %g, the largest (text and lines at %g: %g x this size's own scale %g)\n",
                *cmd ? " " : "", cmd, (double)args->scale, (double)APP_SCALE_USER_MAX,
                (double)app_layout_auto_scale(args->width, args->height, APP_SCALE_USER_MAX),
                (double)APP_SCALE_USER_MAX, (double)own);
    }
    switch (args->command) {
    case CLI_WINDOW: return app_window_run(launch);
    case CLI_EVAL: return cli_eval(args);
    case CLI_TRAIN: return cli_train(args);
    case CLI_SWEEP: return cli_sweep(args);
    case CLI_RENDER: return app_render_run(launch);
    case CLI_BENCH:
        if (args->bench_engine && (rc = cli_bench_engine(args)) != 0) return rc;
        if (args->bench_first_picture && (rc = app_bench_first_picture_run(launch)) != 0) return rc;
        if (args->frames > 0) return app_bench_frames_run(launch);
        return 0;
    case CLI_COMMAND_COUNT: break;
    }
    return 2;
}

int main(int argc, char **argv)
{
    static CliArgs args;  /* large (a lesson with its pages): keep it off the stack */
    static AppLaunch launch;
    char err[1024];
    /* A file over `ulimit -f` is a write error to report (EFBIG), not a reason to die
     * and leave a temporary file behind. */
    signal(SIGXFSZ, SIG_IGN);
    int rc = cli_parse(argc, argv, &args, err, sizeof err);
    if (rc) {
        app_escape_report(stderr, "%s", err);
        return rc;
    }
    cli_launch(&args, &launch);
    rc = run(&args, &launch);
    /* Every command's output must reach stdout; when a command already failed, it has
     * said why (perhaps this very error) in its one line. */
    if (app_export_check_stdout(err, sizeof err) != SL_OK && rc == 0) {
        const char *cmd = cli_command_name(args.command);
        fprintf(stderr, "steplab%s%s: %s\n", *cmd ? " " : "", cmd, err);
        rc = 2;
    }
    return rc;
}
