import ValidationCore

/// How the console was asked to look.
public struct ConsoleOptions: Sendable, Equatable {
  public var isASCII: Bool
  public var isMonochrome: Bool

  public init(isASCII: Bool = false, isMonochrome: Bool = false) {
    self.isASCII = isASCII
    self.isMonochrome = isMonochrome
  }
}

/// A cursor in a list and the first row shown.
public struct ListPosition: Sendable, Equatable {
  public var cursor = 0
  public var scroll = 0
  public init() {}
}

/// A line being typed on the status line: a search or a domain.
public struct Prompt: Sendable, Equatable {
  public enum Kind: Sendable, Equatable { case search, domain }
  public var kind: Kind
  public private(set) var text = ""
  /// Where ↑/↓ are in the domain history (nil: the text being typed).
  public var historyIndex: Int?
  /// Characters typed or pasted past `capacity`, which were dropped.
  public private(set) var droppedCount = 0

  /// The most UTF-8 octets a prompt holds: one more than the longest domain name with its
  /// final dot (253 + 1), so that text cut here is never taken for a shorter name. A search is
  /// held to the same bound. What comes past it is dropped, and the prompt line says so.
  public static let capacity = 255

  public init(kind: Kind, text: String = "") {
    self.kind = kind
    replaceText(with: text)
  }

  public var label: String { kind == .search ? "/" : "domain: " }

  /// Adds `character` at the end, or counts it as dropped when it does not fit. Constant time:
  /// `utf8.count` of a native string is stored, so a long paste is taken in linear time.
  mutating func append(_ character: Character) {
    if text.utf8.count + character.utf8.count > Self.capacity {
      droppedCount += 1
    } else {
      text.append(character)
    }
  }

  mutating func removeLast() {
    guard !text.isEmpty else { return }
    text.removeLast()
    // Emptied: the person starts over, and nothing cut is left in the line.
    if text.isEmpty { droppedCount = 0 }
  }

  mutating func replaceText(with newText: String) {
    text = ""
    droppedCount = 0
    for character in newText { append(character) }
  }

  /// What the prompt line says beside the text once some was dropped.
  public var droppedNote: String? {
    guard droppedCount > 0 else { return nil }
    let dropped = Counted.text(droppedCount, "more character")
    return "(cut at \(Self.capacity) octets: \(dropped) dropped)"
  }
}

public enum Focus: Sendable, Equatable { case navigation, pane }

/// Everything the screen shows, and nothing about how: the renderer paints it, commands and
/// events change it. A value, so a test can make one, apply commands and look at it.
public struct ConsoleState: Sendable {
  public var sourceLabel: String
  public var options: ConsoleOptions
  /// The terminal's size; `layout` places the screen's parts in it.
  public private(set) var width = 80
  public private(set) var height = 24

  public var domain: String?
  public var report: ConsoleReport?
  public var scenarios: [ScenarioEntry] = []
  public var traces: [ProbeKey: TraceLog] = [:]
  public var selectedProbe: ProbeKey?
  /// `selectedProbe` was picked (the tree, a click), so traces starting do not change it.
  public var isProbePicked = false
  public var progress: String?
  /// Advances while work runs, to turn the spinner.
  public var tick = 0

  public var pane: PaneKind = .chain
  public var focus: Focus = .pane
  public var navigation = ListPosition()
  public var positions: [PaneKind: ListPosition] = [:]
  public var follow = true
  public var overlay: Overlay?
  public var overlayScroll = 0
  public var prompt: Prompt?
  /// Between the terminal's paste marks: what arrives is pasted text (`ConsoleState+Paste`).
  public var paste: PasteInProgress?
  public var lastSearch: String?
  public var domainHistory: [String] = []
  public var statusMessage: String?
  public var statusIsError = false
  /// `r` checks the open domain again: the report shown is the last check's until the new one
  /// comes, and the header's badges say "checking…" meanwhile, never the old verdicts.
  public var isRechecking = false

  public var themeName: String
  public var themeNames: [String]

  public init(
    sourceLabel: String, options: ConsoleOptions = ConsoleOptions(), themeName: String = "dark",
    themeNames: [String] = BuiltInThemes.names
  ) {
    self.sourceLabel = sourceLabel
    self.options = options
    self.themeName = themeName
    self.themeNames = themeNames
  }

