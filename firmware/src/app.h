/*
 * app.h - the command line: wires content, fonts, layout and render
 * together.  Depends on every module.
 */
#ifndef BL_APP_H
#define BL_APP_H

/* Runs the baolan command line; returns the exit status (0 success, 1 bad
 * input, 2 usage error). */
int bl_app_main(int argc, char **argv);

#endif
