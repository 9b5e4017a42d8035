// Bridge to ncurses (wide). SwiftPM drops pkg-config defines, so the wide-character API is
// switched on here before <curses.h> is read.
#ifndef DANESCOPE_CNCURSES_SHIM_H
#define DANESCOPE_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <curses.h>

// Why: `stdscr`, `LINES`, `COLS` and `COLORS` are mutable C globals, which Swift 6 rejects as
// unsafe shared state. These accessors read them at the call. They can go when ncurses
// exposes functions for them (or Swift imports such globals as `nonisolated(unsafe)`).
static inline WINDOW *ds_stdscr(void) { return stdscr; }
static inline int ds_lines(void) { return LINES; }
static inline int ds_cols(void) { return COLS; }
static inline int ds_colors(void) { return COLORS; }
static inline int ds_color_pairs(void) { return COLOR_PAIRS; }

// Why: getmaxyx/getyx are macros that assign to lvalues; Swift cannot import them.
static inline int ds_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int ds_getmaxx(WINDOW *w) { return getmaxx(w); }

// Why: the A_* attributes are macros built from NCURSES_BITS, which Swift does not import.
static inline attr_t ds_attr_normal(void) { return A_NORMAL; }
static inline attr_t ds_attr_bold(void) { return A_BOLD; }
static inline attr_t ds_attr_dim(void) { return A_DIM; }
static inline attr_t ds_attr_reverse(void) { return A_REVERSE; }
static inline attr_t ds_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t ds_attr_italic(void) { return A_ITALIC; }
static inline attr_t ds_attr_standout(void) { return A_STANDOUT; }

// Why: KEY_F(n) is a function-like macro.
static inline int ds_key_f(int n) { return KEY_F(n); }

// Why: the BUTTON* mouse masks are macros built from NCURSES_MOUSE_MASK.
static inline mmask_t ds_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t ds_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t ds_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t ds_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t ds_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t ds_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }

// Why: COLOR_PAIR(n) is a macro.
static inline attr_t ds_color_pair(int n) { return COLOR_PAIR(n); }

// Why: drawing one grapheme (a base character and its combining marks) takes a cchar_t built
// with setcchar; Swift imports cchar_t's fixed wchar_t array as a tuple, which is clumsy to fill.
// This builds the cell and draws it at (y, x) in one call. `count` is clipped to CCHARW_MAX.
static inline int ds_put_grapheme(int y, int x, const wchar_t *chars, int count, attr_t attrs,
                                  int pair) {
  wchar_t buffer[CCHARW_MAX + 1];
  int n = count < CCHARW_MAX ? count : CCHARW_MAX;
  for (int i = 0; i < n; i++) buffer[i] = chars[i];
  buffer[n] = 0;
  cchar_t cell;
  if (setcchar(&cell, buffer, attrs, (short)pair, NULL) != OK) return ERR;
  return mvadd_wch(y, x, &cell);
}

#include <sys/ioctl.h>
#include <unistd.h>

// Why: ioctl is variadic, which Swift cannot call. Reads the terminal size after SIGWINCH so that
// resizeterm can be told it. Returns 0 on success.
static inline int ds_terminal_size(int fd, int *rows, int *cols) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
  *rows = size.ws_row;
  *cols = size.ws_col;
  return 0;
}

#include <term.h>

// Why: whether the terminal type can run a full-screen program has to be known before newterm,
// which writes to the terminal and succeeds for types that cannot place the cursor (TERM=dumb
// gives a blank screen). setupterm reads the terminfo entry; `cur_term` is a C global that Swift 6
// rejects, so the entry it made is freed here and the previous one put back. Returns 1 when the
// type can address the cursor (`cup`), 0 when it cannot, -1 when terminfo does not know the type,
// -2 for a hard-copy type (setupterm refuses it itself; a generic type such as `unknown` is -1).
static inline int ds_terminal_can_address_cursor(const char *name, int fd) {
  TERMINAL *previous = cur_term;
  int status = 0;
  if (setupterm(name, fd, &status) != OK) {
    set_curterm(previous);
    return status == 1 ? -2 : -1;
  }
  const char *cup = tigetstr("cup");
  int result = cup != NULL && cup != (const char *)-1;
  TERMINAL *made = cur_term;
  set_curterm(previous);
  if (made != previous) del_curterm(made);
  return result;
}

#endif
