/// Arranges a chain's findings so that one root cause gives one error, with what really follows
/// from it listed under it, and independent breaks standing side by side (an expired signature
/// in the root and another in a zone below are two things to fix, not one).
///
/// The engine judges every link with that zone's own keys, also below a broken link, so a later
/// error is its own fact unless it follows from an earlier one:
/// - a lookup that failed for a name at or below a name whose lookup already failed (the
///   validating resolver cannot build the chain past the first failure);
/// - a signature by a zone that has no DNSKEY records (DNSKEY_MISSING) to check it with;
/// - the same code about the same subject, which is said once (a DS_DIGEST_MISMATCH: about the
///   same DS record).
/// Findings the evaluator nested itself (DNSKEY_NOT_SIGNED_BY_DS_KEY under the expired signature
/// that caused it, say) keep their place. Warnings, advice and information stay at the top level.
public enum ChainFindings {
  public static func arrange(_ findings: [Finding]) -> [Finding] {
    var arranged: [Finding] = []
    for finding in findings {
      guard finding.severity == .error else {
        arranged.append(finding)
        continue
      }
      if saysSame(finding, as: flatten(arranged)) { continue }
      if let index = arranged.firstIndex(where: { follows(finding, from: $0) }) {
        arranged[index] = arranged[index].adopting([finding])
      } else {
        arranged.append(finding)
      }
    }
    return arranged
  }

  /// Whether `finding` is explained by `cause` (see the type's comment).
  static func follows(_ finding: Finding, from cause: Finding) -> Bool {
    guard cause.severity == .error else { return false }
    let lookupFailed = FindingCode("LOOKUP_FAILED")
    switch (cause.code, finding.code) {
    case (lookupFailed, lookupFailed):
      guard let failed = subjectName(cause), let later = subjectName(finding) else { return false }
      return later.isSubdomain(of: failed)
    case (.dnskeyMissing, _):
      return finding.evidence.contains { $0.label == "signer" && $0.value == cause.subject }
    default:
      return false
    }
  }

  /// The owner name a subject such as `example. SOA` starts with.
  private static func subjectName(_ finding: Finding) -> DNSName? {
    guard let first = finding.subject.split(separator: " ").first else { return nil }
    return try? DNSName(String(first))
  }

  /// The same code about the same subject is one fact, however often a lookup failed for it.
  /// A DS_DIGEST_MISMATCH is about one DS record of its zone's set, which its evidence names:
  /// two such records are two facts.
  static func saysSame(_ finding: Finding, as others: [Finding]) -> Bool {
    others.contains {
      $0.code == finding.code && $0.subject == finding.subject
        && ($0.code != .dsDigestMismatch || $0.evidence == finding.evidence)
    }
  }

  /// The evidence label of a DS_DIGEST_MISMATCH that names the DS records of the same set that
  /// do match.
  public static let matchingDSLabel = "matching DS"

  /// True for an error that leaves the chain intact for libunbound: a DS with a wrong digest
  /// beside DS records that match (DS_DIGEST_MISMATCH with `matching DS`), and a zone that only
  /// RFC 4509 §3 validators find bogus (DS_SHA1_ONLY_MATCH). Each is a fact to fix, never the
  /// cause of a bogus answer, which a report looks for among the other errors.
  public static func leavesChainIntact(_ finding: Finding) -> Bool {
    switch finding.code {
    case .dsDigestMismatch: finding.evidence.contains { $0.label == matchingDSLabel }
    case .dsSHA1OnlyMatch: true
    default: false
    }
  }

  /// Every finding, consequences included, depth first.
  public static func flatten(_ findings: [Finding]) -> [Finding] {
    findings.flatMap { [$0] + flatten($0.consequences) }
  }
}
