/* app_notes.h — how the model words training's state for a person: the stop reasons
 * as one short note, and a word or two per family for the gradient table. Plain C
 * (engine and model only). */
#ifndef APP_NOTES_H
#define APP_NOTES_H

#include "app_model.h"

/* A word or two for stop reason why ("no gradient", "step limit"; before one: "ready"
 * at step 0, else "running"), short enough for a table cell. */
const char *app_notes_stop_word(SlStopReason why, int steps);
/* Family f's word for the gradient table: its stop reason, or "ready", "running" while
 * playing, "paused" otherwise (as the training panel's header says). */
const char *app_notes_family_word(const AppModel *m, int f);

/* Sets the model's note to the shown families' stop reasons ("Stopped at step 12:
 * every family, no gradient.", or the smaller groups by name and the largest as "the
 * others") and marks it a stop note. */
void app_notes_stop_reasons(AppModel *m);
/* After t or a setting moved: a stop note must still be true. It is written again for
 * the reasons that hold now, or goes once a family can train again; any other note stays. */
void app_notes_renew(AppModel *m);

#endif
