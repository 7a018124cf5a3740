#ifndef GILVIEW_CNCURSES_SHIM_H
#define GILVIEW_CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE flags: ask for the wide-character API here.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <curses.h>
#endif
