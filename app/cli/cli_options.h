/* cli_options.h — the one option parser of the steplab command line.
 * The options of the command line alone are listed once in a table with the commands
 * they belong to; the lesson settings (--k, --lr, --steps, ...) come from the engine's
 * settings table (sl_settings.h), so a lesson key and its option share one parser, one
 * range and one default. --help is generated from both tables. */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>
#include "app_launch.h"
#include "sl_lesson.h"
#include "sl_sweep.h"

typedef enum CliCommand {
    CLI_WINDOW = 0, CLI_EVAL, CLI_TRAIN, CLI_RENDER, CLI_SWEEP, CLI_BENCH, CLI_COMMAND_COUNT
} CliCommand;

typedef struct CliArgs {
    CliCommand command;
    int help;                 /* --help was given: print help for command, exit 0 */
    int version;
    SlLesson lesson;          /* lesson (or the default) with the options applied */
    char lesson_path[512];    /* "" when no --lesson */
    int json;
    const char *csv;          /* NULL, "-" or a path */
    const char *out;          /* render: PNG path */
    const char *gif;          /* render: animated GIF path (NULL: none) */
    int every, fps;           /* render --gif: a frame every this many steps, shown at fps */
    int width, height;
    int steps;                /* train / render / sweep steps */
    int steps_given;
    int frames;               /* bench --frames */
    int bench_engine;         /* bench --engine */
    int bench_first_picture;  /* bench --first-picture */
    float scale;              /* window / render presentation scale (0 = auto) */
    int view;                 /* --view: an AppLaunchView (0: what the window opens on) */
    int subject;              /* render / bench --case: 1-based, 0 = not given */
    int page;                 /* render --page: 1-based, 0 = not given */
    float fd_h;               /* eval: finite-difference step */
    float grad_threshold;     /* train / sweep: the run's threshold, --grad-threshold alone: a
                               * lesson's grad_threshold is the window's comparison level, and
                               * the window's main run has none (docs/lessons.md) */
    SlSweepAxis sweep_x, sweep_y;  /* sweep grid: x varies fastest in memory, slowest in the CSV */
    const char *png;          /* sweep --png: the map picture */
} CliArgs;

/* Parses argv (argv[0] is the program). On failure returns 2 after writing one line
 * "steplab CMD: ..." naming the bad value into err; on success 0. Loads --lesson. */
int cli_parse(int argc, char **argv, CliArgs *args, char *err, size_t err_len);

/* Writes the help for a command (every option, its default and valid range) to fp. */
void cli_print_help(CliCommand command, FILE *fp);

/* What the window, render and bench are handed: the parsed arguments as an AppLaunch
 * (the lesson with its overrides, the size, the paths, the view). */
void cli_launch(const CliArgs *args, AppLaunch *launch);

/* "eval", "train", ... ("" for the window). */
const char *cli_command_name(CliCommand command);

#endif
