/* cli_options.c — the options of the command line alone, the parser and the generated help.
 * A lesson setting's option (--k, --lr, ...) is a row of the engine's settings table
 * (sl_settings.h): parsed, ranged and described by it, as in a lesson file. Options are
 * applied in order on top of the lesson (or the default lesson), so `--lesson FILE --k 4`
 * means "that lesson, but k = 4" wherever --lesson appears. */
#include "cli_options.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app_lessons.h"
#include "sl_parse.h"
#include "sl_settings.h"

#define C(x) (1u << (x))
#define TASK_CMDS (C(CLI_WINDOW) | C(CLI_EVAL) | C(CLI_TRAIN) | C(CLI_RENDER) | C(CLI_SWEEP) | C(CLI_BENCH))
#define TRAIN_CMDS (C(CLI_WINDOW) | C(CLI_TRAIN) | C(CLI_RENDER) | C(CLI_SWEEP) | C(CLI_BENCH))

/* The commands that take a lesson setting's option, by what the setting is about. */
static const unsigned scope_commands[SL_SCOPE_COUNT] = {
    [SL_SCOPE_LESSON] = 0,
    [SL_SCOPE_TASK] = TASK_CMDS,
    [SL_SCOPE_TRAIN] = TRAIN_CMDS,
    [SL_SCOPE_RUN] = C(CLI_TRAIN) | C(CLI_SWEEP) | C(CLI_RENDER), /* render --steps: train's */
    [SL_SCOPE_SHOW] = C(CLI_WINDOW) | C(CLI_RENDER) | C(CLI_BENCH),
};

/* Options of the command line alone; the lesson settings come from the engine's table
 * (sl_settings.h) and are listed in --help where O_SETTINGS stands. */
typedef enum OptId {
    O_HELP, O_LESSON, O_SETTINGS, O_JSON, O_CSV, O_FD_H, O_OUT, O_GIF, O_EVERY, O_FPS,
    O_SIZE, O_SCALE, O_VIEW, O_CASE, O_PAGE, O_FRAMES, O_ENGINE, O_FIRST_PICTURE, O_SWEEP_X, O_SWEEP_Y, O_K_RANGE,
    O_LR_RANGE, O_PNG, O_COUNT
} OptId;

typedef struct OptSpec {
    OptId id;
    const char *name;
    const char *metavar;   /* NULL for a flag */
    unsigned commands;
    const char *help;      /* what it does and its valid range */
} OptSpec;

