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

/* "1x64 [1, 1, 1, …]" or "0.484", with at most shown elements of an array. */
static void value_text(const float *v, int rows, int cols, int shown, int digits, char *buf, size_t len)
{
    int n = rows * cols;
    char a[24];
    if (!v || n < 1) {
        snprintf(buf, len, "-");
        return;
    }
    if (n == 1) {
        app_format_value((double)v[0], digits, buf, (unsigned)len);
        return;
    }
    size_t used = (size_t)snprintf(buf, len, "%d\xc3\x97%d [", rows, cols);
    for (int i = 0; i < n && i < shown && used < len; i++) {
        app_format_value((double)v[i], digits, a, sizeof a);
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", a);
    }
    if (used < len) snprintf(buf + used, len - used, "%s%s]", n > shown && shown > 0 ? ", " : "", n > shown ? "\xe2\x80\xa6" : "");
}

/* The value with as many leading elements as fit in room pixels (3 at most): with the
 * prefix, then without it, then with 2 digits; an array none of whose elements fits
 * says its largest magnitude ("max |·| 0.023"), never a bare "[…]". */
void app_graph_value_fit(const AppPanelCtx *ctx, AppFont f, const char *prefix, const float *v, int rows, int cols,
                         float room, char *buf, size_t len)
{
    char vals[96];
    for (int digits = 3; digits >= 2; digits--)
        for (int with = 1; with >= 0; with--)
            for (int shown = 3; shown >= 1; shown--) {
                /* with: the prefix ("grad ") or, for a value, its shape ("1x64 "). */
                value_text(v, rows, cols, shown, digits, vals, sizeof vals);
                const char *br = rows * cols > 1 && (prefix || !with) ? strchr(vals, '[') : NULL;
                snprintf(buf, len, "%s%s", with && prefix ? prefix : "", br ? br : vals);
                if ((float)app_text_width(ctx->text, f, buf) <= room) return;
            }
    int n = rows * cols;
    float mx = 0.0f;
    for (int i = 0; v && i < n; i++)
        if (fabsf(v[i]) > mx || isnan(v[i])) mx = isnan(v[i]) ? NAN : fmaxf(mx, fabsf(v[i]));
    char a[24];
    app_format_value((double)mx, 2, a, sizeof a);
    snprintf(buf, len, "max |\xc2\xb7| %s", a);
    if ((float)app_text_width(ctx->text, f, buf) > room) snprintf(buf, len, "%s", a);
}

/* The parameter's name ("t", "x"), for "no path to t". */
static const char *param_name(const AppGraphFacts *g)
{
    for (int i = 0; i < g->count; i++)
        if (g->info[i].op == SL_OP_PARAM) return g->info[i].label ? g->info[i].label : "the parameter";
    return "the parameter";
}

/* 1 when a parameter lies upstream of node i, along any edge, cut or not. */
static int after_param(const AppGraphFacts *g, int i, int depth)
{
    if (depth > APP_GRAPH_MAX || i < 0 || i >= g->count) return 0;
    const SlNodeInfo *in = &g->info[i];
    if (in->op == SL_OP_PARAM) return 1;
    for (int j = 0; j < in->n_inputs && j < 3; j++)
        if (after_param(g, in->inputs[j], depth + 1)) return 1;
    return 0;
}

/* The gradient as one chip text: "grad none", a scalar, "grad NaN in 2 of 11", the first
 * values that fit; for a node no parameter reaches through differentiable ops (PyTorch:
 * requires_grad False, no grad_fn), "constant" or "no path to t". */
static SlGradState grad_text(const AppPanelCtx *ctx, const AppGraphFacts *g, int index, float room, char *buf,
                             size_t len)
{
    const SlNodeInfo *in = &g->info[index];
    int n = in->rows * in->cols;
    SlGradState st = g->grad_state[index];
    if (app_graph_node_constant(in)) {
        if (!after_param(g, index, 0))
            snprintf(buf, len, "constant");
        else
            snprintf(buf, len, "no path to %s", param_name(g));
        return st;
    }
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
    app_graph_value_fit(ctx, APP_FONT_SMALL, "grad ", in->grad, in->rows, in->cols, room, buf, len);
    return st;
}

