/*
 * main.c - the only place that exits.
 */
#include "app/app.h"

int main(int argc, char **argv)
{
    return bl_app_main(argc, argv);
}
