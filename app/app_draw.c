/* app_draw.c — anti-aliased geometry through SDL_RenderGeometry (see app_draw.h).
 * A line is a strip of four vertices per point: transparent outer edge, opaque core
 * edge, opaque core edge, transparent outer edge; the 1-px alpha ramp is the
 * anti-aliasing, and it looks the same under the software and GPU renderers. */
#include "app_draw.h"

#include <math.h>
#include <stdlib.h>

void app_draw_init(AppDraw *d, SDL_Renderer *r, float scale)
{
    SDL_memset(d, 0, sizeof *d);
    d->r = r;
    d->scale = scale > 0.0f ? scale : 1.0f;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
}

void app_draw_deinit(AppDraw *d)
{
    free(d->v);
    free(d->idx);
    free(d->pts);
    SDL_memset(d, 0, sizeof *d);
}

static int reserve(AppDraw *d, int nv, int ni)
{
    if (d->v_len + nv > d->v_cap) {
        int cap = d->v_cap ? d->v_cap : 1024;
        while (cap < d->v_len + nv) cap *= 2;
        SDL_Vertex *v = realloc(d->v, (size_t)cap * sizeof *v);
        if (!v) return d->failed = 1, 0;
        d->v = v;
        d->v_cap = cap;
    }
    if (d->i_len + ni > d->i_cap) {
        int cap = d->i_cap ? d->i_cap : 2048;
        while (cap < d->i_len + ni) cap *= 2;
        int *idx = realloc(d->idx, (size_t)cap * sizeof *idx);
        if (!idx) return d->failed = 1, 0;
        d->idx = idx;
        d->i_cap = cap;
    }
    return 1;
}

static void vert(AppDraw *d, float x, float y, AppColor c, uint8_t a)
{
    SDL_Vertex *v = &d->v[d->v_len++];
    v->position.x = x;
    v->position.y = y;
    v->color.r = c.r;
    v->color.g = c.g;
    v->color.b = c.b;
    v->color.a = a;
    v->tex_coord.x = 0.0f;
    v->tex_coord.y = 0.0f;
}

static void tri(AppDraw *d, int a, int b, int c)
{
    d->idx[d->i_len++] = a;
    d->idx[d->i_len++] = b;
    d->idx[d->i_len++] = c;
}

static void flush(AppDraw *d)
{
    if (d->i_len > 0) SDL_RenderGeometry(d->r, NULL, d->v, d->v_len, d->idx, d->i_len);
    d->v_len = 0;
    d->i_len = 0;
}

void app_draw_fill_rect(AppDraw *d, AppRect r, AppColor c)
{
    SDL_Rect sr = {r.x, r.y, r.w, r.h};
    SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(d->r, &sr);
}

void app_draw_stroke_rect(AppDraw *d, AppRect r, float width, AppColor c)
{
    int w = (int)lroundf(width * d->scale);
    if (w < 1) w = 1;
    AppRect top = {r.x, r.y, r.w, w}, bottom = {r.x, r.y + r.h - w, r.w, w};
    AppRect left = {r.x, r.y + w, w, r.h - 2 * w}, right = {r.x + r.w - w, r.y + w, w, r.h - 2 * w};
    app_draw_fill_rect(d, top, c);
    app_draw_fill_rect(d, bottom, c);
    app_draw_fill_rect(d, left, c);
    app_draw_fill_rect(d, right, c);
}