static void draw_edges(const AppPanelCtx *ctx, const AppGraphLayout *g, AppRect area, float *mark)
{
    /* The layer of the landscape plot, which the graph view replaces. */
    AppLayer *layer = &ctx->layers[APP_LAYER_LANDSCAPE];
    AppCanvas *c = app_layer_begin(ctx->draw, layer, area, app_theme_color(APP_COL_PANEL)) ? &layer->canvas : NULL;
    float s = ctx->scale, xy[2 * APP_GRAPH_PATH_MAX];
    AppColor muted = app_theme_color(APP_COL_MUTED), err = app_theme_color(APP_COL_ERROR);
    for (int e = 0; e < g->edge_count; e++) {
        const AppGraphEdge *ed = &g->edges[e];
        int at = 0, n = app_graph_edge_path(g, e, 7.0f * s, xy, APP_GRAPH_PATH_MAX, &at);
        mark[2 * e] = xy[2 * at];
        mark[2 * e + 1] = xy[2 * at + 1];
        if (!c || n < 2) continue;
        AppColor col = ed->nan ? err : ed->cut ? muted : app_theme_color(APP_COL_TEXT);
        float w = ed->nan ? 3.5f : 2.0f;
        for (int i = 0; i + 1 < n; i++)
            if (!ed->cut || (i / 2) % 2 == 0)
                app_panel_line(ctx, c, xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], w, col, APP_LINE_SOLID);
        float bx = (float)g->box[ed->to].x, x1 = xy[2 * (n - 1)], y1 = xy[2 * (n - 1) + 1];
        float head[6] = {bx, y1, x1, y1 - 5.0f * s, x1, y1 + 5.0f * s};
        app_canvas_convex(c, head, 3, col);
        if (ed->breaks) {
            float mx = mark[2 * e], my = mark[2 * e + 1], d = 7.0f * s;
            app_panel_line(ctx, c, mx - d, my - d, mx + d, my + d, 3.0f, err, APP_LINE_SOLID);
            app_panel_line(ctx, c, mx - d, my + d, mx + d, my - d, 3.0f, err, APP_LINE_SOLID);
        }
    }
    if (c) app_layer_end(ctx->draw, layer);
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
static void edge_label(const AppPanelCtx *ctx, const AppGraphLayout *g, float x, float y, const char *text, AppColor c)
{
    int w = app_text_width(ctx->text, APP_FONT_SMALL, text), h = app_text_line_height(ctx->text, APP_FONT_SMALL);
    int d = (int)(10.0f * ctx->scale);
    AppRect at[4] = {{(int)x - w / 2 - 3, (int)y + d, w + 6, h},
                     {(int)x - w / 2 - 3, (int)y - d - h, w + 6, h},
                     {(int)x + d, (int)y - h / 2, w + 6, h},
                     {(int)x - d - w - 6, (int)y - h / 2, w + 6, h}};
    for (int i = 0; i < 4; i++) {
        if (hits_box(g, at[i])) continue;
        app_draw_fill_rect(ctx->draw, at[i], app_color_alpha(app_theme_color(APP_COL_PANEL), 235));
        app_text_draw(ctx->text, APP_FONT_SMALL, text, (float)(at[i].x + 3), (float)at[i].y, c, APP_ALIGN_LEFT);
        return;
    }
}

/* A box: label (bold), op, value, gradient chip. A constant (no path from the parameter)
 * is drawn receding: thin border on the page colour, its chip hollow. */
