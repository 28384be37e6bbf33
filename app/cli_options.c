/* cli_options.c — the option table, the parser and the generated help.
 * Options are applied in order on top of the lesson (or the default lesson), so
 * `--lesson FILE --k 4` means "that lesson, but k = 4" wherever --lesson appears. */
#include "cli_options.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app_lessons.h"
#include "sl_parse.h"

#define C(x) (1u << (x))
#define TASK_CMDS (C(CLI_WINDOW) | C(CLI_EVAL) | C(CLI_TRAIN) | C(CLI_RENDER) | C(CLI_SWEEP) | C(CLI_BENCH))
#define TRAIN_CMDS (C(CLI_WINDOW) | C(CLI_TRAIN) | C(CLI_RENDER) | C(CLI_SWEEP) | C(CLI_BENCH))

typedef enum OptId {
    O_HELP, O_LESSON, O_MASK, O_N, O_T, O_TARGET, O_K, O_WIDTH, O_SIGNAL, O_SEED,
    O_OPTIMIZER, O_LR, O_MOMENTUM, O_STEPS, O_ANNEAL, O_K0, O_K1, O_GRAD_THRESHOLD,
    O_JSON, O_CSV, O_FD_H, O_OUT, O_SIZE, O_SCALE, O_VIEW, O_CASE, O_FRAMES, O_ENGINE, O_FIRST_PICTURE,
    O_SWEEP_X, O_SWEEP_Y, O_K_RANGE, O_LR_RANGE, O_PNG, O_GIF, O_EVERY, O_FPS, O_THEME, O_COUNT
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
    {O_MASK, "--mask", "NAME", TASK_CMDS, "mask family: hard|logistic|smoothstep|hardsigmoid|ste"},
    {O_N, "--n", "N", TASK_CMDS, "positions 0..N-1; integer 2..10000000"},
    {O_T, "--t", "T", TASK_CMDS, "step location t (start of training); finite"},
    {O_TARGET, "--target", "T", TASK_CMDS, "true step location t*; finite"},
    {O_K, "--k", "K", TASK_CMDS, "steepness of logistic and ste; finite, > 0"},
    {O_WIDTH, "--width", "W", TASK_CMDS, "band width of smoothstep and hardsigmoid; finite, > 0"},
    {O_SIGNAL, "--signal", "NAME", TASK_CMDS, "signal x: ones|ramp|sine|noise"},
    {O_SEED, "--seed", "S", TASK_CMDS, "seed of the noise signal; integer 0..2147483647"},
    {O_OPTIMIZER, "--optimizer", "NAME", TRAIN_CMDS, "optimizer: sgd|momentum|adam (torch.optim conventions)"},
    {O_LR, "--lr", "LR", TRAIN_CMDS, "learning rate; finite, > 0"},
    {O_MOMENTUM, "--momentum", "MU", TRAIN_CMDS, "momentum mu; 0 <= mu < 1"},
    {O_STEPS, "--steps", "S", C(CLI_TRAIN) | C(CLI_RENDER) | C(CLI_SWEEP), "training steps; integer 0..1000000"},
    {O_ANNEAL, "--anneal", "KIND", TRAIN_CMDS, "steepness schedule: constant|linear|geometric (from --k0 to --k1)"},
    {O_K0, "--k0", "K", TRAIN_CMDS, "annealing: k at step 0; finite, > 0"},
    {O_K1, "--k1", "K", TRAIN_CMDS, "annealing: k at the last step (row S of the CSV); finite, > 0"},
    {O_GRAD_THRESHOLD, "--grad-threshold", "G", TRAIN_CMDS, "zero gradients with |g| below G before each update; finite, >= 0"},
    {O_JSON, "--json", NULL, C(CLI_EVAL), "print one JSON object (for machines)"},
    {O_CSV, "--csv", "FILE", C(CLI_TRAIN) | C(CLI_SWEEP), "write CSV to FILE, or - for stdout"},
    {O_FD_H, "--fd-h", "H", C(CLI_EVAL), "finite-difference step; finite, > 0"},
    {O_OUT, "--out", "FILE.png", C(CLI_RENDER), "the PNG to write (the last picture), or - for stdout"},
    {O_GIF, "--gif", "FILE.gif", C(CLI_RENDER), "the training run as an animated GIF: the window's frames, steps 0..S"},
    {O_EVERY, "--every", "E", C(CLI_RENDER), "GIF: a frame every E training steps; integer 1..100000"},
    {O_FPS, "--fps", "F", C(CLI_RENDER), "GIF: frames per second; integer 1..50"},
    {O_THEME, "--theme", "NAME", C(CLI_WINDOW) | C(CLI_RENDER) | C(CLI_BENCH), "colours: standard|high-contrast (darker colours, thicker lines for projectors)"},
    {O_SIZE, "--size", "WxH", C(CLI_WINDOW) | C(CLI_RENDER) | C(CLI_BENCH), "picture size in pixels; 320x240 .. 7680x4320"},
    {O_SCALE, "--scale", "S", C(CLI_WINDOW) | C(CLI_RENDER) | C(CLI_BENCH), "presentation scale (text and lines); 0.5 .. 4, 0 = auto"},
    {O_VIEW, "--view", "NAME", C(CLI_WINDOW) | C(CLI_RENDER) | C(CLI_BENCH),
     "what to show: main (the lesson's panels), graph (g), map (m: the steepness map; render waits for the full map, "
     "bench --frames drags t0 so it keeps recomputing), help (F1) or lessons (l, the picker)"},
    {O_CASE, "--case", "C", C(CLI_RENDER) | C(CLI_BENCH), "the lesson's case or graph subject C (what the c key steps through); 1 to the lesson's count"},
    {O_FRAMES, "--frames", "N", C(CLI_BENCH), "render N frames of the live window headless; integer 1..100000"},
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
    SlLesson *l = &a->lesson;
    SlTaskConfig *t = &l->task;
    long seed;
    switch (o->id) {
    case O_MASK:
        if (!sl_mask_parse(v, &t->mask))
            return fail(p, "unknown mask '%s' (expected hard, logistic, smoothstep, hardsigmoid or ste)", v);
        l->families |= 1u << t->mask;
        return 0;
    case O_N: return get_int(p, "--n", v, SL_TASK_N_MIN, SL_TASK_N_MAX, &t->n);
    case O_T: return get_float(p, "--t", v, -INFINITY, 0, &t->t);
    case O_TARGET: return get_float(p, "--target", v, -INFINITY, 0, &t->target);
    case O_K: return get_float(p, "--k", v, 0, 1, &t->k);
    case O_WIDTH: return get_float(p, "--width", v, 0, 1, &t->width);
    case O_SIGNAL:
        if (!sl_signal_parse(v, &t->signal)) return fail(p, "unknown signal '%s' (expected ones, ramp, sine or noise)", v);
        return 0;
    case O_SEED:
        if (!sl_parse_int(v, 0, 2147483647L, &seed)) return fail(p, "--seed must be an integer from 0 to 2147483647, got '%s'", v);
        t->seed = (uint32_t)seed;
        return 0;
    case O_OPTIMIZER:
        if (!sl_optim_parse(v, &l->opt.kind)) return fail(p, "unknown optimizer '%s' (expected sgd, momentum or adam)", v);
        return 0;
    case O_LR: return get_float(p, "--lr", v, 0, 1, &l->opt.lr);
    case O_MOMENTUM:
        if (get_float(p, "--momentum", v, 0.0f, 0, &l->opt.momentum)) return 2;
        if (l->opt.momentum >= 1.0f) return fail(p, "--momentum must be < 1, got '%s'", v);
        return 0;
    case O_STEPS:
        a->steps_given = 1;
        return get_int(p, "--steps", v, 0, 1000000, &a->steps);
    case O_ANNEAL:
        if (!sl_anneal_parse(v, &l->anneal.kind)) return fail(p, "unknown annealing '%s' (expected constant, linear or geometric)", v);
        return 0;
    case O_K0: return get_float(p, "--k0", v, 0, 1, &l->anneal.k0);
    case O_K1: return get_float(p, "--k1", v, 0, 1, &l->anneal.k1);
    case O_GRAD_THRESHOLD: return get_float(p, "--grad-threshold", v, 0.0f, 0, &l->grad_threshold);
    case O_JSON: a->json = 1; return 0;
    case O_CSV: a->csv = v; return 0;
    case O_FD_H: return get_float(p, "--fd-h", v, 0, 1, &a->fd_h);
    case O_OUT: a->out = v; return 0;
    case O_GIF: a->gif = v; return 0;
    case O_EVERY: return get_int(p, "--every", v, 1, 100000, &a->every);
    case O_FPS: return get_int(p, "--fps", v, 1, 50, &a->fps);
    case O_THEME:
        if (strcmp(v, "standard") == 0)
            a->lesson.high_contrast = 0;
        else if (strcmp(v, "high-contrast") == 0)
            a->lesson.high_contrast = 1;
        else
            return fail(p, "--theme must be standard or high-contrast, got '%s'", v);
        return 0;
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
    case O_FRAMES: return get_int(p, "--frames", v, 1, 100000, &a->frames);
    case O_ENGINE: a->bench_engine = 1; return 0;
    case O_FIRST_PICTURE: a->bench_first_picture = 1; return 0;
    case O_SWEEP_X: return get_axis(p, "--x", v, -1, &a->sweep_x);
    case O_SWEEP_Y: return get_axis(p, "--y", v, -1, &a->sweep_y);
    case O_K_RANGE: return get_axis(p, "--k-range", v, SL_SWEEP_K, &a->sweep_x);
    case O_LR_RANGE: return get_axis(p, "--lr-range", v, SL_SWEEP_LR, &a->sweep_y);
    case O_PNG: a->png = v; return 0;
    case O_HELP: case O_LESSON: case O_COUNT: return 0;
    }
    return 0;
}

