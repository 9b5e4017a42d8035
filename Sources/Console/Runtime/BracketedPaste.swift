import CNcurses
import Glibc

/// Bracketed paste (xterm's mode 2004): the terminal marks pasted text with a start and an end
/// sequence, which curses is taught to read as two keys of their own (`KeyPress.pasteStart`,
/// `.pasteEnd`). The sequences come from terminfo's `BE`, `BD`, `PS` and `PE` where the entry has
/// them (tmux-256color does); else from xterm's when the terminal takes ANSI control sequences
/// (its `cup` starts with CSI: xterm-256color, which lacks them in Debian 12's terminfo, and the
/// terminals that call themselves xterm), since such a terminal ignores a private mode it does
/// not know. Other terminals get nothing, and pastes there are read as typed keys.
enum BracketedPaste {
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
