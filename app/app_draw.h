/* app_draw.h — drawing primitives on an SDL_Renderer: thick anti-aliased polylines
 * (SDL_RenderGeometry triangle strips with 1-px feathered edges), dashed styles, discs,
 * convex polygons and rounded rects. One of the few app modules that include SDL.
 * Widths are in pixels at presentation scale 1 and multiplied by the context's scale. */
#ifndef APP_DRAW_H
#define APP_DRAW_H

#include <SDL.h>
#include "app_map.h"
#include "app_theme.h"

typedef struct AppDraw {
    SDL_Renderer *r;
    float scale;       /* presentation scale */
    SDL_Vertex *v;     /* scratch vertices, owned */
    int *idx;          /* scratch indices, owned */
    float *pts;        /* scratch points of one dash, owned */
    int v_cap, i_cap, p_cap, p_len;
    int v_len, i_len;
    int failed;        /* an allocation failed: drawing degrades, never crashes */
} AppDraw;

/* Binds a renderer (not owned); scratch memory grows on demand. Free with app_draw_deinit. */
void app_draw_init(AppDraw *d, SDL_Renderer *r, float scale);
void app_draw_deinit(AppDraw *d);

void app_draw_fill_rect(AppDraw *d, AppRect r, AppColor c);
/* A rectangle outline of the given width (pixels at scale 1). */
void app_draw_stroke_rect(AppDraw *d, AppRect r, float width, AppColor c);
/* A filled rect with rounded corners (radius in pixels at scale 1), anti-aliased. */
void app_draw_round_rect(AppDraw *d, AppRect r, float radius, AppColor c);
/* A filled anti-aliased disc of the given radius (already in pixels). */
void app_draw_disc(AppDraw *d, float cx, float cy, float radius, AppColor c);
/* A filled anti-aliased convex polygon (xy interleaved, n points, either winding). */
void app_draw_convex(AppDraw *d, const float *xy, int n, AppColor c);

/* A thick anti-aliased polyline through n points (xy interleaved). Non-finite points
 * break the line. width is in pixels at scale 1 (2.5 for curves). */
void app_draw_polyline(AppDraw *d, const float *xy, int n, float width, AppColor c, AppLineStyle style);
void app_draw_line(AppDraw *d, float x0, float y0, float x1, float y1, float width, AppColor c, AppLineStyle style);

/* Restricts drawing to r (NULL: the whole target). */
void app_draw_clip(AppDraw *d, const AppRect *r);

#endif
