import ValidationCore

/// Findings grouped by root cause, errors first, each root's consequences under it, and theirs
/// under them, at any depth: every finding with its severity and code, in the order and nesting
/// of `check`'s text report. In the lab the scenario's lesson and expected verdict come first.
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
      var row = Row([
        Span(pad(finding.severity.description), finding.severity.role),
        Span(finding.code.rawValue, .title), Span("  " + finding.subject, .dim),
      ], key: "finding:\(index)")
      // A subject that does not fit beside a long code goes under the code.
      row.foldColumn = codeColumn
      rows.append(row)
      rows.append(Row.label(String(repeating: " ", count: codeColumn) + finding.summary))
      rows += consequenceRows(finding, key: "finding:\(index)",
        lead: String(repeating: " ", count: codeColumn), glyphs: context.glyphs)
    }
    return rows
  }

  /// Every finding under `parent`, at any depth, in the order `check` prints them: each with
  /// its severity, code and subject on a tree branch, its summary under that, and its own
  /// consequences one branch further in. `lead` is the tree drawn so far on the left.
  private static func consequenceRows(
    _ parent: Finding, key: String, lead: String, glyphs: Glyphs
  ) -> [Row] {
    var rows: [Row] = []
    for (offset, consequence) in parent.consequences.enumerated() {
      let isLast = offset == parent.consequences.count - 1
      let branch = lead + (isLast ? glyphs.lastBranch : glyphs.branch)
      let below = lead + (isLast ? glyphs.gap : glyphs.continuation)
      let severity = consequence.severity.description + " "
      var row = Row([
        Span(branch, .border), Span(severity, consequence.severity.role),
        Span(consequence.code.rawValue, .title), Span("  " + consequence.subject, .dim),
      ], key: "\(key).\(offset)")
      row.foldColumn = TextWidth.columns(of: branch + severity)
      rows.append(row)
      rows.append(Row([Span(below, .border), Span(consequence.summary)], isSelectable: false))
      rows += consequenceRows(consequence, key: "\(key).\(offset)", lead: below, glyphs: glyphs)
    }
    return rows
  }

  /// The report's own order: the upstream finding first, then errors, warnings, advice and
  /// information (DANEFindings.ordered), as `check` prints them.
  static func sorted(_ findings: [Finding]) -> [Finding] { findings }

  static func finding(forKey key: String?, in report: ConsoleReport?) -> Finding? {
    guard let key, key.hasPrefix("finding:"), let report else { return nil }
    let path = key.dropFirst("finding:".count).split(separator: ".").map { Int($0) }
    var level = sorted(report.findings)
    var found: Finding?
    for index in path {
      guard let index, index >= 0, index < level.count else { return nil }
      found = level[index]
      level = level[index].consequences
    }
    return found
  }

  /// Where a finding's code and summary start, past the severity word.
  private static let codeColumn = 10

  private static func pad(_ word: String) -> String {
    word + String(repeating: " ", count: max(1, codeColumn - word.count))
  }
}
