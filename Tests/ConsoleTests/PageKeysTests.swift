import XCTest

@testable import Console

/// PgUp and PgDn move the view by a page on every press, in the Handshake pane (whose cursor is
/// not drawn) as in the other panes; g/Home and G/End go to the ends, g stopping and G
/// resuming the following of the trace.
final class PageKeysTests: XCTestCase {
  func testEveryPageKeyMovesTheTraceView() {
    var state = ReportFixture.state(width: 80, height: 12)
    let probe = ProbeKey(host: "mx1.mail.example.", address: "127.0.0.2")
    _ = state.apply(.traceStarted(probe))
    _ = state.handle(.character("3"))
    for index in 0..<60 {
      _ = state.apply(.trace(probe, TraceLine(elapsed: Double(index), kind: .received, text: "250")))
    }
    XCTAssertTrue(state.follow)
    let bottom = state.position(of: .handshake).scroll
    XCTAssertGreaterThan(bottom, 0, "the trace is longer than the pane")

    // Up from the bottom: every press scrolls, the first one too, until the top.
    var scrolls = [bottom]
    while scrolls.last! > 0, scrolls.count < 40 {
      _ = state.handle(.pageUp)
      scrolls.append(state.position(of: .handshake).scroll)
    }
    XCTAssertFalse(state.follow, "PgUp stops following")
    XCTAssertEqual(scrolls.last, 0)
    XCTAssertGreaterThan(scrolls.count, 3, "\(scrolls)")
    for (before, after) in zip(scrolls, scrolls.dropFirst()) {
      XCTAssertLessThan(after, before, "a PgUp that did not move the view: \(scrolls)")
    }
    // Down again: every press scrolls, the first one too, until the bottom, where the trace is
    // followed again.
    scrolls = [0]
    while scrolls.last! < bottom, scrolls.count < 40 {
      _ = state.handle(.pageDown)
      scrolls.append(state.position(of: .handshake).scroll)
    }
    XCTAssertEqual(scrolls.last, bottom)
    for (before, after) in zip(scrolls, scrolls.dropFirst()) {
      XCTAssertGreaterThan(after, before, "a PgDn that did not move the view: \(scrolls)")
    }
    _ = state.handle(.pageDown)
    XCTAssertTrue(state.follow, "PgDn to the end follows the trace again")

    _ = state.handle(.home)
    XCTAssertEqual(state.position(of: .handshake).scroll, 0)
    XCTAssertFalse(state.follow)
    _ = state.handle(.end)
    XCTAssertEqual(state.position(of: .handshake).scroll, bottom)
    XCTAssertTrue(state.follow)
  }

  /// In a pane with a drawn cursor the first PgDn moves the view too, and the cursor keeps its
  /// row on screen.
  func testThePageKeysScrollTheChainPaneFromTheFirstPress() {
    var state = ReportFixture.state(width: 80, height: 12)
    var report = ReportFixture.report
    let keys = (1...40).map { index in
      ChainNode(id: "example. DNSKEY \(index)", kind: .dnskey, title: "DNSKEY \(index)",
        status: .secure)
    }
    report.chain = [
      ChainNode(id: "example.", kind: .zone, title: "example.", status: .secure, children: keys)
    ]
    _ = state.apply(.report(report))
    _ = state.handle(.character("1"))
    let count = state.content(of: .chain).count
    let height = state.layout.listHeight(for: .chain)
    XCTAssertGreaterThan(count, 2 * height, "the chain is longer than two pages")
    let before = state.position(of: .chain)
    _ = state.handle(.pageDown)
    let after = state.position(of: .chain)
    XCTAssertGreaterThan(after.scroll, before.scroll, "the first PgDn moves the view")
    _ = state.handle(.pageUp)
    XCTAssertEqual(state.position(of: .chain).scroll, before.scroll)
  }
}
