/*
 * ini.c - see ini.h.
 */
#include "core/ini.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

bl_status bl_ini_parse(const char *name, const char *text, bl_ini_fn fn, void *user, bl_err *err)
{
    char *copy = bl_strdup(text), *p, *line;
    char section[128] = "";
    int lineno = 0;

    if (!copy)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
    p = copy;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3;
    while (p) {
        char *nl = strchr(p, '\n'), *eq;
        line = p;
        if (nl)
            *nl = '\0';
        p = nl ? nl + 1 : NULL;
        lineno++;
        line = trim(line);
        if (*line == '\0' || *line == '#' || *line == ';')
            continue;
        if (*line == '[') {
            char *close = strchr(line, ']');
            if (!close) {
                BL_LOGW("config", "%s:%d: section header without ']'", name, lineno);
                continue;
            }
            *close = '\0';
            snprintf(section, sizeof section, "%s", trim(line + 1));
            continue;
        }
        eq = strchr(line, '=');
        if (!eq) {
            BL_LOGW("config", "%s:%d: expected 'key = value', ignoring the line", name, lineno);
            continue;
        }
        *eq = '\0';
        {
            char *v = trim(eq + 1), *c;
            /* A comment may follow a value: '#' or ';' after white space
             * (or at the start) and before white space or the end, so that
             * a colour such as #F7F1E3 is a value. */
            for (c = v; *c; c++) {
                if ((*c == '#' || *c == ';') && (c == v || c[-1] == ' ' || c[-1] == '\t') &&
                    (c[1] == ' ' || c[1] == '\t' || c[1] == '\0')) {
                    *c = '\0';
                    v = trim(v);
                    break;
                }
            }
            if (!fn(user, section, trim(line), v, lineno))
                break;
        }
    }
    free(copy);
    return BL_OK;
}

int bl_ini_color(const char *v, uint32_t *argb)
{
    unsigned r, g, b;
    char tail;
    if (strlen(v) != 7 || sscanf(v, "#%2x%2x%2x%c", &r, &g, &b, &tail) != 3)
        return -1;
    *argb = 0xFF000000u | (r << 16) | (g << 8) | b;
    return 0;
}
