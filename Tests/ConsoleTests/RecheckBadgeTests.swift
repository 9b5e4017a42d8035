import XCTest

@testable import Console

/// `r` checks the open domain again. Until the new check reports, the header's badges read
/// "checking…" (the User Guide's badge table: never `secure` before every lookup is in), not
/// the last check's `DNSSEC secure  DANE 1 of 2 failed` beside "Checking …".
final class RecheckBadgeTests: XCTestCase {
  private func header(_ state: ConsoleState) -> String {
    Renderer().render(state).lines[0]
  }

  func testBadgesReadCheckingUntilTheNewReportComes() {
    for width in [120, 60, 40] {
      var state = ReportFixture.state(width: width, height: 24)
      XCTAssertTrue(header(state).contains("DNSSEC secure  DANE 1 of 2 failed"), header(state))
      XCTAssertTrue(state.handle(.character("r")).contains(.check))
      let during = header(state)
      XCTAssertTrue(during.contains("DNSSEC checking…  DANE checking…"), "\(width): \(during)")
      XCTAssertFalse(during.contains("secure"), "\(width): \(during)")
      XCTAssertFalse(during.contains("failed"), "\(width): \(during)")
      if width == 120 { XCTAssertTrue(during.contains("MX … "), during) }
      // The new check's first report (partial: lookups still running) is its own word.
      var partial = ConsoleReport(domain: ReportFixture.domain)
      partial.mxStatus = .pending
      _ = state.apply(.report(partial))
      XCTAssertTrue(header(state).contains("DNSSEC checking…"), header(state))
      _ = state.apply(.report(ReportFixture.report))
      XCTAssertTrue(header(state).contains("DNSSEC secure  DANE 1 of 2 failed"), header(state))
    }
  }

  /// A check that cannot run says so as an error and sends no report: the badges go back to
  /// the report shown rather than reading "checking…" for ever.
  func testACheckThatCannotRunLeavesTheLastBadges() {
    var state = ReportFixture.state(width: 120, height: 24)
    _ = state.handle(.character("r"))
    _ = state.apply(.message("Could not start: no resolver", isError: true))
    XCTAssertTrue(header(state).contains("DNSSEC secure  DANE 1 of 2 failed"), header(state))
  }
}
