/// Who has the terminal. A full-screen front (the console, while curses draws) claims it; code
/// that has to say something on its own as the process ends (BoundedWait) asks here before it
/// writes to stderr, which is under the screen while curses owns the terminal (DESIGN.md:
/// nothing writes to the terminal then; logs go to `--log-file` or nowhere).
public enum TerminalOwner {
  private static let lock = Lock()
  nonisolated(unsafe) private static var giveBack: (@Sendable () -> Bool)?

  /// A screen takes the terminal. `giveBack` puts the terminal back as it was (curses ended)
  /// and returns whether it did; it is called at most once, on whichever thread asks, when the
  /// process is about to end on its own.
  public static func claim(giveBack: @escaping @Sendable () -> Bool) {
    lock.withLock { Self.giveBack = giveBack }
  }

  /// The screen has put the terminal back by itself (the console ended).
  public static func release() {
    lock.withLock { giveBack = nil }
  }

  /// Whether stderr may be written to: yes when no screen owns the terminal, or when the one
  /// that did has given it back on being asked. The screen is asked outside the lock, so that
  /// it can release its claim as it ends.
  static func mayWriteToTerminal() -> Bool {
    let owner = lock.withLock {
      defer { giveBack = nil }
      return giveBack
    }
    return owner?() ?? true
  }
}
