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

  /// A common name with an octet above 7F. OpenSSL 3 refuses to read a UTF8String that is not
  /// UTF-8, so the DER is patched to an IA5String (tag 16) `mx.tes` C0, in subject and issuer
  /// (the signature no longer matters to what is read): the common name keeps its octet
  /// (`\192`); OpenSSL prints the subject's IA5String octet by octet as Latin-1 (`À`), valid
  /// UTF-8 that the subject keeps.
  func testACommonNameOctetAbove7FKeepsItsValue() throws {
    let certificates = try TLSTestCertificates()
    _ = try certificates.selfSigned(
      "subject", cn: "mx.tesZ", key: "-newkey ec -pkeyopt ec_paramgen_curve:P-256")
    _ = try certificates.shell("openssl x509 -in subject.crt -outform DER -out subject.der")
    var der = try Array(Data(contentsOf: URL(fileURLWithPath: certificates.path("subject.der"))))
    let name = Array("mx.tesZ".utf8)
    var patched = 0
    var index = 0
    while index + name.count <= der.count {
      if Array(der[index..<index + name.count]) == name, der[index - 2] == 0x0C {
        der[index - 2] = 0x16
        der[index + name.count - 1] = 0xC0
        patched += 1
      }
      index += 1
    }
    XCTAssertEqual(patched, 2, "subject and issuer")
    let pem =
      "-----BEGIN CERTIFICATE-----\n"
      + Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
      + "\n-----END CERTIFICATE-----\n"
    let facts = try CertificateFacts(pem: pem)
    XCTAssertEqual(facts.subject.text, "CN=mx.tes\u{C0}")
    XCTAssertEqual(facts.issuer.text, "CN=mx.tes\u{C0}")
    XCTAssertEqual(facts.commonNames.map(\.printable.text), ["mx.tes\\192"])
  }
}
