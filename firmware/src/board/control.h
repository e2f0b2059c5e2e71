/*
 * control.h - the board's control socket: how `baolan admin` (another
 * process) talks to the running board, without shared memory.  A Unix
 * stream socket ([board] control = PATH; none when empty), mode 0660, one
 * request per connection: a line of JSON in, a line of JSON out.
 *
 *   {"cmd": "alert", "text": "...", "minutes": N}  -> {"ok": true}   (N = 0: until cleared)
 *   {"cmd": "clear"}                                -> {"ok": true}
 *   {"cmd": "status"}                               -> {"ok": true, "slide": {...}, "alert": {...} | null}
 *   {"cmd": "screen", "path": FILE.png}             -> {"ok": true}   (the frame on screen written there)
 *   anything else                                   -> {"ok": false, "error": "..."}
 *
 * The board serves it from its frame loop and never waits on it: the
 * socket and its connections are non-blocking, a request is read as it
 * arrives (at most BL_CONTROL_MAX_LINE bytes, at most BL_CONTROL_CLIENTS
 * at once), and one that has not arrived whole after BL_CONTROL_TIMEOUT
 * seconds is dropped.  Depends on base, board, alert (and cJSON).
 */
#ifndef BL_CONTROL_H
#define BL_CONTROL_H

#include "core/base.h"
#include "board/board.h"

#include <SDL.h>
#include <stddef.h>

#define BL_CONTROL_MAX_LINE 4096
#define BL_CONTROL_CLIENTS 4
#define BL_CONTROL_TIMEOUT 2.0

typedef struct bl_control bl_control;

/* Listens on path (a stale socket file there is replaced; anything else
 * is an error naming it).  *out is the caller's. */
bl_status bl_control_open(const char *path, bl_control **out, bl_err *err);

/* Serves what has arrived; call once a frame.  frame is what is on
 * screen (for "screen"), st the board's last state. */
void bl_control_poll(bl_control *c, bl_board *b, const bl_sched_state *st, SDL_Surface *frame);

/* Stops listening and removes the socket file; accepts NULL. */
void bl_control_close(bl_control *c);

/* The client side: sends request (one line of JSON, no newline) to the
 * board listening on path and reads its one-line reply into reply (NUL
 * terminated), waiting at most timeout_ms in all.  BL_ERR_NOTFOUND when
 * no board listens there. */
bl_status bl_control_request(const char *path, const char *request, char *reply, size_t size, int timeout_ms,
                             bl_err *err);

#endif
