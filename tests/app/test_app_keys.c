/* test_app_keys.c — the key table: every action has a key, no key press means two
 * things, each press reaches its action through app_keys_lookup, and the README's key
 * table names every key a help row shows. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app_keys.h"

#define README STEPLAB_SOURCE_DIR "/README.md"

static int press_count(const AppHelpRow *row)
{
    int n = 0;
    while (n < APP_KEYS_PER_ROW && row->press[n].key != 0) n++;
    return n;
}

static void test_keys_every_action_has_a_key(void **state)
{
    (void)state;
    int count;
    const AppHelpRow *rows = app_keys_help(&count);
    int bound[APP_ACT_COUNT] = {0};
    for (int r = 0; r < count; r++)
        for (int i = 0; i < press_count(&rows[r]); i++) {
            AppAction a = rows[r].press[i].action;
            assert_true(a > APP_ACT_NONE && a < APP_ACT_COUNT);
            bound[a] = 1;
        }
    for (int a = APP_ACT_NONE + 1; a < APP_ACT_COUNT; a++)
        if (!bound[a]) fail_msg("action %d has no key (README: every action has a key)", a);
}

/* Two presses collide when they name the same key and a Shift state both accept. */
static int collide(const AppKeyPress *a, const AppKeyPress *b)
{
    return a->key == b->key && (a->shift < 0 || b->shift < 0 || a->shift == b->shift);
}

static void test_keys_each_press_one_meaning(void **state)
{
    (void)state;
    int count;
    const AppHelpRow *rows = app_keys_help(&count);
    for (int r = 0; r < count; r++) {
        for (int i = 0; i < press_count(&rows[r]); i++) {
            const AppKeyPress *p = &rows[r].press[i];
            for (int r2 = 0; r2 < count; r2++)
                for (int j = 0; j < press_count(&rows[r2]); j++) {
                    if (r2 == r && j == i) continue;
                    if (collide(p, &rows[r2].press[j]))
                        fail_msg("key %d is bound in the rows '%s' and '%s'", (int)p->key, rows[r].keys, rows[r2].keys);
                }
            /* the lookup finds the press with each Shift state it accepts */
            if (p->shift != 1) assert_int_equal(app_keys_lookup(p->key, KMOD_NONE), p->action);
            if (p->shift != 0) assert_int_equal(app_keys_lookup(p->key, KMOD_LSHIFT), p->action);
            if (p->shift == 0) assert_int_not_equal(app_keys_lookup(p->key, KMOD_LSHIFT), p->action);
        }
    }
    assert_int_equal(app_keys_lookup(SDLK_F12, KMOD_NONE), APP_ACT_NONE);
}

/* Appends the words of s (split at spaces, backticks, parentheses; a comma after a word dropped) to words. */
static int words_of(const char *s, char words[][32], int n, int max)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, " `()"); tok && n < max; tok = strtok(NULL, " `()")) {
        size_t len = strlen(tok);
        if (len > 1 && tok[len - 1] == ',') tok[--len] = '\0';
        snprintf(words[n++], 32, "%s", tok);
    }
    return n;
}

static void test_keys_readme_lists_every_help_row(void **state)
{
    (void)state;
    FILE *f = fopen(README, "rb");
    assert_non_null(f);
    static char text[1 << 17];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    char *table = strstr(text, "\n| key | action |");
    assert_non_null(table);
    /* the key column of every row of that table */
    static char words[400][32];
    int nw = 0;
    for (char *line = strchr(table + 1, '\n'); line && line[1] == '|'; line = strchr(line + 1, '\n')) {
        char cell[256];
        const char *start = line + 2, *end = strchr(start, '|');
        if (!end) break;
        size_t n = (size_t)(end - start) < sizeof cell ? (size_t)(end - start) : sizeof cell - 1;
        memcpy(cell, start, n);
        cell[n] = '\0';
        nw = words_of(cell, words, nw, 400);
    }
    assert_true(nw > 20);
    int count, checked = 0;
    const AppHelpRow *rows = app_keys_help(&count);
    for (int r = 0; r < count; r++) {
        if (press_count(&rows[r]) == 0) continue;  /* the mouse rows */
        char keys[8][32];
        int nk = words_of(rows[r].keys, keys, 0, 8);
        for (int k = 0; k < nk; k++) {
            /* the help writes Shift as the arrow \xe2\x87\xa7, the README that or Shift+ */
            char spelled[48];
            const char *src = keys[k];
            size_t off = 0;
            if (strncmp(src, "\xe2\x87\xa7", 3) == 0) {
                memcpy(spelled, "Shift+", 6);
                off = 6;
                src += 3;
            }
            size_t l = strlen(src) < 32 ? strlen(src) : 31;
            memcpy(spelled + off, src, l);
            spelled[off + l] = '\0';
            int found = 0;
            for (int w = 0; w < nw && !found; w++) found = strcmp(spelled, words[w]) == 0 || strcmp(keys[k], words[w]) == 0;
            if (!found) fail_msg("the help row '%s' shows '%s'; README's key table does not", rows[r].keys, spelled);
            checked++;
        }
    }
    assert_true(checked > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_every_action_has_a_key),
        cmocka_unit_test(test_keys_each_press_one_meaning),
        cmocka_unit_test(test_keys_readme_lists_every_help_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
