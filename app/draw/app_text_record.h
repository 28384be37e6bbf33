/* app_text_record.h — what the text drawing did in one frame, kept for the window and
 * the tests: the strings it cut short with "…" (the window reports them as dropped
 * content) and, when the log is on, every string it drew, one per line (the tests check
 * that a lesson's quoted numbers are on screen). Plain C, no SDL. Reset each frame. */
#ifndef APP_TEXT_RECORD_H
#define APP_TEXT_RECORD_H

#include <stddef.h>

#define APP_TEXT_CUTS_KEPT 8

typedef struct AppTextRecord {
    int cuts;                                /* how many strings were cut this frame */
    int cuts_paused;                         /* a passing note: its cuts are not kept */
    char cut_text[APP_TEXT_CUTS_KEPT][96];   /* the first ones */
    int log_on, log_paused;
    char *log;                               /* owned; strings separated by '\n' */
    size_t log_len, log_cap;
} AppTextRecord;

void app_text_record_cut(AppTextRecord *r, const char *utf8);
void app_text_record_drawn(AppTextRecord *r, const char *utf8);
void app_text_record_frame(AppTextRecord *r);  /* a new frame: nothing cut or drawn yet */
void app_text_record_free(AppTextRecord *r);

#endif
