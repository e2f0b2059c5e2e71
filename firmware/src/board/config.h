/*
 * config.h - the board's configuration file (INI; a commented example is
 * assets/baolan.ini).  Every value is checked: a bad value is logged with
 * its file and line, and the board starts on that value's default rather
 * than not at all.  Depends on base, ini, text (the 禁则 levels), content
 * (the article size limit, the script setting) and schedule.
 */
#ifndef BL_CONFIG_H
#define BL_CONFIG_H

#include "core/base.h"
#include "text/text.h"
#include "content/content.h"
#include "content/script.h"
#include "board/schedule.h"

#include <stdbool.h>

typedef enum { BL_DISPLAY_AUTO, BL_DISPLAY_WINDOW, BL_DISPLAY_KIOSK, BL_DISPLAY_HEADLESS } bl_display_mode;
typedef enum { BL_ORIENT_CFG_AUTO, BL_ORIENT_CFG_HORIZONTAL, BL_ORIENT_CFG_VERTICAL } bl_orient_cfg;
typedef enum { BL_TRANS_FADE, BL_TRANS_SLIDE, BL_TRANS_NONE } bl_transition;

/* [feed]: at most this many url lines */
#define BL_FEEDS_MAX 16

typedef struct bl_config {
    /* [screen] */
    int width, height;      /* the kiosk's resolution (1920x1080) */
    int rotation;           /* 0, 90, 180, 270: applied to everything on screen */
    bl_display_mode display;
    int fps;                /* frames a second when the display does not pace us (60) */
    /* [board] */
    char name[128];         /* masthead (社区报栏) */
    char theme[512];        /* theme file, "" for the bundled one */
    bl_orient_cfg orientation;
    bl_kinsoku kinsoku;     /* line-break rules: kinsoku = none|basic|gb|strict (basic), or
                             * line-break = loose|normal|strict (a CSS level; wins) */
    char control[512];      /* the control socket (board/control.h) for baolan admin; "" for none */
    bl_script script;       /* articles shown as-is|simplified|traditional (as-is) */
    /* [schedule] and [night]: see schedule.h */
    bl_sched_config sched;
    /* [transition] */
    bl_transition transition;
    /* [ticker] */
    bool ticker;
    int ticker_speed;       /* px per frame (2) */
    /* [content] */
    char content[512];      /* article folder, "" for the bundled demo */
    long max_article_bytes;
    long content_budget;    /* bytes of article files the board holds at most (16 MB: laid out, a MB of text takes some 35 MB) */
    char inbox[512];        /* raw pages to import; "" for the folder 'inbox' beside the content folder */
    double settle;          /* seconds a file must be left alone before it is read (1) */
    /* [kiosk] */
    char exit_key[64];      /* e.g. "ctrl+alt+q"; "" means no key ends the kiosk */
    double idle_resume;     /* seconds before touch navigation hands back to the rotation */
    /* [admin]: the web page's server, `baolan admin` (a process of its own) */
    char admin_listen[64];  /* IPv4 ADDRESS:PORT (0.0.0.0:8080) */
    char admin_password_file[512]; /* the Argon2id hash; relative: beside the configuration file (admin.pass) */
    long admin_max_upload;  /* bytes one request may send (32 MB) */
    bool admin_tls;         /* HTTPS with a certificate made at first start (yes); no: plain HTTP, for a trusted LAN */
    char admin_cert[512];   /* PEM certificate and key for HTTPS; "" for the ones made at first start */
    char admin_key[512];
    /* [fleet]: the district's MQTT broker (board/fleet.h); off while broker is "" */
    char fleet_broker[256]; /* mqtt://HOST[:PORT] or mqtts://HOST[:PORT] */
    char fleet_board[65];   /* this board's name in topics; "" for the host name */
    char fleet_group[65];   /* its group; "" for none */
    char fleet_key[64];     /* the district's Ed25519 public key (base64) that bundles are checked against */
    char fleet_username[128];
    char fleet_password_file[512]; /* the broker password, on the file's first line */
    char fleet_ca[512];     /* CA certificate file for mqtts; "" for the system's (/etc/ssl/certs) */
    /* [feed]: news feeds fetched into folders beside the content (board/feeds.h) */
    char feed_urls[BL_FEEDS_MAX][512]; /* "url =" lines, http:// or https:// */
    int nfeeds;
    double feed_interval;   /* seconds between fetches of one feed (300; at least 1) */
    int feed_max_items;     /* articles kept per feed (20) */
    int feed_max_age_days;  /* items older than this are dropped (14) */
    char feed_folder[512];  /* "" for the folder 'feeds' beside the content folder */
} bl_config;

void bl_config_defaults(bl_config *c);

/* Loads path over the defaults.  Unreadable file: error (the caller may
 * go on with defaults).  Bad values: a warning naming file:line each. */
bl_status bl_config_load(const char *path, bl_config *c, bl_err *err);

/* Parses text as a configuration (for tests and the fuzzer). */
bl_status bl_config_parse(const char *name, const char *text, bl_config *c, bl_err *err);

#endif
