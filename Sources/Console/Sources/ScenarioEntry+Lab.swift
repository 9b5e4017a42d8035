import Lab

extension ScenarioEntry {
  /// A lab scenario as the console lists it: its lesson and what to look at in each pane as
  /// the teaching text, its documented verdicts as the expectation.
  public init(_ scenario: Scenario) {
    let look = scenario.look
    let teaching = [
      scenario.lesson, "",
      "Chain of trust: " + look.chain,
      "TLSA: " + look.tlsa,
      "Handshake: " + look.handshake,
      "Findings: " + look.findings,
    ].joined(separator: "\n")
    var expected = ["MX \(scenario.expected.mxStatus.rawValue)"]
    for host in scenario.expected.hosts {
      expected.append(
        "\(host.name): \(host.lookups), \(host.verdict.rawValue)")
    }
    self.init(
      name: scenario.name, domain: scenario.domain.description, title: Self.quotingCode(scenario.title),
      teaching: Self.quotingCode(teaching),
      expected: Self.quotingCode(
        expected.joined(separator: "; ") + ". " + scenario.expected.reasoning))
  }

  /// The lessons and titles mark names and records as `code`, for `lab show` and the docs; on
  /// the console's panes a backtick reads as noise, so they become plain quotes: '3 1 1'.
  static func quotingCode(_ text: String) -> String {
    text.replacing("`", with: "'")
  }
}
