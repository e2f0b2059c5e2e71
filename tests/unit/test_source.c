/*
 * test_source.c - the content source as the board sees it: the folder
 * lists new, changed and deleted files with keys that stay and
 * generations that move when an article changes; a bad file keeps its
 * last good version and is reported once; a file still being written
 * waits for the settle time; dot-files and .tmp files are never read;
 * inotify notices a change; and the inbox producer turns a raw page into
 * articles in the folder and moves the page away.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testfs.h"
#include "content/inbox.h"
#include "content/source.h"

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

/* Log lines, to check what a person running the board would read. */
static char logged[8192];

static void sink(void *user, bl_log_level lvl, const char *tag, const char *line)
{
    size_t n = strlen(logged);
    (void)user;
    (void)lvl;
    (void)tag;
    snprintf(logged + n, sizeof logged - n, "%s\n", line);
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    const char *p = hay;
    while ((p = strstr(p, needle))) {
        n++;
        p += strlen(needle);
    }
    return n;
}

static void make_dir(char *tmpl)
{
    assert_non_null(mkdtemp(tmpl));
}

static void remove_dir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Writes a file in place (not renamed), then sets its time seconds_ago. */
static void write_file(const char *dir, const char *name, const char *text, int seconds_ago)
{
    char path[1024];
    struct timespec t[2];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    clock_gettime(CLOCK_REALTIME, &t[0]);
    t[0].tv_sec -= seconds_ago;
    t[1] = t[0];
    assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static void write_article(const char *dir, const char *name, const char *title, const char *body)
{
    char text[1024];
    snprintf(text, sizeof text, "title: %s\n\n%s\n", title, body);
    write_file(dir, name, text, 0);
}

static bl_inbox *open_inbox(const char *inbox, const char *content, double settle);

static bl_source *open_folder(const char *dir, double settle)
{
    bl_source *s = NULL;
    bl_err err;
    if (bl_folder_create(dir, BL_ARTICLE_MAX_BYTES, 0, settle, &s, &err))
        fail_msg("%s", err.msg);
    return s;
}

static bl_source_entry entry(const bl_source *s, size_t i)
{
    bl_source_entry e;
    assert_true(bl_source_entry_at(s, i, &e));
    return e;
}

static void test_what_changed(void **state)
{
    char dir[] = "/tmp/baolan-source-XXXXXX";
    bl_source *s;
    bl_source_entry a, b, b2;
    (void)state;
    make_dir(dir);
    s = open_folder(dir, 0);
    assert_false(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 0);

    /* added: both listed, in file-name order, each with its own key */
    write_article(dir, "b.txt", "第二篇", "图书角新到一批图书。");
    write_article(dir, "a.txt", "第一篇", "社区活动中心本周六开放。");
    assert_true(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 2);
    a = entry(s, 0);
    b = entry(s, 1);
    assert_non_null(strstr(a.name, "/a.txt"));
    assert_non_null(strstr(b.name, "/b.txt"));
    assert_true(a.key != b.key);
    assert_string_equal(bl_source_article(s, 0)->title, "第一篇");
    assert_string_equal(bl_source_article(s, 1)->title, "第二篇");

    /* nothing happened: nothing changed */
    assert_false(bl_source_scan(s));
    assert_true(entry(s, 0).generation == a.generation && entry(s, 1).generation == b.generation);

    /* changed: same key, new generation, new text; the other untouched */
    write_article(dir, "b.txt", "第二篇（更新）", "图书角新到一批图书，欢迎借阅。");
    assert_true(bl_source_scan(s));
    b2 = entry(s, 1);
    assert_true(b2.key == b.key);
    assert_true(b2.generation != b.generation);
    assert_string_equal(bl_source_article(s, 1)->title, "第二篇（更新）");
    assert_true(entry(s, 0).key == a.key && entry(s, 0).generation == a.generation);

    /* deleted: it drops out, the other stays as it was */
    {
        char path[1024];
        snprintf(path, sizeof path, "%s/a.txt", dir);
        unlink(path);
    }
    assert_true(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 1);
    assert_true(entry(s, 0).key == b.key && entry(s, 0).generation == b2.generation);

    /* a file of the same name coming back is a new entry */
    write_article(dir, "a.txt", "第一篇", "社区活动中心本周六开放。");
    assert_true(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 2);
    assert_true(entry(s, 0).key != a.key && entry(s, 0).key != b.key);
    bl_source_destroy(s);
    remove_dir(dir);
}

static void test_bad_file_keeps_last_good(void **state)
{
    char dir[] = "/tmp/baolan-source-XXXXXX";
    bl_source *s;
    bl_source_entry good;
    (void)state;
    make_dir(dir);
    s = open_folder(dir, 0);
    write_article(dir, "a.txt", "好的版本", "居民委员会通知：本周末进行消防演练。");
    assert_true(bl_source_scan(s));
    good = entry(s, 0);

    logged[0] = '\0';
    bl_log_set_sink(sink, NULL);
    write_file(dir, "a.txt", "no title here\n", 0);
    assert_false(bl_source_scan(s));
    /* broken again, differently: still the one report */
    write_file(dir, "a.txt", "still no title, and longer\n", 0);
    assert_false(bl_source_scan(s));
    bl_log_set_sink(NULL, NULL);
    assert_int_equal(count_of(logged, "the last good version stays on the board"), 1);
    assert_int_equal(bl_source_count(s), 1);
    assert_true(entry(s, 0).generation == good.generation);
    assert_string_equal(bl_source_article(s, 0)->title, "好的版本");

    /* a file that never parsed is not listed */
    write_file(dir, "b.txt", "no title either\n", 0);
    assert_false(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 1);

    /* fixed: the new version */
    logged[0] = '\0';
    bl_log_set_sink(sink, NULL);
    write_article(dir, "a.txt", "修好的版本", "居民委员会通知：本周末进行消防演练。");
    assert_true(bl_source_scan(s));
    bl_log_set_sink(NULL, NULL);
    assert_int_equal(count_of(logged, "fixed, shown again"), 1);
    assert_string_equal(bl_source_article(s, 0)->title, "修好的版本");
    bl_source_destroy(s);
    remove_dir(dir);
}

static void test_settle_time(void **state)
{
    char dir[] = "/tmp/baolan-source-XXXXXX";
    bl_source *s;
    (void)state;
    make_dir(dir);
    s = open_folder(dir, 5);
    /* just written, before the first scan (a board booting on freshly
     * synced content): shown at once, and a scan is still wanted to read
     * it again once it has settled */
    write_file(dir, "a.txt", "title: 刚写的\n\n还没有写完的\n", 0);
    assert_true(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 1);
    assert_true(bl_source_watch(s));
    assert_true(bl_source_pending(s));
    /* finished and left alone for longer than the settle time: read again */
    write_file(dir, "a.txt", "title: 刚写的\n\n还没有写完的文件不会被读。\n", 10);
    assert_true(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 1);
    /* after the first scan, a change to a known file waits: the old version stays */
    write_file(dir, "a.txt", "title: 改了\n\n新的内容。\n", 0);
    assert_false(bl_source_scan(s));
    assert_string_equal(bl_source_article(s, 0)->title, "刚写的");
    write_file(dir, "a.txt", "title: 改了\n\n新的内容。\n", 10);
    assert_true(bl_source_scan(s));
    assert_string_equal(bl_source_article(s, 0)->title, "改了");
    /* and so does a new file */
    write_file(dir, "b.txt", "title: 新的\n\n新的内容。\n", 0);
    assert_false(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 1);
    bl_source_destroy(s);
    remove_dir(dir);
}

/* A file dated in the future (the board's clock not set: 1970, or the
 * syncing machine's clock ahead) is read, with a warning, instead of
 * waiting for ever. */
static void test_time_in_the_future(void **state)
{
    char dir[] = "/tmp/baolan-source-XXXXXX";
    bl_source *s;
    (void)state;
    make_dir(dir);
    s = open_folder(dir, 5);
    assert_false(bl_source_scan(s));
    logged[0] = '\0';
    bl_log_set_sink(sink, NULL);
    write_file(dir, "a.txt", "title: 明天的\n\n时钟没有设好。\n", -3600);
    assert_true(bl_source_scan(s));
    assert_false(bl_source_scan(s));
    bl_log_set_sink(NULL, NULL);
    assert_int_equal(bl_source_count(s), 1);
    assert_int_equal(count_of(logged, "a.txt: its time is in the future"), 1);
    bl_source_destroy(s);
    remove_dir(dir);
}

/* 07-upper.TXT is an article like any other. */
static void test_suffix_in_any_case(void **state)
{
    char dir[] = "/tmp/baolan-source-XXXXXX";
    bl_source *s;
    (void)state;
    make_dir(dir);
    s = open_folder(dir, 0);
    write_article(dir, "07-upper.TXT", "大写", "文件名的后缀是大写的。");
    write_article(dir, "08-mixed.Txt", "混合", "文件名的后缀大小写混合。");
    assert_true(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 2);
    bl_source_destroy(s);
    remove_dir(dir);
}

/* The articles held add up to at most the budget: the one past it is
 * refused with a message naming it, and comes on once there is room. */
static void test_content_budget(void **state)
{
    char dir[] = "/tmp/baolan-source-XXXXXX", body[700], path[600];
    bl_source *s = NULL;
    bl_err err;
    (void)state;
    make_dir(dir);
    memset(body, 0, sizeof body);
    while (strlen(body) + 3 < 600)
        strcat(body, "字");
    if (bl_folder_create(dir, BL_ARTICLE_MAX_BYTES, 1000, 0, &s, &err))
        fail_msg("%s", err.msg);
    write_article(dir, "a.txt", "第一篇", body);
    write_article(dir, "b.txt", "第二篇", body);
    logged[0] = '\0';
    bl_log_set_sink(sink, NULL);
    assert_true(bl_source_scan(s));
    assert_false(bl_source_scan(s));
    bl_log_set_sink(NULL, NULL);
    assert_int_equal(bl_source_count(s), 1);
    assert_string_equal(bl_source_article(s, 0)->title, "第一篇");
    assert_int_equal(count_of(logged, "b.txt: "), 1);
    assert_non_null(strstr(logged, "content budget of 1000 bytes"));
    snprintf(path, sizeof path, "%s/a.txt", dir);
    unlink(path);
    assert_true(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 1);
    assert_string_equal(bl_source_article(s, 0)->title, "第二篇");
    bl_source_destroy(s);
    remove_dir(dir);
}

static void test_files_being_written_are_ignored(void **state)
{
    char dir[] = "/tmp/baolan-source-XXXXXX";
    bl_source *s;
    (void)state;
    make_dir(dir);
    s = open_folder(dir, 0);
    write_article(dir, ".a.txt", "隐藏", "正在写的文件。");
    write_article(dir, "b.txt.tmp", "临时", "正在写的文件。");
    write_article(dir, "c.tmp", "临时", "正在写的文件。");
    write_article(dir, "notes.md", "别的", "不是文章。");
    assert_false(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 0);
    write_article(dir, "d.txt", "文章", "这才是文章。");
    assert_true(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 1);
    assert_non_null(strstr(entry(s, 0).name, "/d.txt"));
    bl_source_destroy(s);
    remove_dir(dir);
}

static void test_watch_notices_a_change(void **state)
{
    char dir[] = "/tmp/baolan-source-XXXXXX";
    bl_source *s;
    (void)state;
    make_dir(dir);
    s = open_folder(dir, 0);
    assert_true(bl_source_watch(s));
    assert_false(bl_source_scan(s));
    assert_false(bl_source_pending(s));
    write_article(dir, "a.txt", "新文章", "刚放进来的文章。");
    assert_true(bl_source_pending(s));
    assert_false(bl_source_pending(s)); /* the events were read */
    assert_true(bl_source_scan(s));
    bl_source_destroy(s);
    remove_dir(dir);
}

static void test_inbox_imports_and_moves(void **state)
{
    char root[] = "/tmp/baolan-inbox-XXXXXX", content[256], inbox[256], path[512], page[512];
    bl_inbox *in = NULL;
    bl_source *s;
    bl_err err;
    (void)state;
    make_dir(root);
    snprintf(content, sizeof content, "%s/articles", root);
    snprintf(inbox, sizeof inbox, "%s/inbox", root);
    assert_int_equal(mkdir(content, 0755), 0);
    assert_int_equal(mkdir(inbox, 0755), 0);
    in = open_inbox(inbox, content, 0);
    assert_int_equal(bl_inbox_import(in), 0);

    snprintf(page, sizeof page, "%s/tests/data/import/page-b-w20.txt", src_dir());
    snprintf(path, sizeof path, "%s/page.txt", inbox);
    assert_int_equal(bl_test_copy_file(page, path, NULL), BL_OK);
    snprintf(path, sizeof path, "%s/broken.txt", inbox);
    {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fwrite("\xff\xfe\x00\x01binary", 1, 10, f);
        fclose(f);
    }
    write_article(inbox, ".half-written.txt", "x", "y");
    assert_true(bl_inbox_watch(in));
    logged[0] = '\0';
    bl_log_set_sink(sink, NULL);
    assert_int_equal(bl_inbox_import(in), 2);
    bl_log_set_sink(NULL, NULL);
    assert_non_null(strstr(logged, "page.txt: 2 articles imported"));
    assert_non_null(strstr(logged, "moved to"));

    /* the page moved to imported/, the bad one to failed/, the one being
     * written stays */
    snprintf(path, sizeof path, "%s/imported/page.txt", inbox);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/failed/broken.txt", inbox);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/page.txt", inbox);
    assert_int_not_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/.half-written.txt", inbox);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(bl_inbox_import(in), 0);

    /* the articles are in the content folder, for the folder source; it
     * knows nothing of the import, it just finds the files */
    s = open_folder(content, 0);
    assert_true(bl_source_scan(s));
    assert_int_equal(bl_source_count(s), 2);
    {
        char *want;
        size_t len;
        snprintf(path, sizeof path, "%s/tests/data/import/expected/page-b-w20/01.txt", src_dir());
        if (bl_read_file(path, 1 << 20, &want, &len, &err))
            fail_msg("%s", err.msg);
        assert_non_null(strstr(want, bl_source_article(s, 0)->title));
        free(want);
    }
    bl_source_destroy(s);
    bl_inbox_destroy(in);
    remove_dir(root);
}

