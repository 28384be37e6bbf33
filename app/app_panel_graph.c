/* app_panel_graph.c — the graph view: the tape behind what the lesson shows, drawn like
 * micrograd's draw_dot but live. Each node shows its op and label, its value and its
 * gradient (coloured by state); an edge into a non-differentiable op is drawn cut with
 * an ✕ and "no gradient", an edge carrying NaN is red. Layout: app_graph_layout.c. */
#include "app_lesson_panels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app_graph_layout.h"

#define EDGE_SAMPLES 17

/* "1x64 [1, 1, 1, …]" or "0.484". */
static void value_text(const float *v, int rows, int cols, char *buf, size_t len)
{
    int n = rows * cols;
    char a[24];
    if (!v || n < 1) {
        snprintf(buf, len, "-");
        return;
    }
    if (n == 1) {
        app_format_value((double)v[0], 3, buf, (unsigned)len);
        return;
    }
    size_t used = (size_t)snprintf(buf, len, "%d\xc3\x97%d [", rows, cols);
    for (int i = 0; i < n && i < 3 && used < len; i++) {
        app_format_value((double)v[i], 3, a, sizeof a);
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", a);
    }
    if (used < len) snprintf(buf + used, len - used, "%s]", n > 3 ? ", \xe2\x80\xa6" : "");
}

/* The gradient as one chip text: "none", a scalar, "NaN in 2 of 11", or the first values. */
static SlGradState grad_text(const SlNodeInfo *in, char *buf, size_t len)
{
    int n = in->rows * in->cols;
    SlGradState st = sl_grad_state_of_array(in->grad != NULL, in->grad, (size_t)(n > 0 ? n : 0));
    if (!in->grad) {
        snprintf(buf, len, "grad none");
        return st;
    }
    if (st == SL_GRAD_NAN && n > 1) {
        int k = 0;
        for (int i = 0; i < n; i++) k += isnan(in->grad[i]) != 0;
        snprintf(buf, len, "grad NaN in %d of %d", k, n);
        return st;
    }
    char v[96];
    value_text(in->grad, in->rows, in->cols, v, sizeof v);
    if (n > 1) {
        const char *br = strchr(v, '[');
        snprintf(buf, len, "grad %s", br ? br : v);
    } else {
        snprintf(buf, len, "grad %s", v);
    }
    return st;
}

static void bezier(float x0, float y0, float x1, float y1, float *xy)
{
    float dx = (x1 - x0) * 0.5f;
    for (int i = 0; i < EDGE_SAMPLES; i++) {
        float u = (float)i / (float)(EDGE_SAMPLES - 1), v = 1.0f - u;
        float b0 = v * v * v, b1 = 3.0f * v * v * u, b2 = 3.0f * v * u * u, b3 = u * u * u;
        xy[2 * i] = b0 * x0 + b1 * (x0 + dx) + b2 * (x1 - dx) + b3 * x1;
        xy[2 * i + 1] = b0 * y0 + b1 * y0 + b2 * y1 + b3 * y1;
    }
}

/* The tape for the current subject and a caption. */
static const SlTape *current_tape(App *app, char *caption, size_t len)
{
    AppModel *m = &app->model;
    if (m->lesson.kind != SL_LESSON_TASK) return app_lesson_state_graph_tape(&m->ls, caption, len);
    int want = m->ls.subject, k = 0, fam = -1;
    for (int f = 0; f < SL_MASK_COUNT && fam < 0; f++)
        if (m->shown >> f & 1u) {
            if (k == want) fam = f;
            k++;
        }
    if (fam < 0) {
        for (int f = 0; f < SL_MASK_COUNT && fam < 0; f++)
            if (m->shown >> f & 1u) fam = f;
    }
    if (fam < 0) return NULL;
    SlNode mask = SL_NIL;
    const SlTape *tape = app_model_chain_tape(m, fam, &mask);
    snprintf(caption, len, "the task with the %s mask at t = %.4g, step %d", sl_mask_name((SlMaskKind)fam),
             (double)app_model_row(m, fam)->t, app_model_step_count(m));
    return tape;
}

