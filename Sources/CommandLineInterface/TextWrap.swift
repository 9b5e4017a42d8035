/// Word wrapping for the plain-text output (help, `lab show`), so that it fits an 80-column
/// terminal. Words longer than the width are kept whole rather than split.
enum TextWrap {
  static let width = 80

  /// `text` in lines of at most `width` columns, broken between words.
  static func lines(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      if current.isEmpty {
        current = String(word)
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        lines.append(current)
        current = String(word)
      }
    }
    if !current.isEmpty || lines.isEmpty { lines.append(current) }
    return lines
  }

  /// `label` followed by `text`, the text wrapped to `width` and its later lines indented to
  /// where it started (a hanging indent); `label` is padded to `labelWidth`.
  static func hanging(_ label: String, labelWidth: Int, _ text: String, width: Int = width)
    -> [String]
  {
    let head = label + String(repeating: " ", count: max(0, labelWidth - label.count))
    let indent = String(repeating: " ", count: head.count)
    let wrapped = lines(text, width: max(20, width - head.count))
    return wrapped.enumerated().map { index, line in (index == 0 ? head : indent) + line }
  }

  /// Each paragraph of `text` (separated by blank lines) wrapped to `width`.
  static func paragraphs(_ text: String, width: Int = width) -> String {
    text.components(separatedBy: "\n\n").map { paragraph in
      lines(paragraph.replacing("\n", with: " "), width: width)
        .joined(separator: "\n")
    }.joined(separator: "\n\n")
  }
}
