/* app_text_record.c — the frame's record of cut and drawn strings (see app_text_record.h). */
#include "app_text_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void app_text_record_cut(AppTextRecord *r, const char *utf8)
{
    if (r->cuts_paused) return;
    if (r->cuts < APP_TEXT_CUTS_KEPT) snprintf(r->cut_text[r->cuts], sizeof r->cut_text[0], "%s", utf8);
    r->cuts++;
}

void app_text_record_drawn(AppTextRecord *r, const char *utf8)
{
    if (!r->log_on || r->log_paused) return;
    size_t n = strlen(utf8);
    if (r->log_len + n + 2 > r->log_cap) {
        size_t cap = (r->log_cap ? r->log_cap * 2 : 4096) + n;
        char *p = realloc(r->log, cap);
        if (!p) return; /* a test log only: what does not fit is not kept */
        r->log = p;
        r->log_cap = cap;
    }
    memcpy(r->log + r->log_len, utf8, n);
    r->log_len += n;
    r->log[r->log_len++] = '\n';
    r->log[r->log_len] = '\0';
}

void app_text_record_frame(AppTextRecord *r)
{
    r->cuts = 0;
    r->cuts_paused = 0;
    r->log_len = 0;
    if (r->log) r->log[0] = '\0';
}

void app_text_record_free(AppTextRecord *r)
{
    free(r->log);
    r->log = NULL;
    r->log_len = r->log_cap = 0;
}
