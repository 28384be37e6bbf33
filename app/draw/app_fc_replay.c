/* app_fc_replay.c — the frame cache's replay (app_fc_replay.h): the changed tiles as
 * areas, each area's first call (under an opaque cover), and the calls drawn there,
 * written into the target directly where that gives SDL's bytes, on one thread or two.
 * Two threads write disjoint areas; the second is given only areas whose calls are all
 * direct (SDL is asked nothing there), resolved beforehand on the drawing thread. */
#include "app_fc_replay.h"

#include "app_blend.h"

#include <stdlib.h>
#include <string.h>

void app_fc_sdl_fill(SDL_Renderer *r, const SDL_Rect *rect, AppColor c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    /* Opaque fills skip per-pixel blending (a plain fill in the software renderer). */
    if (c.a == 255) SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    SDL_RenderFillRect(r, rect);
    if (c.a == 255) SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
}

void app_fc_sdl_copy(SDL_Renderer *r, SDL_Texture *tex, const SDL_Rect *src, const SDL_Rect *dst, AppColor mod)
{
    SDL_SetTextureColorMod(tex, mod.r, mod.g, mod.b);
    SDL_SetTextureAlphaMod(tex, mod.a);
    SDL_RenderCopy(r, tex, src, dst);
}

static int add_rect(AppFrameCache *fc, SDL_Rect r)
{
    if (fc->nrects == fc->rects_cap) {
        int cap = fc->rects_cap ? fc->rects_cap * 2 : 64;
        SDL_Rect *p = realloc(fc->rects, (size_t)cap * sizeof *p);
        if (!p) return 0;
        fc->rects = p;
        fc->rects_cap = cap;
    }
    fc->rects[fc->nrects++] = r;
    return 1;
}

/* The dirty tiles as few disjoint rects: runs along each tile row, a run continued
 * downward while the rows below have the same run. */
static int dirty_rects(AppFrameCache *fc)
{
    fc->nrects = 0;
    int open_from = 0; /* rects that may still grow: those of the row above */
    for (int ty = 0; ty < fc->ty; ty++) {
        const uint8_t *row = fc->dirty + (size_t)ty * (size_t)fc->tx;
        int row_from = fc->nrects;
        for (int x = 0; x < fc->tx;) {
            if (!row[x]) {
                x++;
                continue;
            }
            int x0 = x;
            while (x < fc->tx && row[x]) x++;
            SDL_Rect r = {x0 * APP_FC_TILE, ty * APP_FC_TILE, (x - x0) * APP_FC_TILE, APP_FC_TILE};
            int grown = 0;
            for (int i = open_from; i < row_from; i++) {
                SDL_Rect *o = &fc->rects[i];
                if (o->x == r.x && o->w == r.w && o->y + o->h == r.y) {
                    o->h += APP_FC_TILE;
                    /* keep it open: move it into this row's part */
                    SDL_Rect keep = *o;
                    *o = fc->rects[row_from - 1];
                    fc->rects[row_from - 1] = keep;
                    row_from--;
                    grown = 1;
                    break;
                }
            }
            if (!grown && !add_rect(fc, r)) return 0;
        }
        open_from = row_from;
    }
    return 1;
}

/* Whether c writes every pixel of its box whatever lay below: an opaque fill, or an
 * untinted copy of a texture drawn without blending, from within the texture. Only
 * large ones are looked at (a small one hides too little to pay for the splits). */
static int covers(const AppFcCmd *c)
{
    if (c->box.w < APP_FC_TILE || c->box.h < APP_FC_TILE) return 0;
    if (c->kind == CMD_FILL) return c->color.a == 255;
    SDL_BlendMode mode;
    int tw, th;
    if (c->color.r != 255 || c->color.g != 255 || c->color.b != 255 || c->color.a != 255) return 0;
    if (SDL_GetTextureBlendMode(c->tex, &mode) != 0 || mode != SDL_BLENDMODE_NONE) return 0;
    if (SDL_QueryTexture(c->tex, NULL, NULL, &tw, &th) != 0) return 0;
    return c->src.x >= 0 && c->src.y >= 0 && c->src.x + c->src.w <= tw && c->src.y + c->src.h <= th;
}

