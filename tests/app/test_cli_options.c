/* test_cli_options.c — the command line's one parser (cli_options.c): what an option
 * means is the same for every command that takes it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app_fixture.h"
#include "cli_options.h"

static CliArgs args;
static AppLaunch launch;
static char err[1024];

#define PARSE(...)                                                                          \
    do {                                                                                    \
        char *argv_[] = {"steplab", __VA_ARGS__};                                           \
        err[0] = '\0';                                                                      \
        rc = cli_parse((int)(sizeof argv_ / sizeof argv_[0]), argv_, &args, err, sizeof err); \
    } while (0)

/* render --steps S is train's --steps S: the run's step limit (annealing reaches k1 at
 * step S), and render draws the picture at step S (README, render --help). */
static void test_render_steps_is_trains_step_limit(void **state)
{
    (void)state;
    int rc;
    PARSE("train", "--lesson", "05", "--steps", "100");
    assert_int_equal(rc, 0);
    assert_int_equal(args.lesson.steps, 100);
    assert_int_equal(args.steps, 100);
    int train_anneal = args.lesson.anneal.steps;
    PARSE("render", "--lesson", "05", "--steps", "100", "--out", "x.png");
    assert_int_equal(rc, 0);
    cli_launch(&args, &launch);
    assert_int_equal(launch.lesson.steps, 100);
    assert_int_equal(launch.steps, 100);
    assert_int_equal(launch.lesson.anneal.steps, train_anneal);
    /* the window's run of that launch ends annealing at step 100, where render draws */
    fixture_open_launch(&launch, 640, 360);
    for (int s = 0; s < launch.steps; s++) app_model_step(&fx.app.model);
    assert_int_equal(app_model_step_count(&fx.app.model), 100);
    const SlTrainRow *row = app_model_row(&fx.app.model, SL_MASK_LOGISTIC);
    assert_float_equal(row->k, 16.0f, 1e-4f);
    fixture_close();
    /* no --steps: the start of the lesson's own run */
    PARSE("render", "--lesson", "05", "--out", "x.png");
    assert_int_equal(rc, 0);
    cli_launch(&args, &launch);
    assert_int_equal(launch.steps, 0);
    assert_int_equal(launch.lesson.steps, 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_steps_is_trains_step_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
