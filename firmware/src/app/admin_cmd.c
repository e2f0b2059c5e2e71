/*
 * admin_cmd.c - `baolan admin`: the web page's server as a process of its
 * own (its own systemd unit, baolan-admin.service), and
 * `baolan admin --set-password`, which reads a password from standard
 * input and stores its hash.  Depends on config and admin/server.
 */
#include "app/app.h"

#include "admin/auth.h"
#include "admin/server.h"
#include "board/config.h"
#include "core/buf.h"
#include "render/engine.h"

#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG "admin"

/* A path from the configuration, relative ones taken from the
 * configuration file's folder (or the working folder without one). */
static char *beside_config(const char *config, const char *path)
{
    bl_buf b = {0};
    if (path[0] == '/' || !config) {
        bl_buf_puts(&b, path);
    } else {
        char *c = bl_strdup(config);
        if (c)
            bl_buf_printf(&b, "%s/%s", dirname(c), path);
        free(c);
    }
    return bl_buf_take(&b);
}

static int set_password(const char *file)
{
    char line[BL_AUTH_MAX_PASSWORD + 2];
    if (isatty(STDIN_FILENO))
        fprintf(stderr, "new password for the board's web page (%d to %d characters): ", BL_AUTH_MIN_PASSWORD,
                BL_AUTH_MAX_PASSWORD);
    if (!fgets(line, sizeof line, stdin)) {
        fprintf(stderr, "baolan: admin: no password on standard input\n");
        return 1;
    }
    size_t n = strlen(line);
    if (n && line[n - 1] == '\n')
        line[--n] = '\0';
    else if (n > BL_AUTH_MAX_PASSWORD) {
        fprintf(stderr, "baolan: admin: the password is longer than %d bytes\n", BL_AUTH_MAX_PASSWORD);
        return 1;
    }
    if (n && line[n - 1] == '\r')
        line[--n] = '\0';
    bl_err err = {0};
    bl_status st = bl_auth_set_password(file, line, &err);
    memset(line, 0, sizeof line);
    if (st != BL_OK) {
        fprintf(stderr, "baolan: admin: %s\n", err.msg);
        return 1;
    }
    printf("password set in %s; on a kiosk, start the web page with: systemctl enable --now baolan-admin\n", file);
    return 0;
}

int bl__cmd_admin(int argc, char **argv, int first)
{
    const char *config = NULL, *content = NULL, *listen = NULL;
    bool set_pw = false;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--set-password")) {
            set_pw = true;
        } else if (!strcmp(a, "--config") || !strcmp(a, "--content") || !strcmp(a, "--listen")) {
            if (i + 1 >= argc)
                return bl__usage_error("%s needs a value", a);
            const char *v = argv[++i];
            if (!strcmp(a, "--config"))
                config = v;
            else if (!strcmp(a, "--content"))
                content = v;
            else
                listen = v;
        } else {
            return bl__usage_error("unknown option %s", a);
        }
    }

    bl_config cfg;
    bl_err err = {0};
    bl_config_defaults(&cfg);
    if (config && bl_config_load(config, &cfg, &err) != BL_OK) {
        fprintf(stderr, "baolan: admin: %s\n", err.msg);
        return 1;
    }
    char *pwfile = beside_config(config, cfg.admin_password_file);
    if (!pwfile)
        return 1;
    if (set_pw) {
        int rc = set_password(pwfile);
        free(pwfile);
        return rc;
    }

    /* Under systemd the unit hands the password file over as a credential
     * (LoadCredential=): it stays root's, mode 0600, in /etc/baolan. */
    const char *creds = getenv("CREDENTIALS_DIRECTORY");
    if (creds && *creds) {
        bl_buf cp = {0};
        bl_buf_printf(&cp, "%s/admin.pass", creds);
        if (cp.p && access(cp.p, R_OK) == 0) {
            free(pwfile);
            pwfile = bl_buf_take(&cp);
        }
        bl_buf_free(&cp);
        if (!pwfile)
            return 1;
    }
    if (!content)
        content = cfg.content;
    /* The server's own files live beside the content folder (the kiosk's
     * /var/lib/baolan): the audit log, the certificate it made. */
    bl_buf audit = {0}, key = {0}, cert = {0}, page_dir = {0};
    bl_buf_printf(&page_dir, "%s/assets/admin", bl_engine_data_dir());
    {
        char *c = bl_strdup(content);
        const char *state = c && *c ? dirname(c) : ".";
        bl_buf_printf(&audit, "%s/admin-audit.log", state);
        if (cfg.admin_key[0]) {
            char *k = beside_config(config, cfg.admin_key);
            bl_buf_puts(&key, k ? k : "");
            free(k);
        } else {
            bl_buf_printf(&key, "%s/admin-key.pem", state);
        }
        if (cfg.admin_cert[0]) {
            char *k = beside_config(config, cfg.admin_cert);
            bl_buf_puts(&cert, k ? k : "");
            free(k);
        } else {
            bl_buf_printf(&cert, "%s/admin-cert.pem", state);
        }
        free(c);
    }
    bl_admin_opts o = {
        .listen = listen ? listen : cfg.admin_listen,
        .password_file = pwfile,
        .content = content,
        .audit_log = audit.p,
        .max_upload = cfg.admin_max_upload,
        .board_name = cfg.name,
        .width = cfg.width,
        .height = cfg.height,
        .page_dir = page_dir.p,
        .control = cfg.control,
        .board = &cfg,
        .tls = cfg.admin_tls,
        .key_file = key.p,
        .cert_file = cert.p,
    };
    /* The signals are waited for on this thread; block them before the
     * server's thread starts so that it inherits the mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    bl_admin *s = NULL;
    bl_status st = bl_admin_start(&o, &s, &err);
    if (st != BL_OK) {
        fprintf(stderr, "baolan: admin: %s\n", err.msg);
        free(pwfile);
        bl_buf_free(&audit);
        bl_buf_free(&key);
        bl_buf_free(&cert);
        bl_buf_free(&page_dir);
        return 1;
    }
    BL_LOGI(TAG, "the web page is at %s://%.*s:%d/ (content %s)", o.tls ? "https" : "http",
            (int)(strrchr(o.listen, ':') - o.listen), o.listen, bl_admin_port(s), content);
    printf("listening on port %d\n", bl_admin_port(s));
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    BL_LOGI(TAG, "stopping on signal %d", sig);
    bl_admin_stop(s);
    free(pwfile);
    bl_buf_free(&audit);
    bl_buf_free(&key);
    bl_buf_free(&cert);
    bl_buf_free(&page_dir);
    return 0;
}