  public mutating func resize(width: Int, height: Int) {
    let hadTreeColumn = layout.navigation != nil
    self.width = width
    self.height = height
    // Narrowed below 80 columns: the tree goes rather than cover the pane unasked (h opens it).
    if hadTreeColumn, layout.navigation == nil, focus == .navigation { focus = .pane }
    keepCursorsVisible()
  }

  /// Where each part of the screen goes: the size, and the rows the status message needs.
  public var layout: Layout {
    Layout(width: width, height: height, statusRows: statusLines.count)
  }

  /// The most rows the status line grows to for a long message; past them the message is cut,
  /// marked.
  static let statusRowLimit = 3

  /// The status message folded to the status line's width, so that it reads whole without
  /// pushing out the key hints: one row while typing, then up to `statusRowLimit`, the last
  /// cut and marked when the message needs more.
  var statusLines: [String] {
    guard prompt == nil else { return [""] }
    let message = statusMessage ?? "Press ? for help."
    let room = max(1, width - 1)
    // Only the start of a long message can show. Wrapping the rest too cost each use of
    // `layout` (dozens a frame) time in proportion to the whole message: about 3 s a frame for
    // a 3000-character one in a debug build. One row more than the limit is kept, so a message
    // that was shortened here still overflows below and is marked as cut.
    let text = TextWidth.prefix(message, columns: (Self.statusRowLimit + 1) * room)
    // A word wider than the row (a long path) is cut into rows, not cut off at the edge.
    var lines = TextWrap.wrap(text, width: room, breaksLongWords: true)
    guard lines.count > Self.statusRowLimit else { return lines }
    let rest = lines[(Self.statusRowLimit - 1)...].joined(separator: " ")
    lines = Array(lines.prefix(Self.statusRowLimit - 1))
    lines.append(TextWidth.truncate(rest + " ", to: room, ascii: options.isASCII))
    return lines
  }

  /// Where the navigation tree is drawn now: its own column, or below 80 columns over the pane
  /// while it has the focus; nil when it is not drawn.
  public var navigationRect: Rect? {
    layout.navigation ?? (focus == .navigation ? layout.navigationDrawer : nil)
  }

  /// The tree is drawn over the pane (below 80 columns) only to pick something from it.
  var isTreeOverPane: Bool { layout.navigation == nil }

  /// Rows the navigation tree has when drawn.
  var navigationHeight: Int { (layout.navigation ?? layout.navigationDrawer)?.height ?? 0 }

  /// The lab scenario open now, if any.
  public var currentScenario: ScenarioEntry? {
    scenarios.first { Self.isSameDomain($0.domain, domain) }
  }

  /// Domain names compare as names (`DNSName`: ASCII case ignored, the final dot optional,
  /// `\DDD` escapes read), so a report is matched to the domain asked for whatever text form
  /// either is in. Text that is not a name compares as text, without case and final dot.
  public static func isSameDomain(_ first: String?, _ second: String?) -> Bool {
    guard let first, let second else { return false }
    if let firstName = try? DNSName(first), let secondName = try? DNSName(second) {
      return firstName == secondName
    }
    func normal(_ name: String) -> String {
      (name.hasSuffix(".") ? String(name.dropLast()) : name).lowercased()
    }
    return normal(first) == normal(second)
  }

  /// What empty panes say before anything is open.
  var idleText: String {
    if domain != nil { return "Checking \(domain ?? "")…" }
    if !scenarios.isEmpty {
      return isTreeOverPane
        ? "Press h to pick a scenario (j/k, Enter)." : "Pick a scenario on the left (j/k, Enter)."
    }
    return "Press d to enter a mail domain."
  }

  var glyphs: Glyphs { options.isASCII ? .ascii : .unicode }

  public var navigationItems: [NavigationItem] { NavigationTree.items(self) }

  public func content(of pane: PaneKind) -> PaneContent { pane.content(PaneContext(state: self)) }

  public func position(of pane: PaneKind) -> ListPosition { positions[pane] ?? ListPosition() }

  /// The key of the row under the pane's cursor.
  public var selectedKey: String? {
    let content = content(of: pane)
    let cursor = position(of: pane).cursor
    return cursor < content.count ? content.row(at: cursor).key : nil
  }

  mutating func say(_ text: String, isError: Bool = false) {
    statusMessage = text
    statusIsError = isError
    // A message that takes more rows makes the panes shorter.
    keepCursorsVisible()
  }
}
