/// Zone files in RFC 1035 §5 master-file format, as ldns-signzone and dnssec-signzone write
/// them: `$ORIGIN`, `$TTL`, relative names and `@`, a blank owner repeating the previous one,
/// parentheses across lines, comments, quoted strings, TTL and class in either order, TTL units
/// (`1h30m`). `$INCLUDE` is refused with a clear error (danescope reads one file at a time).
///
/// TTL rules: an explicit TTL, else `$TTL`, else the last explicit TTL (RFC 1035 §5.1). An
/// RRSIG with no explicit TTL takes its original TTL field, as ldns does.
public enum ZoneFile {
  public static func parse(text: String, origin: DNSName? = nil, fileName: String = "")
    throws(ZoneFileError) -> [ResourceRecord]
  {
    try parseLocated(text: text, origin: origin, fileName: fileName).map(\.record)
  }

  /// As `parse`, each record with the line (from 1) its entry starts on. `defaultTTL` acts as a
  /// `$TTL` before the text; with `omittedClass`, a record that names no class has that class
  /// instead of the previous record's (as libunbound reads trust anchors).
  public static func parseLocated(
    text: String, origin: DNSName? = nil, fileName: String = "", defaultTTL: UInt32? = nil,
    omittedClass: RRClass? = nil
  ) throws(ZoneFileError) -> [(line: Int, record: ResourceRecord)] {
    try parseLocated(
      text: text, origin: origin, fileName: fileName, defaultTTL: defaultTTL,
      omittedClass: omittedClass, passingOver: nil)
  }

  /// Decides, for a record's type word and the words of its data, whether the record is passed
  /// over: not returned, its data not read by danescope's codec, its owner still the one a
  /// following record with a blank owner repeats. It throws for data the caller must refuse,
  /// and returns false for a record to read as usual (or a word that names no type, which is
  /// then refused as one).
  typealias PassOver =
    (_ type: PresentationToken, _ data: ArraySlice<PresentationToken>) throws(ZoneFileError)
    -> Bool

  /// As `parseLocated`, passing over the records `passingOver` says to (TrustAnchorText: the
  /// records other than DS and DNSKEY, whose data libunbound reads by its own rules).
  /// With `maximumRecords`, more records than that (passed over or not) are refused
  /// (`tooManyRecords`) without reading the text past the first one too many.
  static func parseLocated(
    text: String, origin: DNSName?, fileName: String, defaultTTL: UInt32?,
    omittedClass: RRClass?, passingOver: PassOver?, maximumRecords: Int = .max
  ) throws(ZoneFileError) -> [(line: Int, record: ResourceRecord)] {
    do {
      var context = Context(origin: origin, defaultTTL: defaultTTL)
      context.omittedClass = omittedClass
      context.passOver = passingOver
      context.maximumRecords = maximumRecords
      return try parseEntries(text: text, context: context)
    } catch {
      var located = error
      located.fileName = fileName
      throw located
    }
  }

  /// What carries over from one entry to the next while reading.
  private struct Context {
    var origin: DNSName?
    var defaultTTL: UInt32? = nil
    var lastTTL: UInt32? = nil
    var lastOwner: DNSName? = nil
    var lastClass = RRClass.in
    var omittedClass: RRClass? = nil
    var passOver: PassOver? = nil
    var maximumRecords = Int.max
  }

  private static func parseEntries(text: String, context start: Context) throws(ZoneFileError)
    -> [(line: Int, record: ResourceRecord)]
  {
    var context = start
    var records: [(line: Int, record: ResourceRecord)] = []
    for entry in try ZoneTokenizer.entries(text, maximumRecords: context.maximumRecords) {
      let first = entry.tokens[0]
      if entry.isDirective {
        try directive(
          first, Array(entry.tokens.dropFirst()), origin: &context.origin,
          defaultTTL: &context.defaultTTL)
      } else if let record = try record(entry, &context) {
        records.append((first.line, record))
      }
    }
    return records
  }

