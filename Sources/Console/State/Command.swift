/// A key as the run loop hands it over, independent of curses.
public enum KeyPress: Sendable, Hashable {
  case character(Character)
  case up, down, left, right, pageUp, pageDown, home, end
  case enter, tab, backTab, escape, backspace
  case resize
  case mouse(x: Int, y: Int, action: MouseAction)
  /// A key curses knows and danescope does not use.
  case other(Int32)
}

public enum MouseAction: Sendable, Hashable {
  case click, scrollUp, scrollDown
}

/// The panes of the main area, in tab order.
public enum PaneKind: Int, Sendable, CaseIterable, Hashable {
  case chain, tlsa, handshake, findings

  public var title: String {
    switch self {
    case .chain: return "Chain of trust"
    case .tlsa: return "TLSA"
    case .handshake: return "Handshake"
    case .findings: return "Findings"
    }
  }
}

/// What a key asks for. The key table maps keys to commands; `ConsoleState.apply` carries them
/// out and says, through `Reaction`, what the run loop must do next.
public enum Command: Sendable, Hashable {
  case nextPane, previousPane, showPane(PaneKind)
  case up, down, pageUp, pageDown, top, bottom
  case focusNavigation, focusPane
  case open, explain
  case search, searchNext, searchPrevious
  case enterDomain, refresh, toggleFollow, cycleTheme, help, close, quit
}

/// What the run loop must do after a command or an event: handlers change state and return
/// these; they never draw or start work themselves.
public struct Reaction: OptionSet, Sendable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let redraw = Reaction(rawValue: 1 << 0)
  public static let quit = Reaction(rawValue: 1 << 1)
  /// Check `state.domain` (again).
  public static let check = Reaction(rawValue: 1 << 2)
  /// Run the handshake of `state.selectedProbe` again.
  public static let probe = Reaction(rawValue: 1 << 3)
  /// Load `state.themeName`.
  public static let theme = Reaction(rawValue: 1 << 4)
}

/// One line of the key table: the keys, how help and the hint line show them, the command.
public struct KeyBinding: Sendable {
  public let keys: [KeyPress]
  public let label: String
  public let command: Command
  public let help: String
  /// Shown on the bottom hint line (the most used ones only).
  public let hint: String?

  init(_ keys: [KeyPress], _ label: String, _ command: Command, _ help: String, hint: String? = nil)
  {
    self.keys = keys
    self.label = label
    self.command = command
    self.help = help
    self.hint = hint
  }
}

/// The one key table: input decoding and the `?` help both read it.
public enum KeyMap {
  public static let bindings: [KeyBinding] = [
    KeyBinding([.tab], "Tab", .nextPane, "next pane", hint: "pane"),
    KeyBinding([.backTab], "S-Tab", .previousPane, "previous pane"),
    KeyBinding([.character("1")], "1", .showPane(.chain), "Chain of trust pane"),
    KeyBinding([.character("2")], "2", .showPane(.tlsa), "TLSA pane"),
    KeyBinding([.character("3")], "3", .showPane(.handshake), "Handshake pane"),
    KeyBinding([.character("4")], "4", .showPane(.findings), "Findings pane"),
    KeyBinding([.up, .character("k")], "↑/k", .up, "move up"),
    KeyBinding([.down, .character("j")], "↓/j", .down, "move down", hint: "move"),
    KeyBinding([.left, .character("h")], "←/h", .focusNavigation, "focus the navigation tree"),
    KeyBinding([.right, .character("l")], "→/l", .focusPane, "focus the pane"),
    KeyBinding([.pageUp], "PgUp", .pageUp, "page up"),
    KeyBinding([.pageDown, .character(" ")], "PgDn", .pageDown, "page down"),
    KeyBinding([.character("g"), .home], "g", .top, "go to the top"),
    KeyBinding([.character("G"), .end], "G", .bottom, "go to the bottom"),
    KeyBinding([.enter], "Enter", .open, "open: select a host or scenario, explain a finding",
      hint: "open"),
    KeyBinding([.character("e")], "e", .explain, "explain the selected finding", hint: "explain"),
    KeyBinding([.character("/")], "/", .search, "search the focused list", hint: "search"),
    KeyBinding([.character("n")], "n", .searchNext, "next match"),
    KeyBinding([.character("N")], "N", .searchPrevious, "previous match"),
    KeyBinding([.character("d"), .character(":")], "d", .enterDomain,
      "enter a domain (↑/↓ for history)", hint: "domain"),
    KeyBinding([.character("r")], "r", .refresh,
      "check again; in the Handshake pane, run the handshake again", hint: "refresh"),
    KeyBinding([.character("f")], "f", .toggleFollow, "follow the handshake trace on/off"),
    KeyBinding([.character("t")], "t", .cycleTheme, "next theme", hint: "theme"),
    KeyBinding([.character("?")], "?", .help, "this help", hint: "help"),
    KeyBinding([.escape], "Esc", .close, "close help, an explanation or a prompt"),
    KeyBinding([.character("q")], "q", .quit, "quit (closes help or an explanation first)",
      hint: "quit"),
  ]

  private static let byKey: [KeyPress: Command] = {
    var table: [KeyPress: Command] = [:]
    for binding in bindings {
      for key in binding.keys where table[key] == nil { table[key] = binding.command }
    }
    return table
  }()

  public static func command(for key: KeyPress) -> Command? { byKey[key] }
}
