import Foundation
import XCTest

@testable import Console

/// `r` (and Enter in the tree) on an address whose host is deferred: a DANE sender does not
/// connect there (RFC 7672 §2.2.2: a bogus TLSA answer defers delivery to that host), so there
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
}
