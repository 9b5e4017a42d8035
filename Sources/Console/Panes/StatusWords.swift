import ValidationCore

/// The words and roles statuses, verdicts and severities are shown in: one place, so that every
/// pane says "bogus" the same way and in the same colour.
extension ConsoleReport.Status {
  public var role: Role {
    switch self {
    case .secure: return .secure
    case .insecure: return .insecure
    case .bogus: return .bogus
    case .indeterminate: return .indeterminate
    case .pending: return .pending
    }
  }

  /// `pending` reads as work in progress, never as a verdict.
  public var word: String { self == .pending ? "checking…" : rawValue }
}

extension ConsoleReport.ProbeVerdict {
  public var role: Role {
    switch self {
    case .pending: return .pending
    case .verified: return .secure
    case .failed: return .bogus
    case .tlsUnauthenticated: return .warning
    case .noDANE: return .insecure
    case .deferred: return .indeterminate
    case .unreachable: return .error
    case .incomplete: return .indeterminate
    }
  }

  public var word: String {
    switch self {
    case .pending: return "probing…"
    case .verified: return "DANE verified"
    case .failed: return "DANE failed"
    case .tlsUnauthenticated: return "TLS, not authenticated"
    case .noDANE: return "no DANE"
    case .deferred: return "deferred"
    case .unreachable: return "unreachable"
    // The word the header's badge, `check` and `--json` use (Docs/JSON.md).
    case .incomplete: return "incomplete"
    }
  }
}

extension Severity {
  public var role: Role {
    switch self {
    case .error: return .error
    case .warning: return .warning
    case .advice: return .advice
    case .info: return .info
    }
  }
}

/// Word wrapping for explanations and teaching text.
enum TextWrap {
  /// `breaksLongWords`: a word wider than a line (a long path) is cut into lines of its own
  /// width, the text after it going on beside its last piece; else it stands whole on its line.
  static func wrap(_ text: String, width: Int, breaksLongWords: Bool = false) -> [String] {
    guard width > 4 else { return [text] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ") {
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if TextWidth.columns(of: candidate) > width, !line.isEmpty {
          lines.append(line)
          line = String(word)
        } else {
          line = candidate
        }
        guard breaksLongWords else { continue }
        // Cut from where the last piece ended: a long word is read once, not once a line.
        var rest = Substring(line)
        var restColumns = TextWidth.columns(of: line)
        while restColumns > width {
          let (head, headColumns) = TextWidth.head(of: rest, columns: width)
          if head.isEmpty { break }
          lines.append(String(head))
          rest = rest[head.endIndex...]
          restColumns -= headColumns
        }
        if rest.startIndex != line.startIndex { line = String(rest) }
      }
      lines.append(line)
    }
    return lines
  }
}
