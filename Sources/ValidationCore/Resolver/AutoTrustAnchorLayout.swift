/// An `auto-trust-anchor-file` is RFC 5011 state that unbound writes itself, one record a line:
/// its own header comments (`;;id: . 1`, `;;last_queried: …`), then each key as
/// `. 3600 IN DNSKEY 257 3 8 AwEA… ;{id = 33007 (ksk), size = 2048b} ;;state=2 [  VALID  ] …`.
/// libunbound 1.17 reads it with a reader of its own (autotrust), not the zone-file reader
/// used for a `trust-anchor-file`, and that reader differs from a zone file's in ways a second
/// reader cannot follow safely: it counts parentheses without regard to quotes, takes the
/// `;;state=` of a record written on several lines from its last line, reads the file in
/// pieces of 10240 bytes (the rest of a longer line is read as a line of its own), reads a
/// state digit as `byte - '0'`, acts on a `;;REVOKED` line, and knows one trust point a file.
///
/// So danescope does not follow those rules: it takes the layout unbound writes, and the plain
/// form a user starts from (`. IN DNSKEY 257 3 8 AwEA… ; keytag 20326`, as in
/// /usr/share/dns/root.key), and refuses anything else before libunbound starts, naming the
/// line and why (Docs/Decisions.md, D-resolver-4). Refusing is safe; reading a key as trusted
/// that libunbound does not trust (or the reverse) would make the chain engine's verdict
/// differ from libunbound's. Every layout accepted here was run through unbound 1.17 and the
/// engine with the same verdict (AutoTrustAnchorLayoutTests).
enum AutoTrustAnchorLayout {
  /// Why a line is outside the layout.
  struct Problem: Error, Equatable {
    let line: Int
    let why: String
  }

  /// The longest line taken, in bytes with its line feed: libunbound reads the file into a
  /// buffer of 10240 bytes at a time, and a key line unbound writes is far shorter (an RSA
  /// 4096-bit key with its comments is under 1000 bytes).
  static let maximumLineLength = 8192

  /// The comment lines unbound's reader acts on by their start (autotrust's variable lines).
  private static let revokedMark = ";;REVOKED"
  private static let idMark = ";;id:"

  /// Throws for the first line outside the layout.
  static func check(_ text: String) throws(Problem) {
    var trustPoint: String? = nil
    var owner: String? = nil
    for (index, line) in text.utf8.split(
      separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false
    ).enumerated() {
      let number = index + 1
      func refuse(_ why: String) -> Problem { Problem(line: number, why: why) }
      try checkBytes(line, length: line.count + 1, refuse: refuse)
      // Every byte is ASCII here, so the line reads the same as a String.
      let content = String(decoding: line, as: UTF8.self)
      let trimmed = content.drop { $0 == " " || $0 == "\t" }
      if trimmed.isEmpty { continue }
      if trimmed.hasPrefix(";") {
        if trimmed.hasPrefix(revokedMark) {
          throw refuse("a ;;REVOKED line (libunbound then revokes the whole trust point)")
        }
        if trimmed.hasPrefix(idMark) {
          trustPoint = try idName(trimmed.dropFirst(idMark.count), refuse: refuse)
        }
        continue
      }
      if trimmed.hasPrefix("$") {
        throw refuse("a $ line (unbound writes no $ORIGIN, $TTL or $INCLUDE in this file)")
      }
      guard trimmed.count == content.count else {
        throw refuse("a record line that starts with blank space (it must start with its owner)")
      }
      let name = try checkRecord(content, refuse: refuse)
      if let trustPoint, name != trustPoint {
        throw refuse("a record for \(name) in the file of the trust point \(trustPoint) (;;id:)")
      }
      if let owner, name != owner {
        throw refuse("a record for \(name) after one for \(owner) (one trust point a file)")
      }
      owner = name
    }
  }

  /// Only printable ASCII and tabs: no CR (CRLF line ends), control characters or other
  /// bytes (not even in comments, where the `;;state=` digit is read), and no long line.
  private static func checkBytes(
    _ line: Substring.UTF8View.SubSequence, length: Int, refuse: (String) -> Problem
  ) throws(Problem) {
    guard length <= maximumLineLength else {
      throw refuse(
        "a line of \(length) bytes, more than \(maximumLineLength) (libunbound reads this file"
          + " in pieces of 10240 bytes, the rest of a longer line as a line of its own)")
    }
    for byte in line {
      if byte == 0x0D {
        throw refuse("a carriage return (CRLF line ends; unbound writes LF only)")
      }
      if byte >= 0x80 {
        throw refuse("a byte that is not ASCII (0x\(String(byte, radix: 16)))")
      }
      if byte < 0x20 && byte != 0x09 || byte == 0x7F {
        throw refuse("a control character (0x\(String(byte, radix: 16)))")
      }
    }
  }

  /// The name of a `;;id: NAME 1` line (class 1, IN), lowercased.
  private static func idName(_ rest: Substring, refuse: (String) -> Problem) throws(Problem)
    -> String
  {
    let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard words.count == 2, words[0].hasSuffix("."), words[1] == "1" else {
      throw refuse("a ;;id: line that is not ';;id: NAME. 1' as unbound writes it")
    }
    return words[0].lowercased()
  }

  /// One record on one line, `OWNER [TTL] [IN] DS|DNSKEY DATA [; comments]`, the owner an
  /// absolute name, the data with no parentheses, quotes or escapes. Returns the owner,
  /// lowercased.
  private static func checkRecord(_ line: String, refuse: (String) -> Problem) throws(Problem)
    -> String
  {
    let data = line.prefix { $0 != ";" }
    if let found = data.first(where: { "()\"\\".contains($0) }) {
      throw refuse(
        "'\(found)' in a record (libunbound's reader of this file does not read parentheses,"
          + " quotes and escapes as a zone file does)")
    }
    var words = data.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
    guard let owner = words.popFirst(), owner.hasSuffix(".") else {
      throw refuse("a record whose owner is not an absolute name (ending in '.')")
    }
    if let ttl = words.first, ttl.allSatisfy(\.isASCII), ttl.allSatisfy(\.isNumber) {
      words.removeFirst()
    }
    if let rrClass = words.first, rrClass.uppercased() == "IN" { words.removeFirst() }
    guard let type = words.popFirst() else { throw refuse("a record with no type") }
    guard ["DS", "DNSKEY"].contains(type.uppercased()) else {
      throw refuse(
        "a record of type '\(type)' (only DS and DNSKEY, class IN, are taken in this file)")
    }
    guard !words.isEmpty else { throw refuse("a \(type) record with no data") }
    return owner.lowercased()
  }
}