static const OptSpec specs[] = {
    {O_HELP, "--help", NULL, TASK_CMDS, "show this help and exit"},
    {O_LESSON, "--lesson", "FILE", C(CLI_WINDOW) | C(CLI_EVAL) | C(CLI_TRAIN) | C(CLI_RENDER) | C(CLI_SWEEP) | C(CLI_BENCH), "start from a lesson file, or a shipped lesson by number or name (02, 02-soften)"},
    {O_SETTINGS, NULL, NULL, TASK_CMDS, NULL},
    {O_JSON, "--json", NULL, C(CLI_EVAL), "print one JSON object (for machines)"},
    {O_CSV, "--csv", "FILE", C(CLI_TRAIN) | C(CLI_SWEEP), "write CSV to FILE, or - for stdout"},
    {O_FD_H, "--fd-h", "H", C(CLI_EVAL), "finite-difference step; finite, > 0 (one below t's float32 resolution becomes t's spacing, printed as fd_h; docs/task.md)"},
    {O_OUT, "--out", "FILE.png", C(CLI_RENDER), "the PNG to write (the last picture), or - for stdout"},
    {O_GIF, "--gif", "FILE.gif", C(CLI_RENDER), "the training run as an animated GIF: the window's frames, steps 0..S"},
    {O_EVERY, "--every", "E", C(CLI_RENDER), "GIF: a frame every E training steps; integer 1..100000"},
    {O_FPS, "--fps", "F", C(CLI_RENDER), "GIF: frames per second; integer 1..50"},
    {O_SIZE, "--size", "WxH", C(CLI_WINDOW) | C(CLI_RENDER) | C(CLI_BENCH), "picture size in pixels; 320x240 .. 7680x4320"},
    {O_SCALE, "--scale", "S", C(CLI_WINDOW) | C(CLI_RENDER) | C(CLI_BENCH), "presentation scale (text and lines) times the size's own (1 at 1280x720); 0.5 .. 4, 0 = auto; "
     "above 1.25 (more than the layout holds) it draws at 1.25 and says so on stderr"},
    {O_VIEW, "--view", "NAME", C(CLI_WINDOW) | C(CLI_RENDER) | C(CLI_BENCH),
     "what to show: main (the lesson's panels), graph (g), map (m: the steepness map; render waits for the full map, "
     "bench --frames drags t0 so it keeps recomputing), help (F1) or lessons (l, the picker)"},
    {O_CASE, "--case", "C", C(CLI_RENDER) | C(CLI_BENCH), "the lesson's case or graph subject C (what the c key steps through); 1 to the lesson's count"},
    {O_PAGE, "--page", "P", C(CLI_RENDER), "the lesson's page P in the Explanation panel; 1 to the lesson's page count"},
    {O_FRAMES, "--frames", "N", C(CLI_BENCH), "render N frames of the live window headless (from 100 on, also each frame's fastest of three plays: frame_min3_*); integer 1..100000"},
    {O_ENGINE, "--engine", NULL, C(CLI_BENCH), "time training steps and a (k, lr) sweep"},
    {O_FIRST_PICTURE, "--first-picture", NULL, C(CLI_BENCH), "time the window's first picture at N = 10^6 and 10^7, every view"},
    {O_SWEEP_X, "--x", "P:LO:HI:N[:log|lin]", C(CLI_SWEEP), "first swept parameter P (k, lr, w, t0, momentum, k0, k1): "
     "N values (1..4096) from LO to HI, log-spaced (LO, HI > 0) or :lin (t0 and momentum default to lin)"},
    {O_SWEEP_Y, "--y", "P:LO:HI:N[:log|lin]", C(CLI_SWEEP), "second swept parameter, as --x"},
    {O_K_RANGE, "--k-range", "LO:HI:COUNT", C(CLI_SWEEP), "the same as --x k:LO:HI:COUNT:log"},
    {O_LR_RANGE, "--lr-range", "LO:HI:COUNT", C(CLI_SWEEP), "the same as --y lr:LO:HI:COUNT:log"},
    {O_PNG, "--png", "FILE.png", C(CLI_SWEEP), "also draw the sweep as the window's map view into FILE.png"},
};
#define N_SPECS (sizeof specs / sizeof specs[0])

#define SETTINGS_MAX 128 /* rows of the engine's settings table this parser tracks */

static const char *const command_names[CLI_COMMAND_COUNT] = {"", "eval", "train", "render", "sweep", "bench"};

const char *cli_command_name(CliCommand command)
{
    return (unsigned)command < CLI_COMMAND_COUNT ? command_names[command] : "?";
}

typedef struct ParseCtx {
    CliArgs *args;
    char *err;
    size_t err_len;
} ParseCtx;

static int fail(ParseCtx *p, const char *fmt, ...)
{
    const char *cmd = cli_command_name(p->args->command);
    int n = snprintf(p->err, p->err_len, "steplab%s%s: ", *cmd ? " " : "", cmd);
    if (n < 0 || (size_t)n >= p->err_len) return 2;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->err_len - (size_t)n, fmt, ap);
    va_end(ap);
    return 2;
}

/* A finite float; positive requires > 0, otherwise >= lo. */
static int get_float(ParseCtx *p, const char *name, const char *v, float lo, int positive, float *out)
{
    float f;
    if (!sl_parse_float(v, &f)) return fail(p, "%s must be a finite float32 number (|x| < 3.4e38), got '%s'", name, v);
    if (positive && !(f > 0.0f)) return fail(p, "%s must be > 0, got '%s'", name, v);
    if (!positive && f < lo) return fail(p, "%s must be >= %g, got '%s'", name, (double)lo, v);
    *out = f;
    return 0;
}

