/* test_lesson_eval.c — `steplab eval --lesson` numbers: every shipped lesson evaluates;
 * the task lessons match docs/task.md §5's reference table; the audit names exactly the
 * parameters whose gradient is none. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_lesson_eval.h"

#define LESSON_DIR STEPLAB_ASSET_DIR "/lessons/"

static SlLesson lesson;

static const SlEvalItem *find(const SlLessonEval *ev, const char *group, const char *param, int index)
{
    for (int i = 0; i < ev->count; i++)
        if (strcmp(ev->items[i].group, group) == 0 && strcmp(ev->items[i].param, param) == 0 &&
            ev->items[i].index == index)
            return &ev->items[i];
    print_error("no item %s.%s[%d]\n", group, param, index);
    fail();
    return NULL;
}

static void load(const char *file, SlLessonEval *ev)
{
    char path[512], err[512] = "";
    snprintf(path, sizeof path, "%s%s", LESSON_DIR, file);
    if (sl_lesson_load(path, &lesson, err, sizeof err) != SL_OK || sl_lesson_eval(&lesson, ev, err, sizeof err) != SL_OK) {
        print_error("%s\n", err);
        fail();
    }
}

static void test_lesson_eval_stuck_step_audit(void **state)
{
    (void)state;
    SlLessonEval ev;
    load("01-stuck-step.txt", &ev);
    assert_int_equal(ev.kind, SL_LESSON_TASK);
    assert_int_equal(ev.count, 3); /* hard beside logistic and smoothstep: only hard has none */
    assert_int_equal(find(&ev, "logistic", "t", -1)->state, SL_GRAD_VALUE);
    assert_int_equal(find(&ev, "smoothstep", "t", -1)->state, SL_GRAD_VALUE);
    const SlEvalItem *t = find(&ev, "hard", "t", -1);
    assert_exact(t->loss, 0.484375f);
    assert_int_equal(t->state, SL_GRAD_NONE);
    assert_exact(t->grad, 0.0f);
    char audit[256];
    assert_int_equal(sl_lesson_eval_audit(&ev, audit, sizeof audit), 1);
    assert_string_equal(audit, "Gradients do not exist for 't' in hard: no differentiable path leads from the "
                               "loss to it, so no optimizer can move it.");
    sl_lesson_eval_deinit(&ev);
}

static void test_lesson_eval_task_reference(void **state)
{
    (void)state;
    SlLessonEval ev;
    load("03-smoothstep.txt", &ev);
    assert_int_equal(ev.count, 3);
    assert_rel(find(&ev, "logistic", "t", -1)->grad, -0.0156250037, 1e-5);
    assert_exact(find(&ev, "logistic", "t", -1)->loss, 0.4609375f);
    assert_rel(find(&ev, "smoothstep", "t", -1)->loss, 0.468536377, 1e-5);
    assert_exact(find(&ev, "smoothstep", "t", -1)->grad, -0.0146484375f);
    assert_int_equal(find(&ev, "hardsigmoid", "t", -1)->state, SL_GRAD_VALUE);
    char audit[256];
    assert_int_equal(sl_lesson_eval_audit(&ev, audit, sizeof audit), 0);
    assert_non_null(strstr(audit, "Every parameter has a gradient"));
    sl_lesson_eval_deinit(&ev);

    load("04-straight-through.txt", &ev);
    assert_exact(find(&ev, "ste", "t", -1)->loss, 0.484375f);
    assert_rel(find(&ev, "ste", "t", -1)->grad, -0.0195312537, 1e-5);
    sl_lesson_eval_deinit(&ev);
}

static void test_lesson_eval_nan(void **state)
{
    (void)state;
    SlLessonEval ev;
    load("06-zero-is-not-nan.txt", &ev);
    assert_int_equal(ev.kind, SL_LESSON_NAN);
    assert_int_equal(ev.count, 3 * 11 + 1 + 1 + 2);
    assert_int_equal(find(&ev, "naive", "x", 9)->state, SL_GRAD_NAN);
    assert_is_nan(find(&ev, "naive", "x", 9)->grad);
    assert_int_equal(find(&ev, "double_where", "x", 9)->state, SL_GRAD_ZERO);
    assert_int_equal(find(&ev, "masked", "x", 9)->state, SL_GRAD_NONE);
    assert_int_equal(find(&ev, "where_div0", "a", -1)->state, SL_GRAD_NAN);
    assert_int_equal(find(&ev, "nansum", "b", -1)->state, SL_GRAD_NAN);
    assert_exact(find(&ev, "masked_div", "x", 1)->grad, 1.0f);
    char audit[512];
    assert_int_equal(sl_lesson_eval_audit(&ev, audit, sizeof audit), 1);
    assert_non_null(strstr(audit, "'x' in masked (9 of 11 elements)"));
    /* the audit names the NaN gradients too: the other thing an optimizer must not get */
    assert_non_null(strstr(audit, "NaN reached the gradient of 'x' in naive (2 of 11 elements)"));
    assert_non_null(strstr(audit, "'a' in where_div0"));
    assert_null(strstr(audit, "double_where"));
    sl_lesson_eval_deinit(&ev);
}

