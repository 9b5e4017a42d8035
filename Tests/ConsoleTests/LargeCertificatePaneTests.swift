import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// What one certificate puts in the Handshake pane is bounded: a leaf with 1,400 DNS names
/// (a server chooses what it sends) lists the first 20 and counts the rest.
final class LargeCertificatePaneTests: XCTestCase {
  func testTheHandshakePaneListsTheFirstNamesAndCountsTheRest() throws {
    let key = try LabKey.generate(.ecdsaP256SHA256, flags: 256)
    let names = (0..<1400).map { "name-\($0).mx1.test.example" }
    let leaf = try LabCertificate.make(
      LabCertificate.Profile(commonName: "mx1.test.example", dnsNames: names, serial: 1),
      key: key, issuer: nil, now: Date())
    let event = TraceEvent(time: Date(), elapsed: 0.1, address: "127.0.0.2", port: 25,
      kind: .peerChain([leaf.facts]))
    let lines = TraceLine.lines(for: event).map(\.text)
    let listed = try XCTUnwrap(lines.first { $0.hasPrefix("    names ") })
    XCTAssertTrue(listed.contains("name-0.mx1.test.example, name-1.mx1.test.example"), listed)
    XCTAssertTrue(listed.contains("name-19.mx1.test.example, … and 1380 more"
      + " (1400 DNS names in all)"), listed)
    XCTAssertFalse(listed.contains("name-20.mx1.test.example"), listed)

    // In the pane at 120 columns: the list folds onto a few rows, not hundreds.
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 120, height: 40)
    _ = state.open(domain: "test.example.")
    let probe = ProbeKey(host: "mx1.test.example.", address: "127.0.0.2")
    _ = state.apply(.traceStarted(probe))
    for line in TraceLine.lines(for: event) { _ = state.apply(.trace(probe, line)) }
    let content = state.content(of: .handshake)
    XCTAssertLessThan(content.count, 20)
    let text = (0..<content.count).map { content.row(at: $0).text }.joined(separator: "\n")
    XCTAssertTrue(text.contains("1380 more"), text)
  }
}