void app_draw_convex(AppDraw *d, const float *xy, int n, AppColor c)
{
    if (n < 3 || !reserve(d, 2 * n + 1, 9 * n)) return;
    float area = 0.0f, cx = 0.0f, cy = 0.0f;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        area += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
        cx += xy[2 * i];
        cy += xy[2 * i + 1];
    }
    float orient = area >= 0.0f ? 1.0f : -1.0f;
    int base = d->v_len;
    vert(d, cx / (float)n, cy / (float)n, c, c.a);
    for (int i = 0; i < n; i++) {
        int p = (i + n - 1) % n, q = (i + 1) % n;
        /* Outward normals of the two edges meeting at i, averaged. */
        float e1x = xy[2 * i] - xy[2 * p], e1y = xy[2 * i + 1] - xy[2 * p + 1];
        float e2x = xy[2 * q] - xy[2 * i], e2y = xy[2 * q + 1] - xy[2 * i + 1];
        float l1 = sqrtf(e1x * e1x + e1y * e1y), l2 = sqrtf(e2x * e2x + e2y * e2y);
        float nx = 0.0f, ny = 0.0f;
        if (l1 > 0.0f) nx += orient * e1y / l1, ny -= orient * e1x / l1;
        if (l2 > 0.0f) nx += orient * e2y / l2, ny -= orient * e2x / l2;
        float nl = sqrtf(nx * nx + ny * ny);
        if (nl > 0.0f) nx /= nl, ny /= nl;
        vert(d, xy[2 * i] - 0.5f * nx, xy[2 * i + 1] - 0.5f * ny, c, c.a);
        vert(d, xy[2 * i] + 0.5f * nx, xy[2 * i + 1] + 0.5f * ny, c, 0);
    }
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        int ci = base + 1 + 2 * i, cj = base + 1 + 2 * j;
        tri(d, base, ci, cj);
        tri(d, ci, ci + 1, cj + 1);
        tri(d, ci, cj + 1, cj);
    }
    flush(d);
}

void app_draw_disc(AppDraw *d, float cx, float cy, float radius, AppColor c)
{
    float xy[2 * 64];
    int n = (int)(radius * 1.5f) + 10;
    if (n > 64) n = 64;
    for (int i = 0; i < n; i++) {
        float a = 6.2831853f * (float)i / (float)n;
        xy[2 * i] = cx + radius * cosf(a);
        xy[2 * i + 1] = cy + radius * sinf(a);
    }
    app_draw_convex(d, xy, n, c);
}

void app_draw_round_rect(AppDraw *d, AppRect r, float radius, AppColor c)
{
    float rad = radius * d->scale;
    float half = (float)(r.w < r.h ? r.w : r.h) * 0.5f;
    if (rad > half) rad = half;
    float xy[2 * 4 * 7];
    int n = 0;
    const float cxs[4] = {(float)(r.x + r.w) - rad, (float)r.x + rad, (float)r.x + rad, (float)(r.x + r.w) - rad};
    const float cys[4] = {(float)(r.y + r.h) - rad, (float)(r.y + r.h) - rad, (float)r.y + rad, (float)r.y + rad};
    for (int k = 0; k < 4; k++) {
        for (int s = 0; s < 7; s++) {
            float a = 1.5707963f * ((float)k + (float)s / 6.0f);
            xy[2 * n] = cxs[k] + rad * cosf(a);
            xy[2 * n + 1] = cys[k] + rad * sinf(a);
            n++;
        }
    }
    app_draw_convex(d, xy, n, c);
}

/* Appends the strip for one dash (d->pts, d->p_len points). */
static void emit_strip(AppDraw *d, float hw_core, float hw_out, AppColor c)
{
    const float *p = d->pts;
    int n = d->p_len;
    if (n < 2 || !reserve(d, 4 * n, 18 * (n - 1))) return;
    int base = d->v_len;
    for (int j = 0; j < n; j++) {
        float nx, ny, k = 1.0f;
        int a = j > 0 ? j - 1 : 0, b = j > 0 ? j : 1;
        float dx = p[2 * b] - p[2 * a], dy = p[2 * b + 1] - p[2 * a + 1];
        float l = sqrtf(dx * dx + dy * dy);
        float pnx = l > 0.0f ? -dy / l : 0.0f, pny = l > 0.0f ? dx / l : 1.0f;
        nx = pnx;
        ny = pny;
        if (j > 0 && j < n - 1) {
            float ex = p[2 * j + 2] - p[2 * j], ey = p[2 * j + 3] - p[2 * j + 1];
            float el = sqrtf(ex * ex + ey * ey);
            if (el > 0.0f) {
                float qnx = -ey / el, qny = ex / el;
                float mx = pnx + qnx, my = pny + qny, ml = sqrtf(mx * mx + my * my);
                if (ml > 1e-3f) {
                    nx = mx / ml;
                    ny = my / ml;
                    float cosang = nx * pnx + ny * pny;
                    k = 1.0f / (cosang > 0.5f ? cosang : 0.5f);
                }
            }
        }
        float x = p[2 * j], y = p[2 * j + 1];
        vert(d, x + nx * hw_out * k, y + ny * hw_out * k, c, 0);
        vert(d, x + nx * hw_core * k, y + ny * hw_core * k, c, c.a);
        vert(d, x - nx * hw_core * k, y - ny * hw_core * k, c, c.a);
        vert(d, x - nx * hw_out * k, y - ny * hw_out * k, c, 0);
    }
    for (int j = 0; j + 1 < n; j++) {
        int a = base + 4 * j, b = a + 4;
        for (int s = 0; s < 3; s++) {
            tri(d, a + s, a + s + 1, b + s);
            tri(d, a + s + 1, b + s + 1, b + s);
        }
    }
}