static int get_int(ParseCtx *p, const char *name, const char *v, long lo, long hi, int *out)
{
    long n;
    if (!sl_parse_int(v, lo, hi, &n)) return fail(p, "%s must be an integer from %ld to %ld, got '%s'", name, lo, hi, v);
    *out = (int)n;
    return 0;
}

/* P:LO:HI:N[:log|lin] for a sweep axis (LO:HI:COUNT for --k-range/--lr-range); fixed_param >= 0 for --k-range/--lr-range (no P, log). */
static int get_axis(ParseCtx *p, const char *name, const char *v, int fixed_param, SlSweepAxis *out)
{
    char buf[160];
    const char *shape = fixed_param >= 0 ? "LO:HI:COUNT" : "P:LO:HI:N[:log|lin]";
    if (strlen(v) >= sizeof buf) return fail(p, "%s must look like %s, got '%.40s...'", name, shape, v);
    strcpy(buf, v);
    char *part[6];
    int n = 0;
    for (char *c = buf; n < 6; n++) {
        part[n] = c;
        c = strchr(c, ':');
        if (!c) {
            n++;
            break;
        }
        *c++ = '\0';
    }
    int first = fixed_param >= 0 ? 0 : 1;
    if (n < first + 3 || n > first + 4) return fail(p, "%s must look like %s, got '%s'", name, shape, v);
    SlSweepAxis a;
    if (fixed_param >= 0) {
        a.param = (SlSweepParam)fixed_param;
    } else if (!sl_sweep_param_parse(part[0], &a.param)) {
        return fail(p, "%s: unknown parameter '%s' (expected k, lr, w, t0, momentum, k0 or k1)", name, part[0]);
    }
    a.log_spaced = !(a.param == SL_SWEEP_T0 || a.param == SL_SWEEP_MOMENTUM);
    if (n == first + 4) {
        if (fixed_param >= 0) return fail(p, "%s must look like %s (always log-spaced), got '%s'", name, shape, v);
        if (strcmp(part[first + 3], "log") == 0) a.log_spaced = 1;
        else if (strcmp(part[first + 3], "lin") == 0) a.log_spaced = 0;
        else return fail(p, "%s: spacing must be log or lin, got '%s'", name, part[first + 3]);
    }
    long count;
    if (!sl_parse_float(part[first], &a.lo) || !sl_parse_float(part[first + 1], &a.hi))
        return fail(p, "%s needs finite float32 LO and HI, got '%s'", name, v);
    if (a.log_spaced && !(a.lo > 0.0f && a.hi > 0.0f))
        return fail(p, "%s is log-spaced and needs LO, HI > 0, got '%s' (add :lin for a linear axis)", name, v);
    if (!sl_parse_int(part[first + 2], 1, SL_SWEEP_AXIS_MAX, &count))
        return fail(p, "%s needs %s from 1 to %d, got '%s'", name, fixed_param >= 0 ? "COUNT" : "N", SL_SWEEP_AXIS_MAX, v);
    a.count = (int)count;
    *out = a;
    return 0;
}

