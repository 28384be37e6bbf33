/* app_panel_info.c — the text panels: the header with title and legend, the gradient
 * table (state badge, finite difference, stop reason per family) and the explain panel
 * (lesson pages, what is happening now, the chain rule with today's numbers). */
#include "app_panels.h"
#include "app_notes.h"
#include "app_readout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int shown(const AppPanelCtx *ctx, int f)
{
    return (int)(ctx->model->shown >> f & 1u);
}

static const char *family_title(int f)
{
    static const char *const names[SL_MASK_COUNT] = {"hard", "logistic", "smoothstep", "hardsigmoid", "ste"};
    return f >= 0 && f < SL_MASK_COUNT ? names[f] : "?";
}

void app_panel_header(const AppPanelCtx *ctx, AppRect r)
{
    const AppModel *m = ctx->model;
    int pad = ctx->layout->pad;
    float s = ctx->scale;
    const char *title = m->lesson.title[0] ? m->lesson.title : "Hard and soft steps";
    float ty = (float)(r.y + (r.h - app_text_line_height(ctx->text, APP_FONT_TITLE)) / 2);
    /* The lesson's title matters more than the name of the program: a narrow header
     * (presentation scale) drops "steplab" before it cuts the title. */
    int brand = app_text_width(ctx->text, APP_FONT_TITLE, "steplab");
    float tx = (float)(r.x + 2 * pad + brand) + 10.0f * s;
    float right = app_model_trains(m) ? (float)ctx->layout->legend[0].x : (float)(r.x + r.w - pad);
    float room = right - tx - (float)pad;
    if ((float)app_text_width(ctx->text, APP_FONT_TITLE, title) > room) {
        tx = (float)(r.x + 2 * pad);
        room = right - tx - (float)pad;
    } else {
        app_text_draw(ctx->text, APP_FONT_TITLE, "steplab", (float)(r.x + 2 * pad), ty, app_theme_color(APP_COL_ACCENT),
                      APP_ALIGN_LEFT);
    }
    app_text_draw_fit(ctx->text, APP_FONT_TITLE, title, tx, ty, room, app_theme_color(APP_COL_TEXT));

    int bh = app_text_line_height(ctx->text, APP_FONT_BODY);
    /* The family legend toggles what trains: lesson 6 trains nothing, so it has none. */
    for (int f = 0; f < SL_MASK_COUNT && app_model_trains(m); f++) {
        AppRect e = ctx->layout->legend[f];
        int on = shown(ctx, f);
        AppColor tc = on ? app_theme_color(APP_COL_TEXT) : app_theme_color(APP_COL_OFF);
        float cy = (float)e.y + (float)e.h * 0.5f;
        char key[4];
        snprintf(key, sizeof key, "%d", f + 1);
        AppRect cap = {e.x, (int)(cy - (float)bh * 0.5f), bh, bh};
        app_draw_round_rect(ctx->draw, cap, 4.0f, on ? app_theme_color(APP_COL_BORDER) : app_theme_color(APP_COL_GRID));
        app_text_draw(ctx->text, APP_FONT_SMALL, key, (float)cap.x + (float)cap.w * 0.5f,
                      cy - (float)app_text_line_height(ctx->text, APP_FONT_SMALL) * 0.5f,
                      on ? app_theme_color(APP_COL_PANEL) : app_theme_color(APP_COL_MUTED), APP_ALIGN_CENTER);
        float nx = (float)(cap.x + cap.w + pad);
        if (on) {
            float len = (float)app_layout_swatch_w(ctx->layout);
            app_panel_swatch(ctx, nx, cy, len, f, app_theme_color(APP_COL_BG));
            nx += len + (float)pad;
        }
        app_text_draw_fit(ctx->text, APP_FONT_BODY, family_title(f), nx, cy - (float)bh * 0.5f,
                          (float)(e.x + e.w) - nx, tc);
    }
}