static bl_inbox *open_inbox(const char *inbox, const char *content, double settle)
{
    bl_inbox *in = NULL;
    bl_err err;
    if (bl_inbox_create(inbox, content, settle, &in, &err))
        fail_msg("%s", err.msg);
    return in;
}

static bool exists(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

/* A page written in place is taken once it has been left alone: half a
 * page is not imported, nor an empty file about to be filled. */
static void test_inbox_waits_for_a_page_to_settle(void **state)
{
    char root[] = "/tmp/baolan-inbox-XXXXXX", content[256], inbox[256], path[512], page[512];
    bl_inbox *in;
    (void)state;
    make_dir(root);
    snprintf(content, sizeof content, "%s/articles", root);
    snprintf(inbox, sizeof inbox, "%s/inbox", root);
    assert_int_equal(mkdir(content, 0755), 0);
    assert_int_equal(mkdir(inbox, 0755), 0);
    in = open_inbox(inbox, content, 5);
    write_file(inbox, "empty.txt", "", 0);
    snprintf(page, sizeof page, "%s/tests/data/import/page-b-w20.txt", src_dir());
    snprintf(path, sizeof path, "%s/page.txt", inbox);
    assert_int_equal(bl_test_copy_file(page, path, NULL), BL_OK);
    assert_int_equal(bl_inbox_import(in), 0);
    assert_true(exists(inbox, "empty.txt"));
    assert_true(exists(inbox, "page.txt"));
    assert_false(exists(inbox, "failed"));
    assert_true(bl_inbox_pending(in)); /* look again later */
    /* left alone: taken */
    {
        struct timespec t[2];
        clock_gettime(CLOCK_REALTIME, &t[0]);
        t[0].tv_sec -= 10;
        t[1] = t[0];
        assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
    }
    assert_int_equal(bl_inbox_import(in), 1);
    assert_true(exists(inbox, "imported/page.txt"));
    assert_true(exists(inbox, "empty.txt"));
    bl_inbox_destroy(in);
    remove_dir(root);
}

/* A second page of the same name does not replace the first in
 * imported/ or failed/. */
static void test_inbox_keeps_pages_of_the_same_name(void **state)
{
    char root[] = "/tmp/baolan-inbox-XXXXXX", content[256], inbox[256], path[512], page[512];
    bl_inbox *in;
    int round;
    (void)state;
    make_dir(root);
    snprintf(content, sizeof content, "%s/articles", root);
    snprintf(inbox, sizeof inbox, "%s/inbox", root);
    assert_int_equal(mkdir(content, 0755), 0);
    assert_int_equal(mkdir(inbox, 0755), 0);
    in = open_inbox(inbox, content, 0);
    snprintf(page, sizeof page, "%s/tests/data/import/page-b-w20.txt", src_dir());
    snprintf(path, sizeof path, "%s/page.txt", inbox);
    for (round = 0; round < 3; round++) {
        assert_int_equal(bl_test_copy_file(page, path, NULL), BL_OK);
        write_file(inbox, "bad.txt", "\xff\xfe\x01", 0);
        assert_int_equal(bl_inbox_import(in), 2);
    }
    assert_true(exists(inbox, "imported/page.txt"));
    assert_true(exists(inbox, "imported/page.2.txt"));
    assert_true(exists(inbox, "imported/page.3.txt"));
    assert_true(exists(inbox, "failed/bad.txt"));
    assert_true(exists(inbox, "failed/bad.2.txt"));
    assert_true(exists(inbox, "failed/bad.3.txt"));
    bl_inbox_destroy(in);
    remove_dir(root);
}

/* An inbox that is the content folder, or inside it, is refused with the
 * reason: it used to import the operator's articles again and again. */
static void test_inbox_in_the_content_folder_is_refused(void **state)
{
    char root[] = "/tmp/baolan-inbox-XXXXXX", content[256], sub[300], spelled[400];
    bl_inbox *in = NULL;
    bl_err err;
    (void)state;
    make_dir(root);
    snprintf(content, sizeof content, "%s/articles", root);
    snprintf(sub, sizeof sub, "%s/inbox", content);
    snprintf(spelled, sizeof spelled, "%s/../articles/", content);
    assert_int_equal(mkdir(content, 0755), 0);
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(bl_inbox_create(content, content, 0, &in, &err), BL_ERR_USAGE);
    assert_null(in);
    assert_non_null(strstr(err.msg, "is the content folder"));
    assert_int_equal(bl_inbox_create(spelled, content, 0, &in, &err), BL_ERR_USAGE);
    assert_int_equal(bl_inbox_create(sub, content, 0, &in, &err), BL_ERR_USAGE);
    assert_null(in);
    /* the content folder inside the inbox is fine: pages are only taken from the top */
    assert_int_equal(bl_inbox_create(root, content, 0, &in, &err), BL_OK);
    bl_inbox_destroy(in);
    remove_dir(root);
}

/* A temporary file left by an import that was killed half way is removed
 * when the board starts; one being written now is left alone. */
static void test_stale_temporaries_are_removed(void **state)
{
    char root[] = "/tmp/baolan-inbox-XXXXXX", content[256], inbox[256];
    bl_inbox *in;
    (void)state;
    make_dir(root);
    snprintf(content, sizeof content, "%s/articles", root);
    snprintf(inbox, sizeof inbox, "%s/inbox", root);
    assert_int_equal(mkdir(content, 0755), 0);
    assert_int_equal(mkdir(inbox, 0755), 0);
    write_file(content, ".baolan-tmp.2026-05-01-01-x.txt.Ab12Cd", "title: 半", 600);
    write_file(content, ".baolan-tmp.2026-05-01-02-x.txt.Ef34Gh", "title: 正在写", 0);
    write_file(content, ".rsync-temp.txt.Ij56Kl", "title: 别人的", 600);
    in = open_inbox(inbox, content, 0);
    assert_false(exists(content, ".baolan-tmp.2026-05-01-01-x.txt.Ab12Cd"));
    assert_true(exists(content, ".baolan-tmp.2026-05-01-02-x.txt.Ef34Gh"));
    assert_true(exists(content, ".rsync-temp.txt.Ij56Kl"));
    bl_inbox_destroy(in);
    remove_dir(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_what_changed),
        cmocka_unit_test(test_bad_file_keeps_last_good),
        cmocka_unit_test(test_settle_time),
        cmocka_unit_test(test_files_being_written_are_ignored),
        cmocka_unit_test(test_watch_notices_a_change),
        cmocka_unit_test(test_inbox_imports_and_moves),
        cmocka_unit_test(test_time_in_the_future),
        cmocka_unit_test(test_suffix_in_any_case),
        cmocka_unit_test(test_content_budget),
        cmocka_unit_test(test_inbox_waits_for_a_page_to_settle),
        cmocka_unit_test(test_inbox_keeps_pages_of_the_same_name),
        cmocka_unit_test(test_inbox_in_the_content_folder_is_refused),
        cmocka_unit_test(test_stale_temporaries_are_removed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