static int apply(ParseCtx *p, const OptSpec *o, const char *v)
{
    CliArgs *a = p->args;
    switch (o->id) {
    case O_JSON: a->json = 1; return 0;
    case O_CSV: a->csv = v; return 0;
    case O_FD_H: return get_float(p, "--fd-h", v, 0, 1, &a->fd_h);
    case O_OUT: a->out = v; return 0;
    case O_GIF: a->gif = v; return 0;
    case O_EVERY: return get_int(p, "--every", v, 1, 100000, &a->every);
    case O_FPS: return get_int(p, "--fps", v, 1, 50, &a->fps);
    case O_SIZE: {
        long w, h;
        char buf[32];
        const char *x = strchr(v, 'x');
        size_t wl = x ? (size_t)(x - v) : 0;
        if (!x || wl == 0 || wl >= sizeof buf) return fail(p, "--size must look like WIDTHxHEIGHT, got '%s'", v);
        memcpy(buf, v, wl);
        buf[wl] = '\0';
        if (!sl_parse_int(buf, 320, 7680, &w) || !sl_parse_int(x + 1, 240, 4320, &h))
            return fail(p, "--size must be from 320x240 to 7680x4320, got '%s'", v);
        a->width = (int)w;
        a->height = (int)h;
        return 0;
    }
    case O_SCALE:
        if (get_float(p, "--scale", v, 0.0f, 0, &a->scale)) return 2;
        if (a->scale != 0.0f && (a->scale < 0.5f || a->scale > 4.0f)) return fail(p, "--scale must be 0 (auto) or from 0.5 to 4, got '%s'", v);
        return 0;
    case O_VIEW: {
        static const char *const views[] = {"main", "graph", "map", "help", "lessons"};
        for (int i = 0; i < (int)(sizeof views / sizeof views[0]); i++)
            if (strcmp(v, views[i]) == 0) {
                a->view = i + 1;  /* an AppLaunchView; 0 is what the window opens on */
                return 0;
            }
        return fail(p, "unknown view '%s' (expected main, graph, map, help or lessons)", v);
    }
    case O_CASE: return get_int(p, "--case", v, 1, 8, &a->subject);
    case O_PAGE: return get_int(p, "--page", v, 1, SL_LESSON_MAX_PAGES, &a->page);
    case O_FRAMES: return get_int(p, "--frames", v, 1, 100000, &a->frames);
    case O_ENGINE: a->bench_engine = 1; return 0;
    case O_FIRST_PICTURE: a->bench_first_picture = 1; return 0;
    case O_SWEEP_X: return get_axis(p, "--x", v, -1, &a->sweep_x);
    case O_SWEEP_Y: return get_axis(p, "--y", v, -1, &a->sweep_y);
    case O_K_RANGE: return get_axis(p, "--k-range", v, SL_SWEEP_K, &a->sweep_x);
    case O_LR_RANGE: return get_axis(p, "--lr-range", v, SL_SWEEP_LR, &a->sweep_y);
    case O_PNG: a->png = v; return 0;
    case O_HELP: case O_LESSON: case O_SETTINGS: case O_COUNT: return 0;
    }
    return 0;
}

/* One lesson setting given as an option: the engine's parser, the engine's words. */
static int apply_setting(ParseCtx *p, const SlSetting *s, const char *v)
{
    char msg[400];
    if (sl_setting_set(s, s->option, v, &p->args->lesson, msg, sizeof msg) != SL_OK) return fail(p, "%s", msg);
    return 0;
}

/* What an argument names: a command-line option or a lesson setting's option. */
typedef struct Found {
    const OptSpec *spec;       /* or */
    const SlSetting *setting;
    const char *name, *metavar;
    unsigned commands;
} Found;

/* Finds name among the options, preferring the one that applies to the command. Returns
 * 0 when nothing has that name. */
static int find(const char *name, unsigned cmd_bit, Found *f)
{
    int found = 0;
    for (size_t i = 0; i < N_SPECS; i++) {
        const OptSpec *o = &specs[i];
        if (!o->name || strcmp(o->name, name) != 0 || (found && !(o->commands & cmd_bit))) continue;
        *f = (Found){o, NULL, o->name, o->metavar, o->commands};
        found = 1;
        if (o->commands & cmd_bit) return 1;
    }
    const SlSetting *s = sl_setting_by_option(name);
    if (s && (!found || (scope_commands[s->scope] & cmd_bit))) {
        *f = (Found){NULL, s, s->option, s->metavar, scope_commands[s->scope]};
        found = 1;
    }
    return found;
}

