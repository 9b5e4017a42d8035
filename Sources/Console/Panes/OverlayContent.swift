import ValidationCore

/// The boxes drawn over the panes: the help (made from the key table) and the explanation of a
/// finding or a lab scenario.
public enum Overlay: Sendable, Equatable {
  case help
  case finding(Finding)
  case scenario(ScenarioEntry)

  var title: String {
    switch self {
    case .help: return "Keys"
    case .finding(let finding): return finding.code.rawValue
    case .scenario(let scenario): return scenario.title
    }
  }

  /// The rows of the box, wrapped to `width`.
  func rows(width: Int) -> [Row] {
    switch self {
    case .help: return Self.helpRows(width: width)
    case .finding(let finding): return Self.explanationRows(finding, width: width)
    case .scenario(let scenario):
      var rows = TextWrap.wrap(scenario.teaching, width: width).map { Row.label($0) }
      rows.append(.blank)
      rows.append(Row.label("Expected verdict", .title))
      rows += TextWrap.wrap(scenario.expected, width: width).map { Row.label($0) }
      rows.append(.blank)
      rows.append(Row.label("Domain: " + scenario.domain, .dim))
      return rows
    }
  }

  /// One line per binding, then per key the terminal side handles (Ctrl-Z), its keys in a
  /// column; a description too long for the box goes on under itself, not under the keys.
  private static func helpRows(width: Int) -> [Row] {
    let entries = KeyMap.bindings.map { (label: $0.label, help: $0.help) } + KeyMap.terminalKeys
    let keyColumns = (entries.map { TextWidth.columns(of: $0.label) }.max() ?? 0) + 2
    var rows: [Row] = []
    for entry in entries {
      let lines = TextWrap.wrap(entry.help, width: max(10, width - keyColumns))
      for (index, line) in lines.enumerated() {
        let keys = index == 0 ? entry.label : ""
        rows.append(Row([Span(TextWidth.pad(keys, to: keyColumns), .keyName), Span(line)],
          isSelectable: false))
      }
    }
    rows.append(.blank)
    rows.append(Row.label("Mouse: click selects, the wheel scrolls.", .dim))
    rows.append(Row.label("Esc or q closes this help.", .dim))
    return rows
  }

  private static func explanationRows(_ finding: Finding, width: Int) -> [Row] {
    let entry = finding.entry
    var rows: [Row] = [
      Row([Span(finding.severity.description, finding.severity.role), Span("  " + finding.subject)],
        isSelectable: false)
    ]
    rows += TextWrap.wrap(finding.summary, width: width).map { Row.label($0, .title) }
    func section(_ title: String, _ text: String) {
      rows.append(.blank)
      rows.append(Row.label(title, .keyName))
      rows += TextWrap.wrap(text, width: width).map { Row.label($0) }
    }
    section("What it means, and why it matters", entry.explanation)
    if !finding.evidence.isEmpty {
      rows.append(.blank)
      rows.append(Row.label("Evidence", .keyName))
      for item in finding.evidence {
        rows += TextWrap.wrap("\(item.label): \(item.value)", width: width).map { Row.label($0) }
      }
    }
    section("Reference", entry.reference)
    section("How to fix it", entry.fix)
    if !finding.consequences.isEmpty {
      rows.append(.blank)
      rows.append(Row.label("Consequences", .keyName))
      for consequence in finding.consequences {
        rows += TextWrap.wrap("\(consequence.code.rawValue): \(consequence.summary)", width: width)
          .map { Row.label($0, consequence.severity.role) }
      }
    }
    return rows
  }
}