static void badge_text(const SlTrainRow *row, char *buf, size_t n)
{
    switch (row->state) {
    case SL_GRAD_NONE: snprintf(buf, n, "NONE"); break;
    case SL_GRAD_ZERO: snprintf(buf, n, "ZERO"); break;
    case SL_GRAD_NAN: snprintf(buf, n, "NaN"); break;
    case SL_GRAD_VALUE: app_format_value((double)row->grad, 4, buf, (unsigned)n); break;
    }
}

int app_fd_is_spike(SlMaskKind family, SlGradState state, float fd)
{
    /* hard has no gradient; ste's forward is hard too, so its loss jumps at the same
     * t, whatever its surrogate gradient says. */
    int hard_forward = family == SL_MASK_HARD || family == SL_MASK_STE || state == SL_GRAD_NONE;
    return hard_forward && isfinite(fd) && fd != 0.0f;
}

/* The "spike" chip at the start of the finite-difference cell, as tall as the badge b;
 * *room shrinks by what it takes. */
static void spike_chip(const AppPanelCtx *ctx, AppRect b, float x, float *room)
{
    const char *word = "spike";
    int pad = ctx->layout->pad;
    int w = app_text_width(ctx->text, APP_FONT_SMALL, word) + pad;
    AppRect chip = {(int)x, b.y + b.h / 6, w, b.h - b.h / 3};
    AppColor ec = app_theme_color(APP_COL_ERROR);
    app_draw_round_rect(ctx->draw, chip, 4.0f, app_color_alpha(ec, 40));
    app_text_draw(ctx->text, APP_FONT_SMALL, word, (float)chip.x + (float)w * 0.5f,
                  (float)chip.y + (float)(chip.h - app_text_line_height(ctx->text, APP_FONT_SMALL)) * 0.5f, ec,
                  APP_ALIGN_CENTER);
    *room -= (float)(w + pad / 2);
}

