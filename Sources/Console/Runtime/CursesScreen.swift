import CNcurses
import Glibc

/// The one place that talks to curses: start and stop, colours from the theme, copying a cell
/// grid to the terminal, reading keys, resizing, suspending (Ctrl-Z), and putting the terminal
/// back on every way out (quit, Ctrl-C, SIGTERM, a crash). While it runs nothing else writes to
/// the terminal.
///
/// Ctrl-Z is handled here, on the run loop's thread, not by ncurses' own SIGTSTP handler: that
/// one stops and redraws from inside the signal handler, on whichever thread took the signal,
/// so a SIGTERM sent while stopped (`kill %1; fg`) had the run loop ending curses while the
/// handler drew again, and when the process was continued in the background its writes to the
/// terminal stopped it again (SIGTTOU), for good. Here the terminal is put back before the
/// process stops, and taken again only once the process is in the terminal's foreground
/// process group; a process that ends while in the background writes nothing to the terminal.
final class CursesScreen {
  struct NotATerminal: Error, CustomStringConvertible {
    var description: String {
      "the console needs a terminal on standard input and output; "
        + "for a report use 'danescope check DOMAIN'"
    }
  }

  /// A signal asked the console to stop before curses took the terminal (while it waited in
  /// the background to be brought to the foreground).
  struct Interrupted: Error {
    let signal: Int32
  }

  struct UnknownTerminal: Error, CustomStringConvertible {
    let name: String
    var description: String {
      "the terminal type '\(name)' is not known to ncurses (try TERM=xterm-256color)"
    }
  }

  /// A terminal type terminfo knows that cannot run a full-screen program: it cannot place the
  /// cursor (no `cup`, as TERM=dumb, which Emacs' shell buffers set), or it prints on paper.
  /// curses would start on it and draw a blank screen.
  struct UnusableTerminal: Error, CustomStringConvertible {
    enum Reason { case noCursorAddressing, hardCopy }
    let name: String
    let reason: Reason
    var description: String {
      let what = switch reason {
      case .noCursorAddressing:
        "cannot place the cursor (its terminfo entry has no cursor addressing, cup)"
      case .hardCopy: "is a hard-copy terminal"
      }
      return "the terminal type '\(name)' \(what), which the full-screen console needs; run it"
        + " in a terminal emulator with TERM set to that terminal's type (such as"
        + " TERM=xterm-256color), or for a report use 'danescope check DOMAIN'"
    }
  }

  /// Why curses cannot start here: standard input or output is not a terminal. Nil when both are.
  static var terminalProblem: String? {
    isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 ? nil : NotATerminal().description
  }

  private var previous: CellGrid?
  /// The crash handler's stack on this screen's thread, so that a stack overflow there still
  /// puts the terminal back (`AlternateSignalStack`).
  private let signalStack = AlternateSignalStack()
  private var looks: [Role: (attributes: attr_t, pair: Int32)] = [:]
  private(set) var isRunning = false
  /// Curses gave the terminal back for a suspend and has not taken it again.
  private(set) var isSuspended = false

  /// Starts curses. `wake` is written to (one byte) when a signal wants the run loop's
  /// attention, so that a loop blocked in poll wakes up. Call `start` and `stop` on the thread
  /// that draws and reads keys: the alternate signal stack is that thread's.
  ///
  /// Started in the background (`danescope --lab &`), it first waits, stopped, to be brought
  /// to the foreground (`waitForForeground`); a signal that asks it to stop meanwhile throws
  /// `Interrupted`, and the terminal has not been touched.
  func start(wake: Int32) throws {
    guard Self.terminalProblem == nil else { throw NotATerminal() }
    setlocale(LC_ALL, "")
    let name = getenv("TERM").map { String(escapingInvalidUTF8: $0) } ?? ""
    // Asked before newterm, which writes to the terminal and starts on any type it knows.
    switch ds_terminal_can_address_cursor(nil, STDOUT_FILENO) {
    case 1: break
    case 0: throw UnusableTerminal(name: name, reason: .noCursorAddressing)
    case -2: throw UnusableTerminal(name: name, reason: .hardCopy)
    default: throw UnknownTerminal(name: name)
    }
    signalStack.install()
    // Before newterm: ncurses installs its own SIGTSTP handler only when it finds none.
    SignalGuard.install(wake: wake)
    if let signal = Self.waitForForeground() {
      SignalGuard.uninstall()
      signalStack.uninstall()
      throw Interrupted(signal: signal)
    }
    // newterm rather than initscr: initscr exits the process when TERM is unknown.
    guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r"),
      newterm(nil, output, input) != nil
    else {
      SignalGuard.uninstall()
      signalStack.uninstall()
      throw UnknownTerminal(name: name)
    }
    isRunning = true
    SignalGuard.ownsTerminal = 1
    cbreak()
    noecho()
    nonl()
    keypad(ds_stdscr(), true)
    nodelay(ds_stdscr(), true)
    set_escdelay(25)
    curs_set(0)
    let buttons = ds_button1_pressed() | ds_button4_pressed() | ds_button5_pressed()
    mousemask(buttons, nil)
    mouseinterval(0)
    if has_colors() {
      start_color()
      use_default_colors()
    }
    BracketedPaste.start()
  }

