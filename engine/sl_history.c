/* sl_history.c — a bounded stack of snapshots in a ring (see sl_history.h). The ring
 * grows by doubling until it holds `limit` snapshots; then a push overwrites the oldest. */
#include "sl_history.h"

#include <stdlib.h>
#include <string.h>

void sl_history_init(SlHistory *h, size_t size)
{
    memset(h, 0, sizeof *h);
    h->size = size;
    size_t lim = size > 0 ? SL_HISTORY_BYTES / size : 1;
    h->limit = lim < 1 ? 1 : lim > 1u << 30 ? 1 << 30 : (int)lim;
}

void sl_history_deinit(SlHistory *h)
{
    free(h->buf);
    size_t size = h->size;
    sl_history_init(h, size);
}

/* Grows the ring to new_cap, unrolling it so the oldest snapshot sits at index 0. */
static SlStatus grow(SlHistory *h, int new_cap)
{
    unsigned char *b = malloc((size_t)new_cap * h->size);
    if (!b) return SL_ERR_NOMEM;
    int oldest = h->count < h->cap ? (h->head - h->count + h->cap) % (h->cap ? h->cap : 1) : h->head;
    for (int i = 0; i < h->count; i++)
        memcpy(b + (size_t)i * h->size, h->buf + (size_t)((oldest + i) % h->cap) * h->size, h->size);
    free(h->buf);
    h->buf = b;
    h->cap = new_cap;
    h->head = h->count;
    return SL_OK;
}

SlStatus sl_history_push(SlHistory *h, const void *snap)
{
    if (h->count == h->cap && h->cap < h->limit) {
        int new_cap = h->cap ? (h->cap > h->limit / 2 ? h->limit : 2 * h->cap) : (h->limit < 64 ? h->limit : 64);
        SlStatus st = grow(h, new_cap);
        if (st != SL_OK) return st;
    }
    memcpy(h->buf + (size_t)h->head * h->size, snap, h->size);
    h->head = (h->head + 1) % h->cap;
    if (h->count < h->cap) h->count++;
    return SL_OK;
}

int sl_history_pop(SlHistory *h, void *snap)
{
    if (h->count == 0) return 0;
    h->head = (h->head - 1 + h->cap) % h->cap;
    memcpy(snap, h->buf + (size_t)h->head * h->size, h->size);
    h->count--;
    return 1;
}

void sl_history_clear(SlHistory *h)
{
    h->head = 0;
    h->count = 0;
}