#define FC_AREAS_MAX 1024

/* Each changed area's first call: the last call that covers it wholly (covers()), the
 * areas split at the edges of the covering calls' boxes so that their insides start
 * there. Areas beyond FC_AREAS_MAX are not split (they replay every call: the same
 * pixels, more work). Returns 0, changing nothing, when out of memory (every area then
 * starts at call 0). */
static int find_from(AppFrameCache *fc)
{
    if (fc->from_cap < FC_AREAS_MAX) {
        int *f = realloc(fc->from, FC_AREAS_MAX * sizeof *f);
        if (!f) return 0;
        fc->from = f;
        fc->from_cap = FC_AREAS_MAX;
    }
    if (fc->rects_cap < FC_AREAS_MAX) { /* room for every split */
        SDL_Rect *r = realloc(fc->rects, FC_AREAS_MAX * sizeof *r);
        if (!r) return 0;
        fc->rects = r;
        fc->rects_cap = FC_AREAS_MAX;
    }
    for (int k = 0; k < fc->nrects; k++) fc->from[k] = 0;
    for (int i = 0; i < fc->n; i++) {
        const AppFcCmd *c = &fc->cmd[i];
        if (!covers(c)) continue;
        const int areas = fc->nrects;
        for (int k = 0; k < areas; k++) {
            SDL_Rect a = fc->rects[k], in;
            if (!app_fc_cut(a, c->box, &in)) continue;
            SDL_Rect part[4];
            int parts = 0;
            if (in.y > a.y) part[parts++] = (SDL_Rect){a.x, a.y, a.w, in.y - a.y};
            if (in.y + in.h < a.y + a.h) part[parts++] = (SDL_Rect){a.x, in.y + in.h, a.w, a.y + a.h - in.y - in.h};
            if (in.x > a.x) part[parts++] = (SDL_Rect){a.x, in.y, in.x - a.x, in.h};
            if (in.x + in.w < a.x + a.w) part[parts++] = (SDL_Rect){in.x + in.w, in.y, a.x + a.w - in.x - in.w, in.h};
            if (fc->nrects + parts > FC_AREAS_MAX) continue;
            for (int p = 0; p < parts; p++) {
                fc->rects[fc->nrects] = part[p];
                fc->from[fc->nrects++] = fc->from[k];
            }
            fc->rects[k] = in;
            fc->from[k] = i;
        }
    }
    return 1;
}

/* Whether box (on the target) covers a changed tile. */
static int touches_dirty(const AppFrameCache *fc, SDL_Rect box)
{
    if (box.w <= 0 || box.h <= 0) return 0;
    int x0 = box.x / APP_FC_TILE, x1 = (box.x + box.w - 1) / APP_FC_TILE;
    int y0 = box.y / APP_FC_TILE, y1 = (box.y + box.h - 1) / APP_FC_TILE;
    for (int ty = y0; ty <= y1; ty++) {
        const uint8_t *row = fc->dirty + (size_t)ty * (size_t)fc->tx;
        for (int tx = x0; tx <= x1; tx++)
            if (row[tx]) return 1;
    }
    return 0;
}

/* How a call is written into the target directly (DIRECT_NO: SDL draws it), resolved on
 * the drawing thread before the replay, so the other thread asks SDL nothing. */
enum { DIRECT_NO = 0, DIRECT_FILL, DIRECT_COPY, DIRECT_BLEND };

struct AppFcDirect {
    int how;
    uint32_t fill;      /* a fill's pixel */
    const uint8_t *src; /* a copy's source pixel at the top left of cmd->src */
    int pitch;
};

