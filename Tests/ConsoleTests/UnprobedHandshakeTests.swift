import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// The Handshake pane of a check that probed nothing: with no MX host to probe it says why, in
/// the TLSA pane's words, instead of "Checking…"; with every host deferred it opens, unasked, on
/// the first address of the first MX host, which says why it was not probed. RFC 7672 §2.2.1:
/// a bogus MX answer defers delivery; §2.2.2: a bogus TLSA answer defers it for that host.
final class UnprobedHandshakeTests: LabFixtureTestCase {
  /// `ds-mismatch`: the zone's DS matches no key, so the MX answer is bogus and there is no
  /// host to connect to (the lab documents the verdict "deferred").
  func testBogusMXLookupSaysWhyNothingWasProbed() async throws {
    let engine = try await LabFixture.shared.engine()
    var state = await stateAfterTyping("ds-mismatch.example", engine: engine, width: 80,
      height: 24)
    XCTAssertEqual(state.report?.mxStatus, .bogus)
    XCTAssertEqual(state.report?.hosts, [])
    _ = state.handle(.character("3"))
    let pane = paneText(state)
    XCTAssertFalse(pane.contains("Checking"), pane)
    XCTAssertTrue(pane.contains("Nothing probed: there is no MX host to connect to."), pane)
    XCTAssertTrue(pane.contains("The MX lookup is bogus:"), pane)
    XCTAssertTrue(pane.contains("delivery is deferred."), pane)
    // The TLSA pane gives the same reason in the same words.
    _ = state.handle(.character("2"))
    let tlsa = paneText(state)
    XCTAssertTrue(tlsa.contains("The MX lookup is bogus:"), tlsa)
    XCTAssertTrue(tlsa.contains("delivery is deferred."), tlsa)
  }

  /// `tlsa-bogus`: the only host's TLSA answer is bogus, so no probe runs; the pane still opens
  /// on its address, as the User Guide says, and says why it was not probed.
  func testDeferredHostOpensOnItsFirstAddress() async throws {
    let engine = try await LabFixture.shared.engine()
    var state = await stateAfterTyping("tlsa-bogus.example", engine: engine, width: 80,
      height: 24)
    let host = try XCTUnwrap(state.report?.hosts.first)
    XCTAssertEqual(host.addresses.first?.verdict, .deferred)
    XCTAssertTrue(state.traces.values.allSatisfy(\.lines.isEmpty), "nothing was probed")
    XCTAssertEqual(state.selectedProbe,
      ProbeKey(host: host.name, address: try XCTUnwrap(host.addresses.first).text))
    XCTAssertFalse(state.isProbePicked, "chosen for the user, not picked")
    _ = state.handle(.character("3"))
    let pane = paneText(state)
    XCTAssertTrue(pane.contains("Not probed: a sending server defers delivery"), pane)
    XCTAssertFalse(pane.contains("Select an MX address"), pane)
  }

  /// A null MX and a domain that does not exist: nothing to probe, said as the TLSA pane says it.
  func testNoMXHostSaysWhyInTheTLSAPanesWords() {
    let notes = [
      "Null MX (RFC 7505): the domain accepts no mail.", "The domain does not exist (NXDOMAIN).",
    ]
    for note in notes {
      var state = ConsoleState(sourceLabel: "test")
      state.resize(width: 120, height: 30)
      _ = state.open(domain: "nomail.example.")
      _ = state.apply(.report(ConsoleReport(
        domain: "nomail.example.", mxStatus: .secure, mxNote: note, isComplete: true)))
      _ = state.handle(.character("3"))
      let pane = paneText(state)
      XCTAssertTrue(pane.contains("Nothing probed: there is no MX host to connect to. " + note),
        pane)
      _ = state.handle(.character("2"))
      XCTAssertTrue(paneText(state).contains(note))
    }
  }

  /// MX hosts without an address (their address lookup failed): nothing to probe, said so.
  func testHostsWithoutAddressesSayNothingWasProbed() {
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 120, height: 30)
    _ = state.open(domain: "noaddress.example.")
    let tlsa = ConsoleReport.TLSASet(name: "_25._tcp.mx.noaddress.example.", status: .bogus,
      note: "Not looked up: the address records are bogus.")
    _ = state.apply(.report(ConsoleReport(
      domain: "noaddress.example.", mxStatus: .secure,
      hosts: [ConsoleReport.Host(name: "mx.noaddress.example.", preference: 10,
        addressStatus: .bogus, addresses: [], tlsa: tlsa)], isComplete: true)))
    XCTAssertNil(state.selectedProbe)
    _ = state.handle(.character("3"))
    let pane = paneText(state)
    XCTAssertTrue(pane.contains("Nothing probed: no MX host has an address to connect to"), pane)
    XCTAssertFalse(pane.contains("Select an MX address"), pane)
  }

  /// While the MX lookup runs, the pane says so; it does not claim that nothing was probed.
  func testMXLookupStillRunningIsNotNothingProbed() {
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 120, height: 30)
    _ = state.open(domain: "slow.example.")
    _ = state.apply(.report(ConsoleReport(domain: "slow.example.")))
    _ = state.handle(.character("3"))
    let pane = paneText(state)
    XCTAssertTrue(pane.contains("Looking up MX…"), pane)
    XCTAssertFalse(pane.contains("Nothing probed"), pane)
  }

  /// The rows of the pane as drawn, folded lines joined.
  private func paneText(_ state: ConsoleState) -> String {
    let rect = state.layout.pane
    return Renderer().render(state).lines[rect.y..<rect.maxY].map {
      String($0.dropFirst(rect.x)).trimmingCharacters(in: .whitespaces)
    }.joined(separator: " ")
  }
}
