/* sl_history.h — the undo record of something that trains: a stack of fixed-size
 * snapshots (the parameters and optimizer state before each update), kept in a ring
 * so its memory stays under SL_HISTORY_BYTES: past that the oldest snapshots go, and
 * stepping back stops there. Plain bytes: the owner decides what a snapshot holds. */
#ifndef SL_HISTORY_H
#define SL_HISTORY_H

#include <stddef.h>
#include "sl_status.h"

#define SL_HISTORY_BYTES ((size_t)64 << 20)  /* per history: 64 MiB */

typedef struct SlHistory {
    unsigned char *buf;  /* cap snapshots of size bytes, a ring; owned */
    size_t size;         /* bytes per snapshot */
    int cap;             /* snapshots allocated (grows by doubling up to limit) */
    int limit;           /* most snapshots kept: SL_HISTORY_BYTES / size, at least 1 */
    int head;            /* ring index of the next push */
    int count;           /* snapshots held (<= cap) */
} SlHistory;

/* Empty history of snapshots of `size` bytes (> 0); allocates nothing yet. */
void sl_history_init(SlHistory *h, size_t size);
/* Frees the snapshots; *h is empty and may be initialised again. */
void sl_history_deinit(SlHistory *h);
/* Copies size bytes from snap on top, dropping the oldest when full. Returns SL_OK or
 * SL_ERR_NOMEM (the history is unchanged then). */
SlStatus sl_history_push(SlHistory *h, const void *snap);
/* Copies the top snapshot to snap and removes it; returns 0 when empty (snap untouched). */
int sl_history_pop(SlHistory *h, void *snap);
/* Forgets every snapshot (keeps the memory). */
void sl_history_clear(SlHistory *h);

#endif
