/* test_app_export.c — safe output: app_export replaces a file whole or not at all
 * (write failures under a file-size limit, symlinks, permissions, devices, long
 * names), app_csv writes one history format (grad empty for none and nan, numbers
 * that read back as the same float32), app_escape keeps messages on one line and JSON
 * valid UTF-8, and the window's s and e keys use that path and show a failure. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "app_csv.h"
#include "app_escape.h"
#include "app_export.h"
#include "app_launch.h"
#include "app_ui.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/steplab-export-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *at(const char *name)
{
    static char path[4][600];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, 600, "%s/%s", dir, name);
    return p;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path)
{
    static char buf[1 << 16];
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Entries of dir (other than . and ..). */
static int entries(void)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void test_export_writes_and_replaces_keeping_the_mode(void **state)
{
    (void)state;
    char err[512];
    const char *p = at("a.csv");
    assert_int_equal(app_export_file(p, "one\n", 4, err, sizeof err), SL_OK);
    assert_string_equal(slurp(p), "one\n");
    assert_int_equal(chmod(p, 0640), 0);
    AppExport x;
    assert_int_equal(app_export_open(&x, p, err, sizeof err), SL_OK);
    assert_true(app_export_printf(&x, "%s,%d\n", "two", 2));
    assert_string_equal(slurp(p), "one\n"); /* nothing changes before the commit */
    assert_int_equal(app_export_commit(&x, err, sizeof err), SL_OK);
    assert_string_equal(slurp(p), "two,2\n");
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(entries(), 1); /* no temporary left */
}

static void test_export_abort_leaves_the_old_file(void **state)
{
    (void)state;
    char err[512];
    const char *p = at("keep.csv");
    put(p, "precious\n");
    AppExport x;
    assert_int_equal(app_export_open(&x, p, err, sizeof err), SL_OK);
    assert_int_equal(entries(), 1); /* no temporary while the work runs: an interrupt leaves none */
    static char big[100000];
    memset(big, 'y', sizeof big);
    assert_true(app_export_write(&x, big, sizeof big));
    assert_int_equal(entries(), 2); /* the file and the temporary taking the bytes */
    app_export_abort(&x);
    app_export_abort(&x); /* twice is harmless */
    assert_string_equal(slurp(p), "precious\n");
    assert_int_equal(entries(), 1);
}

/* A write past RLIMIT_FSIZE fails with EFBIG (SIGXFSZ ignored, as main does): the
 * commit reports it, the old file is intact and no temporary is left. Big writes go
 * past the buffer, small ones fail at the commit's flush: both are checked. */
static void test_export_write_failure_keeps_the_old_file(void **state)
{
    (void)state;
    char err[512];
    const char *p = at("old.png");
    put(p, "OLD\n");
    static char big[200000];
    memset(big, 'x', sizeof big);
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 2048;
    signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    SlStatus big_st = app_export_file(p, big, sizeof big, err, sizeof err);
    int ok_big = big_st == SL_OK;
    char err2[512];
    AppExport x;
    int opened = app_export_open(&x, p, err2, sizeof err2) == SL_OK;
    for (int i = 0; opened && i < 300; i++) app_export_printf(&x, "row %d of a CSV that outgrows the limit\n", i);
    int ok_small = opened && app_export_commit(&x, err2, sizeof err2) == SL_OK;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    assert_false(ok_big);
    assert_int_equal(big_st, SL_ERR_IO); /* a file that cannot be written is an I/O error */
    assert_non_null(strstr(err, "cannot write"));
    assert_non_null(strstr(err, "old.png"));
    assert_non_null(strstr(err, strerror(EFBIG)));
    assert_true(opened);
    assert_false(ok_small);
    assert_non_null(strstr(err2, strerror(EFBIG)));
    assert_string_equal(slurp(p), "OLD\n");
    assert_int_equal(entries(), 1);
}

