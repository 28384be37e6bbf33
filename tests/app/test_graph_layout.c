/* test_graph_layout.c — the graph view's layout in plain C: every node placed inside the
 * area, inputs left of the ops that use them, no two boxes overlapping; and on real
 * tapes, that lesson 1's graph cuts exactly the edge into the hard mask (what follows is
 * constant), that a soft mask cuts nothing, that lesson 6's naive case marks the edge that
 * carries NaN, and that edges skipping columns go around the boxes in between. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "app_graph_layout.h"
#include "sl_nandemo.h"
#include "sl_task.h"

static const AppRect k_area = {10, 20, 1200, 500};

static int overlap(AppRect a, AppRect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void assert_layout_sound(const AppGraphLayout *g, const AppGraphNode *nodes, int count, AppRect area)
{
    assert_int_equal(g->count, count);
    for (int i = 0; i < count; i++) {
        AppRect b = g->box[i];
        assert_true(b.w > 0 && b.h > 0);
        assert_true(b.x >= area.x && b.y >= area.y);
        assert_true(b.x + b.w <= area.x + area.w && b.y + b.h <= area.y + area.h);
        for (int j = 0; j < nodes[i].n_inputs; j++) {
            AppRect in = g->box[nodes[i].inputs[j]];
            assert_true(in.x + in.w <= b.x);  /* an input lies wholly left of its consumer */
        }
        for (int k = 0; k < i; k++) assert_false(overlap(b, g->box[k]));
    }
}

/* A diamond with a late leaf: 0, 1 leaves; 2 = f(0, 1); 3 = g(0); 4 leaf; 5 = h(2, 3, 4). */
static int diamond(AppGraphNode *n)
{
    memset(n, 0, 6 * sizeof *n);
    n[2].n_inputs = 2, n[2].inputs[0] = 0, n[2].inputs[1] = 1;
    n[0].requires_grad = 1;
    n[3].n_inputs = 1, n[3].inputs[0] = 0, n[3].cut[0] = 1;
    n[5].n_inputs = 3, n[5].inputs[0] = 2, n[5].inputs[1] = 3, n[5].inputs[2] = 4;
    return 6;
}

static void test_graph_layout_places_every_node_left_to_right(void **state)
{
    (void)state;
    AppGraphNode nodes[6];
    AppGraphLayout g;
    int count = diamond(nodes);
    assert_int_equal(app_graph_layout(&g, nodes, count, k_area, 200, 60, 30), 1);
    assert_layout_sound(&g, nodes, count, k_area);
    assert_int_equal(g.layers, 3);
    assert_int_equal(g.layer[4], 1);  /* the late leaf sits next to its consumer */
    assert_int_equal(g.edge_count, 6);
    assert_int_equal(app_graph_cut_count(&g), 1);
}

static void test_graph_layout_shrinks_boxes_to_fit_and_refuses_what_cannot(void **state)
{
    (void)state;
    AppGraphNode nodes[APP_GRAPH_MAX];
    AppGraphLayout g;
    /* Twenty leaves feeding one sum: a tall first layer. */
    memset(nodes, 0, sizeof nodes);
    int count = 21;
    nodes[20].n_inputs = 3;
    for (int j = 0; j < 3; j++) nodes[20].inputs[j] = j;
    AppRect small = {0, 0, 400, 300};
    assert_int_equal(app_graph_layout(&g, nodes, count, small, 200, 60, 6), 1);
    assert_true(g.node_h < 60);
    assert_layout_sound(&g, nodes, count, small);
    AppRect tiny = {0, 0, 40, 40};
    assert_int_equal(app_graph_layout(&g, nodes, count, tiny, 200, 60, 6), 0);
    assert_int_equal(app_graph_layout(&g, nodes, APP_GRAPH_MAX + 1, k_area, 200, 60, 6), 0);
}