static void draw_node(const AppPanelCtx *ctx, const AppGraphFacts *facts, int i, AppRect b)
{
    SlNodeInfo in = facts->info[i];
    int pad = ctx->layout->pad;
    int bh = app_text_line_height(ctx->text, APP_FONT_BOLD), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    int constant = app_graph_node_constant(&in);
    AppColor muted = app_theme_color(APP_COL_MUTED);
    AppColor border = in.op == SL_OP_PARAM ? app_theme_color(APP_COL_ACCENT)
                      : in.value_has_nan  ? app_theme_color(APP_COL_ERROR)
                                          : app_theme_color(APP_COL_BORDER);
    AppColor face = constant ? app_theme_color(APP_COL_BG) : app_theme_color(APP_COL_PANEL);
    int bw = in.op == SL_OP_PARAM || in.value_has_nan ? 3 : 1;
    app_draw_round_rect(ctx->draw, b, 6.0f, border);
    app_draw_round_rect(ctx->draw, app_rect_inset(b, bw), 5.0f, face);
    char line[160];
    float x = (float)(b.x + pad / 2 + bw), room = (float)(b.w - pad - 2 * bw);
    int y = b.y + bw + 1;
    /* A long label steps down to the regular, then the small face before it is cut. */
    const char *label = in.label ? in.label : in.op_name;
    AppFont lf = APP_FONT_BOLD;
    if ((float)app_text_width(ctx->text, lf, label) > room) lf = APP_FONT_BODY;
    if ((float)app_text_width(ctx->text, lf, label) > room) lf = APP_FONT_SMALL;
    app_text_draw_fit(ctx->text, lf, label, x, (float)y, room, app_theme_color(APP_COL_TEXT));
    y += bh;
    /* Room for the chip first, then the value, then the op. */
    int lines = (b.y + b.h - bw - y - 4) / sh;
    if (in.label && lines >= 3) {
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, in.op_name, x, (float)y, room, muted);
        y += sh;
    }
    if (lines >= 2) {
        app_graph_value_fit(ctx, APP_FONT_SMALL, NULL, in.value, in.rows, in.cols, room, line, sizeof line);
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, line, x, (float)y, room,
                          in.value_has_nan ? app_theme_color(APP_COL_ERROR) : muted);
        y += sh + 1;
    }
    if (lines < 1) return;
    SlGradState st = grad_text(ctx, facts, i, room - 4.0f, line, sizeof line);
    /* A narrow box keeps the word that matters: "none", "no path". */
    if ((float)app_text_width(ctx->text, APP_FONT_SMALL, line) > room - 4.0f) {
        if (!strncmp(line, "grad ", 5)) memmove(line, line + 5, strlen(line + 5) + 1);
        if (!strncmp(line, "no path to ", 11)) line[7] = '\0';
    }
    AppRect chip = {(int)x, y, (int)room, sh + 2};
    if (chip.y + chip.h > b.y + b.h - bw) chip.h = b.y + b.h - bw - chip.y;
    if (constant) {
        app_draw_round_rect(ctx->draw, chip, 3.0f, app_theme_color(APP_COL_BORDER));
        app_draw_round_rect(ctx->draw, app_rect_inset(chip, 1), 2.0f, face);
        int tw = app_text_width(ctx->text, APP_FONT_SMALL, line);
        float tx = tw <= chip.w - 4 ? (float)chip.x + (float)(chip.w - tw) * 0.5f : (float)chip.x + 2.0f;
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, line, tx, (float)chip.y + 1.0f, (float)(chip.w - 4), muted);
    } else {
        app_cell_state(ctx, chip, st, line, APP_FONT_SMALL);
    }
}

/* Box width: the widest label, op or short value, within bounds; the layout shrinks it
 * when the columns do not fit. */
static int node_width(const AppPanelCtx *ctx, const AppGraphFacts *g)
{
    int w = (int)(150.0f * ctx->scale), cap = (int)(260.0f * ctx->scale);
    for (int i = 0; i < g->count; i++) {
        SlNodeInfo in = g->info[i];
        int lw = app_text_width(ctx->text, APP_FONT_BOLD, in.label ? in.label : in.op_name);
        int ow = app_text_width(ctx->text, APP_FONT_SMALL, in.op_name);
        if (lw > w) w = lw;
        if (ow > w) w = ow;
    }
    w += ctx->layout->pad + 8;
    return w < cap ? w : cap;
}

