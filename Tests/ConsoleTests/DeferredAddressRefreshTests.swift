import Foundation
import XCTest

@testable import Console

/// `r` (and Enter in the tree) on an address whose host is deferred: a DANE sender does not
/// connect there (RFC 7672 §2.1.1: a bogus TLSA answer defers delivery to that host), so there
/// is no handshake to run, now or later. The User Guide's Handshake section promises that `r`
/// says so with the reason; "yet" would promise a handshake that never comes.
final class DeferredAddressRefreshTests: LabFixtureTestCase {
  func testDeferredAddressSaysWhyNoHandshakeRuns() async throws {
    let engine = try await LabFixture.shared.engine()
    let source = CheckConsoleSource(label: "lab", scenarios: []) { engine }
    var state = await stateAfterTyping("tlsa-bogus.example", engine: engine, width: 100,
      height: 30)
    let host = try XCTUnwrap(state.report?.hosts.first)
    let address = try XCTUnwrap(host.addresses.first)
    XCTAssertEqual(address.verdict, .deferred)

    // As the tester did: the tree's cursor to the address, Enter, then `3` and `r`.
    _ = state.handle(.character("h"))
    let index = try XCTUnwrap(state.navigationItems.firstIndex { $0.text.contains(address.text) })
    while state.navigation.cursor < index { _ = state.handle(.character("j")) }
    var said: [String] = []
    for key: KeyPress in [.enter, .character("3"), .character("r")] {
      let reaction = state.handle(key)
      // What the run loop does with `.probe`: ask the source, apply what it says.
      if reaction.contains(.probe), let key = state.selectedProbe {
        let events = EventRecorder()
        await source.probe(key, domain: "tlsa-bogus.example.", emit: events.record)
        for event in events.all { _ = state.apply(event) }
      }
      said.append(state.statusMessage ?? "")
    }
    XCTAssertEqual(state.selectedProbe?.address, address.text)
    let afterR = try XCTUnwrap(said.last)
    XCTAssertFalse(said.contains { $0.contains("yet") }, "\(said)")
    XCTAssertTrue(afterR.contains("deferred"), afterR)
    XCTAssertTrue(afterR.contains("does not connect"), afterR)
    // Why: the TLSA lookup's status and libunbound's reason, as the TLSA pane has them.
    XCTAssertTrue(afterR.contains("bogus"), afterR)
    XCTAssertTrue(afterR.contains(host.tlsa.name.dropLast()), afterR)
  }

  /// An address with no trace that is not deferred: "yet" while the check runs (its probe may
  /// still come), and after the check, that it did not connect there, with no "r runs it" (the
  /// source has no handshake to repeat and says so, without "yet").
  func testAnAddressWithNoTraceSaysYetOnlyWhileTheCheckRuns() async throws {
    var report = ReportFixture.report
    report.hosts[0].addresses[0] = ConsoleReport.Address(text: "127.0.0.2", verdict: .pending)
    report.isComplete = false
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 100, height: 30)
    _ = state.open(domain: ReportFixture.domain)
    _ = state.apply(.report(report))
    state.selectedProbe = ProbeKey(host: "mx1.mail.example.", address: "127.0.0.2")
    _ = state.handle(.character("3"))
    XCTAssertTrue(paneText(state).contains("No handshake yet: the check has not reached"),
      paneText(state))
    report.isComplete = true
    _ = state.apply(.report(report))
    let after = paneText(state)
    XCTAssertTrue(after.contains("Not probed: the check did not connect to this address."), after)
    XCTAssertFalse(after.contains("yet"), after)
    XCTAssertFalse(after.contains("r runs it"), after)

    // `r` there: the source has no request for it and no check runs.
    let engine = try await LabFixture.shared.engine()
    let source = CheckConsoleSource(label: "lab", scenarios: []) { engine }
    let events = EventRecorder()
    await source.probe(try XCTUnwrap(state.selectedProbe), domain: ReportFixture.domain,
      emit: events.record)
    for event in events.all { _ = state.apply(event) }
    let message = state.statusMessage ?? ""
    XCTAssertEqual(message,
      "No handshake to run for mx1.mail.example. [127.0.0.2]: the check did not probe it.")
  }

  private func paneText(_ state: ConsoleState) -> String {
    let rect = state.layout.pane
    return Renderer().render(state).lines[rect.y..<rect.maxY].map {
      String($0.dropFirst(rect.x)).trimmingCharacters(in: .whitespaces)
    }.joined(separator: " ")
  }
}