static void defaults(CliArgs *a)
{
    CliCommand cmd = a->command;
    memset(a, 0, sizeof *a);
    a->command = cmd;
    sl_lesson_default(&a->lesson);
    a->width = 1280;
    a->height = 720;
    a->steps = a->lesson.steps;
    a->frames = 0;
    a->every = 5;
    a->fps = 10;
    a->fd_h = 1e-2f;
    SlSweepAxis kx = {SL_SWEEP_K, 0.25f, 64.0f, 16, 1}, ly = {SL_SWEEP_LR, 0.1f, 100.0f, 16, 1};
    a->sweep_x = kx;
    a->sweep_y = ly;
}

int cli_parse(int argc, char **argv, CliArgs *args, char *err, size_t err_len)
{
    ParseCtx p = {args, err, err_len};
    args->command = CLI_WINDOW;
    int first = 1;
    if (argc > 1 && argv[1][0] != '-') {
        int found = 0;
        for (int c = 1; c < CLI_COMMAND_COUNT; c++)
            if (strcmp(argv[1], command_names[c]) == 0) {
                args->command = (CliCommand)c;
                found = 1;
            }
        defaults(args);
        if (!found) return fail(&p, "unknown command '%s' (expected eval, train, render, sweep or bench; see steplab --help)", argv[1]);
        first = 2;
    } else {
        defaults(args);
    }
    unsigned cmd_bit = 1u << args->command;

    /* Pass 1: --help, --version and --lesson (the base the other options change). */
    for (int i = first; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            args->help = 1;
            return 0;
        }
        if (args->command == CLI_WINDOW && strcmp(argv[i], "--version") == 0) {
            args->version = 1;
            return 0;
        }
    }
    Found f;
    for (int i = first; i < argc; i++) {
        if (find(argv[i], cmd_bit, &f) && f.metavar) {
            if (i + 1 >= argc) return fail(&p, "%s needs a value (%s)", f.name, f.metavar);
            if (f.spec && f.spec->id == O_LESSON) {
                if (!(f.commands & cmd_bit)) break; /* reported in pass 2 */
                char lerr[600];
                char path[sizeof args->lesson_path];
                if (strlen(argv[i + 1]) >= sizeof args->lesson_path)
                    return fail(&p, "--lesson path too long");
                if (!app_lessons_resolve(argv[i + 1], path, sizeof path))
                    return fail(&p, "--lesson '%s' names more than one lesson in %s", argv[i + 1], app_lessons_dir());
                if (sl_lesson_load(path, &args->lesson, lerr, sizeof lerr) != SL_OK)
                    return fail(&p, "%s", lerr);
                strcpy(args->lesson_path, path);
            }
            i++;
        }
    }
    /* The window with no --lesson opens the first shipped lesson; render draws what it shows. */
    if ((args->command == CLI_WINDOW || args->command == CLI_RENDER) && !args->lesson_path[0]) {
        static AppLessonList list;
        char lerr[600];
        if (app_lessons_list(NULL, &list) > 0) {
            if (sl_lesson_load(list.paths[0], &args->lesson, lerr, sizeof lerr) != SL_OK) return fail(&p, "%s", lerr);
            snprintf(args->lesson_path, sizeof args->lesson_path, "%s", list.paths[0]);
        }
    }
    /* k0 and k1 default to k (docs/lessons.md): they follow a new --k unless given too. */
    int k0_follows = args->lesson.anneal.k0 == args->lesson.task.k;
    int k1_follows = args->lesson.anneal.k1 == args->lesson.task.k;
    /* Pass 2: every other option, in order, on top of the lesson. An option given twice
     * is an error, as a lesson key set twice is (docs/lessons.md): which one wins would
     * be a guess. --x and --k-range (--y and --lr-range) set the same axis. */
    const char *seen_spec[O_COUNT] = {0};
    const char *seen_setting[SETTINGS_MAX] = {0};
    for (int i = first; i < argc; i++) {
        if (!find(argv[i], cmd_bit, &f)) {
            if (argv[i][0] == '-') return fail(&p, "unknown option '%s' (see steplab %s --help)", argv[i], cli_command_name(args->command));
            return fail(&p, "unexpected argument '%s' (see steplab %s --help)", argv[i], cli_command_name(args->command));
        }
        if (!(f.commands & cmd_bit))
            return fail(&p, "option %s does not apply here (see steplab %s --help)", f.name, cli_command_name(args->command));
        const char **seen = NULL;
        if (f.spec) {
            OptId id = f.spec->id == O_K_RANGE ? O_SWEEP_X : f.spec->id == O_LR_RANGE ? O_SWEEP_Y : f.spec->id;
            seen = &seen_spec[id];
        } else if (sl_setting_index(f.setting) < SETTINGS_MAX) {
            seen = &seen_setting[sl_setting_index(f.setting)];
        }
        if (seen && *seen && strcmp(*seen, f.name) == 0) return fail(&p, "%s given twice: give it once", f.name);
        if (seen && *seen) return fail(&p, "%s and %s set the same thing: give one", *seen, f.name);
        if (seen) *seen = f.name;
        const char *v = NULL;
        if (f.metavar) v = argv[++i];
        int rc = f.spec ? apply(&p, f.spec, v) : apply_setting(&p, f.setting, v);
        if (rc) return rc;
        if (f.setting && strcmp(f.setting->key, "k0") == 0) k0_follows = 0;
        if (f.setting && strcmp(f.setting->key, "k1") == 0) k1_follows = 0;
        if (f.setting && strcmp(f.setting->key, "steps") == 0) args->steps_given = 1;
        if (f.setting && strcmp(f.setting->key, "grad_threshold") == 0) args->grad_threshold = args->lesson.grad_threshold;
    }
    if (k0_follows) args->lesson.anneal.k0 = args->lesson.task.k;
    if (k1_follows) args->lesson.anneal.k1 = args->lesson.task.k;
    args->lesson.families |= 1u << args->lesson.task.mask;  /* the family evaluated is shown */
    /* --steps S is the run's step limit for every command (annealing ends at S); render
     * draws step S, or the start when --steps is not given (README, render --help). */
    args->steps = args->command == CLI_RENDER && !args->steps_given ? 0 : args->lesson.steps;
    /* Cross-field checks the engine owns, reported with the engine's words. */
    char e[256];
    if (sl_task_validate(&args->lesson.task, e, sizeof e) != SL_OK) return fail(&p, "%s", e);
    if (sl_optim_validate(&args->lesson.opt, e, sizeof e) != SL_OK) return fail(&p, "%s", e);
    /* train and sweep train the learnable step t, which a lesson of kind task or threshold
     * (its main run, docs/lessons.md) has; lesson 6 trains nothing, lesson 8 its channels. */
    if ((args->command == CLI_TRAIN || args->command == CLI_SWEEP) && args->lesson_path[0] &&
        args->lesson.kind == SL_LESSON_NAN)
        return fail(&p, "lesson '%s' (kind = nan) trains nothing, it evaluates gradients: see them with "
                        "steplab eval --lesson FILE or steplab render --lesson FILE", args->lesson_path);
    if ((args->command == CLI_TRAIN || args->command == CLI_SWEEP) && args->lesson_path[0] &&
        args->lesson.kind == SL_LESSON_CHANNELS)
        return fail(&p, "lesson '%s' (kind = channels) trains %d channels, each with its own t_c, not the one t "
                        "%s trains: see them with steplab eval --lesson FILE or steplab render --lesson FILE --steps S",
                    args->lesson_path, args->lesson.channels, cli_command_name(args->command));
    if (args->command == CLI_RENDER && !args->out && !args->gif)
        return fail(&p, "--out FILE.png or --gif FILE.gif is required");
    if (args->command == CLI_BENCH && !args->bench_engine && args->frames == 0 && !args->bench_first_picture)
        return fail(&p, "say what to measure: --engine, --frames N and/or --first-picture");
    /* Annealing spans the run: k1 at row S (docs/training.md); the trainer holds it so. */
    args->lesson.anneal.steps = args->lesson.steps > 0 ? args->lesson.steps : 1;
    return 0;
}

