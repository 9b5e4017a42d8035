import FoundationEssentials

/// `check --at TIME`: the DANE policy judges DNSSEC as of TIME, like the chain summary above it,
/// so a report never shows "verified" under a chain it calls bogus (Docs/Decisions.md).
///
/// libunbound validates as of now and has no override, so each RRset it calls secure is rebuilt
/// by danescope's chain engine with the injected clock. When the engine finds it bogus (a
/// signature expired or not yet valid at TIME) or cannot tell, that status replaces
/// libunbound's; otherwise libunbound's stands. Only ever worse, never better: an RRset
/// libunbound calls insecure or bogus stays so.
public enum AsOfTimeLookup {
  public typealias ChainFunction = @Sendable (DNSName, RRType) async -> ChainReport

  public static func make(
    _ lookup: @escaping DANELookupFunction, asOf time: Date, chain: @escaping ChainFunction
  ) -> DANELookupFunction {
    { name, type in
      let now = await lookup(name, type)
      guard now.security == .secure else { return now }
      let report = await chain(name, type)
      let why = "as of \(ChainText.timestamp(time)), danescope's chain engine: "
      let security: RRsetLookup.Security
      switch report.status {
      case .secure, .insecure: return now
      case .bogus: security = .bogus(reason: why + (report.reason ?? "bogus"))
      case .indeterminate:
        security = .indeterminate(reason: why + (report.reason ?? "indeterminate"))
      }
      return RRsetLookup(
        name: now.name, type: now.type, security: security, records: now.records,
        isNXDOMAIN: now.isNXDOMAIN, canonicalName: now.canonicalName,
        unusedAnswer: now.isNXDOMAIN ? .nxdomain : now.answers.isEmpty ? .nodata : nil)
    }
  }
}

extension AsOfTimeLookup {
  /// The chains walked to judge a check's lookups as of its time, in the order they finished;
  /// appended from whichever task made the lookup.
  final class Walks: @unchecked Sendable {
    // @unchecked: `walked` is guarded by `lock`.
    private let lock = Lock()
    private var walked: [ChainReport] = []

    func append(_ chain: ChainReport) { lock.withLock { walked.append(chain) } }
    var all: [ChainReport] { lock.withLock { walked } }
  }
}