static void draw_edges(App *app, const AppGraphLayout *g, AppRect area, const SlTape *tape, float *mid)
{
    /* The layer of the landscape plot, which the graph view replaces. */
    AppLayer *layer = &app->layers[APP_LAYER_LANDSCAPE];
    AppCanvas *c = app_layer_begin(layer, area, app_theme_color(APP_COL_PANEL)) ? &layer->canvas : NULL;
    float s = app->scale, xy[2 * EDGE_SAMPLES];
    AppColor muted = app_theme_color(APP_COL_MUTED), err = app_theme_color(APP_COL_ERROR);
    for (int e = 0; e < g->edge_count; e++) {
        const AppGraphEdge *ed = &g->edges[e];
        AppRect a = g->box[ed->from], b = g->box[ed->to];
        SlNodeInfo to;
        sl_node_info(tape, ed->to, &to);
        float x0 = (float)(a.x + a.w), y0 = (float)a.y + (float)a.h * 0.5f;
        float x1 = (float)b.x - 7.0f * s, y1 = (float)b.y + (float)b.h * (float)(ed->slot + 1) / (float)(to.n_inputs + 1);
        bezier(x0, y0, x1, y1, xy);
        mid[2 * e] = xy[EDGE_SAMPLES - 1];
        mid[2 * e + 1] = xy[EDGE_SAMPLES];
        if (!c) continue;
        AppColor col = ed->nan ? err : ed->cut ? muted : app_theme_color(APP_COL_TEXT);
        float w = ed->nan ? 3.5f : 2.0f;
        for (int i = 0; i + 1 < EDGE_SAMPLES; i++)
            if (!ed->cut || (i / 2) % 2 == 0)
                app_panel_line(app, c, xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], w, col, APP_LINE_SOLID);
        float head[6] = {(float)b.x, y1, x1, y1 - 5.0f * s, x1, y1 + 5.0f * s};
        app_canvas_convex(c, head, 3, col);
        if (ed->cut) {
            float mx = mid[2 * e], my = mid[2 * e + 1], d = 7.0f * s;
            app_panel_line(app, c, mx - d, my - d, mx + d, my + d, 3.0f, err, APP_LINE_SOLID);
            app_panel_line(app, c, mx - d, my + d, mx + d, my - d, 3.0f, err, APP_LINE_SOLID);
        }
    }
    if (c) app_layer_end(&app->draw, layer);
}

static int hits_box(const AppGraphLayout *g, AppRect r)
{
    for (int i = 0; i < g->count; i++) {
        AppRect b = g->box[i];
        if (r.x < b.x + b.w && b.x < r.x + r.w && r.y < b.y + b.h && b.y < r.y + r.h) return 1;
    }
    return 0;
}

/* A label next to an edge's mark: below, above, right or left of it, wherever no node
 * is; left out when every place is taken (the key under the graph still explains). */
static void edge_label(App *app, const AppGraphLayout *g, float x, float y, const char *text, AppColor c)
{
    int w = app_text_width(app->text, APP_FONT_SMALL, text), h = app_text_line_height(app->text, APP_FONT_SMALL);
    int d = (int)(10.0f * app->scale);
    AppRect at[4] = {{(int)x - w / 2 - 3, (int)y + d, w + 6, h},
                     {(int)x - w / 2 - 3, (int)y - d - h, w + 6, h},
                     {(int)x + d, (int)y - h / 2, w + 6, h},
                     {(int)x - d - w - 6, (int)y - h / 2, w + 6, h}};
    for (int i = 0; i < 4; i++) {
        if (hits_box(g, at[i])) continue;
        app_draw_fill_rect(&app->draw, at[i], app_color_alpha(app_theme_color(APP_COL_PANEL), 235));
        app_text_draw(app->text, APP_FONT_SMALL, text, (float)(at[i].x + 3), (float)at[i].y, c, APP_ALIGN_LEFT);
        return;
    }
}

static void draw_node(App *app, const SlTape *tape, int i, AppRect b)
{
    SlNodeInfo in;
    if (sl_node_info(tape, i, &in) != SL_OK) return;
    int pad = app->layout.pad;
    int bh = app_text_line_height(app->text, APP_FONT_BOLD), sh = app_text_line_height(app->text, APP_FONT_SMALL);
    AppColor border = in.op == SL_OP_PARAM ? app_theme_color(APP_COL_ACCENT)
                      : in.value_has_nan  ? app_theme_color(APP_COL_ERROR)
                                          : app_theme_color(APP_COL_BORDER);
    int bw = in.op == SL_OP_PARAM || in.value_has_nan ? 3 : 1;
    app_draw_round_rect(&app->draw, b, 6.0f, border);
    app_draw_round_rect(&app->draw, app_rect_inset(b, bw), 5.0f, app_theme_color(APP_COL_PANEL));
    char line[160], v[96];
    float x = (float)(b.x + pad / 2 + bw), room = (float)(b.w - pad - 2 * bw);
    int y = b.y + bw + 1;
    if (in.label)
        snprintf(line, sizeof line, "%s  \xc2\xb7 %s", in.label, in.op_name);
    else
        snprintf(line, sizeof line, "%s", in.op_name);
    app_text_draw_fit(app->text, APP_FONT_BOLD, line, x, (float)y, room, app_theme_color(APP_COL_TEXT));
    y += bh;
    if (y + sh > b.y + b.h) return;
    value_text(in.value, in.rows, in.cols, v, sizeof v);
    app_text_draw_fit(app->text, APP_FONT_SMALL, v, x, (float)y, room,
                      in.value_has_nan ? app_theme_color(APP_COL_ERROR) : app_theme_color(APP_COL_MUTED));
    y += sh + 1;
    if (y + sh > b.y + b.h) return;
    SlGradState st = grad_text(&in, line, sizeof line);
    AppRect chip = {(int)x, y, (int)room, sh + 2};
    if (chip.y + chip.h > b.y + b.h - bw) chip.h = b.y + b.h - bw - chip.y;
    app_cell_state(app, chip, st, line, APP_FONT_SMALL);
}

