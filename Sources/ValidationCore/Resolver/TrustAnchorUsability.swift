/// libunbound 1.17 gathers each zone's anchor from every place it is given (trust anchor files,
/// `trust-anchor:` lines), then drops, with only a warning nobody sees, the anchor of a zone
/// none of whose records it supports ("has no supported algorithms, the anchor is ignored"),
/// and validates nothing from it: with no other anchor, every answer reads insecure. So every
/// anchored zone must have at least one record whose algorithm and (for a DS) digest type can be
/// checked; the chain engine warns about the others. Used for `--trust-anchor` files and for
/// the anchors a `--resolver-conf` file names (Docs/Decisions.md, D-resolver-4).
///
/// Text that does not parse is left to libunbound, which names the line: then nothing is
/// judged, since the records that would make a zone usable may be the ones that did not parse.
enum TrustAnchorUsability {
  /// Anchor records from one place: a file, or the value of a `trust-anchor:` line.
  struct Source {
    let text: String
    /// The anchor file; nil for a `trust-anchor:` value.
    let file: String?
    /// The configuration line that names it (`trust-anchor-file: …`, `trust-anchor: …`); nil
    /// for a `--trust-anchor` file.
    private(set) var directive: UnboundNamedFiles.Reference?
    /// The text read once, as libunbound reads it (TrustAnchorText), with its number of records
    /// of every type: the checks before libunbound starts and the chain engine share one
    /// reading of a source.
    private let parsed: Result<(anchors: [TrustAnchorText.Anchor], records: Int), ZoneFileError>

    private init(
      text: String, file: String?, directive: UnboundNamedFiles.Reference?, maximumRecords: Int
    ) {
      self.text = text
      self.file = file
      self.directive = directive
      // An `auto-trust-anchor-file`, whose keys carry their RFC 5011 state.
      let isAutoTrust = directive?.keyword == "auto-trust-anchor-file"
      parsed = Result { () throws(ZoneFileError) in
        try TrustAnchorText.readCounted(
          text, fileName: file ?? "", isAutoTrust: isAutoTrust, isInline: file == nil,
          maximumRecords: maximumRecords)
      }
    }

    /// A file's anchors, read no further than `maximumRecords` records (TrustAnchorBounds).
    static func file(
      _ path: String, text: String, namedBy directive: UnboundNamedFiles.Reference?,
      maximumRecords: Int = TrustAnchorBounds.maximumRecords
    ) -> Source {
      Source(text: text, file: path, directive: directive, maximumRecords: maximumRecords)
    }

    static func inline(
      _ text: String, namedBy directive: UnboundNamedFiles.Reference,
      maximumRecords: Int = TrustAnchorBounds.maximumRecords
    ) -> Source {
      Source(text: text, file: nil, directive: directive, maximumRecords: maximumRecords)
    }

    /// The same file, text and reading, named by another line of the configuration: a file
    /// named on many lines is read and parsed once.
    func named(by other: UnboundNamedFiles.Reference) -> Source {
      var copy = self
      copy.directive = other
      return copy
    }

    /// The number of records of any type the text holds; 0 when it could not be read.
    var recordCount: Int { (try? parsed.get().records) ?? 0 }

    /// Where the text passed the record bound it was read with (TrustAnchorBounds), or nil.
    var passedRecordBound: ZoneFileError? {
      guard case .failure(let error) = parsed, case .tooManyRecords = error.kind else {
        return nil
      }
      return error
    }

    /// The source's records as libunbound reads them (TrustAnchorText).
    func anchors() throws(ZoneFileError) -> [TrustAnchorText.Anchor] {
      try parsed.get().anchors
    }

    /// Where a reading error is: the anchor file's line and column, and the configuration line
    /// that names the file or holds the `trust-anchor:` value.
    func place(of error: ZoneFileError) -> String {
      guard let directive else { return error.description }
      let at = "\(directive.configFile):\(directive.line): \(directive.keyword)"
      guard let file else { return "\(at): column \(error.column): \(error.what)" }
      return "\(at) \(file):\(error.line):\(error.column): \(error.what)"
    }

