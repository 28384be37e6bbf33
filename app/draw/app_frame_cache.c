/* app_frame_cache.c — recorded draw calls, tile hashes, replay of the changed tiles
 * (see app_frame_cache.h). */
#include "app_frame_cache.h"

#include "app_blend.h"

#include <stdlib.h>
#include <string.h>

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

/* Intersection; returns 0 when empty. */
static int cut(SDL_Rect a, SDL_Rect b, SDL_Rect *out)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w, y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    if (x1 <= x0 || y1 <= y0) return 0;
    *out = (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
    return 1;
}

static void run_fill(SDL_Renderer *r, const SDL_Rect *rect, AppColor c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    /* Opaque fills skip per-pixel blending (a plain fill in the software renderer). */
    if (c.a == 255) SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    SDL_RenderFillRect(r, rect);
    if (c.a == 255) SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
}

static void run_copy(SDL_Renderer *r, SDL_Texture *tex, const SDL_Rect *src, const SDL_Rect *dst, AppColor mod)
{
    SDL_SetTextureColorMod(tex, mod.r, mod.g, mod.b);
    SDL_SetTextureAlphaMod(tex, mod.a);
    SDL_RenderCopy(r, tex, src, dst);
}

/* Records a call writing rect: *out is the new entry, or NULL when it writes nothing.
 * Returns 0 when out of memory. */
static int add(AppFrameCache *fc, int kind, SDL_Rect rect, AppFcCmd **out)
{
    SDL_Rect box, screen = {0, 0, fc->w, fc->h};
    *out = NULL;
    if (!cut(rect, screen, &box)) return 1;
    if (fc->clip_on && !cut(box, fc->clip, &box)) return 1;
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
        run_fill(fc->r, &r, c);
        return;
    }
    AppFcCmd *cmd;
    if (!add(fc, CMD_FILL, r, &cmd)) {
        give_up(fc);
        run_fill(fc->r, &r, c);
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
        run_copy(fc->r, tex, src ? &s : NULL, &dst, mod);
        return;
    }
    AppFcCmd *cmd;
    if (!add(fc, CMD_COPY, dst, &cmd)) {
        give_up(fc);
        run_copy(fc->r, tex, src ? &s : NULL, &dst, mod);
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
    if (!fc->on || !cut(r, screen, &box)) return;
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

/* Runs c on the pixels of clip (already within c's box) by writing the target itself,
 * where that gives SDL's bytes: an opaque fill, or a copy of a streaming ARGB8888
 * texture without tint, drawn without blending or blended (app_blend: only where the
 * probe found SDL's blend equal to it). An RGB888 target (an X11 window's) has no
 * alpha: SDL writes its top byte as zero in fills and unblended copies, and as the
 * blend's in blended ones. Returns 0 when SDL must draw it. */
static int run_direct(AppFrameCache *fc, const AppFcCmd *c, SDL_Rect clip)
{
    SDL_Surface *s = fc->target;
    SDL_Rect box, bounds = {0, 0, s->w, s->h};
    const void *src = NULL;
    int src_pitch = 0, blended = 0;
    if (c->kind == CMD_FILL) {
        if (c->color.a != 255) return 0;
    } else {
        SDL_BlendMode mode;
        Uint32 format;
        int access, tw, th;
        if (c->color.r != 255 || c->color.g != 255 || c->color.b != 255 || c->color.a != 255) return 0;
        if (SDL_GetTextureBlendMode(c->tex, &mode) != 0) return 0;
        blended = mode == SDL_BLENDMODE_BLEND;
        if (mode != SDL_BLENDMODE_NONE && !(blended && app_blend_agrees(s->format->format))) return 0;
        if (SDL_QueryTexture(c->tex, &format, &access, &tw, &th) != 0 || format != SDL_PIXELFORMAT_ARGB8888 ||
            access != SDL_TEXTUREACCESS_STREAMING)
            return 0;
        if (c->src.x < 0 || c->src.y < 0 || c->src.x + c->src.w > tw || c->src.y + c->src.h > th) return 0;
    }
    if (fc->queued) { /* what SDL was asked to draw lands first */
        SDL_RenderFlush(fc->r);
        fc->queued = 0;
    }
    if (c->kind == CMD_COPY && SDL_LockTexture(c->tex, NULL, (void **)&src, &src_pitch) != 0) return 0;
    int alpha = s->format->format == SDL_PIXELFORMAT_ARGB8888;
    if (cut(clip, bounds, &box)) {
        for (int y = box.y; y < box.y + box.h; y++) {
            uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch) + box.x;
            if (c->kind == CMD_FILL) {
                uint32_t v = (alpha ? 0xFF000000u : 0u) | (uint32_t)c->color.r << 16 | (uint32_t)c->color.g << 8 |
                             c->color.b;
                for (int x = 0; x < box.w; x++) row[x] = v;
                continue;
            }
            const uint8_t *from = (const uint8_t *)src + (size_t)(c->src.y + y - c->rect.y) * (size_t)src_pitch +
                                  (size_t)(c->src.x + box.x - c->rect.x) * 4u;
            const uint32_t *p = (const uint32_t *)(const void *)from;
            if (blended) {
                app_blend_span(row, p, box.w);
            } else if (alpha) {
                memcpy(row, from, (size_t)box.w * 4u);
            } else {
                for (int x = 0; x < box.w; x++) row[x] = p[x] & 0x00FFFFFFu;
            }
        }
    }
    if (c->kind == CMD_COPY) SDL_UnlockTexture(c->tex);
    return 1;
}