static const OptSpec *find(const char *name)
{
    for (size_t i = 0; i < N_SPECS; i++)
        if (strcmp(specs[i].name, name) == 0) return &specs[i];
    return NULL;
}

static void defaults(CliArgs *a)
{
    CliCommand cmd = a->command;
    memset(a, 0, sizeof *a);
    a->command = cmd;
    sl_lesson_default(&a->lesson);
    a->width = 1280;
    a->height = 720;
    a->steps = cmd == CLI_RENDER ? 0 : a->lesson.steps;
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
    for (int i = first; i < argc; i++) {
        const OptSpec *o = find(argv[i]);
        if (o && o->metavar) {
            if (i + 1 >= argc) return fail(&p, "%s needs a value (%s)", o->name, o->metavar);
            if (o->id == O_LESSON) {
                if (!(o->commands & cmd_bit)) break; /* reported in pass 2 */
                char lerr[600];
                char path[sizeof args->lesson_path];
                if (strlen(argv[i + 1]) >= sizeof args->lesson_path)
                    return fail(&p, "--lesson path too long");
                if (!app_lessons_resolve(argv[i + 1], path, sizeof path))
                    return fail(&p, "--lesson '%s' names more than one lesson in %s", argv[i + 1], app_lessons_dir());
                if (sl_lesson_load(path, &args->lesson, lerr, sizeof lerr) != SL_OK)
                    return fail(&p, "%s", lerr);
                strcpy(args->lesson_path, path);
                if (args->command != CLI_RENDER) args->steps = args->lesson.steps;
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
            if (args->command != CLI_RENDER) args->steps = args->lesson.steps;
        }
    }
    /* Pass 2: every other option, in order, on top of the lesson. */
    for (int i = first; i < argc; i++) {
        const OptSpec *o = find(argv[i]);
        if (!o) {
            if (argv[i][0] == '-') return fail(&p, "unknown option '%s' (see steplab %s --help)", argv[i], cli_command_name(args->command));
            return fail(&p, "unexpected argument '%s' (see steplab %s --help)", argv[i], cli_command_name(args->command));
        }
        if (!(o->commands & cmd_bit))
            return fail(&p, "option %s does not apply here (see steplab %s --help)", o->name, cli_command_name(args->command));
        const char *v = NULL;
        if (o->metavar) v = argv[++i];
        int rc = apply(&p, o, v);
        if (rc) return rc;
    }
    /* Cross-field checks the engine owns, reported with the engine's words. */
    char e[256];
    if (sl_task_validate(&args->lesson.task, e, sizeof e) != SL_OK) return fail(&p, "%s", e);
    if (sl_optim_validate(&args->lesson.opt, e, sizeof e) != SL_OK) return fail(&p, "%s", e);
    if (args->command == CLI_RENDER && !args->out && !args->gif)
        return fail(&p, "--out FILE.png or --gif FILE.gif is required");
    if (args->command == CLI_BENCH && !args->bench_engine && args->frames == 0 && !args->bench_first_picture)
        return fail(&p, "say what to measure: --engine, --frames N and/or --first-picture");
    /* Annealing spans the run: k1 at row S (docs/training.md); the trainer holds it so. */
    args->lesson.anneal.steps = args->steps > 0 ? args->steps : 1;
    return 0;
}

static void default_text(OptId id, const CliArgs *d, char *buf, size_t len)
{
    const SlLesson *l = &d->lesson;
    buf[0] = '\0';
    switch (id) {
    case O_MASK: snprintf(buf, len, "%s", sl_mask_name(l->task.mask)); break;
    case O_N: snprintf(buf, len, "%d", l->task.n); break;
    case O_T: snprintf(buf, len, "%g", (double)l->task.t); break;
    case O_TARGET: snprintf(buf, len, "%g", (double)l->task.target); break;
    case O_K: snprintf(buf, len, "%g", (double)l->task.k); break;
    case O_WIDTH: snprintf(buf, len, "%g", (double)l->task.width); break;
    case O_SIGNAL: snprintf(buf, len, "%s", sl_signal_name(l->task.signal)); break;
    case O_SEED: snprintf(buf, len, "%u", (unsigned)l->task.seed); break;
    case O_OPTIMIZER: snprintf(buf, len, "%s", sl_optim_name(l->opt.kind)); break;
    case O_LR: snprintf(buf, len, "%g", (double)l->opt.lr); break;
    case O_MOMENTUM: snprintf(buf, len, "%g", (double)l->opt.momentum); break;
    case O_STEPS: snprintf(buf, len, "%d", d->steps); break;
    case O_ANNEAL: snprintf(buf, len, "%s", sl_anneal_name(l->anneal.kind)); break;
    case O_K0: snprintf(buf, len, "%g", (double)l->anneal.k0); break;
    case O_K1: snprintf(buf, len, "%g", (double)l->anneal.k1); break;
    case O_GRAD_THRESHOLD: snprintf(buf, len, "%g", (double)l->grad_threshold); break;
    case O_FD_H: snprintf(buf, len, "%g", (double)d->fd_h); break;
    case O_SIZE: snprintf(buf, len, "%dx%d", d->width, d->height); break;
    case O_SCALE: snprintf(buf, len, "0"); break;
    case O_SWEEP_X:
    case O_SWEEP_Y: {
        const SlSweepAxis *ax = id == O_SWEEP_X ? &d->sweep_x : &d->sweep_y;
        snprintf(buf, len, "%s:%g:%g:%d:%s", sl_sweep_param_name(ax->param), (double)ax->lo, (double)ax->hi, ax->count,
                 ax->log_spaced ? "log" : "lin");
        break;
    }
    case O_EVERY: snprintf(buf, len, "%d", d->every); break;
    case O_FPS: snprintf(buf, len, "%d", d->fps); break;
    case O_THEME: snprintf(buf, len, "%s", l->high_contrast ? "high-contrast" : "standard"); break;
    case O_VIEW: snprintf(buf, len, "what the window opens on"); break;
    case O_CASE: snprintf(buf, len, "1"); break;
    default: break;
    }
}

static const char *const usage[CLI_COMMAND_COUNT] = {
    "steplab [--lesson FILE] [options]        open the window (the first lesson by default)",
    "steplab eval [task options] [--json]     loss, dL/dt and its state (none/zero/nan/value) at t",
    "steplab train [options] [--csv FILE|-]   train t; CSV step,t,loss,grad,grad_state,k,hard_loss,family for steps 0..S",
    "steplab render [options] --out FILE.png  draw the window headless after S training steps (--gif: the run)",
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
        char left[64], def[64];
        snprintf(left, sizeof left, "%s%s%s", o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "");
        default_text(o->id, &d, def, sizeof def);
        fprintf(fp, "  %-26s %s%s%s%s\n", left, o->help, *def ? " (default " : "", def, *def ? ")" : "");
    }
    if (command == CLI_TRAIN)
        fprintf(fp,
                "\nThe CSV always has rows 0..S (row s: the state before update s); annealing gives k0 at\n"
                "row 0 and k1 at row S. stderr ends with the verdict and the step it was first reached:\n"
                "  converged            t stopped within 1 of t*, or where the hard step is exact\n"
                "  diverged             t or the loss not finite, a NaN gradient, or the loss more than\n"
                "                       1000 x max(its start, 0.001); a far t that does not move is not\n"
                "  stalled: no gradient                  the gradient is none (the hard mask)\n"
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
            {"", "stalled: no gradient / zero gradient / gradient vanished / update below t's float32"},
            {"", "resolution, or step limit"},
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
