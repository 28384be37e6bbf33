/* app_notes.c — the wording of the model's notes about training: the stop reasons of
 * the families shown, in one short line, and the words the gradient table shows per
 * family. A stop note is kept true: app_notes_renew writes it again (or drops it) after
 * t or a setting moved. Plain C (see app_notes.h). */
#include "app_notes.h"

#include <stdio.h>
#include <string.h>

const char *app_notes_stop_word(SlStopReason why, int steps)
{
    if (why == SL_STOP_RUNNING) return steps ? "running" : "ready";
    return sl_stop_reason_short(why); /* the engine's verdict words (docs/training.md) */
}

static void append(char *buf, size_t n, const char *s)
{
    size_t l = strlen(buf);
    if (l + 1 < n) snprintf(buf + l, n - l, "%s", s);
}

/* One short line for the status block: "every family, step limit", or the smaller
 * groups by name and the largest as "the others" ("hard: no gradient; the others:
 * converged"). */
void app_notes_stop_reasons(AppModel *m)
{
    enum { REASONS = SL_STOP_STEP_LIMIT + 1 };
    int count[REASONS] = {0}, big = 0;
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if (m->shown >> f & 1u && (int)m->tr[f].stop < REASONS) count[m->tr[f].stop]++;
    for (int r = 1; r < REASONS; r++)
        if (count[r] > count[big]) big = r;
    int total = app_model_shown_count(m), step = app_model_step_count(m);
    if (count[big] == total && total > 1) {
        app_model_note(m, 0, "Stopped at step %d: every family, %s.", step, app_notes_stop_word((SlStopReason)big, 1));
        m->message_stop = 1;
        return;
    }
    char buf[256] = "";
    for (int r = 0; r < REASONS; r++) {
        if (!count[r] || (r == big && count[big] > 1)) continue;
        if (buf[0]) append(buf, sizeof buf, "; ");
        for (int f = 0, first = 1; f < SL_MASK_COUNT; f++) {
            if (!(m->shown >> f & 1u) || (int)m->tr[f].stop != r) continue;
            if (!first) append(buf, sizeof buf, ", ");
            append(buf, sizeof buf, sl_mask_name((SlMaskKind)f));
            first = 0;
        }
        append(buf, sizeof buf, ": ");
        append(buf, sizeof buf, app_notes_stop_word((SlStopReason)r, 1));
    }
    if (count[big] > 1) {
        append(buf, sizeof buf, "; the others: ");
        append(buf, sizeof buf, app_notes_stop_word((SlStopReason)big, 1));
    }
    app_model_note(m, 0, "Stopped at step %d \xe2\x80\x94 %s.", step, buf);
    m->message_stop = 1;
}

/* After t or a setting moved: a stop note must still be true. It is written again for
 * the reasons that hold now, or goes once a family can train again. */
void app_notes_renew(AppModel *m)
{
    if (!m->message_stop || !m->message[0]) {
        m->message_stop = 0; /* the note was cleared meanwhile */
        return;
    }
    if (app_model_step_count(m) > 0 && app_model_all_stopped(m)) {
        app_notes_stop_reasons(m);
        return;
    }
    m->message[0] = '\0';
    m->message_stop = 0;
    m->revision++;
}

const char *app_notes_family_word(const AppModel *m, int f)
{
    const SlTrainer *tr = &m->tr[f];
    if (tr->stop != SL_STOP_RUNNING) return app_notes_stop_word(tr->stop, tr->count);
    if (tr->count == 0) return "ready";
    /* Not stopped, but not playing either (a drag cleared the stop): the header says
     * "paused", so does the row. */
    return m->playing ? "running" : "paused";
}
