/// What a pane shows, as rows. Most panes hold their rows; the handshake pane makes them on
/// demand so that a 10,000-line trace costs only the rows on screen.
public protocol PaneContent {
  var count: Int { get }
  func row(at index: Int) -> Row
}

public struct RowList: PaneContent {
  public var rows: [Row]
  public init(_ rows: [Row]) { self.rows = rows }
  public var count: Int { rows.count }
  public func row(at index: Int) -> Row { rows[index] }
}

/// Everything a pane needs to make its rows.
public struct PaneContext {
  public let state: ConsoleState
  public let glyphs: Glyphs
  public let width: Int

  public init(state: ConsoleState) {
    self.state = state
    glyphs = state.options.isASCII ? .ascii : .unicode
    width = state.layout.pane.width
  }
}

extension PaneKind {
  /// The rows of this pane for the given state.
  public func content(_ context: PaneContext) -> PaneContent {
    // Long rows fold at the pane's edge, one column short of it for the scroll mark.
    let width = context.width - 1
    func folded(_ rows: [Row]) -> RowList {
      RowList(rows.flatMap { RowWrap.wrap($0, width: width) })
    }
    switch self {
    case .chain: return folded(ChainPane.rows(context))
    case .tlsa: return folded(TLSAPane.rows(context))
    case .handshake: return HandshakePane.content(context)
    case .findings: return folded(FindingsPane.rows(context))
    }
  }
}
