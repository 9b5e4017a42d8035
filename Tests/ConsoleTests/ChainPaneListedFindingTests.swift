import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// The lab's `nsec3-insecure` domain is an unsigned zone under the NSEC3-signed TLD: the MX
/// chain and the host's address chain both reach it, and both prove that example. holds no DS
/// for it (INSECURE_DELEGATION, RFC 5155 §8.6). `check` lists that root cause once, raised to the
/// level of its consequences MX_INSECURE and ADDRESS_INSECURE (D-report-1). The Chain of trust
/// pane shows the finding the Findings pane lists: once, with the report's severity.
final class ChainPaneListedFindingTests: LabFixtureTestCase {
  func testNSEC3InsecureZoneShowsTheListedFindingOnceWithItsSeverity() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = try await LabScreenTests.checkedState("nsec3-insecure", engine: engine)
    let report = try XCTUnwrap(state.report)
    var listed: [String: Severity] = [:]
    for finding in ChainFindings.flatten(report.findings) {
      listed["\(finding.code) \(finding.subject)"] = finding.severity
    }
    XCTAssertEqual(listed["INSECURE_DELEGATION nsec3-insecure.example."], .warning, "\(listed)")

    var nodes: [ChainNode] = []
    func walk(_ node: ChainNode) {
      nodes.append(node)
      node.children.forEach(walk)
    }
    report.chain.forEach(walk)
    for node in nodes {
      let keys = node.findings.map { "\($0.code) \($0.subject)" }
      XCTAssertEqual(keys.count, Set(keys).count, "\(node.title) repeats a finding: \(keys)")
      for finding in node.findings {
        let key = "\(finding.code) \(finding.subject)"
        XCTAssertEqual(finding.severity, listed[key], "\(node.title): \(key)")
      }
    }
    let zone = try XCTUnwrap(nodes.first { $0.id == "zone nsec3-insecure.example." })
    XCTAssertEqual(zone.findings.map(\.code.description), ["INSECURE_DELEGATION"])

    // On screen: the zone's line counts one warning, and its detail lists it once as a warning.
    var screen = ScreenMask.state(state)
    screen.resize(width: 120, height: 40)
    _ = screen.apply(.showPane(.chain))
    _ = screen.apply(.focusPane)
    while screen.selectedKey != "chain:zone nsec3-insecure.example.",
      screen.position(of: .chain).cursor + 1 < screen.content(of: .chain).count
    {
      _ = screen.apply(.down)
    }
    XCTAssertEqual(screen.selectedKey, "chain:zone nsec3-insecure.example.")
    let lines = Renderer().render(screen).lines
    let row = try XCTUnwrap(lines.first { $0.contains("nsec3-insecure.example.  insecure") })
    XCTAssertTrue(row.contains("1 warning"), row)
    let summary = "is an unsigned zone: its parent proves that no DS record exists."
    let mentions = ChainPane.detailRows(zone, glyphs: .unicode).map(\.text)
      .filter { $0.contains(summary) }
    XCTAssertEqual(mentions, ["  warning  nsec3-insecure.example. " + summary])
  }
}