void app_panel_graph(const AppPanelCtx *ctx, AppRect r)
{
    char caption[200], note[96];
    const AppModel *m = ctx->model;
    /* The model records the tape (m->derived); the window reads its facts before drawing. */
    const SlTape *tape = m->derived.graph_tape;
    snprintf(caption, sizeof caption, "%s", m->derived.graph_caption);
    const AppGraphFacts *facts = ctx->graph_facts;
    int subjects = app_lesson_state_subject_count(&m->ls, app_model_shown_count(m));
    snprintf(note, sizeof note, "c: next of %d   g: close", subjects);
    app_panel_card(ctx, r, "Computation graph", note);
    int pad = ctx->layout->pad;
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    float tx = (float)(r.x + 2 * pad);
    int y = r.y + bh + 2 * pad;
    app_text_draw_fit(ctx->text, APP_FONT_BODY, caption, tx, (float)y, (float)(r.w - 4 * pad),
                      app_theme_color(APP_COL_TEXT));
    y += bh + pad;
    /* Why the parameter gets nothing, when no path reaches the output: over the key. */
    char why[300] = "";
    int why_h = 0;
    if (tape && facts->output_cut_off) {
        const char *p = param_name(facts);
        snprintf(why, sizeof why,
                 "Past the \xe2\x9c\x95 nothing depends on %s (the step has no slope): autograd sees constants "
                 "(PyTorch: no grad_fn), so %s.grad stays None.", p, p);
        why_h = app_text_wrap_height(ctx->text, APP_FONT_SMALL, why, r.w - 4 * pad);
    }
    AppRect area = {r.x + 2 * pad, y, r.w - 4 * pad, r.y + r.h - y - 2 * sh - 2 * pad - why_h};

    AppGraphLayout g;
    int count = tape ? facts->count : 0;
    if (!tape || count == 0) {
        app_text_draw(ctx->text, APP_FONT_BODY, tape ? "The tape is empty." : "No tape to show (engine error).",
                      tx, (float)y, app_theme_color(APP_COL_ERROR), APP_ALIGN_LEFT);
        return;
    }
    int node_w = count > 0 ? node_width(ctx, facts) : 0, node_h = app_text_line_height(ctx->text, APP_FONT_BOLD) + 3 * sh + 12;
    if (count < 0 || !app_graph_layout(&g, facts->nodes, count, area, node_w, node_h, (int)(36.0f * ctx->scale))) {
        snprintf(caption, sizeof caption, "The tape has %d nodes: too many to draw here.", sl_node_count(tape));
        app_text_draw(ctx->text, APP_FONT_BODY, caption, tx, (float)y, app_theme_color(APP_COL_ERROR), APP_ALIGN_LEFT);
        return;
    }
    float mid[2 * APP_GRAPH_MAX * 3];
    draw_edges(ctx, &g, area, mid);
    for (int i = 0; i < g.count; i++) draw_node(ctx, facts, i, g.box[i]);
    for (int e = 0; e < g.edge_count; e++) {
        if (g.edges[e].breaks)
            edge_label(ctx, &g, mid[2 * e], mid[2 * e + 1], "no gradient", app_theme_color(APP_COL_ERROR));
        else if (g.edges[e].nan)
            edge_label(ctx, &g, mid[2 * e], mid[2 * e + 1], "NaN", app_theme_color(APP_COL_ERROR));
    }

    int ky = r.y + r.h - pad - sh;
    char key[300];
    if (why_h > 0) {
        AppRect box = {(int)tx, ky - why_h - pad / 2, r.w - 4 * pad, why_h};
        int wy = box.y;
        app_text_wrap(ctx->text, APP_FONT_SMALL, why, box, &wy, app_theme_color(APP_COL_TEXT));
    }
    snprintf(key, sizeof key, "\xe2\x9c\x95 %d edge%s where the path breaks (no gradient flows back)   dashed: input with no gradient   "
                              "red: %d edge%s carrying NaN   grey box: constant",
             app_graph_cut_count(&g), app_graph_cut_count(&g) == 1 ? "" : "s", app_graph_nan_count(&g),
             app_graph_nan_count(&g) == 1 ? "" : "s");
    app_text_draw_fit(ctx->text, APP_FONT_SMALL, key, tx, (float)ky, (float)(r.w - 4 * pad),
                      app_theme_color(APP_COL_MUTED));
}
