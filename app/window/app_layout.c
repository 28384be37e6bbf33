/* app_layout.c — panel, plot and control rects from size, scale and font metrics
 * (plain C, see app_layout.h). Everything is integer pixels so drawing and hit tests
 * agree exactly. */
#include "app_layout.h"

#include <math.h>
#include <string.h>

static int px(float v)
{
    return (int)lroundf(v);
}

static int imax(int a, int b)
{
    return a > b ? a : b;
}

float app_layout_auto_scale(int w, int h, float user)
{
    float fw = (float)w / 1280.0f, fh = (float)h / 720.0f;
    float s = fw < fh ? fw : fh;
    if (!(user > 0.0f) || !isfinite(user)) user = 1.0f;
    if (user > APP_SCALE_USER_MAX) user = APP_SCALE_USER_MAX;
    s *= user;
    if (!(s >= 0.5f)) s = 0.5f;
    if (s > 6.0f) s = 6.0f;
    return s;
}

static AppRect rect(int x, int y, int w, int h)
{
    AppRect r = {x, y, imax(w, 0), imax(h, 0)};
    return r;
}

int app_layout_swatch_w(const AppLayout *L)
{
    return px(30.0f * L->scale);
}

void app_layout_compute(AppLayout *L, int w, int h, float scale, const AppMetrics *m, unsigned shown)
{
    app_layout_compute_opts(L, w, h, scale, m, shown, 0);
}

void app_layout_compute_opts(AppLayout *L, int w, int h, float scale, const AppMetrics *m, unsigned shown,
                             unsigned opts)
{
    memset(L, 0, sizeof *L);
    if (w < 1) w = 1;
    if (h < 1) h = 1;
    int families = 0;
    for (int f = 0; f < SL_MASK_COUNT; f++) families += (int)(shown >> f & 1u);
    if (families < 1) families = 1;
    L->shown = shown;
    L->w = w;
    L->h = h;
    L->scale = scale;
    L->m = *m;
    L->families = families;
    int pad = imax(3, px(8.0f * scale));
    L->pad = pad;

    int header_h = m->title_h + 2 * pad;
    int slider_h = m->body_h + pad / 2 + px(24.0f * scale);
    int button_h = m->body_h + pad + pad / 2;
    int controls_h = pad + slider_h + pad + button_h + pad;
    if (header_h + controls_h > h / 2) controls_h = imax(h / 2 - header_h, 0);
    int hide = (opts & APP_LAYOUT_NO_CONTROLS) != 0;
    if (hide) controls_h = pad; /* a gutter under the cards */

    L->slot[APP_SLOT_HEADER] = rect(0, 0, w, header_h);
    L->slot[APP_SLOT_CONTROLS] = rect(0, h - controls_h, w, controls_h);

    int mid_y = header_h, mid_h = h - controls_h - header_h;
    int side_w = px((float)w * 0.42f);
    int left_w = w - side_w - 3 * pad;
    int left_x = pad, side_x = pad + left_w + pad;
    side_w = w - side_x - pad;

    int main_h = (mid_h - pad) / 2 + pad;
    L->slot[APP_SLOT_MAIN] = rect(left_x, mid_y, left_w, main_h);
    int low_y = mid_y + main_h + pad, low_h = mid_y + mid_h - low_y;
    int half = (left_w - pad) / 2;
    L->slot[APP_SLOT_LOWER_LEFT] = rect(left_x, low_y, half, low_h);
    L->slot[APP_SLOT_LOWER_RIGHT] = rect(left_x + half + pad, low_y, left_w - half - pad, low_h);

    int row_h = m->body_h + px(12.0f * scale);
    int grad_h = m->body_h + 2 * pad + m->small_h + pad + families * row_h + pad;
    if (grad_h > mid_h * 6 / 10) grad_h = mid_h * 6 / 10;
    L->slot[APP_SLOT_SIDE_TOP] = rect(side_x, mid_y, side_w, grad_h);
    L->slot[APP_SLOT_SIDE_BOTTOM] = rect(side_x, mid_y + grad_h + pad, side_w, mid_h - grad_h - pad);

    /* Controls: a row of sliders over a row of buttons. */
    AppRect c = L->slot[APP_SLOT_CONTROLS];
    int cx = pad, cw = w - 2 * pad;
    int gap = 2 * pad;
    int sw = (cw - (APP_SLIDER_COUNT - 1) * gap) / APP_SLIDER_COUNT;
    for (int i = 0; i < APP_SLIDER_COUNT && !hide; i++)
        L->ctrl[i] = rect(cx + i * (sw + gap), c.y + pad, sw, slider_h);
    int buttons = APP_CTRL_COUNT - APP_SLIDER_COUNT;
    int bw = (cw - (buttons - 1) * pad) / buttons;
    for (int i = 0; i < buttons && !hide; i++)
        L->ctrl[APP_SLIDER_COUNT + i] = rect(cx + i * (bw + pad), c.y + pad + slider_h + pad, bw, button_h);

    /* Legend: right-aligned entries in the header: key cap, line sample (shown
     * families only), name. Squeezed proportionally when the header is narrow. */
    int entry[SL_MASK_COUNT], total = 0;
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        entry[f] = m->body_h + pad + m->name_w[f] + 2 * pad;
        if (shown >> f & 1u) entry[f] += app_layout_swatch_w(L) + pad;
        total += entry[f];
    }
    int avail = w - pad - w / 4;
    int lx = w - pad - (total < avail ? total : avail);
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        int ew = total <= avail ? entry[f] : entry[f] * avail / total;
        L->legend[f] = rect(lx, pad / 2, ew, header_h - pad);
        lx += ew;
    }

    /* Gradient table columns: family | badge | finite difference | status. */
    AppRect g = L->slot[APP_SLOT_SIDE_TOP];
    int gx = g.x + pad;
    L->grad_col[0] = gx;
    int name_w = 0;
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if ((shown >> f & 1u) && m->name_w[f] > name_w) name_w = m->name_w[f];
    L->grad_col[1] = gx + px(28.0f * scale) + pad + name_w + 2 * pad;
    L->grad_col[2] = L->grad_col[1] + 9 * m->digit_w + pad + pad / 2;
    L->grad_col[3] = L->grad_col[2] + 11 * m->digit_w + pad;
    L->grad_col[4] = g.x + g.w - pad;
    /* No room for the training column's words ("no gradient"): the column goes; the
     * training panel and the explain panel still say how each run ended. */
    if (L->grad_col[4] - L->grad_col[3] < 9 * m->digit_w) L->grad_col[3] = L->grad_col[4];
}