/* Where that gives SDL's bytes: an opaque fill, or a copy of a streaming ARGB8888
 * texture without tint, drawn without blending or blended (app_blend: only where the
 * probe found SDL's blend equal to it). An RGB888 target (an X11 window's) has no
 * alpha: SDL writes its top byte as zero in fills and unblended copies, and as the
 * blend's in blended ones. A texture's pixels are read where its lock shows them: the
 * software renderer keeps a streaming texture's pixels there until it is destroyed, and
 * textures freed during a frame are destroyed after it. */
static AppFcDirect resolve(const AppFrameCache *fc, const AppFcCmd *c)
{
    AppFcDirect d = {DIRECT_NO, 0, NULL, 0};
    const SDL_Surface *s = fc->target;
    if (!s) return d;
    if (c->kind == CMD_FILL) {
        if (c->color.a != 255) return d;
        d.how = DIRECT_FILL;
        d.fill = (s->format->format == SDL_PIXELFORMAT_ARGB8888 ? 0xFF000000u : 0u) | (uint32_t)c->color.r << 16 |
                 (uint32_t)c->color.g << 8 | c->color.b;
        return d;
    }
    SDL_BlendMode mode;
    Uint32 format;
    int access, tw, th;
    if (c->color.r != 255 || c->color.g != 255 || c->color.b != 255 || c->color.a != 255) return d;
    if (SDL_GetTextureBlendMode(c->tex, &mode) != 0) return d;
    int blended = mode == SDL_BLENDMODE_BLEND;
    if (mode != SDL_BLENDMODE_NONE && !(blended && app_blend_agrees(s->format->format))) return d;
    if (SDL_QueryTexture(c->tex, &format, &access, &tw, &th) != 0 || format != SDL_PIXELFORMAT_ARGB8888 ||
        access != SDL_TEXTUREACCESS_STREAMING)
        return d;
    if (c->src.x < 0 || c->src.y < 0 || c->src.x + c->src.w > tw || c->src.y + c->src.h > th) return d;
    void *px;
    int pitch;
    if (SDL_LockTexture(c->tex, NULL, &px, &pitch) != 0) return d;
    SDL_UnlockTexture(c->tex);
    d.how = blended ? DIRECT_BLEND : DIRECT_COPY;
    d.src = (const uint8_t *)px + (size_t)c->src.y * (size_t)pitch + (size_t)c->src.x * 4u;
    d.pitch = pitch;
    return d;
}

/* The target as the threads see it: its pixels, read once on the drawing thread. */
typedef struct Target {
    uint8_t *px;
    int pitch, w, h, alpha;
} Target;

/* Writes c on clip (within c's box) as resolved; touches the target's pixels in clip
 * only. */
static void run_direct(const Target *t, const AppFcCmd *c, const AppFcDirect *d, SDL_Rect clip)
{
    SDL_Rect box;
    if (!app_fc_cut(clip, (SDL_Rect){0, 0, t->w, t->h}, &box)) return;
    for (int y = box.y; y < box.y + box.h; y++) {
        uint32_t *row = (uint32_t *)(void *)(t->px + (size_t)y * (size_t)t->pitch) + box.x;
        if (d->how == DIRECT_FILL) {
            for (int x = 0; x < box.w; x++) row[x] = d->fill;
            continue;
        }
        const uint8_t *from = d->src + (size_t)(y - c->rect.y) * (size_t)d->pitch + (size_t)(box.x - c->rect.x) * 4u;
        const uint32_t *p = (const uint32_t *)(const void *)from;
        if (d->how == DIRECT_BLEND) {
            app_blend_span(row, p, box.w);
        } else if (t->alpha) {
            memcpy(row, from, (size_t)box.w * 4u);
        } else {
            for (int x = 0; x < box.w; x++) row[x] = p[x] & 0x00FFFFFFu;
        }
    }
}

void app_fc_run_sdl(AppFrameCache *fc, const AppFcCmd *c, SDL_Rect area)
{
    SDL_Rect clip;
    if (!app_fc_cut(c->box, area, &clip)) return;
    fc->queued = 1;
    SDL_RenderSetClipRect(fc->r, &clip);
    if (c->kind == CMD_FILL) app_fc_sdl_fill(fc->r, &c->rect, c->color);
    else app_fc_sdl_copy(fc->r, c->tex, &c->src, &c->rect, c->color);
    fc->last_runs++;
}

