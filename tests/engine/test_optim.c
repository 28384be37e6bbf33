/* test_optim.c — SGD, momentum and Adam against hand-computed values in torch.optim's
 * conventions (the arithmetic is written out beside each expectation), on a fixed gradient
 * sequence and on the task; steepness annealing; a none gradient leaving everything as it
 * was. Float32 parameters against decimal hand values: 2e-6 relative. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_optim.h"
#include "sl_task.h"

#define HAND_TOL 2e-6

static const float GSEQ[3] = {0.5f, -0.25f, 2.0f};

static SlOptState fresh(void)
{
    SlOptState s;
    memset(&s, 0, sizeof s);
    return s;
}

static void test_optim_defaults_are_torch_defaults(void **state)
{
    (void)state;
    SlOptConfig c;
    sl_optim_default(&c, SL_OPT_ADAM, 0.01f);
    assert_int_equal(c.kind, SL_OPT_ADAM);
    assert_exact(c.lr, 0.01f);
    assert_exact(c.momentum, 0.9f);
    assert_true(c.beta1 == 0.9); /* Python's 0.9, not 0.9f */
    assert_true(c.beta2 == 0.999);
    assert_exact(c.eps, 1e-8f);
    char err[200];
    assert_int_equal(sl_optim_validate(&c, err, sizeof err), SL_OK);
    SlOptKind k;
    assert_true(sl_optim_parse("momentum", &k) && k == SL_OPT_MOMENTUM);
    assert_true(sl_optim_parse("sgd", &k) && k == SL_OPT_SGD);
    assert_true(sl_optim_parse("adam", &k) && k == SL_OPT_ADAM);
    assert_false(sl_optim_parse("rmsprop", &k));
    assert_false(sl_optim_parse("", &k));
    assert_string_equal(sl_optim_name(SL_OPT_ADAM), "adam");
}

static void test_optim_validate_rejects_bad_lr(void **state)
{
    (void)state;
    const float bad[] = {0.0f, -0.1f, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        SlOptConfig c;
        sl_optim_default(&c, SL_OPT_SGD, bad[i]);
        char err[200] = "";
        assert_int_equal(sl_optim_validate(&c, err, sizeof err), SL_ERR_ARG);
        assert_non_null(strstr(err, "lr"));
    }
    SlOptConfig c;
    sl_optim_default(&c, SL_OPT_MOMENTUM, 0.1f);
    c.momentum = 1.0f;
    char err[200] = "";
    assert_int_equal(sl_optim_validate(&c, err, sizeof err), SL_ERR_ARG);
}

/* SGD: p <- p - lr g. lr = 0.1, p0 = 1, g = 0.5, -0.25, 2:
 *   p1 = 1    - 0.1 * 0.5   = 0.95
 *   p2 = 0.95 - 0.1 * -0.25 = 0.975
 *   p3 = 0.975 - 0.1 * 2    = 0.775 */
static void test_optim_sgd_first_three_steps(void **state)
{
    (void)state;
    SlOptConfig c;
    sl_optim_default(&c, SL_OPT_SGD, 0.1f);
    SlOptState s = fresh();
    float p = 1.0f;
    const double want[3] = {0.95, 0.975, 0.775};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sl_optim_step(&c, &s, &p, GSEQ[i], SL_GRAD_VALUE), 1);
        assert_rel(p, want[i], HAND_TOL);
    }
}

/* Momentum (torch: buf = g on the first step, then buf = mu buf + g; p <- p - lr buf),
 * mu = 0.9, lr = 0.1, p0 = 1, g = 0.5, -0.25, 2:
 *   buf1 = 0.5                      p1 = 1     - 0.1 * 0.5  = 0.95
 *   buf2 = 0.9 * 0.5 - 0.25 = 0.2   p2 = 0.95  - 0.1 * 0.2  = 0.93
 *   buf3 = 0.9 * 0.2 + 2 = 2.18     p3 = 0.93  - 0.1 * 2.18 = 0.712
 * (An exponential-average variant, buf = mu buf + (1 - mu) g, would give p1 = 0.995.) */
static void test_optim_momentum_first_three_steps(void **state)
{
    (void)state;
    SlOptConfig c;
    sl_optim_default(&c, SL_OPT_MOMENTUM, 0.1f);
    SlOptState s = fresh();
    float p = 1.0f;
    const double want_p[3] = {0.95, 0.93, 0.712}, want_buf[3] = {0.5, 0.2, 2.18};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sl_optim_step(&c, &s, &p, GSEQ[i], SL_GRAD_VALUE), 1);
        assert_rel(s.velocity, want_buf[i], HAND_TOL);
        assert_rel(p, want_p[i], HAND_TOL);
    }
}

