/* app_frame_cache.c — recorded draw calls and tile hashes (see app_frame_cache.h); the
 * replay of the changed tiles is app_fc_replay.c. */
#include "app_fc_replay.h"

#include <stdlib.h>
#include <string.h>


static uint64_t mix(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
    return h;
}

void app_fc_init(AppFrameCache *fc, SDL_Renderer *r)
{
    memset(fc, 0, sizeof *fc);
    fc->r = r;
    fc->enabled = 1;
    fc->nchanged = -1; /* nothing shown yet */
    SDL_RendererInfo info;
    /* SDL's software renderer draws into a surface that nobody else touches between
     * frames (the window's, or ours headless); GPU back buffers are undefined after a
     * present. */
    fc->keeps_pixels = r && SDL_GetRendererInfo(r, &info) == 0 && info.name && strcmp(info.name, "software") == 0;
}

static void bury(AppFrameCache *fc)
{
    for (int i = 0; i < fc->ngrave; i++) SDL_DestroyTexture(fc->grave[i]);
    fc->ngrave = 0;
}

void app_fc_free(AppFrameCache *fc)
{
    bury(fc);
    free(fc->grave);
    free(fc->tile);
    free(fc->prev);
    free(fc->dirty);
    free(fc->cmd);
    free(fc->rects);
    free(fc->from);
    free(fc->touch);
    free(fc->direct);
    free(fc->owner);
    free(fc->changed);
    memset(fc, 0, sizeof *fc);
}

uint64_t app_fc_new_id(AppFrameCache *fc)
{
    return ++fc->next_id;
}

void app_fc_enable(AppFrameCache *fc, int enabled)
{
    if (fc->enabled != enabled) fc->valid = 0;
    fc->enabled = enabled;
}

void app_fc_invalidate(AppFrameCache *fc)
{
    fc->valid = 0;
}

void app_fc_begin(AppFrameCache *fc, int w, int h)
{
    fc->n = 0;
    fc->clip_on = 0;
    fc->on = 0;
    fc->last_pixels = 0;
    fc->last_runs = fc->last_cmds = 0;
    if (!fc->enabled || !fc->keeps_pixels || w <= 0 || h <= 0) {
        fc->valid = 0;
        return;
    }
    int tx = (w + APP_FC_TILE - 1) / APP_FC_TILE, ty = (h + APP_FC_TILE - 1) / APP_FC_TILE;
    if (tx * ty > fc->tiles_cap) {
        uint64_t *a = realloc(fc->tile, (size_t)tx * (size_t)ty * sizeof *a);
        if (a) fc->tile = a;
        uint64_t *b = a ? realloc(fc->prev, (size_t)tx * (size_t)ty * sizeof *b) : NULL;
        if (b) fc->prev = b;
        uint8_t *d = b ? realloc(fc->dirty, (size_t)tx * (size_t)ty) : NULL;
        if (d) fc->dirty = d;
        if (!d) { /* out of memory: draw directly */
            fc->valid = 0;
            return;
        }
        fc->tiles_cap = tx * ty;
        fc->valid = 0;
    }
    if (w != fc->w || h != fc->h) fc->valid = 0;
    fc->w = w;
    fc->h = h;
    fc->tx = tx;
    fc->ty = ty;
    for (int i = 0; i < tx * ty; i++) fc->tile[i] = 0x9e3779b97f4a7c15u;
    memset(fc->dirty, 0, (size_t)tx * (size_t)ty);
    fc->on = 1;
}


/* Records a call writing rect: *out is the new entry, or NULL when it writes nothing.
 * Returns 0 when out of memory. */