static void test_lesson_eval_threshold_and_channels(void **state)
{
    (void)state;
    SlLessonEval ev;
    load("07-thresholds.txt", &ev);
    assert_int_equal(find(&ev, "binary", "threshold", -1)->state, SL_GRAD_NONE);
    assert_int_equal(find(&ev, "pass", "x", 8)->state, SL_GRAD_VALUE);
    assert_int_equal(find(&ev, "soft", "threshold", -1)->state, SL_GRAD_VALUE);
    assert_int_equal(find(&ev, "map_hard", "T", 0)->state, SL_GRAD_NONE);
    assert_int_equal(find(&ev, "map_soft", "T", 8 * 16 - 1)->state, SL_GRAD_VALUE);
    assert_int_equal(find(&ev, "logistic", "t", -1)->state, SL_GRAD_VALUE);
    sl_lesson_eval_deinit(&ev);

    load("08-per-channel.txt", &ev);
    assert_int_equal(ev.count, 16);
    for (int c = 0; c < 8; c++) {
        assert_int_equal(find(&ev, "hard", "t_c", c)->state, SL_GRAD_NONE);
        assert_int_equal(find(&ev, "logistic", "t_c", c)->state, SL_GRAD_VALUE);
    }
    assert_true(find(&ev, "logistic", "t_c", 0)->grad > 0.0f);  /* t*_0 = 7.5 is below 10 */
    assert_true(find(&ev, "logistic", "t_c", 7)->grad < 0.0f);
    char audit[256];
    assert_int_equal(sl_lesson_eval_audit(&ev, audit, sizeof audit), 1);
    assert_non_null(strstr(audit, "'t_c' in hard"));
    sl_lesson_eval_deinit(&ev);
}

static void test_lesson_eval_every_shipped(void **state)
{
    (void)state;
    static const char *const files[] = {"01-stuck-step.txt", "02-soften-it.txt", "03-smoothstep.txt",
                                        "04-straight-through.txt", "05-anneal.txt", "06-zero-is-not-nan.txt",
                                        "07-thresholds.txt", "08-per-channel.txt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        SlLessonEval ev;
        load(files[i], &ev);
        assert_true(ev.count > 0);
        for (int k = 0; k < ev.count; k++) {
            const SlEvalItem *it = &ev.items[k];
            assert_true(it->group[0] && it->param[0]);
            assert_int_equal(isnan(it->grad) != 0, it->state == SL_GRAD_NAN);
            if (it->state == SL_GRAD_NONE || it->state == SL_GRAD_ZERO) assert_exact(it->grad, 0.0f);
        }
        sl_lesson_eval_deinit(&ev);
    }
}

static void test_lesson_eval_bad_lesson(void **state)
{
    (void)state;
    SlLessonEval ev;
    char err[256];
    sl_lesson_default(&lesson);
    lesson.kind = SL_LESSON_KIND_COUNT;
    assert_int_equal(sl_lesson_eval(&lesson, &ev, err, sizeof err), SL_ERR_ARG);
    assert_non_null(strstr(err, "unknown lesson kind"));
    sl_lesson_eval_deinit(&ev);
    sl_lesson_default(&lesson);
    lesson.kind = SL_LESSON_CHANNELS;
    lesson.channels = 0;
    assert_int_equal(sl_lesson_eval(&lesson, &ev, err, sizeof err), SL_ERR_ARG);
    assert_non_null(strstr(err, "channels must be"));
    /* a tiny audit buffer is truncated, never overrun */
    load("01-stuck-step.txt", &ev);
    char tiny[10];
    assert_int_equal(sl_lesson_eval_audit(&ev, tiny, sizeof tiny), 1);
    assert_int_equal(strlen(tiny), 9);
    sl_lesson_eval_deinit(&ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lesson_eval_stuck_step_audit),
        cmocka_unit_test(test_lesson_eval_task_reference),
        cmocka_unit_test(test_lesson_eval_nan),
        cmocka_unit_test(test_lesson_eval_threshold_and_channels),
        cmocka_unit_test(test_lesson_eval_every_shipped),
        cmocka_unit_test(test_lesson_eval_bad_lesson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
