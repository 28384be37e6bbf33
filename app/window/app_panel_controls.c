/* app_panel_controls.c — the sliders and buttons along the bottom, and the help overlay
 * that lists every key from the key table. */
#include "app_panels.h"

#include <stdio.h>
#include <string.h>

#include "app_keys.h"
#include "app_lesson_panels.h"

static void slider(const AppPanelCtx *ctx, int ctrl)
{
    const AppLayout *L = ctx->layout;
    AppRect c = L->ctrl[ctrl];
    AppSliderSpec spec = app_controls_slider_spec(ctx->model, ctrl);
    float v = app_controls_slider_value(ctx->model, ctrl);
    char val[64];
    if (spec.integer)
        snprintf(val, sizeof val, "%d", (int)v);
    else /* t0 and t* as the numbers table writes t (6 digits): typed 40.4992, it says 40.4992 */
        app_format_value((double)v, ctrl == APP_CTRL_T0 || ctrl == APP_CTRL_TARGET ? 6 : 3, val, sizeof val);
    if (ctrl == APP_CTRL_K && ctx->model->set.anneal != SL_ANNEAL_CONSTANT) {
        /* Annealing: the slider sets the start k0; say where it ends and where k is
         * now, in words that do not read the current k as the end. */
        char now[24], end[24];
        SlAnneal an = app_model_anneal(ctx->model);
        app_format_value((double)an.k1, 3, end, sizeof end);
        app_format_value((double)app_model_row(ctx->model, SL_MASK_LOGISTIC)->k, 3, now, sizeof now);
        size_t n = strlen(val);
        snprintf(val + n, sizeof val - n, "\xe2\x86\x92%s, now %s", end, now);
    }
    AppColor text = app_theme_color(APP_COL_TEXT), muted = app_theme_color(APP_COL_MUTED);
    AppColor accent = app_theme_color(APP_COL_ACCENT);
    if (ctx->focus == ctrl) {
        AppRect ring = {c.x - L->pad / 2, c.y - L->pad / 3, c.w + L->pad, c.h + L->pad / 2};
        app_draw_round_rect(ctx->draw, ring, 6.0f, app_color_alpha(accent, 40));
    }
    int lw = app_text_draw(ctx->text, APP_FONT_BOLD, spec.label, (float)c.x, (float)c.y, text, APP_ALIGN_LEFT);
    int vw = app_text_draw(ctx->text, APP_FONT_BODY, val, (float)(c.x + lw) + 8.0f * ctx->scale, (float)c.y, text,
                           APP_ALIGN_LEFT);
    float hint_x = (float)(c.x + lw + vw) + 18.0f * ctx->scale;
    int hw = app_text_width(ctx->text, APP_FONT_SMALL, spec.hint);
    float room = (float)(c.x + c.w) - hint_x;
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    if ((float)hw <= room)
        app_text_draw(ctx->text, APP_FONT_SMALL, spec.hint, (float)(c.x + c.w), (float)(c.y + bh - sh), muted,
                      APP_ALIGN_RIGHT);

    AppRect track = app_layout_slider_track(L, c);
    float cy = (float)track.y + (float)track.h * 0.5f;
    float th = 6.0f * ctx->scale;
    AppRect bar = {track.x, (int)(cy - th * 0.5f), track.w, (int)th};
    app_draw_round_rect(ctx->draw, bar, 3.0f, app_theme_color(APP_COL_GRID));
    float kx = app_slider_px(&spec, track, v);
    AppRect fill = {track.x, bar.y, (int)(kx - (float)track.x), bar.h};
    if (fill.w > 0) app_draw_round_rect(ctx->draw, fill, 3.0f, app_color_alpha(accent, 200));
    float kr = 9.0f * ctx->scale;
    app_draw_disc(ctx->draw, kx, cy, kr, accent);
    app_draw_disc(ctx->draw, kx, cy, kr - 3.0f * ctx->scale, app_theme_color(APP_COL_PANEL));
}