    /// An error about this source, on `line` of it when one is given: at the configuration's
    /// line when one names it (with the anchor file and its line in the message), else at the
    /// file (and its line).
    func error(_ kind: ResolverConfigurationError.Kind, line: Int? = nil, message: String)
      -> ResolverConfigurationError
    {
      guard let directive else {
        return ResolverConfigurationError(kind, file: file, line: line, message: message)
      }
      let place =
        file.map { "\(directive.keyword) \($0)\(line.map { ":\($0)" } ?? ""):" }
        ?? "\(directive.keyword):"
      return ResolverConfigurationError(
        kind, file: directive.configFile, line: directive.line, message: "\(place) \(message)")
    }
  }

  /// libunbound loads a trust anchor file with no record in it without a word (unbound-checkconf
  /// too), and then has no anchor from it: with no other, every answer would be "insecure". A
  /// file must hold at least one DS or DNSKEY record as it is read (TrustAnchorText: `TYPE43`
  /// and `TYPE48` are DS and DNSKEY), not just the word: `. TXT DS` holds none. A file that does
  /// not parse is left to libunbound, which names the line.
  static func checkHoldsRecord(_ source: Source) throws(ResolverConfigurationError) {
    guard let anchors = try? source.anchors() else { return }
    let holdsRecord = anchors.contains { [.ds, .dnskey].contains($0.record.type) }
    guard !holdsRecord else { return }
    var message = "trust anchor file holds no DS or DNSKEY record"
    if TrustAnchorText.hasInclude(source.text) {
      message += " (libunbound skips a $INCLUDE line and reads nothing of the file it names)"
    }
    throw source.error(.syntax, message: message)
  }

  /// Throws for the first anchored zone (in the order its first record is given) with no
  /// usable record, naming that record's place and every record's problem.
  static func check(_ sources: [Source]) throws(ResolverConfigurationError) {
    var zones: [DNSName] = []
    var records: [DNSName: [(source: Source, line: Int, problem: String?)]] = [:]
    for source in sources {
      guard let anchors = try? source.anchors() else { return }
      for anchor in anchors {
        let record = anchor.record
        let problem: String?
        switch record.rdata {
        case .ds(let ds):
          problem = (anchor.ignored ?? unusableProblem(ds.algorithm, ds.digestType)).map {
            "\(record.name) DS \(ds.keyTag): \($0)"
          }
        case .dnskey(let key):
          problem = (anchor.ignored ?? unusableProblem(key.algorithm, nil)).map {
            "\(record.name) DNSKEY \(key.keyTag): \($0)"
          }
        default: continue
        }
        if records[record.name] == nil { zones.append(record.name) }
        records[record.name, default: []].append((source, anchor.line, problem))
      }
    }
    for zone in zones {
      let found = records[zone] ?? []
      guard let first = found.first, found.allSatisfy({ $0.problem != nil }) else { continue }
      let problems = found.compactMap(\.problem).joined(separator: "; ")
      let consequence =
        zone == .root
        ? "libunbound would ignore it and call every answer insecure"
        : "libunbound would ignore it and validate nothing from it"
      throw first.source.error(
        .badValue, line: first.line,
        message: "no trust anchor record for \(zone) can be used (\(problems)): \(consequence)")
    }
  }

  /// Why an anchor record with this algorithm and digest type cannot be checked, or nil.
  private static func unusableProblem(_ algorithm: DNSSECAlgorithm, _ digest: DSDigestType?)
    -> String?
  {
    if !algorithm.isSupportedByEngine { return "algorithm \(algorithm) is not supported" }
    if let digest, !digest.isSupportedByEngine { return "digest type \(digest) is not supported" }
    return nil
  }
}