/* Lesson 1's tape: the task with the hard mask at t = 10, after backward. */
static SlTape *task_tape(SlMaskKind mask, AppGraphNode *nodes, int *count)
{
    SlTaskConfig cfg;
    sl_task_config_default(&cfg);
    cfg.mask = mask;
    float x[64];
    sl_signal_fill(cfg.signal, cfg.seed, cfg.n, x);
    SlTape *tape = sl_tape_create();
    assert_non_null(tape);
    SlNode loss = sl_task_build(tape, &cfg, x, 10.0f, NULL);
    assert_int_not_equal(loss, SL_NIL);
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    *count = app_graph_from_tape(tape, nodes, APP_GRAPH_MAX);
    assert_true(*count > 0);
    return tape;
}

static void test_graph_of_lesson_1_cuts_exactly_the_mask_edge(void **state)
{
    (void)state;
    AppGraphNode nodes[APP_GRAPH_MAX];
    AppGraphLayout g;
    int count = 0;
    SlTape *tape = task_tape(SL_MASK_HARD, nodes, &count);
    assert_int_equal(app_graph_layout(&g, nodes, count, k_area, 180, 60, 30), 1);
    assert_layout_sound(&g, nodes, count, k_area);
    assert_int_equal(app_graph_cut_count(&g), 1);
    for (int e = 0; e < g.edge_count; e++) {
        if (!g.edges[e].cut) continue;
        SlNodeInfo to, from;
        assert_int_equal(sl_node_info(tape, g.edges[e].to, &to), SL_OK);
        assert_int_equal(sl_node_info(tape, g.edges[e].from, &from), SL_OK);
        assert_int_equal(to.op, SL_OP_MASK);
        assert_string_equal(from.label, "t - i");
    }
    assert_int_equal(app_graph_nan_count(&g), 0);
    sl_tape_destroy(tape);

    tape = task_tape(SL_MASK_LOGISTIC, nodes, &count);
    assert_int_equal(app_graph_layout(&g, nodes, count, k_area, 180, 60, 30), 1);
    assert_int_equal(app_graph_cut_count(&g), 0);
    sl_tape_destroy(tape);
}

static void test_graph_of_the_naive_where_marks_the_nan_edge_into_exp(void **state)
{
    (void)state;
    float x[SL_NAN_MAX_X];
    int n = sl_nandemo_default_x(x, SL_NAN_MAX_X);
    SlTape *tape = sl_tape_create();
    SlNanCase c;
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_NAIVE, x, n, &c, NULL, 0), SL_OK);
    AppGraphNode nodes[APP_GRAPH_MAX];
    AppGraphLayout g;
    int count = app_graph_from_tape(tape, nodes, APP_GRAPH_MAX);
    assert_int_equal(app_graph_layout(&g, nodes, count, k_area, 180, 60, 30), 1);
    assert_layout_sound(&g, nodes, count, k_area);
    int nan_into_exp = 0;
    for (int e = 0; e < g.edge_count; e++) {
        SlNodeInfo to;
        sl_node_info(tape, g.edges[e].to, &to);
        if (g.edges[e].nan) {
            assert_int_equal(to.op, SL_OP_EXP);  /* 0 * inf happens in exp's backward */
            nan_into_exp++;
        }
    }
    assert_int_equal(nan_into_exp, 1);
    assert_true(app_graph_cut_count(&g) >= 1);  /* the comparison x < 0 */

    /* The double where has no NaN anywhere. */
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_DOUBLE_WHERE, x, n, &c, NULL, 0), SL_OK);
    count = app_graph_from_tape(tape, nodes, APP_GRAPH_MAX);
    assert_int_equal(app_graph_layout(&g, nodes, count, k_area, 180, 60, 30), 1);
    assert_int_equal(app_graph_nan_count(&g), 0);
    sl_tape_destroy(tape);
}

static int inside(AppRect b, float x, float y)
{
    return x > (float)b.x && x < (float)(b.x + b.w) && y > (float)b.y && y < (float)(b.y + b.h);
}

/* Lesson 6's double where: the cut edge from x < 0 skips two columns to the outer where.
 * No edge may run under a box it does not join (it would read as that node's edge), and
 * each cut mark sits in the gap right before its consumer. */