void app_panel_gradient(const AppPanelCtx *ctx, AppRect r)
{
    const AppModel *m = ctx->model;
    const AppLayout *L = ctx->layout;
    char buf[64];
    app_readout_fd_heading(m, buf, sizeof buf); /* h = t's spacing when 0.01 is below it */
    app_panel_card(ctx, r, "Gradient dL/dt at each t", NULL);
    AppColor muted = app_theme_color(APP_COL_MUTED), text = app_theme_color(APP_COL_TEXT);
    AppRect head = app_layout_grad_row(L, -1);
    float hy = (float)head.y;
    app_text_draw(ctx->text, APP_FONT_SMALL, "family", (float)L->grad_col[0], hy, muted, APP_ALIGN_LEFT);
    app_text_draw(ctx->text, APP_FONT_SMALL, "autodiff", (float)L->grad_col[1], hy, muted, APP_ALIGN_LEFT);
    app_text_draw_fit(ctx->text, APP_FONT_SMALL, buf, (float)L->grad_col[2], hy,
                      (float)(L->grad_col[3] - L->grad_col[2] - L->pad), muted);
    int status_col = L->grad_col[3] < L->grad_col[4];
    if (status_col)
        app_text_draw(ctx->text, APP_FONT_SMALL, "training", (float)L->grad_col[3], hy, muted, APP_ALIGN_LEFT);

    int row_i = 0, spikes = 0;
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY);
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        if (!shown(ctx, f)) continue;
        AppRect row = app_layout_grad_row(L, row_i);
        if (row.y + row.h > r.y + r.h) {
            app_panel_drop(ctx, "gradient table: no room for %s", family_title(f));
            break;
        }
        const SlTrainRow *tr = app_model_row(m, f);
        float cy = (float)row.y + (float)row.h * 0.5f, ty = cy - (float)bh * 0.5f;
        if (row_i > 0) {
            AppRect sep = {row.x, row.y, row.w, 1};
            app_draw_fill_rect(ctx->draw, sep, app_theme_color(APP_COL_GRID));
        }
        float len = 28.0f * ctx->scale;
        app_panel_swatch(ctx, (float)L->grad_col[0], cy, len, f, app_theme_color(APP_COL_PANEL));
        app_text_draw_fit(ctx->text, APP_FONT_BODY, family_title(f), (float)L->grad_col[0] + len + (float)L->pad, ty,
                          (float)(L->grad_col[1] - L->grad_col[0]) - len - (float)(2 * L->pad), text);

        AppRect b = app_layout_grad_badge(L, row_i);
        app_draw_round_rect(ctx->draw, b, 5.0f, app_theme_badge_fill(tr->state));
        badge_text(tr, buf, sizeof buf);
        app_text_draw(ctx->text, tr->state == SL_GRAD_VALUE ? APP_FONT_BODY : APP_FONT_BOLD, buf,
                      (float)b.x + (float)b.w * 0.5f, ty, app_theme_badge_text(tr->state), APP_ALIGN_CENTER);

        char fd[40];
        float fd_w = (float)(L->grad_col[3] - L->grad_col[2] - L->pad);
        if (app_fd_is_spike((SlMaskKind)f, tr->state, m->fd[f])) {
            /* No gradient, yet a number: the step jumped between t - h and t + h. Say
             * so before the number, which is then only a detail. */
            spike_chip(ctx, b, (float)L->grad_col[2], &fd_w);
            app_format_value((double)m->fd[f], 3, fd, sizeof fd);
            snprintf(buf, sizeof buf, "\xe2\x89\x88 %s", fd);
            app_text_draw_fit(ctx->text, APP_FONT_SMALL, buf, (float)L->grad_col[3] - (float)L->pad - fd_w,
                              cy - (float)app_text_line_height(ctx->text, APP_FONT_SMALL) * 0.5f, fd_w, muted);
            spikes++;
        } else {
            app_format_value((double)m->fd[f], 4, fd, sizeof fd);
            snprintf(buf, sizeof buf, "\xe2\x89\x88 %s", fd);
            app_text_draw_fit(ctx->text, APP_FONT_BODY, buf, (float)L->grad_col[2], ty, fd_w, text);
        }

        SlStopReason why = m->tr[f].stop;
        const char *status = app_notes_family_word(m, f);
        AppColor sc = why == SL_STOP_NO_GRADIENT || why == SL_STOP_DIVERGED ? app_theme_color(APP_COL_ERROR)
                      : why == SL_STOP_CONVERGED ? app_theme_family_color(SL_MASK_SMOOTHSTEP)
                                                 : muted;
        float sy = cy - (float)app_text_line_height(ctx->text, APP_FONT_SMALL) * 0.5f;
        /* A verdict longer than its column says the same in fewer words, on purpose (each
         * pair may shorten what the one before it gave). */
        static const char *const shorter[][2] = {{"gradient vanished", "vanished"},
                                                 {"zero gradient", "zero grad."},
                                                 {"zero gradient (t is outside 0..N-1)", "zero grad., t outside"},
                                                 {"zero grad., t outside", "t outside 0..N-1"},
                                                 {"t outside 0..N-1", "t outside"},
                                                 {"no gradient", "no grad."},
                                                 {"update below t's float32 resolution", "below float32"}};
        float status_w = (float)(L->grad_col[4] - L->grad_col[3]);
        for (size_t k = 0; k < sizeof shorter / sizeof shorter[0]; k++)
            if ((float)app_text_width(ctx->text, APP_FONT_SMALL, status) > status_w && !strcmp(status, shorter[k][0]))
                status = shorter[k][1];
        if (status_col) app_text_draw_fit(ctx->text, APP_FONT_SMALL, status, (float)L->grad_col[3], sy, status_w, sc);
        row_i++;
    }
    /* Under the table, when it has room: what the spike means. */
    AppRect next = app_layout_grad_row(L, row_i);
    int sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    if (spikes && next.y + sh <= r.y + r.h - L->pad / 2)
        app_text_draw_fit(ctx->text, APP_FONT_SMALL,
                          "spike: the step jumps between t\xe2\x88\x92h and t+h \xe2\x80\x94 a spike, not a slope",
                          (float)L->grad_col[0], (float)next.y + (float)L->pad / 2, (float)(L->grad_col[4] - L->grad_col[0]),
                          muted);
}

