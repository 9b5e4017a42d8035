/// The one catalogue of finding wording. Each area registers its entries in its own file
/// (`FindingCatalog+DNSSEC.swift`, `+DANE`, `+SMTP`, `+Resolver`, …) as a static list; `all`
/// joins them. Docs/Findings.md is checked against this catalogue by a test.
public enum FindingCatalog {
  public struct Entry: Sendable, Hashable {
    public let code: FindingCode
    public let severity: Severity
    /// One sentence with `{subject}` and `{evidence label}` placeholders.
    public let summary: String
    /// What it means, for a learner.
    public let explanation: String
    /// The RFC section that says so, e.g. "RFC 4035 §5.3.1".
    public let reference: String
    /// How to fix it.
    public let fix: String

    public init(
      _ code: FindingCode, _ severity: Severity, summary: String, explanation: String,
      reference: String, fix: String
    ) {
      self.code = code
      self.severity = severity
      self.summary = summary
      self.explanation = explanation
      self.reference = reference
      self.fix = fix
    }
  }

  /// Every entry, from every area. Add an area's list here.
  public static let all: [Entry] =
    general + resolverEntries + dnssecEntries + daneEntries + smtpEntries + labEntries

  private static let byCode: [FindingCode: Entry] = Dictionary(
    all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

  public static func entry(for code: FindingCode) -> Entry {
    byCode[code]
      ?? Entry(
        code, .error, summary: "{subject}: unknown finding \(code.rawValue).",
        explanation: "This finding code is missing from the catalogue; that is a danescope bug.",
        reference: "-", fix: "Report it.")
  }

  static let general: [Entry] = [
    Entry(
      FindingCode("LOOKUP_FAILED"), .error,
      summary: "Looking up {subject} failed: {reason}.",
      explanation: """
        The resolver could not get an answer it can judge: the server failed (SERVFAIL), did not \
        answer in time, or could not be reached. This is not the same as "no records": a sending \
        server must defer delivery rather than fall back to unauthenticated mail.
        """,
      reference: "RFC 7672 §2.1.1",
      fix: "Check that every authoritative server of the zone answers over UDP and TCP, with DNSSEC records."),
  ]
}