AppRect app_layout_plot_area(const AppLayout *L, AppRect panel)
{
    int pad = L->pad;
    int left = panel.x + pad + 6 * L->m.digit_w;
    int top = panel.y + L->m.body_h + 2 * pad;
    int right = panel.x + panel.w - 2 * pad;
    int bottom = panel.y + panel.h - (L->m.small_h + pad + pad / 2);
    return rect(left, top, right - left, bottom - top);
}

void app_layout_training_plots(const AppLayout *L, AppRect panel, AppRect *t_plot, AppRect *loss_plot)
{
    AppRect a = app_layout_plot_area(L, panel);
    int gap = L->m.small_h + L->pad;
    int top_h = (a.h - gap) / 2;
    *t_plot = rect(a.x, a.y, a.w, top_h);
    *loss_plot = rect(a.x, a.y + top_h + gap, a.w, a.h - top_h - gap);
}

AppRect app_layout_slider_track(const AppLayout *L, AppRect ctrl)
{
    int knob = L->pad + L->pad / 2;
    int y = ctrl.y + L->m.body_h + L->pad / 2;
    return rect(ctrl.x + knob, y, ctrl.w - 2 * knob, ctrl.y + ctrl.h - y);
}

AppRect app_layout_grad_row(const AppLayout *L, int row)
{
    AppRect g = L->slot[APP_SLOT_SIDE_TOP];
    int row_h = L->m.body_h + (int)lroundf(12.0f * L->scale);
    int head_y = g.y + L->m.body_h + 2 * L->pad;
    if (row < 0) return rect(g.x + L->pad, head_y, g.w - 2 * L->pad, L->m.small_h + L->pad);
    int y = head_y + L->m.small_h + L->pad + row * row_h;
    return rect(g.x + L->pad, y, g.w - 2 * L->pad, row_h);
}

AppRect app_layout_grad_badge(const AppLayout *L, int row)
{
    AppRect r = app_layout_grad_row(L, row);
    int inset = (int)lroundf(3.0f * L->scale);
    return rect(L->grad_col[1], r.y + inset, L->grad_col[2] - L->grad_col[1] - L->pad, r.h - 2 * inset);
}

int app_layout_hit_ctrl(const AppLayout *L, float x, float y)
{
    for (int i = 0; i < APP_CTRL_COUNT; i++)
        if (app_rect_contains(L->ctrl[i], x, y)) return i;
    return -1;
}

int app_layout_hit_legend(const AppLayout *L, float x, float y)
{
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if (app_rect_contains(L->legend[f], x, y)) return f;
    return -1;
}

int app_layout_hit_slot(const AppLayout *L, float x, float y)
{
    for (int s = 0; s < APP_SLOT_COUNT; s++)
        if (app_rect_contains(L->slot[s], x, y)) return s;
    return -1;
}
