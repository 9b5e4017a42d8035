import CNcurses
import Glibc

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
enum SignalGuard {
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
