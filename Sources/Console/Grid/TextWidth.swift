/// How many terminal columns a piece of text takes. A terminal draws most characters in one
/// column, East Asian wide characters and emoji in two, and combining marks in none (they ride
/// on the character before them, inside the same grapheme).
///
/// This does not ask the C library's `wcwidth`, whose answer depends on the process locale: the
/// cell grid must give the same layout in a test run under `LANG=C` as in the terminal.
public enum TextWidth {
  /// Columns taken by one grapheme: 0, 1 or 2.
  public static func columns(of character: Character) -> Int {
    guard let first = character.unicodeScalars.first else { return 0 }
    if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 0 }
    if first.properties.isEmojiPresentation { return 2 }
    if character.unicodeScalars.contains(where: { $0.value == 0xFE0F })
      && first.properties.isEmoji
    {
      return 2
    }
    if isWide(first.value) { return 2 }
    if first.properties.generalCategory == .nonspacingMark
      || first.properties.generalCategory == .enclosingMark
    {
      return 0
    }
    return 1
  }

  /// Columns taken by a whole string.
  public static func columns(of text: String) -> Int {
    text.reduce(0) { $0 + columns(of: $1) }
  }

  /// The longest prefix of `text` that fits in `width` columns, with `…` (or `~` when `ascii`)
  /// at its end when something was cut.
  public static func truncate(_ text: String, to width: Int, ascii: Bool = false) -> String {
    guard width > 0 else { return "" }
    if columns(of: text) <= width { return text }
    var result = ""
    var used = 0
    for character in text {
      let size = columns(of: character)
      if used + size > width - 1 { break }
      result.append(character)
      used += size
    }
    return result + (ascii ? "~" : "…")
  }

  /// The longest prefix of `text` that fits in `columns` columns, with no mark.
  public static func prefix(_ text: String, columns: Int) -> String {
    var result = ""
    var used = 0
    for character in text {
      let size = self.columns(of: character)
      if used + size > columns { break }
      result.append(character)
      used += size
    }
    return result
  }

  /// The longest start of `text` that fits in `columns` columns (as `prefix`), and the columns
  /// it takes. Only the characters taken are read, and nothing is copied: cutting a long text
  /// piece by piece this way reads it once.
  static func head(of text: Substring, columns: Int) -> (Substring, Int) {
    var used = 0
    var end = text.startIndex
    while end < text.endIndex {
      let size = self.columns(of: text[end])
      if used + size > columns { break }
      used += size
      text.formIndex(after: &end)
    }
    return (text[..<end], used)
  }

  /// Pads `text` with spaces to `width` columns (or truncates it).
  public static func pad(_ text: String, to width: Int, ascii: Bool = false) -> String {
    let fitted = truncate(text, to: width, ascii: ascii)
    return fitted + String(repeating: " ", count: max(0, width - columns(of: fitted)))
  }

  // East Asian Wide and Fullwidth ranges (Unicode 15, UAX #11), folded into ranges.
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
    0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
    0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
    0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]

  private static func isWide(_ value: UInt32) -> Bool {
    if value < 0x1100 { return false }
    return wideRanges.contains { $0.contains(value) }
  }
}