/* Adam (torch: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; step = lr / (1 - b1^t);
 * p <- p - step * m / (sqrt(v) / sqrt(1 - b2^t) + eps)), lr = 0.1, p0 = 1, g = 0.5, -0.25, 2:
 * t=1: m = 0.1*0.5 = 0.05;  v = 0.001*0.25 = 0.00025;  bc1 = 0.1, bc2 = 0.001
 *      m^ = 0.5, v^ = 0.25, sqrt = 0.5: delta = 0.1 * 0.5 / (0.5 + 1e-8) = 0.099999998
 *      p1 = 0.900000002   (the first Adam step moves by lr * sign(g))
 * t=2: m = 0.9*0.05 + 0.1*(-0.25) = 0.02;  v = 0.999*0.00025 + 0.001*0.0625 = 0.00031225
 *      bc1 = 1 - 0.81 = 0.19, bc2 = 1 - 0.998001 = 0.001999
 *      m^ = 0.105263158, v^ = 0.156203102, sqrt = 0.395225381: delta = 0.0266337033
 *      p2 = 0.873366299
 * t=3: m = 0.9*0.02 + 0.1*2 = 0.218;  v = 0.999*0.00031225 + 0.001*4 = 0.00431193775
 *      bc1 = 1 - 0.729 = 0.271, bc2 = 1 - 0.997002999 = 0.002997001
 *      m^ = 0.804428044, v^ = 1.43875085, sqrt = 1.19947941: delta = 0.0670647642
 *      p3 = 0.806301535 */
static void test_optim_adam_first_three_steps(void **state)
{
    (void)state;
    SlOptConfig c;
    sl_optim_default(&c, SL_OPT_ADAM, 0.1f);
    SlOptState s = fresh();
    float p = 1.0f;
    const double want_p[3] = {0.900000002, 0.873366299, 0.806301535};
    const double want_m[3] = {0.05, 0.02, 0.218}, want_v[3] = {0.00025, 0.00031225, 0.00431193775};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sl_optim_step(&c, &s, &p, GSEQ[i], SL_GRAD_VALUE), 1);
        assert_int_equal(s.steps, i + 1);
        assert_rel(s.m, want_m[i], 1e-5);
        /* torch scales by (1 - beta2) computed in double, 0.001f; 1 - 0.999f is 0.00099998713,
         * 1.3e-5 away. The bias correction cancels it in the update, so allow 2e-5 here. */
        assert_rel(s.v, want_v[i], 2e-5);
        assert_rel(p, want_p[i], HAND_TOL);
    }
}

/* The first Adam step moves by lr * sign(g) whatever |g| is. */
static void test_optim_adam_first_step_is_lr_times_sign(void **state)
{
    (void)state;
    const float gs[] = {1e-4f, -3.0f, 250.0f, -0.015625f};
    for (size_t i = 0; i < sizeof gs / sizeof gs[0]; i++) {
        SlOptConfig c;
        sl_optim_default(&c, SL_OPT_ADAM, 0.5f);
        SlOptState s = fresh();
        float p = 10.0f;
        sl_optim_step(&c, &s, &p, gs[i], SL_GRAD_VALUE);
        assert_rel(p, gs[i] > 0.0f ? 9.5 : 10.5, 1e-5);
    }
}

/* The same three steps with the task's own gradient (logistic k=1, t0 = 10). Far from
 * the edge dL/dt ≈ -1/64 = -0.015625 (docs/task.md §1), so by hand:
 *   sgd lr=10:      t = 10 + 10/64 = 10.15625, 10.3125, 10.46875
 *   momentum lr=10: buf = 1/64, 1.9/64, 2.71/64 (in -g units)
 *                   t = 10.15625, 10.15625 + 0.296875 = 10.453125, 10.453125 + 0.4234375 = 10.8765625
 *   adam lr=0.5:    constant g gives m^/sqrt(v^) = 1: t = 10.5, 11, 11.5 */
