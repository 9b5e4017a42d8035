/// An unbound.conf read only as far as danescope needs: the settings that name a file libunbound
/// will open (`include:`, `trust-anchor-file:`, `zonefile:`, …), the two that change how such
/// a name is found (`directory:`, `chroot:`), and those that could weaken validation
/// (UnboundValidationPolicy).
///
/// It reads tokens the way unbound's lexer does, not lines: `server: include: "x"` on one line is
/// an include to libunbound, a `#` inside quotes is not a comment, and where a keyword is
/// expected, `server:val-permissive-mode:yes` is three tokens (a value is one word, colons and
/// all: `include: a:b.conf`).
enum UnboundConfLine {
  /// The keywords whose value is a file libunbound reads.
  static let fileKeywords: Set<String> = [
    "include", "include-toplevel", "trust-anchor-file", "auto-trust-anchor-file",
    "trusted-keys-file", "zonefile", "root-hints", "tls-cert-bundle",
  ]

  /// The keywords whose value changes where a relative file name is looked for.
  static let placeKeywords: Set<String> = ["directory", "chroot"]

  /// The keywords that open a clause (`server:`, `auth-zone:`, …): read with no value, so that
  /// a reader knows which clause a setting is in.
  static let clauseKeywords: Set<String> = [
    "server", "stub-zone", "forward-zone", "auth-zone", "view", "remote-control", "python",
    "dynlib", "dnscrypt", "cachedb", "redis", "rpz", "ipset", "dnstap",
  ]

  /// The keywords whose value is a trust anchor record itself (checked by
  /// TrustAnchorUsability).
  static let anchorKeywords: Set<String> = ["trust-anchor"]

  /// The keywords whose setting is read: files, places, anchors and validation.
  static var readKeywords: Set<String> {
    fileKeywords.union(placeKeywords).union(anchorKeywords).union(UnboundValidationPolicy.keywords)
  }

  /// One `keyword: value` for a keyword in `readKeywords`, with the line (from 1) the keyword
  /// is on. `values` holds two words for a keyword that takes two (`local-zone: ZONE TYPE`).
  struct Setting: Equatable {
    let keyword: String
    let values: [String]
    let line: Int

    init(keyword: String, value: String, line: Int) {
      self.init(keyword: keyword, values: [value], line: line)
    }

    init(keyword: String, values: [String], line: Int) {
      self.keyword = keyword
      self.values = values
      self.line = line
    }

    var value: String { values.first ?? "" }
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
    let read = readKeywords
    var found: [Setting] = []
    var pending: (keyword: String, line: Int, values: [String], wanted: Int)?
    var queue = tokens(in: text)[...]
    while let token = queue.popFirst() {
      if var keyword = pending {
        pending = nil
        // A keyword straight after a keyword: the first had no value (a syntax error that
        // libunbound reports); look at the second afresh.
        if !token.isKeyword {
          keyword.values.append(token.text)
          if keyword.values.count < keyword.wanted {
            pending = keyword
          } else {
            found.append(
              Setting(keyword: keyword.keyword, values: keyword.values, line: keyword.line))
          }
          continue
        }
      }
      if let (head, rest) = token.splitGluedKeyword() {
        queue = [head, rest] + queue
        continue
      }
      if token.isKeyword {
        let keyword = String(token.text.dropLast())
        if clauseKeywords.contains(keyword) {
          found.append(Setting(keyword: keyword, values: [], line: token.line))
        } else if read.contains(keyword) {
          let wanted = UnboundValidationPolicy.twoValueKeywords.contains(keyword) ? 2 : 1
          pending = (keyword, token.line, [], wanted)
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
    var isQuoted = false

    /// Where a keyword is expected, unbound's lexer ends a keyword at its colon even with no
    /// blank after it: `verbosity:1` is `verbosity:` and `1`. The word is split after its first
    /// colon when a letter starts it and letters, digits and hyphens run up to the colon.
    func splitGluedKeyword() -> (Token, Token)? {
      guard !isQuoted, let colon = text.firstIndex(of: ":"), colon != text.indices.last,
        let first = text.first, first.isASCII, first.isLetter,
        text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
      else { return nil }
      let head = String(text[...colon])
      let rest = String(text[text.index(after: colon)...])
      return (
        Token(text: head, line: line, isKeyword: true),
        Token(text: rest, line: line, isKeyword: rest.count > 1 && rest.hasSuffix(":"))
      )
    }
  }

  /// Words, quoted strings and comments (`#` to the end of the line, dropped), as unbound's
  /// lexer cuts them. A word is a run of anything but blanks, quotes and line ends; a quoted
  /// string runs to its closing quote on the same line. In both, a backslash takes the next
  /// octet with it (`x\"` is one word, `"a\"b"` one string), the two kept as they are. A
  /// quoted string that meets a line end or the end of the text gives no token and reading goes
  /// on from there: libunbound calls it a syntax error, and no later line may hide inside it. Read as octets, as unbound's
  /// lexer reads them (a CR LF is not one character here).
  private static func tokens(in text: String) -> [Token] {
    let octets = Array(text.utf8)
    let newline = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    let backslash = UInt8(ascii: "\\")
    let quotes: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "'")]
    let blanks: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), carriageReturn]
    /// Where a run that stops at `stops` ends, a backslash taking the octet after it along
    /// (never a line end).
    func runEnd(from start: Int, stoppingAt stops: (UInt8) -> Bool) -> Int {
      var index = start
      while index < octets.count {
        let octet = octets[index]
        if octet == backslash, index + 1 < octets.count, octets[index + 1] != newline,
          octets[index + 1] != carriageReturn
        {
          index += 2
          continue
        }
        if stops(octet) { return index }
        index += 1
      }
      return index
    }
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
        let end = runEnd(from: index + 1) { $0 == octet || $0 == newline || $0 == carriageReturn }
        guard end < octets.count, octets[end] == octet else {
          // Cut by a line end or the end of the text: no value (libunbound's syntax error),
          // and reading goes on at the line end, which stays to be counted.
          index = end
          continue
        }
        result.append(
          Token(
            text: String(decoding: octets[(index + 1)..<end], as: UTF8.self), line: line,
            isKeyword: false, isQuoted: true))
        index = end + 1
      } else {
        let end = runEnd(from: index) {
          $0 == newline || blanks.contains($0) || quotes.contains($0)
        }
        // A lone backslash at a line end is a stray octet to libunbound (a syntax error).
        let stop = max(end, index + 1)
        let word = String(decoding: octets[index..<stop], as: UTF8.self)
        result.append(
          Token(text: word, line: line, isKeyword: stop - index > 1 && word.hasSuffix(":")))
        index = stop
      }
    }
    return result
  }
}