/* Runs cmd clipped to area (the target's whole rect when drawing everything). */
static void run_clipped(AppFrameCache *fc, const AppFcCmd *c, SDL_Rect area)
{
    SDL_Rect clip;
    if (!cut(c->box, area, &clip)) return;
    if (fc->target && run_direct(fc, c, clip)) {
        fc->last_runs++;
        return;
    }
    fc->queued = 1;
    SDL_RenderSetClipRect(fc->r, &clip);
    if (c->kind == CMD_FILL) run_fill(fc->r, &c->rect, c->color);
    else run_copy(fc->r, c->tex, &c->src, &c->rect, c->color);
    fc->last_runs++;
}

static void give_up(AppFrameCache *fc)
{
    SDL_Rect all = {0, 0, fc->w, fc->h};
    fc->queued = 1;
    for (int i = 0; i < fc->n; i++) run_clipped(fc, &fc->cmd[i], all);
    fc->on = 0;
    fc->valid = 0;
    fc->n = 0;
    if (fc->clip_on) SDL_RenderSetClipRect(fc->r, &fc->clip);
    else SDL_RenderSetClipRect(fc->r, NULL);
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
            if (!cut(a, c->box, &in)) continue;
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

void app_fc_end(AppFrameCache *fc)
{
    if (!fc->on) {
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
    SDL_Rect screen = {0, 0, fc->w, fc->h};
    if (all || !dirty_rects(fc)) {
        fc->nrects = 0;
        if (!add_rect(fc, screen)) /* no memory even for one rect: the whole target */
            for (int i = 0; i < fc->n; i++) run_clipped(fc, &fc->cmd[i], screen);
    }
    for (int k = 0; k < fc->nrects; k++) {
        SDL_Rect r;
        if (cut(fc->rects[k], screen, &r)) fc->last_pixels += (long long)r.w * r.h;
    }
    const int split = fc->nrects <= FC_AREAS_MAX && find_from(fc);
    for (int i = 0; i < fc->n; i++) {
        const AppFcCmd *c = &fc->cmd[i];
        /* Most calls touch no changed tile (static text, cards): skip them without
         * cutting their box against every changed rect. */
        if (!all && !touches_dirty(fc, c->box)) continue;
        for (int k = 0; k < fc->nrects; k++)
            if (!split || i >= fc->from[k]) run_clipped(fc, c, fc->rects[k]);
    }
    SDL_RenderSetClipRect(fc->r, NULL);
    uint64_t *t = fc->prev;
    fc->prev = fc->tile;
    fc->tile = t;
    fc->valid = 1;
    fc->n = 0;
    bury(fc);
}
