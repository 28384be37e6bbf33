/* app_panel_ctx.c — the frame's panel context: what panels read, made from the window
 * before they draw, and what they report, stored back after (see app_panels.h). Panels
 * never see the App itself. */
#include "app_panels.h"
#include "app_ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void app_panel_ctx_begin(App *app, AppPanelCtx *ctx, AppPanelOut *out)
{
    /* The graph view's tape is the model's (m->derived): read its facts once per
     * version, before drawing, so the graph panel only reads them. */
    const AppDerived *d = &app->model.derived;
    if (d->graph_tape) app_graph_facts_update(&app->graph_facts, d->graph_tape, d->graph_version);
    memset(out, 0, sizeof *out);
    out->text_view_h = app->text_view_h;        /* kept when the lesson text is not drawn */
    out->text_scroll_max = app->text_scroll_max;
    memset(ctx, 0, sizeof *ctx);
    ctx->model = &app->model;
    ctx->layout = &app->layout;
    ctx->map = &app->map;
    ctx->graph_facts = &app->graph_facts;
    ctx->scale = app->scale;
    ctx->map_shown = app_map_shown(app);
    ctx->focus = app->focus;
    ctx->hover_ctrl = app->hover_ctrl;
    ctx->edit = app->edit;
    ctx->edit_buf = app->edit_buf;
    ctx->edit_label = app->edit >= 0 ? app_edit_label(app, app->edit, ctx->edit_now, sizeof ctx->edit_now) : "";
    ctx->show_help = app->show_help;
    ctx->hide_controls = app->hide_controls;
    ctx->text_scroll = app->text_scroll;
    ctx->no_cache = app->no_cache;
    ctx->draw = &app->draw;
    ctx->text = app->text;
    ctx->layers = app->layers;
    ctx->pts = &app->pts;
    ctx->pts_cap = &app->pts_cap;
    ctx->out = out;
}

void app_panel_ctx_end(App *app, const AppPanelOut *out)
{
    for (int i = 0; i < out->drops; i++) app_drop(app, "%s", i < APP_DROPS_KEPT ? out->drop[i] : "(more)");
    app->text_view_h = out->text_view_h;
    app->text_scroll_max = out->text_scroll_max;
    if (app->text_scroll > app->text_scroll_max) app->text_scroll = app->text_scroll_max;
}

void app_panel_drop(const AppPanelCtx *ctx, const char *fmt, ...)
{
    AppPanelOut *out = ctx->out;
    if (out->drops < APP_DROPS_KEPT) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(out->drop[out->drops], sizeof out->drop[0], fmt, ap);
        va_end(ap);
    }
    out->drops++;
}
