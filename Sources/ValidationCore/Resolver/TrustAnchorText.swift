/// Trust anchor text (a trust anchor file, a `trust-anchor:` value, a `--trust-anchor` file)
/// read as libunbound 1.17 reads it, which was measured with unbound 1.17 itself
/// (Docs/Decisions.md, D-resolver-4): a name is relative to the root until a `$ORIGIN` says
/// otherwise (`@` is the root); a record may leave out its TTL; a record that names no class is
/// IN, whatever the class of the one before; a `$INCLUDE` line is skipped without a word, and
/// nothing of the file it names is read. Of the records, libunbound anchors only the DS and
/// DNSKEY records of class IN and, in an `auto-trust-anchor-file`, only a DS or a DNSKEY in an
/// RFC 5011 state it trusts (`trustedStates`).
enum TrustAnchorText {
  /// One DS or DNSKEY record of the text, on the line its entry starts on (from 1).
  struct Anchor {
    let line: Int
    let record: ResourceRecord
    /// Why libunbound does not anchor on it; nil when it does.
    let ignored: String?
  }

  /// The RFC 5011 states (unbound's `;;state=N` comment) whose DNSKEY libunbound anchors on:
  /// Valid and Missing (a Missing key is still a trust anchor, RFC 5011 §4). Start, AddPend,
  /// Revoked, Removed and a number it does not know (read as Start) are not.
  static let trustedStates: Set<Int> = [2, 3]
  static let stateNames = [0: "START", 1: "ADDPEND", 2: "VALID", 3: "MISSING", 4: "REVOKED", 5: "REMOVED"]

  static func read(_ text: String, fileName: String, isAutoTrust: Bool) throws(ZoneFileError)
    -> [Anchor]
  {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    // The line is blanked, not removed, so that the line numbers stay the file's.
    let kept = lines.map { isInclude($0) ? "" : String($0) }
    let located = try ZoneFile.parseLocated(
      text: kept.joined(separator: "\n"), origin: .root, fileName: fileName, defaultTTL: 0,
      omittedClass: .in)
    return located.compactMap { line, record in
      guard record.type == .ds || record.type == .dnskey else { return nil }
      var ignored: String? = nil
      if record.rrClass != .in {
        ignored = "class \(record.rrClass) is not IN, and libunbound ignores it"
      } else if isAutoTrust, record.type == .dnskey, let state = state(on: lines[line - 1]),
        !trustedStates.contains(state)
      {
        let name = stateNames[state].map { "\(state) (\($0))" } ?? "\(state) (unknown, read as START)"
        ignored = "RFC 5011 state \(name) is not one libunbound trusts"
      }
      return Anchor(line: line, record: record, ignored: ignored)
    }
  }

  /// The RFC 5011 state an `auto-trust-anchor-file` line gives its key: the digit after the
  /// first `state=` in the line's comments (-1 when none follows), or nil when there is no
  /// `state=` (libunbound then reads Valid).
  static func state(on line: Substring) -> Int? {
    guard let semicolon = line.firstIndex(of: ";") else { return nil }
    guard let found = line[semicolon...].range(of: "state=") else { return nil }
    return line[found.upperBound...].first?.wholeNumberValue ?? -1
  }

  /// Says that the text has a `$INCLUDE` line (for an error about a file with no anchor).
  static func hasInclude(_ text: String) -> Bool {
    text.split(separator: "\n").contains(where: isInclude)
  }

  private static func isInclude(_ line: Substring) -> Bool {
    line.split(whereSeparator: \.isWhitespace).first?.uppercased() == "$INCLUDE"
  }
}
