/// The lines of a file's text as libunbound and unbound's zone-file reader count them: split at
/// each line feed byte. Swift's `String.split(separator: "\n")` does not do that: "\r\n" is one
/// Character, which is not equal to "\n", so a file with CRLF line ends reads as one line, and a
/// line number counted in bytes then points past the end (D-resolver-4).
enum TextLines {
  /// Every line of `text`, empty ones too, split at each U+000A; a "\r" before it stays in the
  /// line.
  static func split(_ text: String) -> [Substring] {
    text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
      Substring($0)
    }
  }
}
