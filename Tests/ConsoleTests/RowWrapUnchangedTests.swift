import XCTest

@testable import Console

/// The pane line-wrapper was made linear (it copied and measured the rest of a long word again
/// for every piece it cut, and grew a word a character at a time): the rows it makes must be
/// the same as before, for long text above all. `RowWrapBefore` below is the wrapper as it was
/// (kept here only as the reference); each case folds the same row with both, at several
/// widths, and compares every row (spans, roles, keys, flags).
final class RowWrapUnchangedTests: XCTestCase {
  static let widths = [9, 17, 37, 80, 119]

  /// A fixed pseudo-random sequence, so that every run checks the same texts.
  private struct Dice {
    var state: UInt64
    mutating func roll(_ sides: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(sides))
    }
  }

  /// Words of every kind the panes show: prose, hex digests (up to 128 digits), base64, names,
  /// runs of spaces, CJK and emoji (two columns), combining marks (none), tree drawing.
  private static func text(words: Int, dice: inout Dice) -> String {
    let hex = Array("0123456789abcdef")
    let kinds: [(inout Dice) -> String] = [
      { _ in "the" }, { _ in "server" }, { _ in "certificate," }, { _ in "ESMTP" },
      { dice in String((0..<(32 + dice.roll(97))).map { _ in hex[dice.roll(16)] }) },
      { dice in String(repeating: "AwEAAc", count: 1 + dice.roll(30)) },
      { dice in "mx\(dice.roll(9)).example." }, { _ in "證明書" }, { _ in "🔒ok" },
      { _ in "cafe\u{301}" }, { dice in String(repeating: " ", count: 1 + dice.roll(4)) },
      { _ in "│" }, { _ in "-" },
    ]
    return (0..<words).map { _ in kinds[dice.roll(kinds.count)](&dice) }.joined(separator: " ")
  }

  private func assertSame(_ row: Row, file: StaticString = #filePath, line: UInt = #line) {
    for width in Self.widths {
      let now = RowWrap.wrap(row, width: width)
      let before = RowWrapBefore.wrap(row, width: width)
      XCTAssertEqual(
        now, before, "width \(width): \(row.text.prefix(80))…", file: file, line: line)
    }
  }

  /// Long single-span rows: a banner of 1,000 words, and a 3,000-digit run with no space.
  func testLongTextFoldsIntoTheSameRowsAsBefore() {
    var dice = Dice(state: 7)
    let banner = Self.text(words: 1_000, dice: &dice)
    XCTAssertGreaterThan(banner.count, 5_000)
    assertSame(Row(banner, key: "banner"))
    assertSame(Row(String(repeating: "0123456789abcdef", count: 190), .secure, key: "digits"))
    // The wrapped text is all there, in order: only blanks at the folds go.
    let rows = RowWrap.wrap(Row(banner), width: 59)
    XCTAssertGreaterThan(rows.count, 100)
    let shown = rows.map { $0.text.filter { $0 != " " } }.joined()
    XCTAssertEqual(shown, banner.filter { $0 != " " })
  }

  /// Rows as the panes make them: a tree prefix, several spans in several roles, a fold
  /// column, selectable or not, with long and short text.
  func testPaneRowsFoldIntoTheSameRowsAsBefore() {
    var dice = Dice(state: 42)
    let roles: [Role] = [.normal, .dim, .secure, .bogus, .title, .border]
    let prefixes = ["", "  ", "├─ ", "│  └─ ", "|  `- ", "   │  ├─ "]
    for index in 0..<40 {
      var spans = [Span(prefixes[dice.roll(prefixes.count)], .border)]
      for _ in 0..<(1 + dice.roll(4)) {
        let words = [1, 3, 12, 60, 200][dice.roll(5)]
        spans.append(Span(Self.text(words: words, dice: &dice), roles[dice.roll(roles.count)]))
      }
      var row = Row(spans, key: "row \(index)", isSelectable: dice.roll(2) == 0)
      if dice.roll(3) == 0 { row.foldColumn = dice.roll(20) }
      assertSame(row)
    }
  }

  /// The status line's and overlays' wrapper cut a long word the same quadratic way; its lines
  /// are the same as before too.
  func testStatusTextWrapsIntoTheSameLinesAsBefore() {
    var dice = Dice(state: 3)
    let texts = [
      Self.text(words: 600, dice: &dice), String(repeating: "/very/long/path", count: 200),
      "a\n" + Self.text(words: 80, dice: &dice) + "\n\nb",
    ]
    for text in texts {
      for width in [5, 9, 37, 80] {
        for breaks in [false, true] {
          XCTAssertEqual(TextWrap.wrap(text, width: width, breaksLongWords: breaks),
            TextWrapBefore.wrap(text, width: width, breaksLongWords: breaks), "\(width) \(breaks)")
        }
      }
    }
  }
}