static void default_text(OptId id, const CliArgs *d, char *buf, size_t len)
{
    buf[0] = '\0';
    switch (id) {
    case O_FD_H: snprintf(buf, len, "%g", (double)d->fd_h); break;
    case O_SIZE: snprintf(buf, len, "%dx%d", d->width, d->height); break;
    case O_SCALE: snprintf(buf, len, "0"); break;
    case O_EVERY: snprintf(buf, len, "%d", d->every); break;
    case O_FPS: snprintf(buf, len, "%d", d->fps); break;
    case O_VIEW: snprintf(buf, len, "what the window opens on"); break;
    case O_CASE:
    case O_PAGE: snprintf(buf, len, "1"); break;
    case O_SWEEP_X:
    case O_SWEEP_Y: {
        const SlSweepAxis *ax = id == O_SWEEP_X ? &d->sweep_x : &d->sweep_y;
        snprintf(buf, len, "%s:%g:%g:%d:%s", sl_sweep_param_name(ax->param), (double)ax->lo, (double)ax->hi, ax->count,
                 ax->log_spaced ? "log" : "lin");
        break;
    }
    default: break;
    }
}

static void help_line(FILE *fp, const char *name, const char *metavar, const char *help, const char *range,
                      const char *def)
{
    char left[64];
    snprintf(left, sizeof left, "%s%s%s", name, metavar ? " " : "", metavar ? metavar : "");
    fprintf(fp, "  %-26s %s%s%s%s%s%s\n", left, help, *range ? "; " : "", range, *def ? " (default " : "", def,
            *def ? ")" : "");
}

