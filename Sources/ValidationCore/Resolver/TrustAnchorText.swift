/// Trust anchor text (a trust anchor file, a `trust-anchor:` value, a `--trust-anchor` file)
/// read as libunbound 1.17 reads it, which was measured with unbound 1.17 itself
/// (Docs/Decisions.md, D-resolver-4): a name is relative to the root until a `$ORIGIN` says
/// otherwise (`@` is the root); a record may leave out its TTL; a record that names no class is
/// IN, whatever the class of the one before; a `$INCLUDE` line is skipped without a word, and
/// nothing of the file it names is read. Of the records, libunbound anchors only the DS and
/// DNSKEY records of class IN and, in an `auto-trust-anchor-file`, only a DS or a DNSKEY in an
/// RFC 5011 state it trusts (`trustedStates`). A record of another type in a file it reads by
/// its own rules and passes over (`passOver`); in a `trust-anchor:` value it refuses one.
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
  static let stateNames = [
    0: "START", 1: "ADDPEND", 2: "VALID", 3: "MISSING", 4: "REVOKED", 5: "REMOVED",
  ]

  /// The anchors of `text`: a file's, or with `isInline` a `trust-anchor:` value's.
  static func read(_ text: String, fileName: String, isAutoTrust: Bool, isInline: Bool = false)
    throws(ZoneFileError) -> [Anchor]
  {
    try readCounted(text, fileName: fileName, isAutoTrust: isAutoTrust, isInline: isInline)
      .anchors
  }

  /// As `read`, with the number of records of every type the text holds (libunbound reads each
  /// one), and refusing (`tooManyRecords`) a text of more than `maximumRecords`.
  static func readCounted(
    _ text: String, fileName: String, isAutoTrust: Bool, isInline: Bool = false,
    maximumRecords: Int = TrustAnchorBounds.maximumRecords
  ) throws(ZoneFileError) -> (anchors: [Anchor], records: Int) {
    // The lines are split only where they are needed: a text of the most records danescope
    // takes is read no further than the record after them (TrustAnchorBounds), and splitting
    // 16 MiB into lines first would cost more than reading those.
    let hasDollar = text.utf8.contains(UInt8(ascii: "$"))
    let lines = hasDollar || isAutoTrust ? TextLines.split(text) : []
    // An $INCLUDE line is blanked, not removed, so that the line numbers stay the file's.
    let kept =
      hasDollar && lines.contains(where: isInclude)
      ? lines.map { isInclude($0) ? "" : String($0) }.joined(separator: "\n") : text
    var passedOver = 0
    let located = try ZoneFile.parseLocated(
      text: kept, origin: .root, fileName: fileName, defaultTTL: 0,
      omittedClass: .in,
      passingOver: { type, data throws(ZoneFileError) in
        let isPassedOver = try passOver(type, data, isInline: isInline)
        if isPassedOver { passedOver += 1 }
        return isPassedOver
      }, maximumRecords: maximumRecords)
    let anchors = located.map { line, record in
      var ignored: String? = nil
      if record.rrClass != .in {
        ignored = "class \(record.rrClass) is not IN, and libunbound ignores it"
      } else if isAutoTrust, record.type == .dnskey, let state = state(on: lines[line - 1]),
        !trustedStates.contains(state)
      {
        let name =
          stateNames[state].map { "\(state) (\($0))" } ?? "\(state) (unknown, read as START)"
        ignored = "RFC 5011 state \(name) is not one libunbound trusts"
      }
      return Anchor(line: line, record: record, ignored: ignored)
    }
    return (anchors, located.count + passedOver)
  }

  /// Whether a record of the type `word` names is passed over, as libunbound 1.17 reads a trust
  /// anchor file (measured, UnboundRecordTypes): a DS or DNSKEY is read, and so is a word that
  /// names no type (for the error); any other record is passed over, unless its data is written
  /// in a way libunbound refuses: in RFC 3597 form but not as it reads that form
  /// (`checkGenericData`), or in another form for a type that has no form of its own. The
  /// fields of a type's own form are not judged here: where libunbound refuses one (`A
  /// 999.1.1.1`, `LOC garbage`), it refuses the file itself when the resolver starts, naming its
  /// line. In a `trust-anchor:` value libunbound refuses every other type ("Bad type for trust
  /// anchor").
  static func passOver(
    _ word: PresentationToken, _ data: ArraySlice<PresentationToken>, isInline: Bool
  ) throws(ZoneFileError) -> Bool {
    guard let number = UnboundRecordTypes.number(named: word.text) else { return false }
    guard number != RRType.ds.rawValue, number != RRType.dnskey.rawValue else { return false }
    func refuse(_ reason: String, at token: PresentationToken) -> ZoneFileError {
      ZoneFileError(
        .refusedRecord(type: word.text, reason: reason), line: token.line, column: token.column)
    }
    if isInline {
      throw refuse(
        "libunbound takes only DS and DNSKEY records in a trust-anchor: value (it says \"Bad"
          + " type for trust anchor\")", at: word)
    }
    guard let first = data.first else { return true }
    if !first.isQuoted, first.text == "\\#" {
      try checkGenericData(data.dropFirst(), after: first, refuse: refuse)
    } else if !UnboundRecordTypes.hasDataForm(number) {
      throw refuse(
        "libunbound 1.17 reads data of this type only in RFC 3597 form (\\# LENGTH HEX; it says"
          + " \"not implemented\")", at: first)
    }
    return true
  }

  /// RFC 3597 data as libunbound 1.17 reads it (measured): the length is the number its word
  /// starts with (0 when it starts with no digit) and at most 65535; then exactly twice that
  /// many hex digits, in as many words as it takes, words after them unread (`\# 0 ab` is taken).
  private static func checkGenericData(
    _ words: ArraySlice<PresentationToken>, after marker: PresentationToken,
    refuse: (String, PresentationToken) -> ZoneFileError
  ) throws(ZoneFileError) {
    guard let lengthWord = words.first else {
      throw refuse("RFC 3597 data (\\# LENGTH HEX) with no length", marker)
    }
    // The length is read as C's atoi reads it: a sign, then the digits that follow.
    var number = lengthWord.text[...]
    let isNegative = number.first == "-"
    if number.first == "-" || number.first == "+" { number = number.dropFirst() }
    let length = number.prefix { $0.isASCII && $0.isNumber }.reduce(0) {
      min($0 * 10 + ($1.wholeNumberValue ?? 0), 1_000_000)
    }
    if length > 65_535 || (isNegative && length > 0) {
      throw refuse("RFC 3597 length '\(lengthWord.text)' is not from 0 to 65535", lengthWord)
    }
    let wanted = 2 * length
    var found = 0
    for word in words.dropFirst() where found < wanted {
      for character in word.text {
        guard !word.isQuoted, character.isHexDigit, character.isASCII else {
          throw refuse("'\(word.text)' is not hex digits of RFC 3597 data", word)
        }
        guard found < wanted else {
          throw refuse("more hex digits than the RFC 3597 length \(wanted / 2) says", word)
        }
        found += 1
      }
    }
    guard found == wanted else {
      throw refuse(
        "\(found) hex digits where the RFC 3597 length \(wanted / 2) says \(wanted)",
        words.last ?? marker)
    }
  }

  /// The RFC 5011 state an `auto-trust-anchor-file` line gives its key: the digit after the
  /// first `state=` in the line's comments (-1 when none follows), or nil when there is no
  /// `state=` (libunbound then reads Valid).
  static func state(on line: Substring) -> Int? {
    guard let semicolon = line.firstIndex(of: ";") else { return nil }
    guard let found = line[semicolon...].firstRange(of: "state=") else { return nil }
    // libunbound takes the byte after it less '0': only an ASCII digit is a state number (a
    // digit of another script is not one; AutoTrustAnchorLayout refuses it before this).
    guard let digit = line[found.upperBound...].unicodeScalars.first,
      ("0"..."9").contains(digit)
    else { return -1 }
    return Int(digit.value) - 48
  }

  /// Says that the text has a `$INCLUDE` line (for an error about a file with no anchor).
  static func hasInclude(_ text: String) -> Bool {
    TextLines.split(text).contains(where: isInclude)
  }

  private static func isInclude(_ line: Substring) -> Bool {
    let start = line.drop(while: \.isWhitespace)
    guard start.first == "$" else { return false }
    return start.prefix(while: { !$0.isWhitespace }).uppercased() == "$INCLUDE"
  }
}
