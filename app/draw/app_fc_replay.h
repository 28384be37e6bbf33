/* app_fc_replay.h — inside the frame cache (app_frame_cache.h): the recorded call, and
 * the replay that draws the frame's calls on the changed tiles. Only app_frame_cache.c
 * and app_fc_replay.c include it. */
#ifndef APP_FC_REPLAY_H
#define APP_FC_REPLAY_H

#include "app_frame_cache.h"

enum { CMD_FILL = 1, CMD_COPY = 2 };

struct AppFcCmd {
    int kind;
    SDL_Rect rect;       /* fill: the rect; copy: the destination */
    SDL_Rect src;        /* copy: the source */
    SDL_Texture *tex;
    AppColor color;      /* fill colour, or copy tint */
    int clip_on;
    SDL_Rect clip;
    SDL_Rect box;        /* pixels it may write: rect, clipped, on the target */
    uint64_t hash;
};

/* Intersection; returns 0 when empty. */
static inline int app_fc_cut(SDL_Rect a, SDL_Rect b, SDL_Rect *out)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    if (x1 <= x0 || y1 <= y0) return 0;
    *out = (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
    return 1;
}

/* A fill or a copy through SDL, at once (the renderer's clip as it is). */
void app_fc_sdl_fill(SDL_Renderer *r, const SDL_Rect *rect, AppColor c);
void app_fc_sdl_copy(SDL_Renderer *r, SDL_Texture *tex, const SDL_Rect *src, const SDL_Rect *dst, AppColor mod);
/* Runs c through SDL clipped to area; marks the renderer's queue as holding calls. */
void app_fc_run_sdl(AppFrameCache *fc, const AppFcCmd *c, SDL_Rect area);
/* Draws the frame's calls on the tiles marked in fc->dirty (every call on the whole
 * target when all): each call that touches a changed area, in order, clipped to it;
 * with a helper thread (app_fc_set_helper) the areas are shared between two threads. */
void app_fc_replay(AppFrameCache *fc, int all);

#endif
