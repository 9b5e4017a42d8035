import Foundation
import Lab
import XCTest

@testable import Console
@testable import ValidationCore

/// The Handshake pane's DANE line for a probe that did not attempt DANE says why in `trace`'s
/// words (its `dane:` line, TraceEventText): addresses or TLSA records that are not secure, no
/// records, or a failed lookup (a DANE sender defers) are not "no usable TLSA records", which
/// only a secure set with nothing usable is (RFC 7672 §2.2).
final class HandshakeDANELineTests: LabFixtureTestCase {
  private static func paneLine(_ reason: String?) -> String? {
    let event = TraceEvent(
      time: Date(), elapsed: 0.5, address: "127.0.0.1", port: 25,
      kind: .daneDecision(.notAttempted(.noUsableRecords), matches: []))
    return TraceLine.lines(for: event, noRecordsReason: reason).first?.text
  }

  private static func traceLine(_ reason: String?) -> String? {
    TraceEventText.lines(
      for: .daneDecision(.notAttempted(.noUsableRecords), matches: []),
      context: TraceEventText.Context(noRecordsReason: reason)
    ).first
  }

  func testThePaneSaysWhatTraceSaysForEveryTLSASet() throws {
    let base = try DNSName("mx1.example.")
    let unusable = AssessedTLSARecord(
      TLSAData(
        usage: .pkixEE, selector: .subjectPublicKeyInfo, matchingType: .sha256,
        data: [UInt8](repeating: 7, count: 32)))
    let sets: [TLSAResolution] = [
      .failed(baseDomain: base, .bogus(reason: "signature expired")),
      .failed(baseDomain: base, .indeterminate(reason: "timeout")),
      .notQueried(addressSecurity: .bogus(reason: "x")),
      .insecure(baseDomain: base), .secureAbsent, .notQueried(addressSecurity: .insecure),
      .records(baseDomain: base, [unusable]),
    ]
    for set in sets {
      let reason = set.noRecordsReason()
      let trace = try XCTUnwrap(Self.traceLine(reason))
      XCTAssertTrue(trace.hasPrefix("dane: "), trace)
      XCTAssertEqual(Self.paneLine(reason), String(trace.dropFirst("dane: ".count)), "\(set)")
    }
    XCTAssertEqual(
      Self.paneLine(TLSAResolution.insecure(baseDomain: base).noRecordsReason()),
      "not attempted: TLSA records not secure: TLS without authentication")
    XCTAssertEqual(
      Self.paneLine(
        TLSAResolution.failed(baseDomain: base, .bogus(reason: "x")).noRecordsReason()),
      "not attempted: the TLSA lookup at _25._tcp.mx1.example. is bogus; a DANE sender defers"
        + " delivery")
    // Only a secure set with nothing usable has no usable records.
    XCTAssertEqual(
      Self.paneLine(TLSAResolution.records(baseDomain: base, [unusable]).noRecordsReason()),
      "not attempted (no usable TLSA records): TLS without authentication")
  }

  /// `tlsa-unsigned`: the host's addresses are insecure (an unsigned delegation, Docs/Lab.md),
  /// so TLSA is not looked up; the probe's DANE line says so.
  func testAHostWithInsecureAddressesSaysTLSAWasNotLookedUp() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = try await LabScreenTests.checkedState("tlsa-unsigned", engine: engine)
    let key = try XCTUnwrap(state.selectedProbe)
    let lines = try XCTUnwrap(state.traces[key]).lines.filter { $0.kind == .decision }
    XCTAssertEqual(
      lines.map(\.text),
      ["not attempted: address records not secure, TLSA not looked up: TLS without"
        + " authentication"])
  }
}
