import ValidationCore
import XCTest

@testable import CommandLineInterface

/// The `dane:` line of a probe that had no usable records says why, as the result line does:
/// a bogus or failed TLSA lookup is not an empty set (a DANE sender defers, RFC 7672 §2.2), and
/// insecure or absent records are not "no usable records". Only a secure set with nothing usable
/// is that (RFC 7672 §2.2, TLS mandatory and unauthenticated).
final class TraceDANELineTests: XCTestCase {
  private func line(_ tlsa: TLSAResolution?) -> String {
    let context = TraceEventText.Context(noRecordsReason: TraceCommand.noRecordsReason(tlsa))
    return TraceEventText.lines(
      for: .daneDecision(.notAttempted(.noUsableRecords), matches: []), context: context
    ).joined(separator: "\n")
  }

  func testEachReasonForNoUsableRecordsIsSaid() throws {
    let base = try DNSName("mx1.example.")
    XCTAssertEqual(
      line(.failed(baseDomain: base, .bogus(reason: "signature expired"))),
      "dane: not attempted: the TLSA lookup at _25._tcp.mx1.example. is bogus; a DANE sender"
        + " defers delivery")
    XCTAssertEqual(
      line(.failed(baseDomain: base, .indeterminate(reason: "timeout"))),
      "dane: not attempted: the TLSA lookup at _25._tcp.mx1.example. is indeterminate; a DANE"
        + " sender defers delivery")
    XCTAssertEqual(
      line(.notQueried(addressSecurity: .bogus(reason: "x"))),
      "dane: not attempted: the address lookup is bogus; a DANE sender defers delivery")
    XCTAssertEqual(
      line(.insecure(baseDomain: base)),
      "dane: not attempted: TLSA records not secure: TLS without authentication")
    XCTAssertEqual(
      line(.secureAbsent), "dane: not attempted: no TLSA records: TLS without authentication")
    XCTAssertEqual(
      line(.notQueried(addressSecurity: .insecure)),
      "dane: not attempted: address records not secure, TLSA not looked up: TLS without"
        + " authentication")
    // A secure set with nothing usable is the one "no usable TLSA records".
    let unusable = AssessedTLSARecord(
      TLSAData(
        usage: .pkixEE, selector: .subjectPublicKeyInfo, matchingType: .sha256,
        data: [UInt8](repeating: 7, count: 32)))
    XCTAssertEqual(
      line(.records(baseDomain: base, [unusable])),
      "dane: not attempted (no usable TLSA records): TLS without authentication")
  }
}
