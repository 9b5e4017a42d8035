/// A key as the run loop hands it over, independent of curses.
public enum KeyPress: Sendable, Hashable {
  case character(Character)
  case up, down, left, right, pageUp, pageDown, home, end
  case enter, tab, backTab, escape, backspace
  case resize
  case mouse(x: Int, y: Int, action: MouseAction)
  /// A key curses knows and danescope does not use.
  case other(Int32)
  /// The terminal's marks around pasted text (bracketed paste): what comes between them was
  /// pasted, not typed, and is never taken as commands.
  case pasteStart, pasteEnd
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

extension KeyPress {
  /// How help and the hint line name the key.
  public var label: String {
    switch self {
    case .character(" "): return "Space"
    case .character(let character): return String(character)
    case .up: return "↑"
    case .down: return "↓"
    case .left: return "←"
    case .right: return "→"
    case .pageUp: return "PgUp"
    case .pageDown: return "PgDn"
    case .home: return "Home"
    case .end: return "End"
    case .enter: return "Enter"
    case .tab: return "Tab"
    case .backTab: return "S-Tab"
    case .escape: return "Esc"
    case .backspace: return "Backspace"
    case .resize: return "resize"
    case .mouse: return "mouse"
    case .other(let code): return "key \(code)"
    case .pasteStart: return "paste start"
    case .pasteEnd: return "paste end"
    }
  }
}

/// One line of the key table: the keys, how help and the hint line show them, the command.
public struct KeyBinding: Sendable {
  public let keys: [KeyPress]
  public let command: Command
  public let help: String
  /// Shown on the bottom hint line (the most used ones only).
  public let hint: String?
  /// How the hint line names the keys, when not by the first one (`j/k`).
  public let hintKeys: String?
  /// The hint is for the narrow layout only (below 80 columns), where the tree has no column
  /// of its own and this key is the way to it.
  public let isHintedOnlyWhenNarrow: Bool

  init(
    _ keys: [KeyPress], _ command: Command, _ help: String, hint: String? = nil,
    hintKeys: String? = nil, isHintedOnlyWhenNarrow: Bool = false
  ) {
    self.keys = keys
    self.command = command
    self.help = help
    self.hint = hint
    self.hintKeys = hintKeys
    self.isHintedOnlyWhenNarrow = isHintedOnlyWhenNarrow
  }

  /// How the hint line names the keys: `Tab`, `j/k`.
  public var hintLabel: String { hintKeys ?? keys[0].label }

  /// Every key of the binding, as help lists them: `↑/k`, `d/:`, `PgDn/Space`.
  public var label: String { keys.map(\.label).joined(separator: "/") }
}

/// The one key table: input decoding and the `?` help both read it.
public enum KeyMap {
  public static let bindings: [KeyBinding] = [
    KeyBinding([.tab], .nextPane, "next pane", hint: "pane"),
    KeyBinding([.backTab], .previousPane, "previous pane (Shift-Tab)"),
    KeyBinding([.character("1")], .showPane(.chain), "Chain of trust pane"),
    KeyBinding([.character("2")], .showPane(.tlsa), "TLSA pane"),
    KeyBinding([.character("3")], .showPane(.handshake), "Handshake pane"),
    KeyBinding([.character("4")], .showPane(.findings), "Findings pane"),
    KeyBinding([.up, .character("k")], .up, "move up"),
    KeyBinding([.down, .character("j")], .down, "move down", hint: "move", hintKeys: "j/k"),
    KeyBinding([.left, .character("h")], .focusNavigation,
      "the tree: pick a scenario, MX host or address (opens over the pane if narrow)",
      hint: "tree", hintKeys: "h", isHintedOnlyWhenNarrow: true),
    KeyBinding([.right, .character("l")], .focusPane, "to the pane"),
    KeyBinding([.pageUp], .pageUp, "page up"),
    KeyBinding([.pageDown, .character(" ")], .pageDown, "page down"),
    KeyBinding([.character("g"), .home], .top,
      "go to the top (in the Handshake pane it stops following the trace)"),
    KeyBinding([.character("G"), .end], .bottom,
      "go to the bottom (in the Handshake pane it follows the trace again)"),
    KeyBinding([.enter], .open, "open: select a scenario, host or address, explain a finding",
      hint: "open"),
    KeyBinding([.character("e")], .explain, "explain the selected finding", hint: "explain"),
    KeyBinding([.character("/")], .search, "search the focused list", hint: "search"),
    KeyBinding([.character("n")], .searchNext, "next match"),
    KeyBinding([.character("N")], .searchPrevious, "previous match"),
    KeyBinding([.character("d"), .character(":")], .enterDomain,
      "enter a domain (↑/↓ in the prompt recall earlier ones)", hint: "domain"),
    KeyBinding([.character("r")], .refresh,
      "check the domain again; in the Handshake pane, run the handshake again", hint: "refresh"),
    KeyBinding([.character("f")], .toggleFollow, "follow the handshake trace on or off"),
    KeyBinding([.character("t")], .cycleTheme, "next theme (the status line says which is on)",
      hint: "theme"),
    KeyBinding([.character("?")], .help, "the help", hint: "help"),
    KeyBinding([.escape], .close,
      "close the help, an explanation, a prompt or the tree over the pane"),
    KeyBinding([.character("q")], .quit, "quit (closes the help or an explanation first)",
      hint: "quit"),
  ]

  /// Keys the terminal side handles, not the table (CursesScreen: Ctrl-Z suspends, Ctrl-C
  /// stops): help lists them after the table, so that it names every key the console takes.
  public static let terminalKeys: [(label: String, help: String)] = [
    ("Ctrl-Z", "suspend the console (fg brings it back)"),
    ("Ctrl-C", "stop the console (exit status 3)"),
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
