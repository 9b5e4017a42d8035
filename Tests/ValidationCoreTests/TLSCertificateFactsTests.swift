import Foundation
import XCTest

@testable import ValidationCore

/// Certificate facts read through OpenSSL, checked against what the openssl command line says.
final class TLSCertificateFactsTests: XCTestCase {
  func testFactsOfAnRSALeafAgreeWithOpenSSLX509() throws {
    let certificates = try TLSTestCertificates()
    let pem = try certificates.selfSigned(
      "leaf", cn: "mx.test",
      extra: "-addext 'subjectAltName=DNS:mx.test,DNS:mail.test,IP:127.0.0.1'")
    let facts = try CertificateFacts(pem: pem)

    XCTAssertEqual(facts.subject.text, "CN=mx.test")
    XCTAssertEqual(facts.issuer.text, "CN=mx.test")
    XCTAssertEqual(facts.commonNames, ["mx.test"])
    XCTAssertEqual(facts.dnsNames, ["mx.test", "mail.test"])
    XCTAssertEqual(facts.keyType, "RSA")
    XCTAssertEqual(facts.keyBits, 2048)
    XCTAssertNil(facts.keyGroup)
    XCTAssertTrue(facts.isSelfIssued)

    // `openssl x509 -enddate -dateopt iso_8601` prints e.g. notAfter=2027-01-03 16:01:58Z.
    let end = try certificates.shell("openssl x509 -in leaf.crt -noout -enddate -dateopt iso_8601")
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
    let text = end.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(
      of: "notAfter=", with: "")
    XCTAssertEqual(facts.notAfter, formatter.date(from: text), text)

    let fingerprint = try certificates.shell(
      "openssl x509 -in leaf.crt -noout -fingerprint -sha256")
    let expected = fingerprint.split(separator: "=").last!.filter(\.isHexDigit).lowercased()
    XCTAssertEqual(Hex.encode(facts.certificateSHA256), expected)
  }

  func testECKeyAndControlCharactersInNamesAreEscaped() throws {
    let certificates = try TLSTestCertificates()
    let pem = try certificates.selfSigned(
      "ec", cn: "evil\u{1B}[2J.test", key: "-newkey ec -pkeyopt ec_paramgen_curve:P-256")
    let facts = try CertificateFacts(pem: pem)
    XCTAssertEqual(facts.keyType, "EC")
    XCTAssertEqual(facts.keyBits, 256)
    XCTAssertEqual(facts.keyGroup, "prime256v1")
    XCTAssertEqual(facts.subject.text, "CN=evil\\027[2J.test")
    XCTAssertEqual(facts.commonNames, ["evil\u{1B}[2J.test"])
    let lines = TraceEventText.certificateLines(facts)
    XCTAssertFalse(lines.joined().unicodeScalars.contains { $0.value < 0x20 || $0.value > 0x7E })
  }

  func testUnreadablePEMSaysSo() {
    XCTAssertThrowsError(try CertificateFacts(pem: "not a certificate")) { error in
      XCTAssertEqual("\(error)", "cannot read the certificate: no PEM certificate found")
    }
  }
}