/* The lesson settings that are options of this command: words, range and default from the table. */
static void help_settings(FILE *fp, CliCommand command)
{
    int count;
    const SlSetting *all = sl_settings(&count);
    for (int i = 0; i < count; i++) {
        const SlSetting *s = &all[i];
        if (!s->option || !(scope_commands[s->scope] & (1u << command))) continue;
        char range[256], def[128];
        sl_setting_range_text(s, range, sizeof range);
        sl_setting_default_text(s, def, sizeof def);
        help_line(fp, s->option, s->metavar, s->help, range, def);
    }
}

static const char *const usage[CLI_COMMAND_COUNT] = {
    "steplab [--lesson FILE] [options]        open the window (the first lesson by default)",
    "steplab eval [task options] [--json]     loss, dL/dt and its state (none/zero/nan/value) at t",
    "steplab train [options] [--csv FILE|-]   train t; CSV step,t,loss,grad,grad_state,k,hard_loss,family for steps 0..S",
    "steplab render [options] --out FILE.png  draw the window headless at step S (--steps S: the run's step limit, as\n"
    "                                         for train; annealing ends there; without --steps the start; --gif: the run)",
    "steplab sweep [options] [--csv FILE|-]   train a grid over two of k, lr, w, t0, momentum, k0, k1; one CSV row per cell",
    "steplab bench --engine | --frames N | --first-picture   print timing figures as key=value lines",
};

