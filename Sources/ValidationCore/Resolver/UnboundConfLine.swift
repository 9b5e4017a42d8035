/// An unbound.conf read only as far as danescope needs: the settings that name a file libunbound
/// will open (`include:`, `trust-anchor-file:`, `zonefile:`, …) and the two that change how such
/// a name is found (`directory:`, `chroot:`).
///
/// It reads tokens the way unbound's lexer does, not lines: `server: include: "x"` on one line is
/// an include to libunbound, and a `#` inside quotes is not a comment.
enum UnboundConfLine {
  /// The keywords whose value is a file libunbound reads.
  static let fileKeywords: Set<String> = [
    "include", "include-toplevel", "trust-anchor-file", "auto-trust-anchor-file",
    "trusted-keys-file", "zonefile", "root-hints", "tls-cert-bundle",
  ]

  /// The keywords whose value changes where a relative file name is looked for.
  static let placeKeywords: Set<String> = ["directory", "chroot"]

  /// One `keyword: value` for a keyword in `fileKeywords` or `placeKeywords`, with the line
  /// (from 1) the keyword is on.
  struct Setting: Equatable {
    let keyword: String
    let value: String
    let line: Int
  }

  /// `(keyword, path)` when the line holds `keyword: path` (the path optionally quoted) for one
  /// of `fileKeywords`; nil for anything else.
  static func fileReference(_ line: String) -> (keyword: String, path: String)? {
    guard let setting = settings(in: line).first(where: { fileKeywords.contains($0.keyword) })
    else { return nil }
    return (setting.keyword, setting.value)
  }

  /// The file and place settings of a whole configuration text, in order.
  static func settings(in text: String) -> [Setting] {
    var found: [Setting] = []
    var pending: (keyword: String, line: Int)?
    for token in tokens(in: text) {
      if let keyword = pending {
        pending = nil
        // A keyword straight after a keyword: the first had no value (a syntax error that
        // libunbound reports); look at the second afresh.
        if !token.isKeyword {
          found.append(Setting(keyword: keyword.keyword, value: token.text, line: keyword.line))
          continue
        }
      }
      if token.isKeyword {
        let keyword = String(token.text.dropLast())
        if fileKeywords.contains(keyword) || placeKeywords.contains(keyword) {
          pending = (keyword, token.line)
        }
      }
    }
    return found
  }

  private struct Token {
    let text: String
    let line: Int
    /// Unquoted and ending in a colon: `name:`.
    let isKeyword: Bool
  }

  /// Words (a run of anything but blanks and quotes), quoted strings (which may span lines) and
  /// comments (`#` to the end of the line, dropped). An unterminated quote ends the text. Read
  /// as octets, as unbound's lexer reads them (a CR LF is not one character here).
  private static func tokens(in text: String) -> [Token] {
    let octets = Array(text.utf8)
    let newline = UInt8(ascii: "\n")
    let quotes: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "'")]
    let blanks: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")]
    var result: [Token] = []
    var line = 1
    var index = 0
    while index < octets.count {
      let octet = octets[index]
      if octet == newline {
        line += 1
        index += 1
      } else if blanks.contains(octet) {
        index += 1
      } else if octet == UInt8(ascii: "#") {
        index = octets[index...].firstIndex(of: newline) ?? octets.count
      } else if quotes.contains(octet) {
        guard let end = octets[(index + 1)...].firstIndex(of: octet) else { break }
        let value = octets[(index + 1)..<end]
        result.append(Token(text: String(decoding: value, as: UTF8.self), line: line, isKeyword: false))
        line += value.filter { $0 == newline }.count
        index = end + 1
      } else {
        let end =
          octets[index...].firstIndex {
            $0 == newline || blanks.contains($0) || quotes.contains($0)
          } ?? octets.count
        let word = String(decoding: octets[index..<end], as: UTF8.self)
        result.append(Token(text: word, line: line, isKeyword: end - index > 1 && word.hasSuffix(":")))
        index = end
      }
    }
    return result
  }
}
