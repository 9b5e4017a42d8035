import XCTest

@testable import Console

/// Which address the Handshake pane shows before the user picks one: the first in the report's
/// order (the primary MX), whatever order the probes started in; once picked, it stays.
final class ProbeChoiceTests: XCTestCase {
  private let mx1 = ProbeKey(host: "mx1.mail.example.", address: "127.0.0.2")
  private let mx2 = ProbeKey(host: "mx2.mail.example.", address: "127.0.0.3")

  func testThePrimaryIsShownWhicheverProbeStartsFirst() {
    var state = ReportFixture.state()
    _ = state.apply(.traceStarted(mx2))
    XCTAssertEqual(state.selectedProbe, mx2, "the only trace there is")
    _ = state.apply(.traceStarted(mx1))
    XCTAssertEqual(state.selectedProbe, mx1)
  }

  /// The report can come after the traces started (the lab's provisional report lists hosts in
  /// the order their probes started); the final one puts the primary back in front.
  func testALaterReportInPreferenceOrderChoosesThePrimary() {
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 80, height: 24)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.traceStarted(mx2))
    _ = state.apply(.traceStarted(mx1))
    XCTAssertEqual(state.selectedProbe, mx2, "no report yet: the first to start")
    _ = state.apply(.report(ReportFixture.report))
    XCTAssertEqual(state.selectedProbe, mx1)
  }

  func testAPickedAddressStaysWhenOtherProbesStart() {
    var state = ReportFixture.state()
    _ = state.handle(.character("h"))
    for _ in 0..<4 { _ = state.handle(.down) }
    _ = state.handle(.enter)
    XCTAssertEqual(state.selectedProbe, mx2)
    _ = state.apply(.traceStarted(mx2))
    _ = state.apply(.traceStarted(mx1))
    _ = state.apply(.report(ReportFixture.report))
    XCTAssertEqual(state.selectedProbe, mx2)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(ReportFixture.report))
    _ = state.apply(.traceStarted(mx2))
    _ = state.apply(.traceStarted(mx1))
    XCTAssertEqual(state.selectedProbe, mx1, "a new check forgets the pick")
  }
}