static int add(AppFrameCache *fc, int kind, SDL_Rect rect, AppFcCmd **out)
{
    SDL_Rect box, screen = {0, 0, fc->w, fc->h};
    *out = NULL;
    if (!app_fc_cut(rect, screen, &box)) return 1;
    if (fc->clip_on && !app_fc_cut(box, fc->clip, &box)) return 1;
    if (fc->n == fc->cap) {
        int cap = fc->cap ? fc->cap * 2 : 512;
        AppFcCmd *c = realloc(fc->cmd, (size_t)cap * sizeof *c);
        if (!c) return 0;
        fc->cmd = c;
        fc->cap = cap;
    }
    AppFcCmd *c = &fc->cmd[fc->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->rect = rect;
    c->clip_on = fc->clip_on;
    if (fc->clip_on) c->clip = fc->clip; /* else zero: an old clip must not change the hash */
    c->box = box;
    *out = c;
    return 1;
}

/* Out of room for the list: draws everything recorded so far, then the rest at once. */
static void give_up(AppFrameCache *fc);

void app_fc_fill(AppFrameCache *fc, SDL_Rect r, AppColor c)
{
    if (r.w <= 0 || r.h <= 0) return;
    if (!fc->on) {
        app_fc_sdl_fill(fc->r, &r, c);
        return;
    }
    AppFcCmd *cmd;
    if (!add(fc, CMD_FILL, r, &cmd)) {
        give_up(fc);
        app_fc_sdl_fill(fc->r, &r, c);
    }
    if (!cmd) return;
    cmd->color = c;
    uint64_t h = mix(CMD_FILL ^ (uint64_t)(uint32_t)r.x << 8 ^ (uint64_t)(uint32_t)r.y << 36);
    h = mix(h ^ (uint64_t)(uint32_t)r.w ^ (uint64_t)(uint32_t)r.h << 32);
    h = mix(h ^ ((uint64_t)c.r | (uint64_t)c.g << 8 | (uint64_t)c.b << 16 | (uint64_t)c.a << 24));
    cmd->hash = h;
}

void app_fc_copy(AppFrameCache *fc, SDL_Texture *tex, uint64_t id, const SDL_Rect *src, int w, int h, int x, int y,
                 AppColor mod)
{
    if (!tex) return;
    SDL_Rect s = src ? *src : (SDL_Rect){0, 0, w, h};
    SDL_Rect dst = {x, y, s.w, s.h};
    if (s.w <= 0 || s.h <= 0) return;
    if (!fc->on) {
        app_fc_sdl_copy(fc->r, tex, src ? &s : NULL, &dst, mod);
        return;
    }
    AppFcCmd *cmd;
    if (!add(fc, CMD_COPY, dst, &cmd)) {
        give_up(fc);
        app_fc_sdl_copy(fc->r, tex, src ? &s : NULL, &dst, mod);
    }
    if (!cmd) return;
    cmd->src = s;
    cmd->tex = tex;
    cmd->color = mod;
    uint64_t hh = mix(CMD_COPY ^ id << 8);
    hh = mix(hh ^ (uint64_t)(uint32_t)x ^ (uint64_t)(uint32_t)y << 32);
    hh = mix(hh ^ (uint64_t)(uint32_t)s.x ^ (uint64_t)(uint32_t)s.y << 32);
    hh = mix(hh ^ (uint64_t)(uint32_t)s.w ^ (uint64_t)(uint32_t)s.h << 32);
    hh = mix(hh ^ ((uint64_t)mod.r | (uint64_t)mod.g << 8 | (uint64_t)mod.b << 16 | (uint64_t)mod.a << 24));
    cmd->hash = hh;
}

void app_fc_clip(AppFrameCache *fc, const SDL_Rect *r)
{
    if (!fc->on) {
        SDL_RenderSetClipRect(fc->r, r);
        return;
    }
    fc->clip_on = r != NULL;
    if (r) fc->clip = *r;
}

static void mark(AppFrameCache *fc, SDL_Rect box)
{
    int x0 = box.x / APP_FC_TILE, x1 = (box.x + box.w - 1) / APP_FC_TILE;
    int y0 = box.y / APP_FC_TILE, y1 = (box.y + box.h - 1) / APP_FC_TILE;
    for (int ty = y0; ty <= y1; ty++) memset(fc->dirty + (size_t)ty * (size_t)fc->tx + (size_t)x0, 1, (size_t)(x1 - x0 + 1));
}

void app_fc_damage(AppFrameCache *fc, SDL_Rect r)
{
    SDL_Rect box, screen = {0, 0, fc->w, fc->h};
    if (!fc->on || !app_fc_cut(r, screen, &box)) return;
    mark(fc, box);
}

void app_fc_destroy_texture(AppFrameCache *fc, SDL_Texture *tex)
{
    if (!tex) return;
    if (!fc->on || fc->n == 0) {
        SDL_DestroyTexture(tex);
        return;
    }
    if (fc->ngrave == fc->grave_cap) {
        int cap = fc->grave_cap ? fc->grave_cap * 2 : 64;
        SDL_Texture **g = realloc(fc->grave, (size_t)cap * sizeof *g);
        if (!g) { /* keep it alive rather than free it under a recorded call */
            give_up(fc);
            SDL_DestroyTexture(tex);
            return;
        }
        fc->grave = g;
        fc->grave_cap = cap;
    }
    fc->grave[fc->ngrave++] = tex;
}

void app_fc_set_target(AppFrameCache *fc, SDL_Surface *s)
{
    Uint32 f = s && s->format && s->pixels ? s->format->format : SDL_PIXELFORMAT_UNKNOWN;
    fc->target = f == SDL_PIXELFORMAT_ARGB8888 || f == SDL_PIXELFORMAT_RGB888 ? s : NULL;
}

static void give_up(AppFrameCache *fc)
{
    SDL_Rect all = {0, 0, fc->w, fc->h};
    fc->queued = 1;
    for (int i = 0; i < fc->n; i++) app_fc_run_sdl(fc, &fc->cmd[i], all);
    fc->on = 0;
    fc->valid = 0;
    fc->n = 0;
    if (fc->clip_on) SDL_RenderSetClipRect(fc->r, &fc->clip);
    else SDL_RenderSetClipRect(fc->r, NULL);
}

int app_fc_changed(const AppFrameCache *fc, const SDL_Rect **rects)
{
    *rects = fc->changed;
    return fc->nchanged;
}

void app_fc_changed_reset(AppFrameCache *fc)
{
    fc->nchanged = 0;
}

void app_fc_set_helper(AppFrameCache *fc, int (*start)(void *ctx, void (*fn)(void *), void *arg),
                       void (*wait)(void *ctx), void *ctx)
{
    fc->helper_start = start;
    fc->helper_wait = wait;
    fc->helper_ctx = ctx;
}


void app_fc_end(AppFrameCache *fc)
{
    if (!fc->on) { /* drawn at once, not recorded: anything may have changed */
        fc->nchanged = -1;
        bury(fc);
        return;
    }
    fc->on = 0;
    fc->last_cmds = fc->n;
    fc->queued = 1; /* calls made outside the recording may still be queued */
    /* Each tile's chain of the calls that touch it. */
    for (int i = 0; i < fc->n; i++) {
        const AppFcCmd *c = &fc->cmd[i];
        uint64_t h = c->hash ^ mix((uint64_t)c->clip_on << 62 ^ (uint64_t)(uint32_t)c->clip.x ^
                                   (uint64_t)(uint32_t)c->clip.y << 16 ^ (uint64_t)(uint32_t)c->clip.w << 32 ^
                                   (uint64_t)(uint32_t)c->clip.h << 48);
        int x0 = c->box.x / APP_FC_TILE, x1 = (c->box.x + c->box.w - 1) / APP_FC_TILE;
        int y0 = c->box.y / APP_FC_TILE, y1 = (c->box.y + c->box.h - 1) / APP_FC_TILE;
        for (int ty = y0; ty <= y1; ty++) {
            uint64_t *t = fc->tile + (size_t)ty * (size_t)fc->tx;
            for (int tx = x0; tx <= x1; tx++) t[tx] = mix(t[tx] ^ h);
        }
    }
    int all = !fc->valid;
    for (int i = 0; i < fc->tx * fc->ty; i++)
        if (all || fc->tile[i] != fc->prev[i]) fc->dirty[i] = 1;
    app_fc_replay(fc, all);
    SDL_RenderSetClipRect(fc->r, NULL);
    uint64_t *t = fc->prev;
    fc->prev = fc->tile;
    fc->tile = t;
    fc->valid = 1;
    fc->n = 0;
    bury(fc);
}