/* One thread's share of the replay: the areas k with owner[k] == who. */
typedef struct Part {
    AppFrameCache *fc;
    Target target;
    int who, split, runs;
} Part;

static void run_part(Part *p)
{
    AppFrameCache *fc = p->fc;
    for (int j = 0; j < fc->ntouch; j++) {
        const int i = fc->touch[j];
        const AppFcCmd *c = &fc->cmd[i];
        const AppFcDirect *d = &fc->direct[j];
        for (int k = 0; k < fc->nrects; k++) {
            SDL_Rect clip;
            if (fc->owner[k] != p->who || (p->split && i < fc->from[k])) continue;
            if (!app_fc_cut(c->box, fc->rects[k], &clip)) continue;
            if (d->how == DIRECT_NO) { /* never in the second thread's areas */
                app_fc_run_sdl(fc, c, clip);
                continue;
            }
            if (p->who == 0 && fc->queued) { /* what SDL was asked to draw lands first */
                SDL_RenderFlush(fc->r);
                fc->queued = 0;
            }
            run_direct(&p->target, c, d, clip);
            p->runs++;
        }
    }
}

static void run_part_job(void *arg)
{
    run_part(arg);
}

/* Below this many changed pixels one thread draws them: handing over costs more. */
#define SHARE_MIN_PX 16384

/* Gives the second thread (owner 1) about half the changed pixels: areas where every
 * call is direct, the last one it takes cut across at a row. Returns whether it got any. */
static int share_areas(AppFrameCache *fc, int split)
{
    SDL_Rect screen = {0, 0, fc->w, fc->h};
    memset(fc->owner, 0, (size_t)fc->nrects);
    /* Areas a call SDL must draw touches stay here (owner 2 while deciding). */
    for (int j = 0; j < fc->ntouch; j++) {
        if (fc->direct[j].how != DIRECT_NO) continue;
        const AppFcCmd *c = &fc->cmd[fc->touch[j]];
        SDL_Rect in;
        for (int k = 0; k < fc->nrects; k++)
            if ((!split || fc->touch[j] >= fc->from[k]) && app_fc_cut(c->box, fc->rects[k], &in)) fc->owner[k] = 2;
    }
    long long total = 0, given = 0;
    for (int k = 0; k < fc->nrects; k++) {
        SDL_Rect r;
        if (app_fc_cut(fc->rects[k], screen, &r)) total += (long long)r.w * r.h;
    }
    const long long half = total >= SHARE_MIN_PX ? total / 2 : 0;
    const int areas = fc->nrects;
    for (int k = 0; k < areas && given < half; k++) {
        SDL_Rect r;
        if (fc->owner[k] || !app_fc_cut(fc->rects[k], screen, &r)) continue;
        long long a = (long long)r.w * r.h;
        int rows = (int)((half - given + r.w - 1) / r.w);
        if (given + a > half && rows < r.h && fc->nrects < fc->rects_cap && fc->nrects < fc->owner_cap &&
            (!split || fc->nrects < fc->from_cap)) {
            /* the rows past half stay here, as an area of their own */
            SDL_Rect rest = {r.x, r.y + rows, r.w, r.h - rows};
            fc->rects[fc->nrects] = rest;
            if (split) fc->from[fc->nrects] = fc->from[k];
            fc->owner[fc->nrects++] = 0;
            fc->rects[k] = (SDL_Rect){r.x, r.y, r.w, rows};
            a = (long long)r.w * rows;
        }
        fc->owner[k] = 1;
        given += a;
    }
    for (int k = 0; k < fc->nrects; k++)
        if (fc->owner[k] == 2) fc->owner[k] = 0;
    return given > 0;
}

/* Adds the changed areas, within the target, to those app_fc_changed reports (unknown,
 * -1, stays so, and so does running out of memory) and counts their pixels. */