/* A button shows label and key, or the label alone, or short_label, whichever fits. */
static void button(const AppPanelCtx *ctx, int ctrl, const char *label, const char *short_label, const char *key,
                   int active)
{
    const AppLayout *L = ctx->layout;
    AppRect b = L->ctrl[ctrl];
    AppColor accent = app_theme_color(APP_COL_ACCENT);
    int hover = ctx->hover_ctrl == ctrl;
    app_draw_round_rect(ctx->draw, b, 6.0f, active ? accent : app_theme_color(APP_COL_BORDER));
    if (!active)
        app_draw_round_rect(ctx->draw, app_rect_inset(b, 1), 5.0f,
                            hover ? app_theme_color(APP_COL_GRID) : app_theme_color(APP_COL_BUTTON));
    AppColor tc = active ? app_theme_color(APP_COL_PANEL) : app_theme_color(APP_COL_TEXT);
    AppColor kc = active ? app_theme_color(APP_COL_GRID) : app_theme_color(APP_COL_MUTED);
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    int lw = app_text_width(ctx->text, APP_FONT_BODY, label);
    int kw = app_text_width(ctx->text, APP_FONT_SMALL, key);
    int gap = (int)(7.0f * ctx->scale);
    float ty = (float)b.y + (float)(b.h - bh) * 0.5f;
    if (lw + gap + kw <= b.w - 2 * L->pad) {
        float x = (float)b.x + (float)(b.w - lw - gap - kw) * 0.5f;
        app_text_draw(ctx->text, APP_FONT_BODY, label, x, ty, tc, APP_ALIGN_LEFT);
        app_text_draw(ctx->text, APP_FONT_SMALL, key, x + (float)(lw + gap), ty + (float)(bh - sh) * 0.8f, kc,
                      APP_ALIGN_LEFT);
    } else {
        float room = (float)(b.w - 2 * L->pad);
        if ((float)lw > room && short_label) {
            label = short_label;
            lw = app_text_width(ctx->text, APP_FONT_BODY, label);
        }
        float x = (float)b.x + (float)b.w * 0.5f - ((float)lw < room ? (float)lw : room) * 0.5f;
        app_text_draw_fit(ctx->text, APP_FONT_BODY, label, x, ty, room, tc);
    }
}

void app_panel_controls(const AppPanelCtx *ctx, AppRect r)
{
    const AppModel *m = ctx->model;
    const AppLayout *L = ctx->layout;
    (void)r;
    if (ctx->hide_controls) return; /* hidden (h): the panels have the room */
    if (!app_model_trains(m)) {
        /* Lesson 6: nothing trains; the slider row says what the keys do instead. */
        AppRect row = {L->ctrl[0].x, L->ctrl[0].y, L->ctrl[APP_SLIDER_COUNT - 1].x + L->ctrl[APP_SLIDER_COUNT - 1].w -
                       L->ctrl[0].x, L->ctrl[0].h};
        int bh = app_text_line_height(ctx->text, APP_FONT_BODY);
        float y = (float)row.y + (float)(row.h - bh) * 0.5f;
        app_text_draw_fit(ctx->text, APP_FONT_BODY,
                          "Nothing trains here: each case is one forward and one backward pass.   "
                          "c: next case   g: its graph   n: next lesson",
                          (float)row.x, y, (float)row.w, app_theme_color(APP_COL_MUTED));
        button(ctx, APP_CTRL_PLAY, "Next case", "Case", "c", 0);
        button(ctx, APP_CTRL_STEP, "Graph", NULL, "g", ctx->model->ls.graph_on);
        button(ctx, APP_CTRL_SHOT, "Screenshot", "Shot", "s", 0);
        button(ctx, APP_CTRL_HELP, "Help", NULL, "F1", ctx->show_help);
        return;
    }
    for (int i = 0; i < APP_SLIDER_COUNT; i++)
        if (app_controls_applies(m, i)) slider(ctx, i);
    char opt[32], ann[32];
    snprintf(opt, sizeof opt, "opt: %s", sl_optim_name(m->set.opt));
    snprintf(ann, sizeof ann, "k: %s", m->set.anneal == SL_ANNEAL_CONSTANT ? "fixed" : sl_anneal_name(m->set.anneal));
    button(ctx, APP_CTRL_PLAY, m->playing ? "\xe2\x9d\x9a\xe2\x9d\x9a Pause" : "\xe2\x96\xb6 Play",
           m->playing ? "\xe2\x9d\x9a\xe2\x9d\x9a" : "\xe2\x96\xb6", "space", m->playing);
    button(ctx, APP_CTRL_STEP, "Step", NULL, "\xe2\x86\x92", 0);
    button(ctx, APP_CTRL_BACK, "Back", NULL, "\xe2\x86\x90", 0);
    button(ctx, APP_CTRL_RESET, "Reset", NULL, "r", 0);
    if (app_controls_applies(m, APP_CTRL_OPT)) button(ctx, APP_CTRL_OPT, opt, sl_optim_name(m->set.opt), "o", 0);
    if (app_controls_applies(m, APP_CTRL_ANNEAL))
        button(ctx, APP_CTRL_ANNEAL, ann, ann + 3, "a", m->set.anneal != SL_ANNEAL_CONSTANT);
    if (app_controls_applies(m, APP_CTRL_EXPORT)) button(ctx, APP_CTRL_EXPORT, "Export CSV", "CSV", "e", 0);
    button(ctx, APP_CTRL_SHOT, "Screenshot", "Shot", "s", 0);
    button(ctx, APP_CTRL_HELP, "Help", NULL, "F1", ctx->show_help);
}

