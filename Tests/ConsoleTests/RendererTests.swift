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
    // Folded over the rows, never cut at the edge (SmallScreenBoundsTests).
    XCTAssertEqual(
      lines.filter { !$0.isEmpty }, ["Terminal too small: need at", "least 40×10, this one is 30×8."])
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

  /// A long domain at 80 columns: the badges stay whole, the program name and source give way.
  func testHeaderKeepsTheBadgesWhenTheDomainIsLong() {
    var state = ConsoleState(sourceLabel: "resolver-conf unbound.conf")
    state.resize(width: 80, height: 24)
    var report = ReportFixture.report
    report.domain = "long-mail-domain-name.example."
    _ = state.open(domain: report.domain)
    _ = state.apply(.report(report))
    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.hasSuffix("DNSSEC secure  DANE 1 of 2 failed  MX 2"), header)
    state.resize(width: 140, height: 24)
    XCTAssertTrue(Renderer().render(state).lines[0].hasPrefix(" danescope "), "room enough")
  }

  /// A bogus MX answer gives no host count: the header says the lookup is bogus, as the panes
  /// do (ds-mismatch), not "unknown" nor a bare "?".
  func testHeaderSaysTheMXLookupIsBogusWhenTheMXAnswerIsBogus() {
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 100, height: 24)
    _ = state.open(domain: "bogus.example")
    _ = state.apply(.report(ConsoleReport(domain: "bogus.example.", mxStatus: .bogus,
      isComplete: true)))
    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.contains(" bogus.example. "), header)
    XCTAssertTrue(header.contains("DNSSEC bogus  DANE deferred  MX bogus"), header)
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
    XCTAssertFalse(grid.roles(atRow: 0).contains { $0 == .secure || $0 == .headerSecure },
      "\(grid.roles(atRow: 0))")
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

  /// A probe that failed before TLS (no-starttls: EHLO has no STARTTLS) held no record against
  /// any certificate: its usable record did not "match nothing", it was not tried.
  func testUsableRecordOfAProbeThatNeverReachedTLSIsNotTried() throws {
    var report = ReportFixture.report
    report.hosts[1].tlsa.records[0].isUsable = true
    report.hosts[1].tlsa.records[0].reason = ""
    report.hosts[1].addresses[0].reachedDANEDecision = false
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 120, height: 40)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(report))
    _ = state.handle(.character("2"))
    let grid = Renderer().render(state)
    let pane = state.layout.pane
    let rows = (pane.y..<pane.maxY).map { String(grid.text(ofRow: $0).dropFirst(pane.x)) }
    let mx2 = try XCTUnwrap(rows.firstIndex { $0.contains("MX 20 mx2.mail.example.") })
    // Neither ✓ (matched) nor ○ (matched nothing): a neutral mark.
    XCTAssertTrue(rows[mx2 + 1].hasPrefix("  · 1 1 1"), rows[mx2 + 1])
    XCTAssertEqual(rows[mx2 + 2].trimmingCharacters(in: .whitespaces),
      "usable  not tried: the last probe ended before a TLS handshake")
    XCTAssertFalse(rows.joined().contains("matched nothing"))
  }

  /// A host is drawn as its worst address: mx2's TLSA set is secure but its address failed.
  func testNavigationTreeDrawsAHostAsItsWorstAddress() {
    let state = ReportFixture.state()
    let items = Dictionary(uniqueKeysWithValues: state.navigationItems.map { ($0.text, $0.role) })
    XCTAssertEqual(items["mx1.mail.example."], .secure)
    XCTAssertEqual(items["127.0.0.3"], .bogus)
    XCTAssertEqual(items["mx2.mail.example."], .bogus)
  }

  /// The trace says when danescope's own matcher found no record matching, as `trace` does,
  /// and that a DANE sender stops there (RFC 7672 §2.2): the EHLO and QUIT after it only end
  /// the session.
  func testTraceSaysWhenTheMatcherMatchesNothing() {
    let event = TraceEvent(time: Date(timeIntervalSince1970: 0), elapsed: 1, address: "127.0.0.3",
      port: 25, kind: .daneDecision(.failed(reason: "no usable TLSA record matched"), matches: []))
    XCTAssertEqual(TraceLine.lines(for: event).map(\.text), [
      "DANE failed: no usable TLSA record matched",
      "danescope's matcher: no record matches any certificate of the chain",
      "a DANE sender stops here and does not deliver (RFC 7672 §2.2); what follows only ends the"
        + " session: danescope sends no mail",
    ])
  }

  /// How to get help and how to quit show at every width the console draws at; other hints
  /// give way first.
  func testHintLineAlwaysShowsHelpAndQuit() {
    for width in [Layout.minimumWidth, 60, 80, 100, 120] {
      var state = ReportFixture.state()
      state.resize(width: width, height: 24)
      let hints = Renderer().render(state).lines[state.layout.hints.y]
      XCTAssertTrue(hints.contains(" ? help"), "\(width): \(hints)")
      XCTAssertTrue(hints.contains(" q quit"), "\(width): \(hints)")
      XCTAssertTrue(hints.hasPrefix(width >= 80 ? " Tab pane j/k move" : ""), "\(width): \(hints)")
    }
  }

  /// The words of what a pane shows at `width` × 24, joined: what a reader can see.
  private func visibleWords(_ state: ConsoleState) -> String {
    let grid = Renderer().render(state)
    let pane = state.layout.pane
    return (pane.y..<pane.maxY).map { String(grid.text(ofRow: $0).dropFirst(pane.x)) }
      .joined(separator: " ").split { $0 == " " || $0 == "│" || $0 == "┃" }.joined(separator: " ")
  }

  /// Long rows fold instead of being cut at the pane's edge: a finding's whole summary, a
  /// TLSA advice and a certificate's dates can be read at 80 columns.
  func testLongRowsFoldInsteadOfBeingCut() {
    var report = ReportFixture.report
    report.hosts[0].tlsa.findings = [Finding(FindingCode("TLSA_SINGLE_RECORD"),
      subject: "_25._tcp.mx1.mail.example.", evidence: [])]
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 80, height: 24)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(report))
    _ = state.handle(.character("4"))
    let summary = report.findings[0].summary
    XCTAssertGreaterThan(summary.count, 40)
    XCTAssertTrue(visibleWords(state).contains(summary), visibleWords(state))
    let consequence = report.findings[0].consequences[0].summary
    XCTAssertTrue(visibleWords(state).contains(consequence), visibleWords(state))
    _ = state.handle(.character("2"))
    let advice = report.hosts[0].tlsa.findings[0].summary
    XCTAssertTrue(visibleWords(state).contains(advice), visibleWords(state))

    let key = ProbeKey(host: "mx1.mail.example.", address: "127.0.0.2")
    _ = state.apply(.traceStarted(key))
    let certificate = "    issuer O=danescope lab,CN=danescope lab intermediate; key EC 256; "
      + "until 2031-12-01"
    _ = state.apply(.trace(key, TraceLine(elapsed: 0, kind: .certificate, text: certificate)))
    _ = state.apply(.trace(key, TraceLine(elapsed: 0, kind: .note, text: "connection closed")))
    _ = state.handle(.character("3"))
    XCTAssertTrue(visibleWords(state).contains("until 2031-12-01 0.000 connection closed"),
      visibleWords(state))
    XCTAssertGreaterThan(state.content(of: .handshake).count, 2, "the certificate line folds")
  }

  /// A folded row is selected as a whole: its continuation is drawn in the selection too.
  func testFoldedRowIsSelectedWhole() {
    let long = Row([Span("  "), Span(String(repeating: "word ", count: 30), .title)], key: "k")
    let rows = RowWrap.wrap(long, width: 60)
    XCTAssertEqual(rows.count, 3)
    XCTAssertTrue(rows[0].isSelectable)
    XCTAssertEqual(rows.dropFirst().map(\.isSelectable), [false, false])
    XCTAssertEqual(rows.dropFirst().map(\.isContinuation), [true, true])
    XCTAssertTrue(rows[1].text.hasPrefix("    word"), "under the text, two columns in")
    XCTAssertEqual(rows.map(\.text).joined().split(separator: " ").count, 30)
    XCTAssertTrue(rows.allSatisfy { TextWidth.columns(of: $0.text) <= 60 })
  }

  /// A word longer than the row (a TLSA digest) starts where it stands and is broken into
  /// even pieces: no row is left holding only the indent, and the rest goes two columns in.
  func testLongWordFoldsWithoutAnEmptyRow() {
    let digest = String(repeating: "ab", count: 32)
    let rows = RowWrap.wrap(Row.label("      " + digest, .dim), width: 60)
    XCTAssertEqual(rows.map(\.text), [
      "      " + digest.prefix(32), "        " + digest.dropFirst(32),
    ])
  }

  /// The TLSA pane at 70 columns: the digest is under its record's verdict at six columns, with
  /// no blank row between them (at 120 columns it fits on one row).
  func testTLSADigestFoldsUnderItsVerdictAtSeventyColumns() throws {
    var state = ReportFixture.state(width: 70, height: 24)
    _ = state.handle(.character("2"))
    let lines = Renderer().render(state).lines
    let digest = try XCTUnwrap(lines.firstIndex { $0.contains("abab") })
    XCTAssertTrue(lines[digest - 1].hasSuffix("handshake"), lines[digest - 1])
    XCTAssertTrue(lines[digest].hasPrefix("      abab"), lines[digest])
    // Broken in two even halves, not 63 digits and a lone last one (UserGuide: folding).
    XCTAssertTrue(lines[digest + 1].hasPrefix("        " + String(repeating: "ab", count: 16)),
      lines[digest + 1])
    XCTAssertEqual(lines[digest...(digest + 1)].map { $0.trimmingCharacters(in: .whitespaces) }
      .joined(), String(repeating: "ab", count: 32))
  }

  /// A folded tree row keeps the tree's vertical lines on its continuation.
  func testFoldedTreeRowKeepsTheTreeLines() {
    let row = Row([Span("│  ├─ ", .border), Span(String(repeating: "DNSKEY ", count: 12))])
    let rows = RowWrap.wrap(row, width: 50)
    XCTAssertGreaterThan(rows.count, 1)
    XCTAssertTrue(rows[1].text.hasPrefix("│  │    DNSKEY"), rows[1].text)
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