/// The status wrapper's long-word loop before it was made linear: the reference.
private enum TextWrapBefore {
  static func wrap(_ text: String, width: Int, breaksLongWords: Bool = false) -> [String] {
    guard width > 4 else { return [text] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ") {
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if TextWidth.columns(of: candidate) > width, !line.isEmpty {
          lines.append(line)
          line = String(word)
        } else {
          line = candidate
        }
        while breaksLongWords, TextWidth.columns(of: line) > width {
          let head = TextWidth.prefix(line, columns: width)
          if head.isEmpty { break }
          lines.append(head)
          line = String(line.dropFirst(head.count))
        }
      }
      lines.append(line)
    }
    return lines
  }
}

/// The wrapper before it was made linear, unchanged but for its name: the reference.
private enum RowWrapBefore {
  static func wrap(_ row: Row, width: Int) -> [Row] {
    guard width > 8, TextWidth.columns(of: row.text) > width else { return [row] }
    let prefix = treePrefix(row.text)
    let prefixColumns = TextWidth.columns(of: prefix)
    let indent = min(width / 2, row.foldColumn ?? prefixColumns + 2)
    // Under a tree branch the continuation keeps the tree's vertical lines, also where the
    // row sets its own fold column further in (a nested finding's subject under its code).
    let lead = TextWidth.prefix(
      continuationPrefix(prefix) + String(repeating: " ", count: indent), columns: indent)
    var rows: [Row] = []
    var spans: [Span] = []
    var used = 0
    func flush() {
      rows.append(rows.isEmpty
        ? Row(spans, key: row.key, isSelectable: row.isSelectable)
        : Row(spans, key: row.key, isSelectable: false, isContinuation: true))
      spans = [Span(lead, .border)]
      used = indent
    }
    func append(_ text: String, _ role: Role) {
      if let last = spans.last, last.role == role {
        spans[spans.count - 1].text += text
      } else {
        spans.append(Span(text, role))
      }
      used += TextWidth.columns(of: text)
    }
    for span in row.spans {
      for word in words(span.text) {
        var piece = word
        let isSpace = piece.allSatisfy { $0 == " " }
        // A row holding nothing but its indent (or, the first row, its leading blanks and tree
        // drawing) is not flushed: that would leave a row with no text, and move the word in.
        let hasText = rows.isEmpty ? used > prefixColumns : used > indent
        if used + TextWidth.columns(of: piece) > width, hasText {
          if isSpace { continue }
          flush()
        }
        // A word longer than a whole row (a digest in a narrow pane) is broken into pieces of
        // even width, one per row, so that no row holds a lone last digit; none is dropped.
        if used + TextWidth.columns(of: piece) > width {
          let room = max(1, min(width - used, width - indent))
          var pieces = (TextWidth.columns(of: piece) + room - 1) / room
          while used + TextWidth.columns(of: piece) > width, pieces > 1 {
            let even = (TextWidth.columns(of: piece) + pieces - 1) / pieces
            let head = TextWidth.prefix(piece, columns: min(even, width - used))
            if head.isEmpty { break }
            append(head, span.role)
            piece = String(piece.dropFirst(head.count))
            pieces -= 1
            flush()
          }
          // Wide characters can leave the last piece too wide still: it breaks at the row's end.
          while used + TextWidth.columns(of: piece) > width {
            let head = TextWidth.prefix(piece, columns: width - used)
            if head.isEmpty { break }
            append(head, span.role)
            piece = String(piece.dropFirst(head.count))
            flush()
          }
        }
        if used == indent, !rows.isEmpty, isSpace { continue }
        append(piece, span.role)
      }
    }
    if used > indent || rows.isEmpty { flush() }
    return rows
  }

  /// Runs of spaces and runs of other characters, in order.
  private static func words(_ text: String) -> [String] {
    var words: [String] = []
    for character in text {
      if let last = words.last, (last.last == " ") == (character == " ") {
        words[words.count - 1].append(character)
      } else {
        words.append(String(character))
      }
    }
    return words
  }

  /// The leading blanks and tree drawing at the start of a row.
  private static func treePrefix(_ text: String) -> String {
    String(text.prefix { " │├└─|`-".contains($0) })
  }

  /// The same prefix as it goes on below the branch: `├─ ` becomes `│  `, `└─ ` blank.
  private static func continuationPrefix(_ prefix: String) -> String {
    String(prefix.map { character -> Character in
      switch character {
      case "├": return "│"
      case "│", "|": return character
      default: return " "
      }
    })
  }
}