  /// Puts the terminal back as it was. Safe to call twice. After a suspend the terminal is
  /// already back, and this writes nothing (the process may be in the background).
  func stop() {
    guard isRunning else { return }
    isRunning = false
    SignalGuard.uninstall()
    if !isSuspended {
      endwin()
      BracketedPaste.turnOff()
      Self.discardUnreadInput()
    }
    SignalGuard.ownsTerminal = 0
    signalStack.uninstall()
  }

  /// Throws away what is typed or pasted but not read yet, once the terminal is put back: keys
  /// meant for the console must not reach the shell after it, as commands (a paste whose ^C or
  /// `q` ended the console would otherwise have its rest run by the shell). Only a process in
  /// the terminal's foreground may (from the background tcflush stops it, and what is typed then
  /// is the shell's). Called again when the console has cleaned up, for what came meanwhile.
  static func discardUnreadInput() {
    guard isatty(STDIN_FILENO) == 1, isInForeground else { return }
    tcflush(STDIN_FILENO, TCIFLUSH)
  }

  /// Puts the terminal back from a thread other than the run loop's, as the crash handler does,
  /// when curses has it: for a process about to end whose run loop did not answer
  /// (TerminalHandover).
  static func restoreFromAnyThread() {
    if SignalGuard.ownsTerminal != 0 {
      SignalGuard.ownsTerminal = 0
      endwin()
      BracketedPaste.turnOff()
      discardUnreadInput()
    }
  }

  /// After Ctrl-Z (SIGTSTP): puts the terminal back and stops the process, as the default
  /// action would; returns once it is continued. The screen stays suspended until
  /// `resumeIfForeground` takes the terminal again. Returns whether a suspend was asked for.
  func suspendIfAsked() -> Bool {
    guard SignalGuard.takeSuspend() else { return false }
    if !isSuspended {
      isSuspended = true
      SignalGuard.ownsTerminal = 0
      // Only a process in the foreground writes to the terminal; one stopped by `kill -TSTP`
      // while in the background leaves it alone. The shell gets the terminal next: what the
      // console has not read (the rest of a paste with a ^Z in it) is not for it.
      if Self.isInForeground {
        endwin()
        BracketedPaste.turnOff()
        Self.discardUnreadInput()
      }
    }
    SignalGuard.stopProcess(by: SIGTSTP)
    return true
  }

  /// After a suspend, takes the terminal again when the process is in its foreground process
  /// group (`fg`), and returns true: the whole screen is then drawn afresh, at the size the
  /// terminal has now. In the background (continued by `bg`, or by a `kill` that sends SIGCONT
  /// after its signal) it returns false and touches nothing.
  func resumeIfForeground() -> Bool {
    guard isSuspended, Self.isInForeground else { return false }
    isSuspended = false
    SignalGuard.ownsTerminal = 1
    // Keys typed for the shell while stopped are not the console's.
    flushinp()
    BracketedPaste.turnOn()
    _ = adoptTerminalSize()
    return true
  }

  /// The process is in the terminal's foreground process group: it may write and set modes
  /// without being stopped by SIGTTOU. A terminal that is not the process's controlling one
  /// (tcgetpgrp fails) has no background: job control does not apply to it.
  private static var isInForeground: Bool {
    let group = tcgetpgrp(STDIN_FILENO)
    return group == -1 || group == getpgrp()
  }

