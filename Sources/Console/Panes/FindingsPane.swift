import ValidationCore

/// Findings grouped by root cause, errors first, each root's consequences under it. In the lab
/// the scenario's lesson and expected verdict come first.
enum FindingsPane {
  static func rows(_ context: PaneContext) -> [Row] {
    let state = context.state
    var rows: [Row] = []
    if let scenario = state.currentScenario {
      rows.append(Row([Span("Scenario: ", .dim), Span(scenario.title, .title)],
        key: "scenario:" + scenario.domain))
      rows += TextWrap.wrap(scenario.teaching, width: context.width - 2)
        .map { Row.label(" " + $0) }
      rows += TextWrap.wrap("Expected: " + scenario.expected, width: context.width - 2)
        .map { Row.label(" " + $0) }
      rows.append(.blank)
    }
    guard let report = state.report else {
      return rows + [Row.label(state.idleText, .dim)]
    }
    let roots = sorted(report.findings)
    if roots.isEmpty {
      rows.append(Row.label(report.isComplete ? "No findings." : "Checking…",
        report.isComplete ? .secure : .pending))
      return rows
    }
    for (index, finding) in roots.enumerated() {
      let severity = finding.worstSeverity
      var row = Row([
        Span(pad(severity.description), severity.role), Span(finding.code.rawValue, .title),
        Span("  " + finding.subject, .dim),
      ], key: "finding:\(index)")
      // A subject that does not fit beside a long code goes under the code.
      row.foldColumn = codeColumn
      rows.append(row)
      rows.append(Row.label("          " + finding.summary))
      for (offset, consequence) in finding.consequences.enumerated() {
        let isLast = offset == finding.consequences.count - 1
        rows.append(Row([
          Span("          " + (isLast ? context.glyphs.lastBranch : context.glyphs.branch), .border),
          Span(consequence.severity.description + " ", consequence.severity.role),
          Span(consequence.summary),
        ], key: "finding:\(index).\(offset)"))
      }
    }
    return rows
  }

  /// The report's own order: the upstream finding first, then errors, warnings, advice and
  /// information (DANEFindings.ordered), as `check` prints them.
  static func sorted(_ findings: [Finding]) -> [Finding] { findings }

  static func finding(forKey key: String?, in report: ConsoleReport?) -> Finding? {
    guard let key, key.hasPrefix("finding:"), let report else { return nil }
    let parts = key.dropFirst("finding:".count).split(separator: ".").compactMap { Int($0) }
    let roots = sorted(report.findings)
    guard let first = parts.first, first < roots.count else { return nil }
    if parts.count == 2 {
      let consequences = roots[first].consequences
      return parts[1] < consequences.count ? consequences[parts[1]] : nil
    }
    return roots[first]
  }

  /// Where a finding's code and summary start, past the severity word.
  private static let codeColumn = 10

  private static func pad(_ word: String) -> String {
    word + String(repeating: " ", count: max(1, codeColumn - word.count))
  }
}