void app_panel_edit(const AppPanelCtx *ctx)
{
    const AppLayout *L = ctx->layout;
    char line[160];
    snprintf(line, sizeof line, "%s = %s\xe2\x96\x8f   (now %s)   Enter sets it, Esc cancels", ctx->edit_label,
             ctx->edit_buf, ctx->edit_now);
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY), pad = L->pad;
    int w = app_text_width(ctx->text, APP_FONT_BODY, line) + 4 * pad;
    if (w > L->w - 2 * pad) w = L->w - 2 * pad;
    AppRect c = L->slot[APP_SLOT_CONTROLS];
    int x = ctx->edit >= 0 && ctx->edit < APP_SLIDER_COUNT ? L->ctrl[ctx->edit].x : c.x + pad;
    if (x + w > L->w - pad) x = L->w - pad - w;
    AppRect box = {x, c.y - bh - 3 * pad, w, bh + 2 * pad};
    if (box.y < 0) box.y = 0;
    app_draw_round_rect(ctx->draw, box, 6.0f, app_theme_color(APP_COL_ACCENT));
    app_draw_round_rect(ctx->draw, app_rect_inset(box, 2), 5.0f, app_theme_color(APP_COL_PANEL));
    app_text_draw_fit(ctx->text, APP_FONT_BODY, line, (float)(box.x + 2 * pad), (float)(box.y + pad),
                      (float)(w - 4 * pad), app_theme_color(APP_COL_TEXT));
}

void app_panel_note(const AppPanelCtx *ctx)
{
    const AppModel *m = ctx->model;
    if (!m->message[0]) return;
    const AppLayout *L = ctx->layout;
    AppRect work = app_panel_work_area(ctx);
    int pad = L->pad, sh = app_text_line_height(ctx->text, APP_FONT_SMALL);
    int most = work.w - 6 * pad, tw = app_text_width(ctx->text, APP_FONT_SMALL, m->message);
    if (most < 1 || work.h < 2 * sh + 4 * pad) return;
    int w = tw < most ? tw : most;
    int lines = app_text_wrap_height(ctx->text, APP_FONT_SMALL, m->message, w) / sh;
    lines = lines < 1 ? 1 : lines > 2 ? 2 : lines;
    AppRect box = {work.x + (work.w - w) / 2 - 2 * pad, work.y + work.h - lines * sh - 3 * pad, w + 4 * pad,
                   lines * sh + 2 * pad};
    AppColor edge = m->message_error ? app_theme_color(APP_COL_ERROR) : app_theme_color(APP_COL_ACCENT);
    app_draw_round_rect(ctx->draw, box, 6.0f, edge);
    app_draw_round_rect(ctx->draw, app_rect_inset(box, 2), 5.0f, app_theme_color(APP_COL_PANEL));
    AppColor nc = m->message_error ? app_theme_color(APP_COL_ERROR) : app_theme_color(APP_COL_NOTE);
    AppRect text = {box.x + 2 * pad, box.y + pad, w, lines * sh};
    int y = text.y;
    /* Passing, like the explain panel's note: cut to its lines, no content dropped. */
    app_text_cuts_pause(ctx->text, 1);
    app_text_wrap_fit(ctx->text, APP_FONT_SMALL, m->message, text, &y, nc);
    app_text_cuts_pause(ctx->text, 0);
    ctx->out->note_shown = 1;
}

