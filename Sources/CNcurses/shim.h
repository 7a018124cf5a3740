#ifndef GILVIEW_CNCURSES_SHIM_H
#define GILVIEW_CNCURSES_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE flags: ask for the wide-character API here.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <curses.h>

// Swift cannot import function-like or cast-built macros, and Swift 6 rejects the mutable
// globals (stdscr, COLORS, stdout) as "not concurrency-safe". These wrappers are the only way
// the backend reaches them; every one is called from the thread that owns the curses session.

static inline attr_t gv_a_normal(void) { return A_NORMAL; }
static inline attr_t gv_a_bold(void) { return A_BOLD; }
static inline attr_t gv_a_dim(void) { return A_DIM; }
static inline attr_t gv_a_reverse(void) { return A_REVERSE; }
static inline attr_t gv_a_underline(void) { return A_UNDERLINE; }

static inline WINDOW *gv_stdscr(void) { return stdscr; }
static inline int gv_colors(void) { return COLORS; }
static inline int gv_color_pairs(void) { return COLOR_PAIRS; }
static inline int gv_getmaxx(WINDOW *win) { return getmaxx(win); }
static inline int gv_getmaxy(WINDOW *win) { return getmaxy(win); }

/// A screen on the process's standard input and output; NULL when they are no usable terminal
/// (unlike initscr, which prints an error and exits the process).
static inline SCREEN *gv_newterm(void) { return newterm(NULL, stdout, stdin); }

/// True when the terminal set up by newterm can move the cursor to a given cell (TERM=dumb
/// cannot): without that no screen can be drawn.
static inline int gv_can_address_cursor(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (const char *)-1;
}

/// Sets the attributes and the colour pair for following output. The pair goes through
/// wattr_set's opts argument, the only way to use pairs above 255 (COLOR_PAIR cannot).
static inline int gv_set_style(WINDOW *win, attr_t attrs, int pair) {
    return wattr_set(win, attrs, (NCURSES_PAIRS_T)(pair > 0x7fff ? 0 : pair), &pair);
}

/// True when the current locale (after setlocale(LC_ALL, "")) encodes text as UTF-8.
static inline int gv_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

static const int gv_key_code_yes = KEY_CODE_YES;
static const int gv_key_resize = KEY_RESIZE;
static const int gv_key_up = KEY_UP;
static const int gv_key_down = KEY_DOWN;
static const int gv_key_left = KEY_LEFT;
static const int gv_key_right = KEY_RIGHT;
static const int gv_key_home = KEY_HOME;
static const int gv_key_end = KEY_END;
static const int gv_key_ppage = KEY_PPAGE;
static const int gv_key_npage = KEY_NPAGE;
static const int gv_key_enter = KEY_ENTER;
static const int gv_key_btab = KEY_BTAB;
static const int gv_key_backspace = KEY_BACKSPACE;
static const int gv_key_mouse = KEY_MOUSE;

/// Clicks and the wheel (buttons 4 and 5), reported at once (no wait for a double click).
static inline void gv_enable_mouse(void) {
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
}

/// The mouse event curses read: 0 = click, 1 = wheel up, 2 = wheel down, -1 = other or none.
static inline int gv_mouse_event(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *x = event.x;
    *y = event.y;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 0;
    if (event.bstate & BUTTON4_PRESSED) return 1;
    if (event.bstate & BUTTON5_PRESSED) return 2;
    return -1;
}

#endif