void app_panel_graph(App *app, AppRect r)
{
    char caption[200] = "", note[96];
    const SlTape *tape = current_tape(app, caption, sizeof caption);
    AppModel *m = &app->model;
    int subjects = app_lesson_state_subject_count(&m->ls, app_model_shown_count(m));
    snprintf(note, sizeof note, "c: next of %d   g: close", subjects);
    app_panel_card(app, r, "Computation graph", note);
    int pad = app->layout.pad;
    int bh = app_text_line_height(app->text, APP_FONT_BODY), sh = app_text_line_height(app->text, APP_FONT_SMALL);
    float tx = (float)(r.x + 2 * pad);
    int y = r.y + bh + 2 * pad;
    app_text_draw_fit(app->text, APP_FONT_BODY, caption, tx, (float)y, (float)(r.w - 4 * pad),
                      app_theme_color(APP_COL_TEXT));
    y += bh + pad;
    AppRect area = {r.x + 2 * pad, y, r.w - 4 * pad, r.y + r.h - y - 2 * sh - 2 * pad};

    AppGraphNode nodes[APP_GRAPH_MAX];
    AppGraphLayout g;
    int count = tape ? app_graph_from_tape(tape, nodes, APP_GRAPH_MAX) : 0;
    if (!tape || count < 1) {
        app_text_draw(app->text, APP_FONT_BODY, tape ? "The tape is empty." : "No tape to show (engine error).",
                      tx, (float)y, app_theme_color(APP_COL_ERROR), APP_ALIGN_LEFT);
        return;
    }
    int node_w = (int)(210.0f * app->scale), node_h = app_text_line_height(app->text, APP_FONT_BOLD) + 2 * sh + 12;
    if (count > APP_GRAPH_MAX ||
        !app_graph_layout(&g, nodes, count, area, node_w, node_h, (int)(36.0f * app->scale))) {
        snprintf(caption, sizeof caption, "The tape has %d nodes: too many to draw here.", sl_node_count(tape));
        app_text_draw(app->text, APP_FONT_BODY, caption, tx, (float)y, app_theme_color(APP_COL_ERROR), APP_ALIGN_LEFT);
        return;
    }
    float mid[2 * APP_GRAPH_MAX * 3];
    draw_edges(app, &g, area, tape, mid);
    for (int i = 0; i < g.count; i++) draw_node(app, tape, i, g.box[i]);
    for (int e = 0; e < g.edge_count; e++) {
        if (g.edges[e].cut)
            edge_label(app, &g, mid[2 * e], mid[2 * e + 1], "no gradient", app_theme_color(APP_COL_ERROR));
        else if (g.edges[e].nan)
            edge_label(app, &g, mid[2 * e], mid[2 * e + 1], "NaN", app_theme_color(APP_COL_ERROR));
    }

    /* The key. */
    int ky = r.y + r.h - pad - sh;
    char key[200];
    snprintf(key, sizeof key, "%d cut edge%s (\xe2\x9c\x95: no gradient flows back)   %d edge%s carrying NaN (red)   "
                              "node: label \xc2\xb7 op / value / gradient",
             app_graph_cut_count(&g), app_graph_cut_count(&g) == 1 ? "" : "s", app_graph_nan_count(&g),
             app_graph_nan_count(&g) == 1 ? "" : "s");
    app_text_draw_fit(app->text, APP_FONT_SMALL, key, tx, (float)ky, (float)(r.w - 4 * pad),
                      app_theme_color(APP_COL_MUTED));
}