/* The numbers table under the lesson text: per family t, its loss, the hard-mask loss
 * at that t and the gap, with the digits the lesson pages quote (m->derived.numbers).
 * One header line, then one line per family listed; returns the y below it. */
static int numbers_table(const AppPanelCtx *ctx, unsigned listed, int x, int y, int w)
{
    const AppModel *m = ctx->model;
    int sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    AppColor text = app_theme_color(APP_COL_TEXT), muted = app_theme_color(APP_COL_MUTED);
    float dot = 4.0f * ctx->scale;
    int name_w = 0;
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        int nw = app_text_width(ctx->text, APP_FONT_SMALL, family_title(f));
        if ((listed >> f & 1u) && nw > name_w) name_w = nw;
    }
    static const char *const head[4] = {"t", "loss", "hard mask", "gap"};
    /* Each column as wide as its widest entry, the room left shared out evenly; short
     * of room, columns shrink in proportion and a cell is cut with an ellipsis. */
    float need[4];
    for (int i = 0; i < 4; i++) need[i] = (float)app_text_width(ctx->text, APP_FONT_SMALL, head[i]);
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        if (!(listed >> f & 1u)) continue;
        const AppFamilyNumbers *num = &m->derived.numbers[f];
        const char *cell[4] = {num->t, num->loss, num->hard, num->gap};
        for (int i = 0; i < 4; i++) need[i] = fmaxf(need[i], (float)app_text_width(ctx->text, APP_FONT_SMALL, cell[i]));
    }
    float col[6], gap = (float)ctx->layout->pad;
    col[0] = (float)x;
    col[1] = (float)x + 3.0f * dot + (float)name_w + gap;
    col[5] = (float)(x + w);
    float total = 0.0f;
    for (int i = 0; i < 4; i++) total += need[i] + gap;
    float room = col[5] - col[1], extra = room > total ? (room - total) / 4.0f : 0.0f;
    float shrink = room < total && total > 0.0f ? room / total : 1.0f;
    for (int i = 2; i < 5; i++) col[i] = col[i - 1] + (need[i - 2] + gap) * shrink + extra;
    for (int i = 0; i < 4; i++)
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, head[i], col[i + 1], (float)y,
                          col[i + 2] - col[i + 1] - (float)ctx->layout->pad / 2.0f, muted);
    y += sh;
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        if (!(listed >> f & 1u)) continue;
        const AppFamilyNumbers *num = &m->derived.numbers[f];
        app_draw_disc(ctx->draw, col[0] + dot, (float)y + (float)sh * 0.55f, dot, app_theme_family_color((SlMaskKind)f));
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, family_title(f), col[0] + 3.0f * dot, (float)y,
                          col[1] - col[0] - 3.0f * dot, text);
        const char *cell[4] = {num->t, num->loss, num->hard, num->gap};
        for (int i = 0; i < 4; i++)
            app_text_draw_fit(ctx->text, APP_FONT_SMALL, cell[i], col[i + 1], (float)y,
                              col[i + 2] - col[i + 1] - (float)ctx->layout->pad / 2.0f, text);
        y += sh;
    }
    return y;
}

/* The chain rule for family f with the numbers on its trainer's tape (the model's
 * refresh summed it: m->derived.chain). */