  /// One record: owner (or the previous one), TTL and class in either order, type, RDATA; nil
  /// for a record passed over (`PassOver`).
  private static func record(_ entry: ZoneTokenizer.Entry, _ context: inout Context)
    throws(ZoneFileError) -> ResourceRecord?
  {
    var words = entry.tokens[...]
    let first = words.first!
    let owner: DNSName
    if entry.ownerOmitted {
      guard let lastOwner = context.lastOwner else {
        throw ZoneFileError(.missingOwner, line: first.line, column: first.column)
      }
      owner = lastOwner
    } else {
      owner = try name(words.removeFirst(), origin: context.origin)
    }
    var ttl: UInt32? = nil
    var rrClass: RRClass? = nil
    var type: RRType? = nil
    while let word = words.first, type == nil {
      words.removeFirst()
      if ttl == nil, let value = TokenCursor.parseDuration(word.text) {
        ttl = value
      } else if rrClass == nil, let value = RRClass(mnemonic: word.text) {
        rrClass = value
      } else if let passOver = context.passOver, try passOver(word, words) {
        if let ttl { context.lastTTL = ttl }
        context.lastOwner = owner
        context.lastClass = rrClass ?? context.omittedClass ?? context.lastClass
        return nil
      } else if let value = RRType(mnemonic: word.text) {
        type = value
      } else {
        throw ZoneFileError(.unknownType(word.text), line: word.line, column: word.column)
      }
    }
    guard let type else {
      let last = entry.tokens.last!
      throw ZoneFileError(.missingType, line: last.line, column: last.column)
    }
    let rdata: RData
    do {
      rdata = try RData(
        type: type, tokens: Array(words), origin: context.origin, relativeNamesNeedOrigin: true)
    } catch {
      // A record cut short is reported where it starts: the data may be empty (no position of
      // its own) or spread over lines by parentheses.
      let (line, column) =
        if case .missingField = error.kind { (first.line, first.column) } else {
          (error.line, error.column)
        }
      throw ZoneFileError(.invalidRDATA(type: type, what: error.what), line: line, column: column)
    }
    if let ttl { context.lastTTL = ttl }
    var recordTTL = ttl
    if recordTTL == nil, case .rrsig(let sig) = rdata { recordTTL = sig.originalTTL }
    guard let resolvedTTL = recordTTL ?? context.defaultTTL ?? context.lastTTL else {
      throw ZoneFileError(.missingTTL, line: first.line, column: first.column)
    }
    context.lastOwner = owner
    context.lastClass = rrClass ?? context.omittedClass ?? context.lastClass
    return ResourceRecord(name: owner, rrClass: context.lastClass, ttl: resolvedTTL, rdata: rdata)
  }

  private static func directive(
    _ keyword: PresentationToken, _ arguments: [PresentationToken], origin: inout DNSName?,
    defaultTTL: inout UInt32?
  ) throws(ZoneFileError) {
    let name = keyword.text.uppercased()
    func fail(_ reason: String) -> ZoneFileError {
      ZoneFileError(
        .invalidDirective(name, reason: reason), line: keyword.line, column: keyword.column)
    }
    switch name {
    case "$ORIGIN":
      guard arguments.count == 1 else { throw fail("expects exactly one domain name") }
      origin = try self.name(arguments[0], origin: origin)
    case "$TTL":
      guard arguments.count == 1 else { throw fail("expects exactly one TTL") }
      guard let value = TokenCursor.parseDuration(arguments[0].text) else {
        throw ZoneFileError(
          .invalidTTL(arguments[0].text), line: arguments[0].line, column: arguments[0].column)
      }
      defaultTTL = value
    case "$INCLUDE":
      throw ZoneFileError(.includeNotSupported, line: keyword.line, column: keyword.column)
    default:
      throw ZoneFileError(.unknownDirective(name), line: keyword.line, column: keyword.column)
    }
  }

  private static func name(_ token: PresentationToken, origin: DNSName?) throws(ZoneFileError)
    -> DNSName
  {
    if origin == nil && (token.text == "@" || !DNSName.isAbsolute(token.text)) {
      throw ZoneFileError(.missingOrigin(token.text), line: token.line, column: token.column)
    }
    do {
      return try DNSName(token.text, origin: origin)
    } catch {
      throw ZoneFileError(
        .invalidName(token.text, error), line: token.line, column: token.column)
    }
  }

  /// One line per record, `owner TTL CLASS TYPE RDATA` separated by tabs, names absolute, as
  /// `ldns-read-zone` prints; with `ldnsComments`, DNSKEYs get ldns's `;{id = …}` comment.
  public static func format(_ records: [ResourceRecord], ldnsComments: Bool = true) -> String {
    records.map { record in
      var line = record.description
      if ldnsComments, case .dnskey(let key) = record.rdata { line += " " + key.ldnsComment }
      return line + "\n"
    }.joined()
  }
}
