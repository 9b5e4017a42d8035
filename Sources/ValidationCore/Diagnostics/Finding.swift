/// How bad a finding is. Ordered: `.error` is the worst.
public enum Severity: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
  case info = 0
  case advice = 1
  case warning = 2
  case error = 3

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

  public var description: String {
    switch self {
    case .info: return "info"
    case .advice: return "advice"
    case .warning: return "warning"
    case .error: return "error"
    }
  }
}

/// A stable finding code, such as `DS_NO_MATCHING_DNSKEY`. Codes never change meaning; the
/// catalogue gives each its wording.
public struct FindingCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
  public let rawValue: String

  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ rawValue: String) { self.rawValue = rawValue }

  public var description: String { rawValue }
  public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One piece of evidence: a label and its value (`"DS digest" : "2BB1…"`).
public struct Evidence: Sendable, Hashable {
  public let label: String
  public let value: String

  public init(_ label: String, _ value: String) {
    self.label = label
    self.value = value
  }
}

/// What danescope found: a code from the catalogue, what it is about, the evidence, and the
/// findings that follow from it (one root cause, its consequences listed under it).
public struct Finding: Sendable, Hashable {
  public let code: FindingCode
  public let severity: Severity
  /// The name, RRset, host or address the finding is about (`example.com. DNSKEY`).
  public let subject: String
  public let evidence: [Evidence]
  public var consequences: [Finding]

  /// Severity defaults to the catalogue's; a caller may lower or raise it with reason (an
  /// expiring-soon signature, say, is a warning whatever its code's usual weight).
  public init(
    _ code: FindingCode, subject: String, evidence: [Evidence] = [], severity: Severity? = nil,
    consequences: [Finding] = []
  ) {
    self.code = code
    self.severity = severity ?? FindingCatalog.entry(for: code).severity
    self.subject = subject
    self.evidence = evidence
    self.consequences = consequences
  }

  public var entry: FindingCatalog.Entry { FindingCatalog.entry(for: code) }

  /// One sentence: the catalogue's summary template with `{label}` filled from the evidence (the
  /// first item with that label) and `{subject}` from the subject. One pass over the template:
  /// braces inside a filled-in value (text a server sent) are never read as placeholders.
  public var summary: String {
    var text = ""
    var rest = Substring(entry.summary)
    while let open = rest.firstIndex(of: "{"),
      let close = rest[open...].firstIndex(of: "}")
    {
      text += Self.afterFilledValue(rest[..<open], text)
      let name = rest[rest.index(after: open)..<close]
      if name == "subject" {
        text += subject
      } else if let item = evidence.first(where: { $0.label == name }) {
        text += item.value
      } else {
        text += rest[open...close]
      }
      rest = rest[rest.index(after: close)...]
    }
    return text + Self.afterFilledValue(rest, text)
  }

  /// The template's text after a value: its full stop is left out when the value already ends
  /// with one (a reason ending in the root name, "… for trust anchor ."), so that no sentence
  /// ends in "..".
  private static func afterFilledValue(_ literal: Substring, _ text: String) -> Substring {
    guard text.hasSuffix("."), literal.hasPrefix("."), !literal.hasPrefix("..") else {
      return literal
    }
    return literal.dropFirst()
  }

  /// This finding with `more` listed under it as consequences. A consequence is never more
  /// severe than its root cause: the cause is raised to the worst of them when it weighs less
  /// (an INSECURE_DELEGATION, information in a chain, is the cause of MX_INSECURE's warning in
  /// a check), so the top-level findings alone give the report's worst severity.
  public func adopting(_ more: [Finding]) -> Finding {
    let all = consequences + more
    let worst = all.map(\.severity).reduce(severity, max)
    return Finding(code, subject: subject, evidence: evidence, severity: worst, consequences: all)
  }

  /// The worst severity of this finding and everything under it.
  public var worstSeverity: Severity {
    consequences.map(\.worstSeverity).reduce(severity, max)
  }
}