static void chain_rule(const AppModel *m, int f, char lines[3][160])
{
    const SlTrainRow *row = app_model_row(m, f);
    snprintf(lines[0], 160, "dL/dt = \xce\xa3\xe1\xb5\xa2 \xe2\x88\x82L/\xe2\x88\x82m\xe1\xb5\xa2 \xc2\xb7 "
                            "\xe2\x88\x82m\xe1\xb5\xa2/\xe2\x88\x82t   (%s, t = %.6g)", family_title(f), (double)row->t);
    lines[1][0] = lines[2][0] = '\0';
    const AppChainRule cr = m->derived.chain;
    if (!m->derived.chain_ok || m->derived.lead != f) {
        snprintf(lines[1], 160, "\xe2\x88\x82m\xe1\xb5\xa2/\xe2\x88\x82t: not on the tape for %s.", family_title(f));
        return;
    }
    char a[32], b[32], c[32], d[32], e[32];
    app_format_value((double)cr.best_g, 3, a, sizeof a);
    app_format_value((double)cr.best_slope, 3, b, sizeof b);
    app_format_value((double)cr.best_term, 3, c, sizeof c);
    app_format_value((double)cr.sum, 4, d, sizeof d);
    app_format_value((double)row->grad, 4, e, sizeof e);
    snprintf(lines[1], 160, "largest term, i = %d:  %s \xc3\x97 %s = %s", cr.best_i, a, b, c);
    /* Summed in autodiff's order, the sum is autodiff's number to the bit; say so. */
    if (!cr.banded &&
        (cr.sum == row->grad || (row->state != SL_GRAD_VALUE && row->state != SL_GRAD_ZERO && strcmp(d, e) == 0)))
        snprintf(lines[2], 160, "sum of %d terms = %s = autodiff (same order)", cr.count, d);
    else
        snprintf(lines[2], 160, "sum of %d terms = %s   (autodiff: %s)", cr.count, d, e);
}

/* How the explain panel shares its height: the lesson page above, then the status
 * block (the latest note, the numbers table, the chain rule) of a fixed budget. */
typedef struct ExplainPlan {
    int about_t;        /* the view is about the one learnable t (task and threshold lessons) */
    int lead;           /* the family whose chain rule is shown, or -1 */
    int rule_budget;    /* small lines for the chain rule, of which the note takes some */
    int detail_h;       /* the note's and the chain rule's height */
    unsigned listed;    /* the families in the numbers table */
    int text_bottom;    /* where the page text ends */
} ExplainPlan;

/* The family lines of the numbers table: a header line and a line per family, or
 * nothing; hard and the chain-rule family first. They give way to the lesson text. */
static unsigned explain_listed(const AppPanelCtx *ctx, int lead, int fam_lines)
{
    static const int order[SL_MASK_COUNT] = {SL_MASK_HARD, -1, SL_MASK_LOGISTIC, SL_MASK_SMOOTHSTEP, SL_MASK_HARDSIGMOID};
    unsigned listed = 0;
    for (int i = 0, n = 0; i < SL_MASK_COUNT + 1 && n < fam_lines; i++) {
        int f = i < SL_MASK_COUNT ? (order[i] < 0 ? lead : order[i]) : SL_MASK_STE;
        if (f < 0 || !shown(ctx, f) || (listed >> f & 1u)) continue;
        listed |= 1u << f;
        n++;
    }
    return listed;
}

