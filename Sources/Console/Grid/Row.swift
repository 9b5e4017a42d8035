/// A run of text in one role.
public struct Span: Sendable, Equatable {
  public var text: String
  public var role: Role

  public init(_ text: String, _ role: Role = .normal) {
    self.text = text
    self.role = role
  }
}

/// One line a pane shows. Panes produce rows from the model; the renderer turns them into
/// cells. `key` names what the row is about (a chain node, a finding), so that a selection
/// survives a refresh that adds or removes rows above it.
public struct Row: Sendable, Equatable {
  public var spans: [Span]
  public var key: String?
  public var isSelectable: Bool
  /// The rest of the row above, folded because it was too long: drawn selected with it.
  public var isContinuation: Bool
  /// Where the row's folded rest starts, when not two columns past its leading blanks: a
  /// finding's subject goes under its code, not under the severity word.
  public var foldColumn: Int?

  public init(
    _ spans: [Span], key: String? = nil, isSelectable: Bool = true, isContinuation: Bool = false
  ) {
    self.spans = spans
    self.key = key
    self.isSelectable = isSelectable
    self.isContinuation = isContinuation
  }

  public init(_ text: String, _ role: Role = .normal, key: String? = nil, isSelectable: Bool = true)
  {
    self.init([Span(text, role)], key: key, isSelectable: isSelectable)
  }

  /// A row that only carries text (headings, blank lines): the cursor skips it.
  public static func label(_ text: String, _ role: Role = .normal) -> Row {
    Row(text, role, isSelectable: false)
  }

  public static let blank = Row.label("")

  public var text: String { spans.map(\.text).joined() }
}
