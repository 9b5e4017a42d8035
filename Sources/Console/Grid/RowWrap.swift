/// Long rows folded onto the rows below instead of cut at the pane's edge. The continuation
/// rows start under the text (past the row's indent or tree prefix, two columns further in),
/// carry the row's key, and take the cursor only with the row they continue.
///
/// The time taken grows with the length of the row and no faster: each character is measured
/// once, and a word is cut by walking on from where the last piece ended, never by copying or
/// measuring what is left of it again (a 100,000-character banner or digest run folds in one
/// pass; Benchmarks/ConsoleBench.swift gives the figure).
enum RowWrap {
  /// `leadColumns`: how many columns at the row's start are not its text, where that is more
  /// than its leading blanks and tree drawing (a trace line's time and mark): a first row that
  /// holds no more than them is not flushed.
  static func wrap(_ row: Row, width: Int, leadColumns: Int = 0) -> [Row] {
    guard width > 8, TextWidth.columns(of: row.text) > width else { return [row] }
    let prefix = treePrefix(row.text)
    let prefixColumns = TextWidth.columns(of: prefix)
    let indent = min(width / 2, row.foldColumn ?? prefixColumns + 2)
    // Under a tree branch the continuation keeps the tree's vertical lines, also where the
    // row sets its own fold column further in (a nested finding's subject under its code).
    let lead = TextWidth.prefix(
      continuationPrefix(prefix) + String(repeating: " ", count: indent), columns: indent)
    var folder = Folder(
      row: row, width: width, indent: indent, firstLead: max(prefixColumns, leadColumns),
      lead: lead)
    for span in row.spans {
      for word in Words(span.text) { folder.place(word, role: span.role) }
    }
    return folder.finish()
  }

  /// The rows made so far and the one being filled.
  private struct Folder {
    let row: Row
    let width: Int
    let indent: Int
    /// Columns at the first row's start that hold no text.
    let firstLead: Int
    let lead: String
    var rows: [Row] = []
    var spans: [Span] = []
    /// Columns taken on the row being filled.
    var used = 0

    init(row: Row, width: Int, indent: Int, firstLead: Int, lead: String) {
      self.row = row
      self.width = width
      self.indent = indent
      self.firstLead = firstLead
      self.lead = lead
    }

    mutating func flush() {
      rows.append(rows.isEmpty
        ? Row(spans, key: row.key, isSelectable: row.isSelectable)
        : Row(spans, key: row.key, isSelectable: false, isContinuation: true))
      spans = [Span(lead, .border)]
      used = indent
    }

    mutating func append(_ text: Substring, columns: Int, _ role: Role) {
      if let last = spans.indices.last, spans[last].role == role {
        spans[last].text.append(contentsOf: text)
      } else {
        spans.append(Span(String(text), role))
      }
      used += columns
    }

    /// Puts one word (or run of spaces) on the rows: whole where it fits, on the next row when
    /// it does not, and cut into pieces when it is wider than a row.
    mutating func place(_ word: Word, role: Role) {
      var piece = word.text
      var pieceColumns = word.columns
      // A row holding nothing but its indent (or, the first row, its leading blanks and tree
      // drawing) is not flushed: that would leave a row with no text, and move the word in.
      let hasText = rows.isEmpty ? used > firstLead : used > indent
      if used + pieceColumns > width, hasText {
        if word.isSpace { return }
        flush()
      }
      // A word longer than a whole row (a digest in a narrow pane) is broken into pieces of
      // even width, one per row, so that no row holds a lone last digit; none is dropped.
      if used + pieceColumns > width {
        let room = max(1, min(width - used, width - indent))
        var pieces = (pieceColumns + room - 1) / room
        while used + pieceColumns > width, pieces > 1 {
          let even = (pieceColumns + pieces - 1) / pieces
          let (head, headColumns) = TextWidth.head(of: piece, columns: min(even, width - used))
          if head.isEmpty { break }
          append(head, columns: headColumns, role)
          piece = piece[head.endIndex...]
          pieceColumns -= headColumns
          pieces -= 1
          flush()
        }
        // Wide characters can leave the last piece too wide still: it breaks at the row's end.
        while used + pieceColumns > width {
          let (head, headColumns) = TextWidth.head(of: piece, columns: width - used)
          if head.isEmpty { break }
          append(head, columns: headColumns, role)
          piece = piece[head.endIndex...]
          pieceColumns -= headColumns
          flush()
        }
      }
      if used == indent, !rows.isEmpty, word.isSpace { return }
      append(piece, columns: pieceColumns, role)
    }

    mutating func finish() -> [Row] {
      if used > indent || rows.isEmpty { flush() }
      return rows
    }
  }

  /// A run of spaces or a run of other characters, with the columns it takes.
  struct Word {
    let text: Substring
    let columns: Int
    let isSpace: Bool
  }

  /// The runs of spaces and runs of other characters of a text, in order, each measured as it
  /// is read.
  struct Words: Sequence, IteratorProtocol {
    private let text: Substring
    private var index: Substring.Index

    init(_ text: String) {
      self.text = Substring(text)
      index = self.text.startIndex
    }

    mutating func next() -> Word? {
      guard index < text.endIndex else { return nil }
      let start = index
      let isSpace = text[index] == " "
      var columns = 0
      while index < text.endIndex {
        let character = text[index]
        guard (character == " ") == isSpace else { break }
        columns += TextWidth.columns(of: character)
        text.formIndex(after: &index)
      }
      return Word(text: text[start..<index], columns: columns, isSpace: isSpace)
    }
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