  /// Before curses takes the terminal: while the process is in the background it stops itself
  /// as a background write to the terminal would (SIGTTOU's default action), and looks again
  /// when continued, until `fg` brings it to the foreground. ncurses does not wait for that:
  /// Debian 12's ncurses set the terminal's modes and drew the whole screen from the
  /// background, over the shell. Returns the signal that asked the console to stop meanwhile,
  /// or nil once in the foreground.
  ///
  /// Continued in the background, it waits a second before stopping again: `kill %1` sends
  /// SIGTERM and then SIGCONT to a stopped job, and the SIGTERM may be handled on another
  /// thread a moment after this one runs again; stopping at once would leave the job stopped
  /// with its SIGTERM taken. In an orphaned process group the kernel discards the stop, and the
  /// loop just looks again every second. A Ctrl-Z meant for the waiting process is forgotten:
  /// it is already stopped.
  private static func waitForForeground() -> Int32? {
    var isContinued = false
    while !isInForeground {
      if let signal = SignalGuard.takeInterrupt() { return signal }
      if isContinued {
        for _ in 0..<4 where !isInForeground && SignalGuard.interrupt == 0 {
          _ = poll(nil, 0, 250)
        }
        isContinued = false
      } else {
        SignalGuard.stopProcess(by: SIGTTOU)
        isContinued = true
      }
    }
    _ = SignalGuard.takeSuspend()
    return SignalGuard.takeInterrupt()
  }

  var size: (width: Int, height: Int) { (Int(ds_cols()), Int(ds_lines())) }

  /// Tells curses the new size after SIGWINCH, and forgets what is on screen.
  func adoptTerminalSize() -> (width: Int, height: Int) {
    var rows: Int32 = 0
    var columns: Int32 = 0
    if ds_terminal_size(STDOUT_FILENO, &rows, &columns) == 0, rows > 0, columns > 0 {
      resizeterm(rows, columns)
    }
    previous = nil
    clear()
    return size
  }

  /// Sets up a colour pair and attributes per role.
  func apply(_ theme: Theme) {
    let colors = has_colors() ? Int(ds_colors()) : 0
    looks = [:]
    for (index, role) in Role.allCases.enumerated() {
      let style = theme.style(for: role)
      var pair: Int32 = 0
      if colors >= 8, style.foreground != .terminalDefault || style.background != .terminalDefault
      {
        pair = Int32(index + 1)
        init_pair(Int16(pair), Self.index(style.foreground, colors: colors),
          Self.index(style.background, colors: colors))
      }
      looks[role] = (Self.attributes(style.attributes), pair)
    }
    previous = nil
  }

  private static func index(_ color: ThemeColor, colors: Int) -> Int16 {
    guard case .indexed(let value) = color else { return -1 }
    if value < colors { return Int16(value) }
    if value < 16 { return Int16(value - 8) }
    return Int16(ColorFallback.basic(for: value))
  }

  private static func attributes(_ set: CellAttributes) -> attr_t {
    var result = ds_attr_normal()
    if set.contains(.bold) { result |= ds_attr_bold() }
    if set.contains(.dim) { result |= ds_attr_dim() }
    if set.contains(.reverse) { result |= ds_attr_reverse() }
    if set.contains(.underline) { result |= ds_attr_underline() }
    if set.contains(.italic) { result |= ds_attr_italic() }
    return result
  }

  /// Copies the cells that changed since the last frame, then refreshes.
  func draw(_ grid: CellGrid) {
    let old = previous.flatMap { $0.width == grid.width && $0.height == grid.height ? $0 : nil }
    var characters: [wchar_t] = []
    for y in 0..<grid.height {
      for x in 0..<grid.width {
        let cell = grid[x, y]
        if cell.isContinuation || old?[x, y] == cell { continue }
        characters.removeAll(keepingCapacity: true)
        for scalar in cell.character.unicodeScalars { characters.append(wchar_t(scalar.value)) }
        let look = looks[cell.role] ?? (ds_attr_normal(), 0)
        _ = ds_put_grapheme(Int32(y), Int32(x), characters, Int32(characters.count),
          look.attributes, look.pair)
      }
    }
    previous = grid
    refresh()
  }

  /// Up to `limit` keys waiting, decoded; `.resize` first when the terminal changed size.
  /// Fewer than `limit` means the terminal had no more.
  func readKeys(limit: Int) -> [KeyPress] {
    var keys: [KeyPress] = []
    if SignalGuard.takeResize() { keys.append(.resize) }
    while keys.count < limit {
      var code: wint_t = 0
      let result = wget_wch(ds_stdscr(), &code)
      if result == ERR { break }
      if result == KEY_CODE_YES {
        if let key = functionKey(Int32(code)) { keys.append(key) }
      } else {
        keys.append(characterKey(UInt32(code)))
      }
    }
    return keys
  }

  /// The signal that asked the console to stop (SIGINT, SIGTERM, SIGHUP, SIGQUIT), if one did.
  var interruption: Int32? { SignalGuard.takeInterrupt() }

  /// A stop signal came and `interruption` has not taken it yet.
  var isInterruptPending: Bool { SignalGuard.interrupt != 0 }

