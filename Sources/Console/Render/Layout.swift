/// Where each part of the screen goes for a given terminal size. A pure function of the size:
/// the state uses it for page sizes and mouse hits, the renderer to paint.
///
/// ```
/// header                                   (row 0)
/// nav │ tabs                               (row 1)
/// nav │ pane                               (rows 2 … height-3)
/// key hints                                (row height-1-statusRows)
/// status line / prompt                     (the last statusRows rows)
/// ```
/// The status line is one row but for a message too long for it, which takes up to three
/// (the state says how many), so that the key hints always stay.
/// Below 80 columns the navigation tree has no column of its own: while it has the focus it is
/// drawn over the left of the pane (`navigationDrawer`). Below `minimum` the screen says it is
/// too small.
public struct Layout: Sendable, Equatable {
  public static let minimumWidth = 40
  public static let minimumHeight = 10

  public let width: Int
  public let height: Int
  public let header: Rect
  public let navigation: Rect?
  /// Where the tree is drawn over the pane when `navigation` is nil.
  public let navigationDrawer: Rect?
  public let tabs: Rect
  public let pane: Rect
  public let hints: Rect
  public let status: Rect

  public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

  public init(width: Int, height: Int, statusRows: Int = 1) {
    self.width = width
    self.height = height
    let statusRows = min(max(1, statusRows), max(1, height - 4))
    header = Rect(x: 0, y: 0, width: width, height: 1)
    hints = Rect(x: 0, y: height - 1 - statusRows, width: width, height: 1)
    status = Rect(x: 0, y: height - statusRows, width: width, height: statusRows)
    let bodyHeight = max(0, height - 2 - statusRows)
    let navWidth: Int
    switch width {
    case ..<80: navWidth = 0
    case ..<110: navWidth = 22
    default: navWidth = 30
    }
    let mainX = navWidth == 0 ? 0 : navWidth + 1
    navigation = navWidth == 0 ? nil : Rect(x: 0, y: 1, width: navWidth, height: bodyHeight)
    // Wide enough for a host name, with some of the pane still showing on its right.
    navigationDrawer = navWidth == 0
      ? Rect(x: 0, y: 1, width: max(1, min(40, width - 10)), height: bodyHeight) : nil
    tabs = Rect(x: mainX, y: 1, width: width - mainX, height: 1)
    pane = Rect(x: mainX, y: 2, width: width - mainX, height: max(0, bodyHeight - 1))
  }

  /// The chain pane splits into the tree above and the selected node's detail below when it is
  /// tall enough.
  public var chainSplit: (tree: Rect, detail: Rect)? {
    guard pane.height >= 14 else { return nil }
    let detailHeight = max(6, pane.height * 2 / 5)
    let tree = Rect(x: pane.x, y: pane.y, width: pane.width, height: pane.height - detailHeight)
    let detail = Rect(x: pane.x, y: tree.maxY, width: pane.width, height: detailHeight)
    return (tree, detail)
  }

  /// Rows of the list the pane shows: the chain tree is shorter when split, and the handshake
  /// trace gives its first row to the caption.
  public func listHeight(for pane: PaneKind) -> Int {
    if pane == .chain, let split = chainSplit { return split.tree.height }
    if pane == .handshake { return max(0, self.pane.height - 1) }
    return self.pane.height
  }

  /// The overlay box (help, explanation): most of the screen, centred, and never over the key
  /// hints or the status line, however many rows a long message gave it. It takes the pane's
  /// rows, reaching up over the tabs only when the pane has fewer than the box's three.
  public var overlay: Rect {
    let boxWidth = min(width - 4, 96)
    let top = max(1, min(pane.y, hints.y - 3))
    return Rect(x: (width - boxWidth) / 2, y: top, width: boxWidth, height: max(0, hints.y - top))
  }
}

/// The characters the screen is drawn with: Unicode line drawing, or plain ASCII (`--ascii`).
public struct Glyphs: Sendable, Equatable {
  public let branch: String
  public let lastBranch: String
  public let continuation: String
  public let gap: String
  public let vertical: Character
  public let horizontal: Character
  public let ok: String
  public let bad: String
  /// A usable TLSA record that matched nothing in the last handshake: neither good nor broken.
  public let unmatched: String
  /// A usable TLSA record that no handshake tried (the probe ended before TLS): no verdict.
  public let untried: String
  public let sent: String
  public let received: String
  public let bullet: String
  public let spinner: [String]
  public let isASCII: Bool

  public static let unicode = Glyphs(
    branch: "├─ ", lastBranch: "└─ ", continuation: "│  ", gap: "   ", vertical: "│",
    horizontal: "─", ok: "✓", bad: "✗", unmatched: "○", untried: "·", sent: "→", received: "←",
    bullet: "●",
    spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"], isASCII: false)

  public static let ascii = Glyphs(
    branch: "|- ", lastBranch: "`- ", continuation: "|  ", gap: "   ", vertical: "|",
    horizontal: "-", ok: "+", bad: "x", unmatched: "o", untried: "-", sent: ">", received: "<",
    bullet: "*",
    spinner: ["|", "/", "-", "\\"], isASCII: true)
}
