import FoundationEssentials

/// Reads libunbound's own error lines, as printed on stderr by its configuration parser
/// (`FILE:LINE: error: text`) or to its log stream (`[time] libunbound[pid:thread] error: text`).
enum UnboundMessages {
  /// The error messages, in order, each reduced to `text` (with a leading `FILE:LINE: ` kept
  /// when the location came before the word "error").
  static func errors(in said: String) -> [String] {
    let lines = said.split(whereSeparator: \.isNewline).map {
      SanitizedText(prose: String($0)).text
    }
    return lines.compactMap { line -> String? in
      guard let marker = line.firstRange(of: "error: ") else { return nil }
      let before = line[..<marker.lowerBound].trimmingWhitespace()
      let text = String(line[marker.upperBound...]).trimmingWhitespace()
      if let location = location(in: before) {
        return "\(location.file):\(location.line): \(text)"
      }
      return text
    }
  }

  /// The first `FILE:LINE` (optionally `:COLUMN`) word in a message, and the message without it
  /// when it led the message.
  ///
  /// libunbound's record parser (trust anchor files, the `FILE:LINE:COLUMN` form) counts the
  /// newline that ends the bad record before it reports, so its line is one past the bad one,
  /// except on a last line with no newline. The line is corrected when the file can be read.
  static func location(in message: String) -> (file: String, line: Int, rest: String)? {
    guard let found = reportedLocation(in: message) else { return nil }
    guard found.column != nil, found.line > 1,
      let text = try? UnboundContext.readFile(found.file, role: "trust anchor file")
    else { return (found.file, found.line, found.rest) }
    let lineCount = TextLines.split(text).count
    let isUnterminatedLastLine = !text.hasSuffix("\n") && found.line == lineCount
    return (found.file, isUnterminatedLastLine ? found.line : found.line - 1, found.rest)
  }

  private static func reportedLocation(
    in message: String
  ) -> (file: String, line: Int, column: Int?, rest: String)? {
    let words = message.split(separator: " ", omittingEmptySubsequences: true)
    for (index, word) in words.enumerated() {
      let parts = word.split(separator: ":", omittingEmptySubsequences: false)
      // The zone file parser writes `FILE LINE:COLUMN:`, the file a word of its own.
      if index > 0, parts.count >= 2, let line = Int(parts[0]), line > 0,
        let column = Int(parts[1]), words[index - 1].contains("/")
      {
        let rest = (words[..<(index - 1)] + words[(index + 1)...]).joined(separator: " ")
        return (
          String(words[index - 1]), line, column, rest.trimmingWhitespace()
        )
      }
      guard parts.count >= 2, !parts[0].isEmpty, let line = Int(parts[1]), line > 0 else {
        continue
      }
      // The location leaves the message, with the "in" before it and the lone ":" after it.
      var remaining = Array(words[..<index])
      if remaining.last == "in" { remaining.removeLast() }
      var after = words[(index + 1)...]
      if after.first == ":" {
        after = after.dropFirst()
        if let last = remaining.popLast() { remaining.append(last + ":") }
      }
      let rest = (remaining + after).joined(separator: " ")
      let column = parts.count >= 3 ? Int(parts[2]) : nil
      return (String(parts[0]), line, column, rest.trimmingWhitespace())
    }
    return nil
  }
}