  private func characterKey(_ value: UInt32) -> KeyPress {
    switch value {
    case 9: return .tab
    case 10, 13: return .enter
    case 27: return .escape
    case 8, 127: return .backspace
    case 0..<32: return .other(Int32(value))
    default:
      guard let scalar = Unicode.Scalar(value) else { return .other(Int32(bitPattern: value)) }
      return .character(Character(scalar))
    }
  }

  private func functionKey(_ code: Int32) -> KeyPress? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_BTAB: return .backTab
    case KEY_ENTER: return .enter
    case KEY_BACKSPACE, KEY_DC: return .backspace
    // Not a resize: only our SIGWINCH handler reports those (`takeResize`). ncurses' own
    // handler is not installed, so a KEY_RESIZE here is the one resizeterm queues for every
    // call; answered with another resizeterm it came back with every later key read, and a
    // lone Esc in a prompt then looked pasted.
    case KEY_RESIZE: return nil
    case BracketedPaste.startCode: return .pasteStart
    case BracketedPaste.endCode: return .pasteEnd
    case KEY_MOUSE:
      var event = MEVENT()
      guard getmouse(&event) == OK else { return nil }
      let x = Int(event.x)
      let y = Int(event.y)
      if event.bstate & ds_button4_pressed() != 0 { return .mouse(x: x, y: y, action: .scrollUp) }
      if event.bstate & ds_button5_pressed() != 0 { return .mouse(x: x, y: y, action: .scrollDown) }
      return .mouse(x: x, y: y, action: .click)
    default: return .other(code)
    }
  }
}

/// Signal handlers while curses owns the terminal. SIGINT, SIGTERM, SIGHUP and SIGQUIT (Ctrl-\,
/// or a \x1c in pasted text) ask the run loop to quit (through the wake pipe), so that the
/// terminal is put back and the lab stopped and its files removed as on `q`; a second SIGTERM,
/// SIGHUP or SIGQUIT does not wait for that. (SIGQUIT left alone would be the Swift runtime's: a
/// crash report painted over the screen and a 30-second wait for keys.) SIGWINCH marks a
/// resize. SIGTSTP (Ctrl-Z) asks the run loop to suspend (`CursesScreen.suspendIfAsked`), and
/// SIGCONT wakes it to see whether it is in the foreground again. The crash signals put the
/// terminal back with endwin (when curses has it) and then die of the same signal, so the shell
/// is never left in raw mode. Every handler runs on the alternate signal stack of the thread
/// that takes the signal, where it has one (SA_ONSTACK): the curses thread has, so a stack
/// overflow there still reaches the crash handler. Threads without one run the handlers on
/// their own stack; see `AlternateSignalStack` for what that leaves undone.
private enum SignalGuard {
  nonisolated(unsafe) static var wakeDescriptor: Int32 = -1
  nonisolated(unsafe) static var interrupt: sig_atomic_t = 0
  nonisolated(unsafe) static var resize: sig_atomic_t = 0
  nonisolated(unsafe) static var suspend: sig_atomic_t = 0
  /// Curses has the terminal (started and not suspended): a handler that dies may call endwin.
  nonisolated(unsafe) static var ownsTerminal: sig_atomic_t = 0
  static let fatalSignals: [Int32] = [SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL]
  static let stopSignals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT]

  static func install(wake: Int32) {
    wakeDescriptor = wake
    set(SIGINT) { number in
      SignalGuard.interrupt = number
      SignalGuard.poke()
    }
    for number in stopSignals {
      set(number) { number in
        SignalGuard.interrupt = number
        SignalGuard.poke()
        SignalGuard.set(number, SignalGuard.dieRestoringTerminal)
      }
    }
    set(SIGWINCH) { _ in
      SignalGuard.resize = 1
      SignalGuard.poke()
    }
    set(SIGTSTP, askToSuspend)
    set(SIGCONT) { _ in SignalGuard.poke() }
    for number in fatalSignals { set(number, dieRestoringTerminal) }
  }

  static let dieRestoringTerminal: @convention(c) (Int32) -> Void = { number in
    if SignalGuard.ownsTerminal != 0 {
      endwin()
      BracketedPaste.turnOff()
      // tcflush, tcgetpgrp and getpgrp are async-signal-safe; endwin is not, but the process is
      // about to die either way.
      if tcgetpgrp(STDIN_FILENO) == getpgrp() { tcflush(STDIN_FILENO, TCIFLUSH) }
    }
    if number == SIGQUIT {
      // A second Ctrl-\\ is a user in a hurry, not a crash: no core file.
      var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
      setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
    }
    signal(number, SIG_DFL)
    raise(number)
  }

  static func uninstall() {
    for number in [SIGINT, SIGWINCH, SIGTSTP, SIGCONT] + stopSignals + fatalSignals {
      signal(number, SIG_DFL)
    }
  }

  /// Stops the process by the default action of `number` (SIGTSTP or SIGTTOU; the shell says
  /// "Stopped"), from the calling thread; returns once the process is continued, with the
  /// signal's handling as it was before.
  static func stopProcess(by number: Int32) {
    var previous = sigaction()
    var stop = sigaction()
    stop.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&stop.sa_mask)
    sigaction(number, &stop, &previous)
    var only = sigset_t()
    sigemptyset(&only)
    sigaddset(&only, number)
    pthread_sigmask(SIG_UNBLOCK, &only, nil)
    raise(number)
    sigaction(number, &previous, nil)
  }

  static let askToSuspend: @convention(c) (Int32) -> Void = { _ in
    SignalGuard.suspend = 1
    SignalGuard.poke()
  }

  static func takeSuspend() -> Bool {
    let pending = suspend != 0
    suspend = 0
    return pending
  }

  static func poke() {
    var byte: UInt8 = 1
    _ = write(wakeDescriptor, &byte, 1)
  }

  static func takeInterrupt() -> Int32? {
    let number = interrupt
    interrupt = 0
    return number == 0 ? nil : number
  }

  static func takeResize() -> Bool {
    let pending = resize != 0
    resize = 0
    return pending
  }

  private static func set(_ number: Int32, _ handler: @convention(c) (Int32) -> Void) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_ONSTACK
    sigaction(number, &action, nil)
  }
}

