/// One line of an unbound.conf, read only as far as danescope needs: whether it names a file
/// that libunbound will open (`include:`, `trust-anchor-file:`, `zonefile:`, …), and which.
enum UnboundConfLine {
  /// The keywords whose value is a file libunbound reads.
  static let fileKeywords: Set<String> = [
    "include", "include-toplevel", "trust-anchor-file", "auto-trust-anchor-file",
    "trusted-keys-file", "zonefile", "root-hints",
  ]

  /// `(keyword, path)` when the line is `keyword: path` (the path optionally quoted) for one of
  /// `fileKeywords`; nil for anything else.
  static func fileReference(_ line: String) -> (keyword: String, path: String)? {
    let trimmed = line.drop { $0 == " " || $0 == "\t" }
    guard let colon = trimmed.firstIndex(of: ":") else { return nil }
    let keyword = String(trimmed[..<colon])
    guard fileKeywords.contains(keyword) else { return nil }
    var value = trimmed[trimmed.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
    if let quote = value.first, quote == "\"" || quote == "'" {
      value = value.dropFirst()
      guard let end = value.firstIndex(of: quote) else { return nil }
      return (keyword, String(value[..<end]))
    }
    let path = value.prefix { !" \t#\r".contains($0) }
    return path.isEmpty ? nil : (keyword, String(path))
  }
}