static void keep_changed(AppFrameCache *fc, SDL_Rect screen)
{
    int need = fc->nchanged + fc->nrects;
    if (fc->nchanged >= 0 && fc->changed_cap < need) {
        SDL_Rect *c = realloc(fc->changed, (size_t)need * sizeof *c);
        if (c) {
            fc->changed = c;
            fc->changed_cap = need;
        } else {
            fc->nchanged = -1;
        }
    }
    for (int k = 0; k < fc->nrects; k++) {
        SDL_Rect r;
        if (!app_fc_cut(fc->rects[k], screen, &r)) continue;
        fc->last_pixels += (long long)r.w * r.h;
        if (fc->nchanged >= 0) fc->changed[fc->nchanged++] = r;
    }
}

/* Room for the replay's per-call and per-area lists; 0 when out of memory. */
static int reserve(AppFrameCache *fc)
{
    if (fc->touch_cap < fc->n) {
        int *t = realloc(fc->touch, (size_t)fc->n * sizeof *t);
        if (t) fc->touch = t;
        AppFcDirect *d = t ? realloc(fc->direct, (size_t)fc->n * sizeof *d) : NULL;
        if (d) fc->direct = d;
        if (!d) return 0;
        fc->touch_cap = fc->n;
    }
    int areas = fc->rects_cap > fc->nrects ? fc->rects_cap : fc->nrects;
    if (fc->owner_cap < areas) {
        uint8_t *o = realloc(fc->owner, (size_t)areas);
        if (!o) return 0;
        fc->owner = o;
        fc->owner_cap = areas;
    }
    return 1;
}

void app_fc_replay(AppFrameCache *fc, int all)
{
    SDL_Rect screen = {0, 0, fc->w, fc->h};
    if (all || !dirty_rects(fc)) {
        fc->nrects = 0;
        if (!add_rect(fc, screen)) { /* no memory even for one rect: the whole target */
            for (int i = 0; i < fc->n; i++) app_fc_run_sdl(fc, &fc->cmd[i], screen);
            fc->nchanged = -1;
            return;
        }
    }
    keep_changed(fc, screen);
    const int split = fc->nrects <= FC_AREAS_MAX && find_from(fc);
    if (!reserve(fc)) { /* out of memory: every call through SDL, as it was recorded */
        for (int i = 0; i < fc->n; i++) {
            const AppFcCmd *c = &fc->cmd[i];
            if (!all && !touches_dirty(fc, c->box)) continue;
            for (int k = 0; k < fc->nrects; k++)
                if (!split || i >= fc->from[k]) app_fc_run_sdl(fc, c, fc->rects[k]);
        }
        return;
    }
    /* Most calls touch no changed tile (static text, cards): they are left out without
     * cutting their box against every changed rect. */
    fc->ntouch = 0;
    for (int i = 0; i < fc->n; i++) {
        const AppFcCmd *c = &fc->cmd[i];
        if (!all && !touches_dirty(fc, c->box)) continue;
        fc->touch[fc->ntouch] = i;
        fc->direct[fc->ntouch++] = resolve(fc, c);
    }
    Part here = {fc, {0}, 0, split, 0}, there;
    if (fc->target) {
        SDL_Surface *s = fc->target;
        here.target = (Target){s->pixels, s->pitch, s->w, s->h, s->format->format == SDL_PIXELFORMAT_ARGB8888};
    }
    there = here;
    there.who = 1;
    memset(fc->owner, 0, (size_t)fc->nrects);
    int shared = fc->target && fc->helper_start && share_areas(fc, split);
    if (shared && fc->queued) { /* SDL's queue lands before the other thread writes */
        SDL_RenderFlush(fc->r);
        fc->queued = 0;
    }
    if (shared && !fc->helper_start(fc->helper_ctx, run_part_job, &there)) {
        shared = 0;
        memset(fc->owner, 0, (size_t)fc->nrects);
    }
    run_part(&here);
    if (shared) {
        fc->helper_wait(fc->helper_ctx);
        fc->replays_shared++;
    }
    fc->last_runs += here.runs + there.runs;
}