static void test_optim_first_three_steps_on_the_task(void **state)
{
    (void)state;
    const struct {
        SlOptKind kind;
        float lr;
        double want[3];
    } cases[] = {
        {SL_OPT_SGD, 10.0f, {10.15625, 10.3125, 10.46875}},
        {SL_OPT_MOMENTUM, 10.0f, {10.15625, 10.453125, 10.8765625}},
        {SL_OPT_ADAM, 0.5f, {10.5, 11.0, 11.5}},
    };
    SlTaskConfig cfg;
    sl_task_config_default(&cfg);
    float x[64];
    sl_signal_fill(cfg.signal, cfg.seed, cfg.n, x);
    SlTape *tape = sl_tape_create();
    for (size_t c = 0; c < 3; c++) {
        SlOptConfig opt;
        sl_optim_default(&opt, cases[c].kind, cases[c].lr);
        SlOptState s = fresh();
        float t = 10.0f;
        for (int i = 0; i < 3; i++) {
            SlTaskEval e;
            assert_int_equal(sl_task_eval(tape, &cfg, x, t, &e), SL_OK);
            assert_rel(e.grad, -0.015625, 1e-5);
            assert_int_equal(sl_optim_step(&opt, &s, &t, e.grad, e.state), 1);
            assert_rel(t, cases[c].want[i], 1e-6);
        }
    }
    sl_tape_destroy(tape);
}

/* A none gradient: the parameter and every part of the state stay exactly as they were. */
static void test_optim_none_gradient_leaves_param_and_state_untouched(void **state)
{
    (void)state;
    for (int kind = 0; kind < SL_OPT_COUNT; kind++) {
        SlOptConfig c;
        sl_optim_default(&c, (SlOptKind)kind, 0.1f);
        SlOptState s = fresh();
        float p = 3.0f;
        /* some history first */
        sl_optim_step(&c, &s, &p, 0.5f, SL_GRAD_VALUE);
        sl_optim_step(&c, &s, &p, -0.2f, SL_GRAD_VALUE);
        SlOptState before = s;
        float p_before = p;
        const float gs[] = {0.0f, 123.0f, NAN};
        for (size_t i = 0; i < 3; i++) {
            assert_int_equal(sl_optim_step(&c, &s, &p, gs[i], SL_GRAD_NONE), 0);
            assert_bits(p, p_before);
            assert_memory_equal(&s, &before, sizeof s);
        }
        /* from a fresh state too: momentum's buffer and Adam's step count do not start */
        SlOptState f = fresh(), f0 = fresh();
        float q = 3.0f;
        assert_int_equal(sl_optim_step(&c, &f, &q, 1.0f, SL_GRAD_NONE), 0);
        assert_bits(q, 3.0f);
        assert_memory_equal(&f, &f0, sizeof f);
    }
}

/* A zero gradient is applied (torch.optim only skips None): Adam's step count advances. */
static void test_optim_zero_gradient_is_a_step(void **state)
{
    (void)state;
    SlOptConfig c;
    sl_optim_default(&c, SL_OPT_ADAM, 0.1f);
    SlOptState s = fresh();
    float p = 3.0f;
    assert_int_equal(sl_optim_step(&c, &s, &p, 0.0f, SL_GRAD_ZERO), 1);
    assert_int_equal(s.steps, 1);
    assert_bits(p, 3.0f);
    /* momentum keeps moving on a zero gradient: buf = 0.9 * 0.5 + 0 = 0.45, p = 3 - 0.05 - 0.045 */
    sl_optim_default(&c, SL_OPT_MOMENTUM, 0.1f);
    s = fresh();
    p = 3.0f;
    sl_optim_step(&c, &s, &p, 0.5f, SL_GRAD_VALUE);
    assert_int_equal(sl_optim_step(&c, &s, &p, 0.0f, SL_GRAD_ZERO), 1);
    assert_rel(p, 2.905, HAND_TOL);
}

/* ---- annealing --------------------------------------------------------------------- */

static void test_optim_anneal_constant_linear_geometric(void **state)
{
    (void)state;
    SlAnneal a = {SL_ANNEAL_CONSTANT, 2.0f, 32.0f, 100};
    assert_exact(sl_anneal_k(&a, 0), 2.0);
    assert_exact(sl_anneal_k(&a, 50), 2.0);
    assert_exact(sl_anneal_k(&a, 100), 2.0);
    assert_exact(sl_anneal_k(&a, 500), 2.0);
    /* linear 1 -> 32 over 100 steps: 1 + 31 s/100 */
    a.kind = SL_ANNEAL_LINEAR;
    a.k0 = 1.0f;
    assert_exact(sl_anneal_k(&a, 0), 1.0);
    assert_rel(sl_anneal_k(&a, 25), 8.75, 1e-6);
    assert_rel(sl_anneal_k(&a, 50), 16.5, 1e-6);
    assert_exact(sl_anneal_k(&a, 100), 32.0);
    assert_exact(sl_anneal_k(&a, 1000), 32.0);
    /* geometric 1 -> 32: 32^(s/100): 2 at s = 20, sqrt(32) = 5.656854 at 50 */
    a.kind = SL_ANNEAL_GEOMETRIC;
    assert_exact(sl_anneal_k(&a, 0), 1.0);
    assert_rel(sl_anneal_k(&a, 20), 2.0, 1e-6);
    assert_rel(sl_anneal_k(&a, 50), 5.656854249, 1e-6);
    assert_rel(sl_anneal_k(&a, 100), 32.0, 1e-6);
    assert_rel(sl_anneal_k(&a, 400), 32.0, 1e-6);
    /* and downwards: 32 -> 1 */
    a.k0 = 32.0f;
    a.k1 = 1.0f;
    assert_rel(sl_anneal_k(&a, 50), 5.656854249, 1e-6);
    assert_rel(sl_anneal_k(&a, 100), 1.0, 1e-6);
    a.kind = SL_ANNEAL_LINEAR;
    assert_rel(sl_anneal_k(&a, 50), 16.5, 1e-6);
    SlAnnealKind k;
    assert_true(sl_anneal_parse("geometric", &k) && k == SL_ANNEAL_GEOMETRIC);
    assert_true(sl_anneal_parse("linear", &k) && k == SL_ANNEAL_LINEAR);
    assert_false(sl_anneal_parse("cosine", &k));
}