static void test_graph_edges_skipping_columns_go_around_boxes(void **state)
{
    (void)state;
    float x[SL_NAN_MAX_X], xy[2 * APP_GRAPH_PATH_MAX];
    int n = sl_nandemo_default_x(x, SL_NAN_MAX_X);
    SlTape *tape = sl_tape_create();
    SlNanCase c;
    AppGraphNode nodes[APP_GRAPH_MAX];
    AppGraphLayout g;
    const SlNanCaseId ids[2] = {SL_NAN_DOUBLE_WHERE, SL_NAN_NAIVE};
    int long_edges = 0;
    for (int k = 0; k < 2; k++) {
        assert_int_equal(sl_nandemo_case(tape, ids[k], x, n, &c, NULL, 0), SL_OK);
        int count = app_graph_from_tape(tape, nodes, APP_GRAPH_MAX);
        AppRect area = {10, 80, 1232, 420};
        assert_int_equal(app_graph_layout(&g, nodes, count, area, 175, 88, 36), 1);
        for (int e = 0; e < g.edge_count; e++) {
            const AppGraphEdge *ed = &g.edges[e];
            int mark = -1, pts = app_graph_edge_path(&g, e, 7.0f, xy, APP_GRAPH_PATH_MAX, &mark);
            assert_true(pts >= APP_GRAPH_EDGE_SAMPLES);
            long_edges += ed->bends > 0;
            for (int p = 0; p < pts; p++)
                for (int b = 0; b < g.count; b++)
                    if (b != ed->from && b != ed->to) assert_false(inside(g.box[b], xy[2 * p], xy[2 * p + 1]));
            AppRect to = g.box[ed->to];
            assert_true(mark >= 0 && mark < pts);
            assert_true(xy[2 * mark] < (float)to.x && xy[2 * mark] > (float)(to.x - (to.x - area.x) / (g.layer[ed->to] ? g.layer[ed->to] : 1)));
        }
    }
    assert_true(long_edges >= 1);
    sl_tape_destroy(tape);
}

/* Lesson 1, hard mask: the nodes after the cut are constants to autograd (drawn as such,
 * not as "grad none"); t and t - i are not; the loss is cut off from t. Soft: nothing is. */
static void test_graph_of_lesson_1_marks_what_follows_the_cut_as_constant(void **state)
{
    (void)state;
    AppGraphNode nodes[APP_GRAPH_MAX];
    int count = 0;
    SlTape *tape = task_tape(SL_MASK_HARD, nodes, &count);
    assert_true(app_graph_output_cut_off(tape));
    int constants = 0;
    for (int i = 0; i < count; i++) {
        SlNodeInfo in;
        assert_int_equal(sl_node_info(tape, i, &in), SL_OK);
        if (in.label && (!strcmp(in.label, "t") || !strcmp(in.label, "t - i"))) {
            assert_false(app_graph_node_constant(&in));
            assert_null(in.grad);  /* "grad none": t is where the missing gradient shows */
        }
        if (in.label && (!strcmp(in.label, "m") || !strcmp(in.label, "L"))) assert_true(app_graph_node_constant(&in));
        constants += app_graph_node_constant(&in);
    }
    assert_int_equal(constants, count - 2);
    sl_tape_destroy(tape);

    tape = task_tape(SL_MASK_LOGISTIC, nodes, &count);
    assert_false(app_graph_output_cut_off(tape));
    for (int i = 0; i < count; i++) {
        SlNodeInfo in;
        assert_int_equal(sl_node_info(tape, i, &in), SL_OK);
        if (in.label && !strcmp(in.label, "L")) assert_false(app_graph_node_constant(&in));
    }
    sl_tape_destroy(tape);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_graph_layout_places_every_node_left_to_right),
        cmocka_unit_test(test_graph_layout_shrinks_boxes_to_fit_and_refuses_what_cannot),
        cmocka_unit_test(test_graph_of_lesson_1_cuts_exactly_the_mask_edge),
        cmocka_unit_test(test_graph_of_the_naive_where_marks_the_nan_edge_into_exp),
        cmocka_unit_test(test_graph_edges_skipping_columns_go_around_boxes),
        cmocka_unit_test(test_graph_of_lesson_1_marks_what_follows_the_cut_as_constant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
