/* fuzz_lesson.c — libFuzzer harness for the lesson parser: any bytes must parse or
 * fail with a "name:LINE: ..." message, never crash, never read past len (the fuzzer
 * hands over an exact-size buffer, so ASan sees any overread). A lesson that parses
 * must satisfy the invariants the window and the CLI rely on, and (when small enough to
 * be quick) evaluate through every lesson module without a crash. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sl_lesson.h"
#include "sl_lesson_eval.h"
#include "sl_task.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static SlLesson lesson;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    SlStatus st = sl_lesson_parse((const char *)data, size, "fuzz.txt", &lesson, err, sizeof err);
    if (st != SL_OK) {
        /* every parse error names the file and a line */
        assert(st == SL_ERR_PARSE);
        int line = 0;
        assert(sscanf(err, "fuzz.txt:%d:", &line) == 1 && line >= 1);
        assert(memchr(err, '\n', strlen(err)) == NULL);
        return 0;
    }
    char msg[256];
    assert(sl_task_validate(&lesson.task, msg, sizeof msg) == SL_OK);
    assert(lesson.title[0] != '\0' && memchr(lesson.title, '\0', sizeof lesson.title) != NULL);
    assert(lesson.page_count >= 1 && lesson.page_count <= SL_LESSON_MAX_PAGES);
    for (int p = 0; p < lesson.page_count; p++) {
        assert(memchr(lesson.pages[p].title, '\0', sizeof lesson.pages[p].title) != NULL);
        assert(memchr(lesson.pages[p].text, '\0', sizeof lesson.pages[p].text) != NULL);
        assert(lesson.pages[p].text[0] != '\0');
    }
    assert((unsigned)lesson.kind < SL_LESSON_KIND_COUNT);
    assert(lesson.families & (1u << lesson.task.mask));
    assert(lesson.channels >= 1 && lesson.channels <= SL_LESSON_MAX_CHANNELS);
    assert(lesson.target_count == 0 || lesson.target_count == lesson.channels);
    assert(lesson.value_count >= 0 && lesson.value_count <= SL_LESSON_MAX_VALUES);
    if (lesson.task.n <= 256) {
        SlLessonEval ev;
        if (sl_lesson_eval(&lesson, &ev, msg, sizeof msg) == SL_OK) {
            char audit[512];
            int none_items = 0, nan_items = 0;
            for (int i = 0; i < ev.count; i++) {
                none_items += ev.items[i].state == SL_GRAD_NONE;
                nan_items += ev.items[i].state == SL_GRAD_NAN;
            }
            /* the audit counts (group, param) pairs with no gradient: some exactly when an
             * item has none, never more than the items; its sentence says the same */
            int pairs = sl_lesson_eval_audit(&ev, audit, sizeof audit);
            assert((pairs > 0) == (none_items > 0) && pairs <= none_items);
            assert((strncmp(audit, "Gradients do not exist for ", 27) == 0) == (pairs > 0));
            assert((strstr(audit, "Every parameter has a gradient") != NULL) == (none_items == 0 && nan_items == 0));
            assert(ev.count > 0 || lesson.families == 0);
        }
        sl_lesson_eval_deinit(&ev);
    }
    return 0;
}