void app_panel_help(const AppPanelCtx *ctx)
{
    const AppLayout *L = ctx->layout;
    AppRect all = {0, 0, L->w, L->h};
    app_draw_fill_rect(ctx->draw, all, app_theme_color(APP_COL_VEIL));
    int count = 0;
    const AppHelpRow *rows = app_keys_help(&count);
    int bh = app_text_line_height(ctx->text, APP_FONT_BODY);
    int row_h = bh + bh / 4;
    int pad = L->pad;
    int title_h = app_text_line_height(ctx->text, APP_FONT_TITLE);
    /* One column when the rows fit the height, else two; descriptions in the small
     * font when two columns of body text are wider than the window. */
    int room_rows = (L->h - 2 * pad - title_h - bh - 6 * pad) / row_h;
    int cols = count <= room_rows ? 1 : 2, per_col = (count + cols - 1) / cols;
    AppFont df = APP_FONT_BODY;
    int keys_w = 0, desc_w = 0, w = 0;
    for (int pass = 0; pass < 2; pass++) {
        keys_w = desc_w = 0;
        for (int i = 0; i < count; i++) {
            int kw = app_text_width(ctx->text, APP_FONT_BOLD, rows[i].keys), dw = app_text_width(ctx->text, df, rows[i].what);
            if (kw > keys_w) keys_w = kw;
            if (dw > desc_w) desc_w = dw;
        }
        w = cols * (keys_w + 2 * pad + desc_w) + (cols - 1) * 3 * pad + 6 * pad;
        if (w <= L->w - 2 * pad) break;
        df = APP_FONT_SMALL;
    }
    int h = title_h + per_col * row_h + bh + 6 * pad;
    if (w > L->w - 2 * pad) w = L->w - 2 * pad;
    if (h > L->h - 2 * pad) h = L->h - 2 * pad;
    AppRect box = {(L->w - w) / 2, (L->h - h) / 2, w, h};
    app_draw_round_rect(ctx->draw, box, 10.0f, app_theme_color(APP_COL_PANEL));
    int x0 = box.x + 3 * pad, top = box.y + 2 * pad;
    app_text_draw(ctx->text, APP_FONT_TITLE, "Keys", (float)x0, (float)top, app_theme_color(APP_COL_TEXT), APP_ALIGN_LEFT);
    top += title_h + pad;
    int col_w = (box.w - 6 * pad - (cols - 1) * 3 * pad) / cols;
    int dy = (bh - app_text_line_height(ctx->text, df)) / 2;
    for (int i = 0; i < count; i++) {
        int c = i / per_col, y = top + (i % per_col) * row_h;
        int x = x0 + c * (col_w + 3 * pad);
        if (y + row_h > box.y + box.h - bh - pad) {
            app_panel_drop(ctx, "help: no room for \"%s\"", rows[i].keys);
            continue;
        }
        app_text_draw(ctx->text, APP_FONT_BOLD, rows[i].keys, (float)x, (float)y, app_theme_color(APP_COL_ACCENT),
                      APP_ALIGN_LEFT);
        app_text_draw_fit(ctx->text, df, rows[i].what, (float)(x + keys_w + 2 * pad), (float)(y + dy),
                          (float)(col_w - keys_w - 2 * pad), app_theme_color(APP_COL_TEXT));
    }
    app_text_draw(ctx->text, APP_FONT_SMALL, "F1, ? or Esc closes this help", (float)(box.x + box.w - 3 * pad),
                  (float)(box.y + box.h - pad - app_text_line_height(ctx->text, APP_FONT_SMALL)),
                  app_theme_color(APP_COL_MUTED), APP_ALIGN_RIGHT);
}
