import Foundation
import ValidationCore
import XCTest

@testable import Console

/// The renderer on states made by hand: sizes, overlays, ASCII, and the trace lines the probe's
/// events become.
final class RendererTests: XCTestCase {
  func testTooSmallTerminalSaysSo() {
    var state = ReportFixture.state()
    state.resize(width: 30, height: 8)
    let lines = Renderer().render(state).lines
    XCTAssertEqual(lines.first, "Terminal too small: 30×8, need")
    XCTAssertEqual(lines.dropFirst().filter { !$0.isEmpty }, [])
  }

  func testNarrowTerminalHidesTheNavigationTree() {
    var state = ReportFixture.state()
    state.resize(width: 79, height: 24)
    XCTAssertNil(state.layout.navigation)
    XCTAssertTrue(Renderer().render(state).lines[1].hasPrefix(" 1 Chain of trust"))
    state.resize(width: 80, height: 24)
    XCTAssertEqual(state.layout.navigation?.width, 22)
    XCTAssertTrue(Renderer().render(state).lines[1].hasPrefix("mail.example."))
  }

  func testASCIIDrawsNoLineCharacters() {
    var state = ConsoleState(sourceLabel: "test", options: ConsoleOptions(isASCII: true))
    state.resize(width: 120, height: 40)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(ReportFixture.report))
    var text = Renderer().render(state).lines.joined(separator: "\n")
    XCTAssertTrue(text.contains("`- example."), text)
    XCTAssertFalse(text.unicodeScalars.contains { $0.value > 0x7E }, text)
    _ = state.handle(.character("?"))
    text = Renderer().render(state).lines.joined(separator: "\n")
    XCTAssertTrue(text.contains("^/k         move up"), text)
    XCTAssertFalse(text.unicodeScalars.contains { $0.value > 0x7E }, text)
  }

  func testHelpOverlayAndExplanationAreDrawnOverThePanes() {
    var state = ReportFixture.state(width: 120, height: 40)
    _ = state.handle(.character("?"))
    var lines = Renderer().render(state).lines
    XCTAssertTrue(lines[2].contains("┌─ Keys "), lines[2])
    XCTAssertTrue(lines.contains { $0.contains("S-Tab") && $0.contains("previous pane") })
    _ = state.handle(.escape)
    _ = state.handle(.character("4"))
    _ = state.handle(.enter)
    lines = Renderer().render(state).lines
    XCTAssertTrue(lines[2].contains("┌─ LOOKUP_FAILED "), lines[2])
    XCTAssertTrue(lines.contains { $0.contains("Looking up mx2.mail.example. TLSA failed: timeout.") })
    XCTAssertTrue(lines.contains { $0.contains("RFC 7672 §2.1.1") })
  }

  /// A bogus MX answer gives no host count: the header says "unknown", not a bare "?".
  func testHeaderSaysTheMXCountIsUnknownWhenTheMXAnswerIsBogus() {
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 100, height: 24)
    _ = state.open(domain: "bogus.example")
    _ = state.apply(.report(ConsoleReport(domain: "bogus.example.", mxStatus: .bogus,
      isComplete: true)))
    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.contains(" bogus.example. "), header)
    XCTAssertTrue(header.contains("DNSSEC bogus  DANE deferred  MX unknown"), header)
  }

  /// A proven NXDOMAIN is not good news: the header says NXDOMAIN and draws no secure badge.
  func testHeaderSaysNXDOMAINInsteadOfSecure() {
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 100, height: 24)
    _ = state.open(domain: "nosuch.example.")
    var report = ConsoleReport(domain: "nosuch.example.", mxStatus: .secure, isComplete: true)
    report.isNoSuchDomain = true
    _ = state.apply(.report(report))
    let grid = Renderer().render(state)
    XCTAssertTrue(grid.lines[0].contains("DNSSEC NXDOMAIN (proven)  DANE none  MX none"),
      grid.lines[0])
    XCTAssertFalse(grid.roles(atRow: 0).contains(.secure), "\(grid.roles(atRow: 0))")
  }

  /// A usable record that matched nothing in a handshake that reached the DANE decision gets
  /// no success mark and says so (two-mx's mx2: its 3 1 1 names a key the server does not use).
  func testUsableRecordThatMatchedNothingHasNoSuccessMark() {
    var report = ReportFixture.report
    report.hosts[1].tlsa.records[0].isUsable = true
    report.hosts[1].tlsa.records[0].reason = ""
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 120, height: 40)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(report))
    _ = state.handle(.character("2"))
    let grid = Renderer().render(state)
    let pane = state.layout.pane
    let rows = (pane.y..<pane.maxY).map { y in
      (text: String(grid.text(ofRow: y).dropFirst(pane.x)), roles: grid.roles(atRow: y))
    }
    let mx2 = try! XCTUnwrap(rows.firstIndex { $0.text.contains("MX 20 mx2.mail.example.") })
    let record = rows[mx2 + 1]
    XCTAssertTrue(record.text.hasPrefix("  ○ 1 1 1"), record.text)
    XCTAssertFalse(record.roles.contains(.secure), "no success colour: \(record.text)")
    XCTAssertEqual(rows[mx2 + 2].text.trimmingCharacters(in: .whitespaces),
      "usable, matched nothing in the last handshake")
    XCTAssertFalse(rows[mx2 + 2].roles.contains(.secure))
    let mx1 = try! XCTUnwrap(rows.firstIndex { $0.text.contains("MX 10 mx1.mail.example.") })
    XCTAssertTrue(rows[mx1 + 1].text.hasPrefix("  ✓ 3 1 1"), "mx1's record matched at depth 0")
  }

  /// A host is drawn as its worst address: mx2's TLSA set is secure but its address failed.
  func testNavigationTreeDrawsAHostAsItsWorstAddress() {
    let state = ReportFixture.state()
    let items = Dictionary(uniqueKeysWithValues: state.navigationItems.map { ($0.text, $0.role) })
    XCTAssertEqual(items["mx1.mail.example."], .secure)
    XCTAssertEqual(items["127.0.0.3"], .bogus)
    XCTAssertEqual(items["mx2.mail.example."], .bogus)
  }

  /// The trace says when danescope's own matcher found no record matching, as `trace` does.
  func testTraceSaysWhenTheMatcherMatchesNothing() {
    let event = TraceEvent(time: Date(timeIntervalSince1970: 0), elapsed: 1, address: "127.0.0.3",
      port: 25, kind: .daneDecision(.failed(reason: "no usable TLSA record matched"), matches: []))
    XCTAssertEqual(TraceLine.lines(for: event).map(\.text), [
      "DANE failed: no usable TLSA record matched",
      "danescope's matcher: no record matches any certificate of the chain",
    ])
  }

  func testSelectedRowIsDrawnInTheSelectionRole() {
    var state = ReportFixture.state()
    _ = state.handle(.character("2"))
    let grid = Renderer().render(state)
    let paneX = state.layout.pane.x
    XCTAssertEqual(grid[paneX + 1, state.layout.pane.y].role, .selected)
    _ = state.handle(.character("h"))
    XCTAssertEqual(Renderer().render(state)[paneX + 1, state.layout.pane.y].role, .selectedInactive)
  }

  func testTraceEventsBecomeLinesWithDirections() {
    let time = Date(timeIntervalSince1970: 0)
    func event(_ kind: TraceEvent.Kind) -> TraceEvent {
      TraceEvent(time: time, elapsed: 0.25, address: "127.0.0.2", port: 2525, kind: kind)
    }
    XCTAssertEqual(TraceLine.lines(for: event(.smtpSent(SanitizedText("STARTTLS")))),
      [TraceLine(elapsed: 0.25, kind: .sent, text: "STARTTLS")])
    let banner = TraceLine.lines(for: event(.smtpReceived(SanitizedText("220 hi\u{1B}[2J"))))
    XCTAssertEqual(banner.first?.kind, .received)
    XCTAssertFalse(banner.first?.text.contains("\u{1B}") ?? true, "escapes never reach the pane")
    let parameters = TraceLine.lines(for: event(.tlsEstablished(TLSParameters(
      version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", group: "x25519",
      signatureScheme: nil, serverName: "mx.example"))))
    XCTAssertEqual(parameters.map(\.text),
      ["TLSv1.3, cipher TLS_AES_128_GCM_SHA256", "group x25519, SNI mx.example"])
    let alert = TLSMessage(direction: .received, content: .alert(level: 2, description: 40),
      length: 2)
    XCTAssertEqual(TraceLine.lines(for: event(.tlsMessage(alert))).first?.kind, .error)
    XCTAssertEqual(TraceLine.lines(for: event(.connecting)).first?.text,
      "connecting to 127.0.0.2 port 2525")
  }
}
