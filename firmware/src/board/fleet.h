/*
 * fleet.h - the board in a district's fleet: a client of an MQTT broker
 * ([fleet] broker = mqtt://HOST:PORT or mqtts://HOST:PORT; libmosquitto)
 * that takes the office's commands and tells the office how the board is.
 *
 * Topics (ID = [fleet] board, GROUP = [fleet] group; X = either):
 *   baolan/X/alert       {"text": ..., "minutes": N[, "sent": UNIX]}: the
 *                        emergency alert, as the web page's (N = 0: until
 *                        cleared; with "sent", minutes count from then)
 *   baolan/X/clear       (any payload) takes the alert off
 *   baolan/X/reload      (any payload) reads configuration and content
 *                        again, as SIGHUP does
 *   baolan/X/screenshot  (any payload) the frame on screen is published as
 *                        a PNG to baolan/ID/screenshot/png (at most 8 MB)
 *   baolan/X/bundle      {"sig": BASE64, "bundle": TEXT}: signed content
 *                        (board/bundle.h), usually retained
 *   baolan/ID/status     retained, by the board: a JSON object (board,
 *                        group, version, uptime, slide, articles, alert,
 *                        last_error, free_disk, bundle, time) every 30 s
 *                        and on a change; "offline" (the last will) when
 *                        the board is gone
 *
 * A network thread of the client's own runs the session (connecting again
 * with back-off, the outage logged once); commands wait in a small queue that the frame
 * loop drains through bl_fleet_poll, which never waits on the network.
 * Bundles are checked and written on the network thread (the content
 * folder's watcher then reads them).  Depends on base, config, board,
 * alert, bundle, image (and libmosquitto, cJSON).
 */
#ifndef BL_FLEET_H
#define BL_FLEET_H

#include "core/base.h"
#include "board/board.h"
#include "board/config.h"

#include <SDL.h>

#define BL_FLEET_STATUS_EVERY 30.0      /* seconds between status messages */
#define BL_FLEET_MAX_SHOT (8u << 20)    /* bytes of a screenshot PNG */
#define BL_FLEET_MAX_COMMAND 16384      /* bytes of a command's payload (bundles aside) */

typedef struct bl_fleet bl_fleet;

/* What the frame loop is asked to do itself (bl_fleet_poll's result). */
enum { BL_FLEET_RELOAD = 1 };

/* Parses "mqtt://HOST[:PORT]" (1883) or "mqtts://HOST[:PORT]" (8883). */
bool bl_fleet_parse_broker(const char *url, char *host, size_t host_size, int *port, bool *tls);

/* Starts the client for cfg's [fleet] (its broker set) for the board
 * showing content_dir, where bundles are written.  An unreachable broker
 * is not an error (it is tried again); a bad setting is.  *out is the
 * caller's. */
bl_status bl_fleet_start(const bl_config *cfg, const char *content_dir, bl_fleet **out, bl_err *err);

/* Once a frame: puts queued alerts on b, answers a screenshot request
 * from frame (what is on screen), publishes the status when due.  Returns
 * BL_FLEET_RELOAD when the office asked for a reload. */
int bl_fleet_poll(bl_fleet *f, bl_board *b, const bl_sched_state *st, SDL_Surface *frame);

/* Publishes "offline" as the status, disconnects and stops; accepts NULL. */
void bl_fleet_stop(bl_fleet *f);

#endif
