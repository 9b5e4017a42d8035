import Foundation
import XCTest

@testable import ValidationCore

/// Octets from outside read without loss: every octet that is not part of a UTF-8 character
/// is `\DDD`, where a lossy decoding would put U+FFFD (`\239\191\189`) for all alike.
final class OctetEscapeTests: XCTestCase {
  func testInvalidOctetsAreEscapedByTheirOwnValue() {
    let cases: [([UInt8], String)] = [
      ([0x78, 0xC0, 0xAE, 0xC0, 0xAE, 0x2E], "x\\192\\174\\192\\174."),
      ([0x9B], "\\155"),
      ([0x78, 0xE9, 0x3A], "x\\233:"),
      // A valid character stays; a sequence cut short is escaped octet by octet.
      ([0xC3, 0xA9, 0xE2, 0x80], "é\\226\\128"),
      // A literal U+FFFD in the input is a character like any other.
      ([0xEF, 0xBF, 0xBD], "\u{FFFD}"),
      ([], ""),
    ]
    for (octets, expected) in cases {
      XCTAssertEqual(String(escapingInvalidUTF8: octets), expected, "\(octets)")
    }
  }

  func testProseOctetsEscapeControlsAndInvalidOctetsAndKeepPrintableUnicode() {
    let octets: [UInt8] = Array("CN=é".utf8) + [0x1B, 0x9B, 0xC0, 0xAE] + Array("§".utf8)
    XCTAssertEqual(SanitizedText(proseOctets: octets).text, "CN=é\\027\\155\\192\\174§")
  }

  func testCStringOctetsAreNotRepaired() {
    let bytes: [CChar] = [0x61, CChar(bitPattern: 0xE9), 0x62, 0]
    let text = bytes.withUnsafeBufferPointer { String(escapingInvalidUTF8: $0.baseAddress!) }
    XCTAssertEqual(text, "a\\233b")
  }

  /// The SAN of the trace test (`x` C0 AE C0 AE `.test`, `x` 9B `.test`), read by OpenSSL: the
  /// names keep the certificate's octets, and the trace shows them as `\DDD`.
  func testCertificateNamesKeepTheirOwnOctets() throws {
    let certificates = try TLSTestCertificates()
    let pem = try certificates.selfSigned(
      "octets", cn: "mx.test", key: "-newkey ec -pkeyopt ec_paramgen_curve:P-256",
      extra: "-addext 'subjectAltName=DER:3015820A78C0AEC0AE2E746573748207789B2E74657374'")
    let facts = try CertificateFacts(pem: pem)
    XCTAssertEqual(
      facts.dnsNames.map(\.octets),
      [
        [0x78, 0xC0, 0xAE, 0xC0, 0xAE] + Array(".test".utf8),
        [0x78, 0x9B] + Array(".test".utf8),
      ])
    XCTAssertEqual(facts.dnsNames.map(\.asciiText), [nil, nil])
    XCTAssertTrue(
      TraceEventText.certificateLines(facts).contains(
        "  DNS names x\\192\\174\\192\\174.test, x\\155.test"),
      "\(TraceEventText.certificateLines(facts))")
  }
}