/* Bit for bit against torch.optim 1.13 (float32 CPU, ATEN_CPU_CAPABILITY=default so
 * its kernels round every product, as C without contraction does): the same eight
 * gradients fed to each optimizer; recorded numbers. Adam's 1 - beta, bias corrections
 * and step size in double and v += ((1 - b2) g) g are what make the Adam rows equal:
 * float32 scalars gave -0.357218027 at step 1 here. */
static void test_optim_matches_torch_bit_for_bit(void **state)
{
    (void)state;
    static const float g[8] = {-0.0316951163f, -0.0470652431f, -0.0561088063f, -0.0578995794f,
                               0.0122999996f, -2.49999994e-05f, 0.300000012f, -0.0078125f};
    static const struct {
        SlOptKind kind;
        float lr, p0;
        double beta1, beta2;
        float eps, momentum;
        float want[8];
    } cases[] = {
        {SL_OPT_ADAM, 2.64278269f, -3.0f, 0.9, 0.999, 1e-8f, 0.9f,
         {-0.357218504f, 2.26302838f, 4.89023733f, 7.53400564f, 9.57271576f, 11.3301678f, 10.5411711f, 9.87823772f}},
        {SL_OPT_ADAM, 0.05f, 1.5f, 0.8, 0.99, 1e-6f, 0.9f,
         {1.5499984f, 1.60008824f, 1.65072656f, 1.70186257f, 1.73769391f, 1.76638687f, 1.74218011f, 1.72330821f}},
        {SL_OPT_SGD, 7.3f, 33.0277183f, 0.9, 0.999, 1e-8f, 0.9f,
         {33.2590904f, 33.6026649f, 34.0122604f, 34.4349289f, 34.3451385f, 34.3453217f, 32.155323f, 32.2123528f}},
        {SL_OPT_MOMENTUM, 1.1f, 10.0f, 0.9, 0.999, 1e-8f, 0.77f,
         {10.0348644f, 10.1134815f, 10.2357368f, 10.3935633f, 10.5015593f, 10.5847435f, 10.3187952f, 10.1226091f}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        SlOptConfig cfg;
        sl_optim_default(&cfg, cases[c].kind, cases[c].lr);
        cfg.beta1 = cases[c].beta1;
        cfg.beta2 = cases[c].beta2;
        cfg.eps = cases[c].eps;
        cfg.momentum = cases[c].momentum;
        SlOptState s = fresh();
        float p = cases[c].p0;
        for (int i = 0; i < 8; i++) {
            sl_optim_step(&cfg, &s, &p, g[i], SL_GRAD_VALUE);
            assert_bits(p, cases[c].want[i]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_optim_defaults_are_torch_defaults),
        cmocka_unit_test(test_optim_validate_rejects_bad_lr),
        cmocka_unit_test(test_optim_sgd_first_three_steps),
        cmocka_unit_test(test_optim_momentum_first_three_steps),
        cmocka_unit_test(test_optim_adam_first_three_steps),
        cmocka_unit_test(test_optim_adam_first_step_is_lr_times_sign),
        cmocka_unit_test(test_optim_matches_torch_bit_for_bit),
        cmocka_unit_test(test_optim_first_three_steps_on_the_task),
        cmocka_unit_test(test_optim_none_gradient_leaves_param_and_state_untouched),
        cmocka_unit_test(test_optim_zero_gradient_is_a_step),
        cmocka_unit_test(test_optim_anneal_constant_linear_geometric),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