static ExplainPlan explain_plan(const AppPanelCtx *ctx, AppRect r)
{
    const AppModel *m = ctx->model;
    int pad = ctx->layout->pad;
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    ExplainPlan p;
    /* The family lines and the chain rule are about the one learnable t: lessons whose
     * view is about elements (NaN) or channels, and the map view (many runs), leave
     * the room to their text. */
    SlLessonKind kind = m->lesson.kind;
    p.about_t = (kind == SL_LESSON_TASK || kind == SL_LESSON_THRESHOLD) && !ctx->map_shown;
    p.lead = p.about_t ? m->derived.lead : -1; /* app_model_lead_family */
    /* The status block has a fixed budget, so a run that stops (and says so) does not
     * push the page text around: three small lines for the chain rule, of which the
     * latest note takes one or two (the formula goes first); without the rule, two
     * lines for the note. At least seven lines of page text stay. */
    int families = app_model_shown_count(m);
    p.rule_budget = p.lead >= 0 ? 3 : 0;
    p.detail_h = p.lead >= 0 ? 3 * sh : p.about_t || m->message[0] ? 2 * sh : 0;
    int fixed_h = p.detail_h + 2 * pad + pad / 2;
    int room = (r.h - (bh + 2 * pad) - 7 * bh - fixed_h) / sh;
    if (p.lead >= 0 && room < families + 1) {
        /* Short of room (a large presentation scale), the numbers table the pages quote
         * goes before the chain rule: its formula first, then the largest term, then the
         * sum (the gradient table shows autodiff's number anyway). */
        int give = families + 1 - room;
        p.rule_budget = give >= 3 ? 0 : 3 - give;
        p.detail_h = p.rule_budget * sh;
        fixed_h = p.detail_h + 2 * pad + pad / 2;
        room = (r.h - (bh + 2 * pad) - 7 * bh - fixed_h) / sh;
    }
    int fam_lines = p.about_t ? families : 0;
    if (fam_lines + 1 > room) fam_lines = room - 1;
    if (fam_lines < 1) fam_lines = 0;
    if (p.about_t && fam_lines < families) /* the pages quote these numbers */
        app_panel_drop(ctx, "numbers table: %d of %d families", fam_lines, families);
    p.listed = explain_listed(ctx, p.lead, fam_lines);
    int now_h = fixed_h + (fam_lines ? fam_lines + 1 : 0) * sh;
    p.text_bottom = r.y + r.h - now_h - pad;
    return p;
}

/* The lesson page in box down to text_bottom: body size when it fits, else the small
 * font; past that it scrolls (mouse wheel over the panel) and says so. A scrolled view
 * starts at a line top, so no half line shows under the heading. The view's height and
 * how far it scrolls go to ctx->out. */
static void explain_page(const AppPanelCtx *ctx, AppRect box, int text_bottom)
{
    const AppModel *m = ctx->model;
    const SlLesson *ls = &m->lesson;
    int pad = ctx->layout->pad;
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    AppColor text = app_theme_color(APP_COL_TEXT), muted = app_theme_color(APP_COL_MUTED);
    const char *page_title = ls->page_count > 0 ? ls->pages[m->page].title : "";
    const char *page_text = ls->page_count > 0 ? ls->pages[m->page].text
                                               : "A hard step [i < t] has no derivative with respect to t, so "
                                                 "autodiff finds no path and the gradient is none: t never "
                                                 "moves. A soft step lets a gradient through and t learns.";
    int y = box.y;
    if (page_title[0]) {
        app_text_draw_fit(ctx->text, APP_FONT_BOLD, page_title, (float)box.x, (float)y, (float)box.w, text);
        y += bh + pad / 2;
    }
    int avail = text_bottom - y;
    AppFont pf = APP_FONT_BODY;
    if (app_text_wrap_height(ctx->text, pf, page_text, box.w) > avail) pf = APP_FONT_SMALL;
    int need = app_text_wrap_height(ctx->text, pf, page_text, box.w);
    int fits = need <= avail;
    int view_h = fits ? avail : avail - sh;
    int scroll_max = fits ? 0 : need - view_h + sh;
    int scroll = ctx->text_scroll > scroll_max ? scroll_max : ctx->text_scroll;
    ctx->out->text_scroll_max = scroll_max;
    ctx->out->text_view_h = view_h;
    int offset = scroll > 0 ? app_text_wrap_snap(ctx->text, pf, page_text, box.w, scroll) : 0;
    AppRect view = {box.x, y, box.w, view_h};
    int ty = y - offset;
    AppRect wrap = {box.x, ty, box.w, y + view_h - ty};
    app_draw_clip(ctx->draw, &view);
    app_text_log_pause(ctx->text, 1); /* the page's own words are not what the panels show */
    int all = app_text_wrap(ctx->text, pf, page_text, wrap, &ty, text);
    app_text_log_pause(ctx->text, 0);
    app_draw_clip(ctx->draw, NULL);
    if (!fits || !all) {
        const char *hint = scroll >= scroll_max ? "\xe2\x96\xb2 PgUp for the start" : "\xe2\x96\xbc more: PgDn or scroll here";
        app_text_draw(ctx->text, APP_FONT_SMALL, hint, (float)(box.x + box.w), (float)(y + view_h), muted,
                      APP_ALIGN_RIGHT);
    }
}

