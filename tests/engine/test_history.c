/* test_history.c — the bounded undo stack: snapshots come back last in, first out, bit
 * for bit, across its growth; past its byte budget the oldest go and popping stops there. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sl_history.h"

static void test_history_pops_in_reverse_across_growth(void **state)
{
    (void)state;
    SlHistory h;
    sl_history_init(&h, sizeof(int));
    int v = -1;
    assert_false(sl_history_pop(&h, &v));
    assert_int_equal(v, -1);
    for (int i = 0; i < 1000; i++) assert_int_equal(sl_history_push(&h, &i), SL_OK);
    for (int i = 999; i >= 500; i--) {
        assert_true(sl_history_pop(&h, &v));
        assert_int_equal(v, i);
    }
    for (int i = 500; i < 700; i++) assert_int_equal(sl_history_push(&h, &i), SL_OK);
    for (int i = 699; i >= 0; i--) {
        assert_true(sl_history_pop(&h, &v));
        assert_int_equal(v, i);
    }
    assert_false(sl_history_pop(&h, &v));
    sl_history_push(&h, &v);
    sl_history_clear(&h);
    assert_false(sl_history_pop(&h, &v));
    sl_history_deinit(&h);
}

static void test_history_drops_the_oldest_past_its_budget(void **state)
{
    (void)state;
    SlHistory h;
    const size_t size = SL_HISTORY_BYTES / 5;  /* room for 5 snapshots */
    sl_history_init(&h, size);
    assert_int_equal(h.limit, 5);
    static unsigned char snap[SL_HISTORY_BYTES / 5];
    for (int i = 0; i < 8; i++) {
        snap[0] = (unsigned char)i;
        snap[size - 1] = (unsigned char)(100 + i);
        assert_int_equal(sl_history_push(&h, snap), SL_OK);
    }
    assert_true(h.cap <= 5);
    for (int i = 7; i >= 3; i--) {
        assert_true(sl_history_pop(&h, snap));
        assert_int_equal(snap[0], i);
        assert_int_equal(snap[size - 1], 100 + i);
    }
    assert_false(sl_history_pop(&h, snap));  /* steps 0..2 were dropped */
    sl_history_deinit(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_history_pops_in_reverse_across_growth),
        cmocka_unit_test(test_history_drops_the_oldest_past_its_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