static void pt_push(AppDraw *d, float x, float y)
{
    if (d->p_len + 1 > d->p_cap) {
        int cap = d->p_cap ? d->p_cap * 2 : 512;
        float *pts = realloc(d->pts, (size_t)cap * 2 * sizeof *pts);
        if (!pts) {
            d->failed = 1;
            return;
        }
        d->pts = pts;
        d->p_cap = cap;
    }
    if (d->p_len > 0) {
        float dx = x - d->pts[2 * d->p_len - 2], dy = y - d->pts[2 * d->p_len - 1];
        if (dx * dx + dy * dy < 1e-6f) return;
    }
    d->pts[2 * d->p_len] = x;
    d->pts[2 * d->p_len + 1] = y;
    d->p_len++;
}

void app_draw_polyline(AppDraw *d, const float *xy, int n, float width, AppColor c, AppLineStyle style)
{
    float w = width * d->scale;
    float hw_core = w * 0.5f - 0.5f, hw_out = w * 0.5f + 0.5f;
    if (hw_core < 0.15f) hw_core = 0.15f;
    float pat[4];
    app_theme_dash(style, pat);
    int dashed = pat[0] > 0.0f;
    for (int i = 0; i < 4; i++) pat[i] *= w > 2.0f ? w : 2.0f;

    int i = 0;
    while (i < n) {
        while (i < n && !(isfinite(xy[2 * i]) && isfinite(xy[2 * i + 1]))) i++;
        if (i >= n) break;
        /* One run of finite points, cut into dashes. */
        int on = 1, pi = 0;
        float left = pat[0];
        d->p_len = 0;
        pt_push(d, xy[2 * i], xy[2 * i + 1]);
        int j = i + 1;
        for (; j < n && isfinite(xy[2 * j]) && isfinite(xy[2 * j + 1]); j++) {
            float ax = xy[2 * j - 2], ay = xy[2 * j - 1], bx = xy[2 * j], by = xy[2 * j + 1];
            if (!dashed) {
                pt_push(d, bx, by);
                continue;
            }
            float L = sqrtf((bx - ax) * (bx - ax) + (by - ay) * (by - ay)), pos = 0.0f;
            while (L - pos > left) {
                pos += left;
                float qx = ax + (bx - ax) * pos / L, qy = ay + (by - ay) * pos / L;
                if (on) {
                    pt_push(d, qx, qy);
                    emit_strip(d, hw_core, hw_out, c);
                    d->p_len = 0;
                } else {
                    d->p_len = 0;
                    pt_push(d, qx, qy);
                }
                on = !on;
                pi = (pi + 1) & 3;
                left = pat[pi];
            }
            left -= L - pos;
            if (on) pt_push(d, bx, by);
        }
        if (on) emit_strip(d, hw_core, hw_out, c);
        d->p_len = 0;
        i = j;
    }
    flush(d);
}

void app_draw_line(AppDraw *d, float x0, float y0, float x1, float y1, float width, AppColor c, AppLineStyle style)
{
    float xy[4] = {x0, y0, x1, y1};
    app_draw_polyline(d, xy, 2, width, c, style);
}

void app_draw_clip(AppDraw *d, const AppRect *r)
{
    if (!r) {
        SDL_RenderSetClipRect(d->r, NULL);
        return;
    }
    SDL_Rect sr = {r->x, r->y, r->w, r->h};
    SDL_RenderSetClipRect(d->r, &sr);
}