static void test_export_follows_a_symlink_and_keeps_it(void **state)
{
    (void)state;
    char err[512];
    put(at("target.csv"), "old\n");
    assert_int_equal(symlink("target.csv", at("link.csv")), 0);
    assert_int_equal(app_export_file(at("link.csv"), "new\n", 4, err, sizeof err), SL_OK);
    struct stat st;
    assert_int_equal(lstat(at("link.csv"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(slurp(at("target.csv")), "new\n");
    /* a dangling link: the file it names is created */
    assert_int_equal(symlink("made.csv", at("dangling.csv")), 0);
    assert_int_equal(app_export_file(at("dangling.csv"), "made\n", 5, err, sizeof err), SL_OK);
    assert_string_equal(slurp(at("made.csv")), "made\n");
    assert_int_equal(lstat(at("dangling.csv"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(entries(), 4);
}

/* A 255-byte name (NAME_MAX) works: the temporary's name is short. */
static void test_export_longest_file_name(void **state)
{
    (void)state;
    char name[256], err[1200];
    memset(name, 'n', 251);
    strcpy(name + 251, ".csv");
    assert_int_equal(strlen(name), 255);
    put(at(name), "old\n");
    assert_int_equal(app_export_file(at(name), "new\n", 4, err, sizeof err), SL_OK);
    assert_string_equal(slurp(at(name)), "new\n");
    assert_int_equal(entries(), 1);
}

static void test_export_refuses_what_it_must_not_replace(void **state)
{
    (void)state;
    char err[512];
    assert_int_equal(app_export_file(dir, "x", 1, err, sizeof err), SL_ERR_IO);
    assert_non_null(strstr(err, "directory"));
    assert_int_not_equal(app_export_file(at("no/such/dir/x.csv"), "x", 1, err, sizeof err), SL_OK);
    assert_non_null(strstr(err, "no/such/dir/x.csv"));
    assert_int_equal(app_export_file("", "x", 1, err, sizeof err), SL_ERR_ARG);
    assert_int_equal(entries(), 0);
}

/* A character device is written into, never replaced (as root; a FIFO otherwise is
 * covered by the command-line tests). */
static void test_export_writes_into_a_device(void **state)
{
    (void)state;
    if (mknod(at("null"), S_IFCHR | 0666, makedev(1, 3)) != 0) {
        skip();
    }
    char err[512];
    assert_int_equal(app_export_file(at("null"), "gone\n", 5, err, sizeof err), SL_OK);
    struct stat st;
    assert_int_equal(lstat(at("null"), &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(mknod(at("full"), S_IFCHR | 0666, makedev(1, 7)), 0);
    assert_int_not_equal(app_export_file(at("full"), "x\n", 2, err, sizeof err), SL_OK);
    assert_non_null(strstr(err, strerror(ENOSPC)));
    assert_int_equal(lstat(at("full"), &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(entries(), 2);
}

static void test_csv_cells(void **state)
{
    (void)state;
    char c[APP_CSV_CELL];
    assert_string_equal(app_csv_grad(c, SL_GRAD_NONE, 0.0f), "");
    assert_string_equal(app_csv_grad(c, SL_GRAD_NAN, NAN), "");
    assert_string_equal(app_csv_grad(c, SL_GRAD_ZERO, 0.0f), "0");
    assert_string_equal(app_csv_grad(c, SL_GRAD_VALUE, -0.125f), "-0.125");
    assert_string_equal(app_csv_num(c, -NAN), "nan");
    assert_string_equal(app_csv_num(c, -INFINITY), "-inf");
    /* %.9g reads back as the same float32 */
    float v = 0.1f + 1e-8f, back = strtof(app_csv_num(c, v), NULL);
    assert_memory_equal(&v, &back, sizeof v);
    v = 3.4e38f;
    back = strtof(app_csv_num(c, v), NULL);
    assert_memory_equal(&v, &back, sizeof v);
}

static void test_escape_line_and_json(void **state)
{
    (void)state;
    char out[64];
    assert_string_equal(app_escape_line("1\n2\t3\x1b", out, sizeof out), "1\\n2\\t3\\x1b");
    assert_string_equal(app_escape_line("caf\xc3\xa9 \\ ok", out, sizeof out), "caf\xc3\xa9 \\ ok");
    /* bytes that are not UTF-8 (a stray 0xff, a cut sequence) are quoted too: a terminal
     * shows nothing sensible for them */
    assert_string_equal(app_escape_line("k '\xff' \xe2\x82 \xe2\x82\xac", out, sizeof out), "k '\\xff' \\xe2\\x82 \xe2\x82\xac");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    app_escape_json(f, "a\"b\\c\n\x01 \xff\xfe caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82 \xc0\xaf \xed\xa0\x80 \xe2\x82");
    fclose(f);
    assert_string_equal(buf, "\"a\\\"b\\\\c\\n\\u0001 \\ufffd\\ufffd caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82 "
                             "\\ufffd\\ufffd \\ufffd\\ufffd\\ufffd \\ufffd\\ufffd\"");
    free(buf);
}

/* The window: s and e write through app_export into the working folder and say so;
 * when the folder cannot take a file, the note on screen says why. */
static void test_window_keys_write_and_show_failures(void **state)
{
    (void)state;
    static App app;
    AppLaunch launch;
    char err[512], cwd[600];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(SDL_Init(SDL_INIT_EVENTS), 0);
    memset(&launch, 0, sizeof launch);
    sl_lesson_default(&launch.lesson);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 800, 540, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    assert_non_null(r);
    assert_int_equal(app_init(&app, r, NULL, &launch, 800, 540, err, sizeof err), SL_OK);
    app_draw(&app);
    assert_int_equal(chdir(dir), 0);

    app_do(&app, APP_ACT_SCREENSHOT);
    app_take_screenshot(&app);
    assert_false(app.model.message_error);
    char *png = slurp("steplab-screenshot-001.png");
    assert_non_null(png);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    app_do(&app, APP_ACT_EXPORT);
    assert_false(app.model.message_error);
    char *csv = slurp("steplab-history-001.csv");
    assert_non_null(csv);
    assert_int_equal(strncmp(csv, APP_CSV_HISTORY_HEADER "\n", strlen(APP_CSV_HISTORY_HEADER) + 1), 0);
    assert_int_equal(entries(), 2);

    /* a folder that is gone takes no file: both keys say so on screen */
    char gone[700];
    snprintf(gone, sizeof gone, "%s/gone", dir);
    assert_int_equal(mkdir(gone, 0755), 0);
    assert_int_equal(chdir(gone), 0);
    assert_int_equal(rmdir(gone), 0);
    app_do(&app, APP_ACT_SCREENSHOT);
    app_take_screenshot(&app);
    assert_true(app.model.message_error);
    assert_non_null(strstr(app.model.message, "cannot write"));
    app.model.message[0] = '\0';
    app_do(&app, APP_ACT_EXPORT);
    assert_true(app.model.message_error);
    assert_non_null(strstr(app.model.message, "cannot write"));

    assert_int_equal(chdir(cwd), 0);
    app_deinit(&app);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    SDL_Quit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_export_writes_and_replaces_keeping_the_mode, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_export_abort_leaves_the_old_file, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_export_write_failure_keeps_the_old_file, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_export_follows_a_symlink_and_keeps_it, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_export_longest_file_name, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_export_refuses_what_it_must_not_replace, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_export_writes_into_a_device, make_dir, remove_dir),
        cmocka_unit_test(test_csv_cells),
        cmocka_unit_test(test_escape_line_and_json),
        cmocka_unit_test_setup_teardown(test_window_keys_write_and_show_failures, make_dir, remove_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
