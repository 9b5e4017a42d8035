import FoundationEssentials

/// A terminal colour: the terminal's default, or an index into its palette (0–7 the basic
/// colours, 8–15 their bright forms, up to 255 on a 256-colour terminal).
public enum ThemeColor: Sendable, Equatable {
  case terminalDefault
  case indexed(Int)

  static let names = [
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
  ]

  /// Reads `default`, a colour name, `bright-NAME`, or `colorN` (N from 0 to 255).
  init?(word: String) {
    let word = word.lowercased()
    if word == "default" {
      self = .terminalDefault
    } else if let index = Self.names.firstIndex(of: word) {
      self = .indexed(index)
    } else if word.hasPrefix("bright-"), let index = Self.names.firstIndex(of: String(word.dropFirst(7))) {
      self = .indexed(index + 8)
    } else if word.hasPrefix("color"), let index = Int(word.dropFirst(5)), (0...255).contains(index) {
      self = .indexed(index)
    } else {
      return nil
    }
  }
}

/// How one role looks.
public struct Style: Sendable, Equatable {
  public var foreground: ThemeColor
  public var background: ThemeColor
  public var attributes: CellAttributes

  public init(
    _ foreground: ThemeColor = .terminalDefault, on background: ThemeColor = .terminalDefault,
    _ attributes: CellAttributes = []
  ) {
    self.foreground = foreground
    self.background = background
    self.attributes = attributes
  }

  public static let plain = Style()

  /// The same style with its colours dropped: what `--no-color` and `NO_COLOR` draw.
  public var monochrome: Style { Style(.terminalDefault, on: .terminalDefault, attributes) }
}

/// A theme: a style per role. Roles a theme leaves out look like `normal`.
public struct Theme: Sendable, Equatable {
  public let name: String
  public private(set) var styles: [Role: Style]

  public init(name: String, styles: [Role: Style]) {
    self.name = name
    self.styles = styles
  }

  public func style(for role: Role) -> Style {
    styles[role] ?? (role.isInHeader ? styles[.header] : nil) ?? styles[.normal] ?? .plain
  }

  /// Every colour removed, attributes kept.
  public var monochrome: Theme {
    Theme(name: name, styles: styles.mapValues(\.monochrome))
  }

  public var usesColor: Bool {
    styles.values.contains { $0.foreground != .terminalDefault || $0.background != .terminalDefault }
  }
}

/// A theme file that could not be read: which file, which line, what was wrong.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
  public let file: String
  public let line: Int?
  public let message: String

  public var description: String {
    if let line { return "theme \(file):\(line): \(message)" }
    return "theme \(file): \(message)"
  }
}

extension Theme {
  /// Parses a theme file. Each line is `role = FOREGROUND [on BACKGROUND] [ATTRIBUTE…]`;
  /// `#` starts a comment. The first mistake is reported with its line number.
  public static func parse(_ text: String, name: String, file: String) throws(ThemeError) -> Theme {
    var styles: [Role: Style] = [:]
    // Split at each line feed (U+000A), not at the Character "\n": a CRLF is one Character,
    // so a file with CRLF line ends would read as one line. The CR of a CRLF is dropped.
    for (offset, scalars) in text.unicodeScalars
      .split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let lineNumber = offset + 1
      let rawLine = Substring(scalars.last == "\r" ? scalars.dropLast() : scalars)
      let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        .first.map(String.init) ?? ""
      if line.allSatisfy(\.isWhitespace) { continue }
      let parts = line.split(separator: "=", maxSplits: 1).map {
        $0.trimmingWhitespace()
      }
      func fail(_ message: String) -> ThemeError {
        ThemeError(file: file, line: lineNumber, message: message)
      }
      guard parts.count == 2, !parts[1].isEmpty else {
        throw fail("expected 'role = colour [on colour] [attributes]'")
      }
      guard let role = Role(rawValue: parts[0]) else {
        throw fail("unknown role '\(parts[0])'")
      }
      guard styles[role] == nil else { throw fail("role '\(parts[0])' given twice") }
      styles[role] = try parseStyle(parts[1], fail: fail)
    }
    guard styles[.normal] != nil else {
      throw ThemeError(file: file, line: nil, message: "no style for the role 'normal'")
    }
    return Theme(name: name, styles: styles)
  }

  private static func parseStyle(_ text: String, fail: (String) -> ThemeError) throws(ThemeError)
    -> Style
  {
    var words = text.split(whereSeparator: \.isWhitespace).map(String.init)[...]
    guard let first = words.popFirst(), let foreground = ThemeColor(word: first) else {
      throw fail("'\(text)' does not start with a colour (default, red, bright-red, color208, …)")
    }
    var style = Style(foreground)
    if words.first == "on" {
      words.removeFirst()
      guard let word = words.popFirst(), let background = ThemeColor(word: word) else {
        throw fail("'on' must be followed by a colour")
      }
      style.background = background
    }
    for word in words {
      switch word {
      case "bold": style.attributes.insert(.bold)
      case "dim": style.attributes.insert(.dim)
      case "reverse": style.attributes.insert(.reverse)
      case "underline": style.attributes.insert(.underline)
      case "italic": style.attributes.insert(.italic)
      default: throw fail("unknown attribute '\(word)' (bold, dim, reverse, underline, italic)")
      }
    }
    return style
  }
}