/* The latest note at y, in the lines the plan leaves it (one or two beside the chain
 * rule); returns how many it took. */
static int explain_note(const AppPanelCtx *ctx, const ExplainPlan *p, AppRect box, int *y)
{
    const AppModel *m = ctx->model;
    int sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    if (!m->message[0] || p->detail_h <= 0) return 0;
    AppColor nc = m->message_error ? app_theme_color(APP_COL_ERROR) : app_theme_color(APP_COL_NOTE);
    int lines = app_text_wrap_height(ctx->text, APP_FONT_SMALL, m->message, box.w) / sh;
    int most = p->lead >= 0 ? (p->rule_budget < 2 ? p->rule_budget : 2) : p->detail_h / sh;
    lines = lines < 1 ? 1 : lines > most ? most : lines;
    AppRect now = {box.x, *y, box.w, lines * sh};
    /* A note passes: one too long for its lines is shortened there, and is no content
     * the layout dropped, so it never makes the window back the scale (F3) down. */
    app_text_cuts_pause(ctx->text, 1);
    if (lines == 1)
        app_text_draw_fit(ctx->text, APP_FONT_SMALL, m->message, (float)box.x, (float)*y, (float)box.w, nc);
    else
        app_text_wrap_fit(ctx->text, APP_FONT_SMALL, m->message, now, y, nc);
    app_text_cuts_pause(ctx->text, 0);
    *y = now.y + now.h;
    ctx->out->note_shown = 1;
    return lines;
}

void app_panel_explain(const AppPanelCtx *ctx, AppRect r)
{
    const AppModel *m = ctx->model;
    const SlLesson *ls = &m->lesson;
    int pad = ctx->layout->pad;
    char note[64] = "";
    if (ls->page_count > 1) snprintf(note, sizeof note, "page %d/%d  ( , . )", m->page + 1, ls->page_count);
    app_panel_card(ctx, r, "Explanation", note[0] ? note : NULL);
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    ExplainPlan p = explain_plan(ctx, r);
    AppRect box = {r.x + pad + pad / 2, r.y + bh + 2 * pad, r.w - 3 * pad, 0};
    box.h = p.text_bottom - box.y;
    if (box.h > bh) explain_page(ctx, box, p.text_bottom);

    /* What is happening now, then the chain rule. */
    app_draw_fill_rect(ctx->draw, (AppRect){box.x, p.text_bottom + pad / 2, box.w, 1}, app_theme_color(APP_COL_GRID));
    int y = p.text_bottom + pad;
    int rule_lines = p.rule_budget - explain_note(ctx, &p, box, &y);
    if (p.listed) y = numbers_table(ctx, p.listed, box.x, y, box.w);
    if (p.lead >= 0 && rule_lines > 0) {
        char lines[3][160];
        chain_rule(m, p.lead, lines);
        /* Short of room, the formula goes first; the numbers stay. */
        for (int i = 3 - rule_lines; i < 3; i++, y += sh)
            app_text_draw_fit(ctx->text, APP_FONT_SMALL, lines[i], (float)box.x, (float)y, (float)box.w,
                              app_theme_color(APP_COL_MUTED));
    }
}
