/*
 * app.h - the command line: wires content, fonts, layout and render
 * together.  Depends on every module.
 */
#ifndef BL_APP_H
#define BL_APP_H

#include "core/base.h"

/* Runs the baolan command line; returns the exit status (0 success, 1 bad
 * input, 2 usage error). */
int bl_app_main(int argc, char **argv);

/* Prints "baolan: MESSAGE" and a pointer to --help on stderr; returns 2,
 * the usage exit status. */
int bl__usage_error(const char *fmt, ...) BL_PRINTF(1, 2);

/* The board's commands (run.c); options start at argv[first]. */
int bl__cmd_run(int argc, char **argv, int first);
int bl__cmd_simulate(int argc, char **argv, int first);
int bl__cmd_admin(int argc, char **argv, int first);
/* `baolan fleet` (fleet_cmd.c). */
int bl__cmd_fleet(int argc, char **argv, int first);

#endif