void cli_print_help(CliCommand command, FILE *fp)
{
    CliArgs d;
    d.command = command;
    defaults(&d);
    fprintf(fp, "usage: %s\n", usage[command]);
    if (command == CLI_WINDOW) {
        fprintf(fp, "\ncommands:\n");
        for (int c = 1; c < CLI_COMMAND_COUNT; c++) fprintf(fp, "  %s\n", usage[c]);
        fprintf(fp, "  steplab COMMAND --help                  options of one command\n");
    }
    fprintf(fp, "\noptions:\n");
    for (size_t i = 0; i < N_SPECS; i++) {
        const OptSpec *o = &specs[i];
        if (!(o->commands & (1u << command))) continue;
        if (o->id == O_SETTINGS) {
            help_settings(fp, command);
            continue;
        }
        char def[64];
        default_text(o->id, &d, def, sizeof def);
        help_line(fp, o->name, o->metavar, o->help, "", def);
    }
    if (command == CLI_TRAIN)
        fprintf(fp,
                "\nThe CSV always has rows 0..S (row s: the state before update s); annealing gives k0 at\n"
                "row 0 and k1 at row S. stderr ends with the verdict and the step it was first reached:\n"
                "  converged            t stopped within 1 of t*, or where the hard step is exact\n"
                "  diverged             t or the loss not finite, a NaN gradient, or the loss more than\n"
                "                       1000 x max(its start, 0.001); a far t that does not move is not\n"
                "  stalled: no gradient                  the gradient is none (the hard mask)\n"
                "  stalled: gradient below the threshold G   --grad-threshold G zeroed the CSV's grad\n"
                "  stalled: zero gradient [(t is outside 0..N-1)]   t stopped on a gradient of exactly 0\n"
                "  stalled: gradient vanished            t stopped with |dL/dt| < 0.001/N\n"
                "  stalled: update below t's float32 resolution   lr*g too small to change t\n"
                "  step limit           none of these by step S\n"
                "(t stopped: plain SGD left it unchanged, or it moved < 0.001 over 10 steps; docs/training.md)\n");
    if (command == CLI_SWEEP) {
        static const char *const columns[][2] = {
            {"X,Y", "the two swept values, named by --x and --y (e.g. k,lr), at %.9g: pass them back to train"},
            {"t", "t at the last row, step S (where train's CSV ends)"},
            {"loss", "the soft loss there"},
            {"hard_loss", "the hard-mask loss at that t"},
            {"gap", "hard_loss - loss: the soft-hard gap"},
            {"grad", "dL/dt there; empty when grad_state is none or nan"},
            {"grad_state", "none | zero | nan | value"},
            {"verdict", "train's verdict, in train's words (see steplab train --help): converged, diverged,"},
            {"", "stalled: no gradient / gradient below the threshold / zero gradient / gradient"},
            {"", "vanished / update below t's float32 resolution, or step limit"},
            {"verdict_step", "the step at which that verdict was first reached (S for step limit)"},
            {"settle_step", "the first step from which |t - t*| stays below 0.5 to the end; -1 if never"},
        };
        fprintf(fp, "\nCSV columns (one row per cell, the first axis varying slowest; every cell is what\n"
                    "`steplab train` with the same settings and the cell's two values gives):\n");
        for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) fprintf(fp, "  %-12s %s\n", columns[i][0], columns[i][1]);
    }
    fprintf(fp, "\nOutput for machines goes to stdout, messages for people to stderr; bad input exits 2.\n");
    if (command == CLI_WINDOW || command == CLI_TRAIN || command == CLI_SWEEP || command == CLI_RENDER)
        fprintf(fp, "\nOutput files (--csv, --out; - is stdout): a regular file is written to a temporary\n"
                    "file beside it and renamed over it, so a failed write (exit 2) leaves the old file\n"
                    "intact; a symlink's target is replaced and the link kept; a device or FIFO\n"
                    "(/dev/null, /dev/stdout) is written into, never replaced; sockets, block devices\n"
                    "and directories are refused; a writable file in a read-only folder is rewritten in\n"
                    "place once the whole output is ready. A write to stdout that fails is an error too.\n");
    if (command == CLI_WINDOW || command == CLI_TRAIN)
        fprintf(fp, "\nCSV: grad is empty when grad_state is none or nan; numbers are %%.9g (they read back\n"
                    "as the same float32), non-finite ones nan, inf, -inf. The window's export (e key)\n"
                    "writes the same columns.\n");
}

void cli_launch(const CliArgs *a, AppLaunch *l)
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
    l->view = (AppLaunchView)a->view;
    l->subject = a->subject;
    l->page = a->page;
}
