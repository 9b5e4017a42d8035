import ValidationCore

/// Text attributes a theme can put on a role.
public struct CellAttributes: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let bold = CellAttributes(rawValue: 1 << 0)
  public static let dim = CellAttributes(rawValue: 1 << 1)
  public static let reverse = CellAttributes(rawValue: 1 << 2)
  public static let underline = CellAttributes(rawValue: 1 << 3)
  public static let italic = CellAttributes(rawValue: 1 << 4)
}

/// One terminal cell: a grapheme and the semantic role it is drawn in. A wide grapheme takes
/// its cell and the next; the next is marked as its continuation and holds no text.
public struct Cell: Sendable, Equatable {
  public var character: Character
  public var role: Role
  public var isContinuation: Bool

  public init(_ character: Character = " ", role: Role = .normal, isContinuation: Bool = false) {
    self.character = character
    self.role = role
    self.isContinuation = isContinuation
  }

  public static let blank = Cell()
}

/// A rectangle of cells: what the renderer paints and what the curses screen copies to the
/// terminal. Tests read it as text (`lines`) and as roles (`roles(atRow:)`) with no terminal.
public struct CellGrid: Sendable, Equatable {
  public let width: Int
  public let height: Int
  private var cells: [Cell]

  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: .blank, count: self.width * self.height)
  }

  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * width + x] }
    set { cells[y * width + x] = newValue }
  }

  /// Fills a rectangle with blanks in `role`.
  public mutating func fill(_ rect: Rect, role: Role) {
    let clipped = rect.clipped(width: width, height: height)
    for y in clipped.y..<clipped.maxY {
      for x in clipped.x..<clipped.maxX { self[x, y] = Cell(" ", role: role) }
    }
  }

  /// Writes `text` at (x, y) in `role`, never past `limit` (the right edge of the grid when
  /// nil). Control characters and the invisible ones that reorder a line (bidirectional
  /// overrides, other format characters, line separators) become `?`, so nothing a server sent
  /// can drive the terminal or make a line read other than it is stored.
  /// Returns the column after the last cell written.
  @discardableResult
  public mutating func put(_ text: String, x: Int, y: Int, role: Role, limit: Int? = nil) -> Int {
    guard y >= 0, y < height else { return x }
    let end = min(limit ?? width, width)
    var column = x
    for original in text {
      guard let (character, size) = Self.drawn(original) else { continue }
      if column + size > end { break }
      if column >= 0 {
        clearWide(at: column, y: y)
        self[column, y] = Cell(character, role: role)
        if size == 2 {
          clearWide(at: column + 1, y: y)
          self[column + 1, y] = Cell(" ", role: role, isContinuation: true)
        }
      }
      column += size
    }
    return column
  }

  /// Writes the spans of a row from `x`, clipped to `width` columns, and fills what remains of
  /// the width. A `background` (the selection bar) overrides every span's role.
  public mutating func put(_ row: Row, x: Int, y: Int, width: Int, background: Role? = nil) {
    let end = x + width
    var column = x
    for span in row.spans {
      let role = background ?? span.role
      column = put(span.text, x: column, y: y, role: role, limit: end)
      if column >= end { break }
    }
    if column < end {
      fill(Rect(x: column, y: y, width: end - column, height: 1), role: background ?? .normal)
    }
  }

  /// Breaking a wide character in half would leave a dangling half on screen: blank its twin.
  private mutating func clearWide(at x: Int, y: Int) {
    guard x < width else { return }
    let cell = self[x, y]
    if cell.isContinuation, x > 0 {
      self[x - 1, y] = Cell(" ", role: self[x - 1, y].role)
    } else if TextWidth.columns(of: cell.character) == 2, x + 1 < width {
      self[x + 1, y] = Cell(" ", role: cell.role)
    }
  }

  /// What `put` draws for `character` and the columns it takes: `?` for a control or steering
  /// character, nil for a mark that rides on the character before it.
  private static func drawn(_ character: Character) -> (Character, Int)? {
    let size = TextWidth.columns(of: character)
    if character.unicodeScalars.contains(where: isInvisibleSteering) { return ("?", 1) }
    guard size == 0 else { return (character, size) }
    return character.unicodeScalars.first.map(isControl) == true ? ("?", 1) : nil
  }

  /// Columns `put` takes for `text`, control characters drawn as `?` included.
  static func columns(drawing text: String) -> Int {
    text.reduce(0) { $0 + (drawn($1)?.1 ?? 0) }
  }

  /// The longest end of `text` that `put` draws in at most `columns` columns.
  static func suffix(_ text: String, columns: Int) -> String {
    var used = 0
    var start = text.endIndex
    while start > text.startIndex {
      let before = text.index(before: start)
      let size = drawn(text[before])?.1 ?? 0
      if used + size > columns { break }
      used += size
      start = before
    }
    return String(text[start...])
  }

  /// Format characters and separators, as `SanitizedText` escapes them; the zero-width joiner
  /// is left to the emoji sequences it joins.
  private static func isInvisibleSteering(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value != 0x200D && !isControl(scalar) && SanitizedText.isUnsafe(scalar)
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
  }

  /// Replaces every character outside printable ASCII: arrows and the like by their ASCII
  /// spelling, anything else by `?` (a wide character by `?` and a blank). `--ascii` uses it.
  public mutating func transliterateToASCII() {
    for y in 0..<height {
      for x in 0..<width {
        var cell = self[x, y]
        if cell.isContinuation {
          cell = Cell(" ", role: cell.role)
        } else if let scalar = cell.character.unicodeScalars.first, !(0x20...0x7E).contains(scalar.value)
        {
          cell.character = Self.asciiSpelling[cell.character] ?? "?"
        }
        self[x, y] = cell
      }
    }
  }

  private static let asciiSpelling: [Character: Character] = [
    "↑": "^", "↓": "v", "←": "<", "→": ">", "…": "~", "×": "x", "§": "S", "✓": "+", "✗": "x", "○": "o",
    "●": "*", "─": "-", "│": "|", "┃": "#", "├": "|", "└": "`", "┌": "+", "┐": "+", "┘": "+",
    "▏": "_", "—": "-", "–": "-",
  ]

  /// The text of one row, wide characters once, trailing blanks kept.
  public func text(ofRow y: Int) -> String {
    var line = ""
    for x in 0..<width where !self[x, y].isContinuation { line.append(self[x, y].character) }
    return line
  }

  /// Every row as text, trailing blanks removed: the form stored screens are kept in.
  public var lines: [String] {
    (0..<height).map { y in
      var line = text(ofRow: y)
      while line.last == " " { line.removeLast() }
      return line
    }
  }

  /// The roles of one row, one per column.
  public func roles(atRow y: Int) -> [Role] { (0..<width).map { self[$0, y].role } }
}

/// A rectangle in cells.
public struct Rect: Sendable, Equatable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public var maxX: Int { x + width }
  public var maxY: Int { y + height }
  public var isEmpty: Bool { width == 0 || height == 0 }

  public func contains(x px: Int, y py: Int) -> Bool {
    px >= x && px < maxX && py >= y && py < maxY
  }

  func clipped(width gridWidth: Int, height gridHeight: Int) -> Rect {
    let left = max(0, x)
    let top = max(0, y)
    return Rect(
      x: left, y: top, width: min(maxX, gridWidth) - left, height: min(maxY, gridHeight) - top)
  }
}