/// Bracketed paste (xterm's mode 2004): the terminal marks pasted text with a start and an end
/// sequence, which curses is taught to read as two keys of their own (`KeyPress.pasteStart`,
/// `.pasteEnd`). The sequences come from terminfo's `BE`, `BD`, `PS` and `PE` where the entry has
/// them (tmux-256color does); else from xterm's when the terminal takes ANSI control sequences
/// (its `cup` starts with CSI: xterm-256color, which lacks them in Debian 12's terminfo, and the
/// terminals that call themselves xterm), since such a terminal ignores a private mode it does
/// not know. Other terminals get nothing, and pastes there are read as typed keys.
private enum BracketedPaste {
  /// Key codes for the two marks, far above curses' own (KEY_MAX is 0777, and the terminfo
  /// entry's extended keys are numbered up from there) and within the 16 bits curses keeps.
  static let startCode: Int32 = 0x7E00
  static let endCode: Int32 = 0x7E01

  /// The sequence that turns the mode off, kept as C text for the crash handler (nil: the mode
  /// was not turned on). Set on the curses thread before the handlers can use it.
  nonisolated(unsafe) static var offSequence: UnsafeMutablePointer<CChar>?
  nonisolated(unsafe) static var onSequence: UnsafeMutablePointer<CChar>?

  /// Teaches curses the marks and turns the mode on. Call after newterm.
  static func start() {
    let xterm = ["BE": "\u{1B}[?2004h", "BD": "\u{1B}[?2004l", "PS": "\u{1B}[200~",
      "PE": "\u{1B}[201~"]
    let speaksANSI = capability("cup")?.hasPrefix("\u{1B}[") == true
    var sequences: [String: String] = [:]
    for name in ["BE", "BD", "PS", "PE"] {
      guard let value = capability(name) ?? (speaksANSI ? xterm[name] : nil) else { return }
      sequences[name] = value
    }
    guard let on = sequences["BE"], let off = sequences["BD"], let start = sequences["PS"],
      let end = sequences["PE"]
    else { return }
    define_key(start, startCode)
    define_key(end, endCode)
    free(onSequence)
    free(offSequence)
    onSequence = strdup(on)
    offSequence = strdup(off)
    turnOn()
  }

  /// The sequences go straight to the terminal with write, between curses' frames (at start,
  /// after endwin, before a frame): putp would put them in C's stdout buffer, which is not
  /// curses' own and goes out whenever something flushes it, on and off together.
  static func turnOn() {
    if let onSequence { _ = write(STDOUT_FILENO, onSequence, strlen(onSequence)) }
  }

  /// Also from a signal handler: write is async-signal-safe.
  static func turnOff() {
    if let offSequence { _ = write(STDOUT_FILENO, offSequence, strlen(offSequence)) }
  }

  /// A string capability of the terminal's terminfo entry, nil when it has none.
  private static func capability(_ name: String) -> String? {
    guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { return nil }
    return String(cString: value)
  }
}
