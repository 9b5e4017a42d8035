/// Long rows folded onto the rows below instead of cut at the pane's edge. The continuation
/// rows start under the text (past the row's indent or tree prefix, two columns further in),
/// carry the row's key, and take the cursor only with the row they continue.
enum RowWrap {
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
