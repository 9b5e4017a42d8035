import Foundation
import XCTest

/// What the probe commands print about a session, the way the man page promises: a
/// certificate's names with the certificate's own octets (`\DDD` for each one that is not
/// printable ASCII, never U+FFFD), and `tlsa --from` calling a session with injected plaintext
/// what `trace` calls it.
final class ProbeCertificateOctetTests: XCTestCase {
  /// subjectAltName with two DNS names that are not UTF-8: `x` C0 AE C0 AE `.test` (an overlong
  /// `.`, twice) and `x` 9B `.test` (a lone C1 CSI octet), in DER (openssl writes text SANs as
  /// given; these octets come only this way).
  static let octetSAN = "DER:3015820A78C0AEC0AE2E746573748207789B2E74657374"

  func testTraceShowsTheCertificateNamesOwnOctets() throws {
    let folder = try TemporaryDirectory("danescope-octets")
    let certificate = try TestCertificates.selfSigned(
      .ec, name: "mx.test", in: folder, subjectAltName: Self.octetSAN)
    // openssl reads the same octets back (its text form shows them raw).
    let shown = try TestProcess.run(
      "openssl", ["x509", "-in", certificate.certificate.path, "-noout", "-ext", "subjectAltName"])
    XCTAssertTrue(shown.stdout.utf8.count > 0, shown.stderr)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let run = try DanescopeBinary.run(["trace", "127.0.0.1:\(peer.port)", "--timeout", "5"])
    XCTAssertTrue(
      run.stdout.contains("DNS names x\\192\\174\\192\\174.test, x\\155.test"), run.stdout)
    XCTAssertFalse(run.stdout.contains("\\239\\191\\189"), run.stdout)
    XCTAssertFalse(run.stdout.contains("\u{FFFD}"), run.stdout)
  }

  /// The 220 to STARTTLS followed by plaintext: `trace` reports SMTP_PLAINTEXT_AFTER_STARTTLS
  /// (an error, exit 1); `tlsa --from` on the same server prints the record of the certificate
  /// the server sent over TLS, and says the same on standard error, with the same exit status.
  func testTLSAFromReportsPlaintextAfterSTARTTLSAsTraceDoes() throws {
    let folder = try TemporaryDirectory("danescope-tlsa-injected")
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(
      .plaintextAfterSTARTTLS("250 \u{1B}[1mfake\r\n"), certificate: certificate)
    defer { peer.stop() }
    let trace = try DanescopeBinary.run(["trace", "127.0.0.1:\(peer.port)", "--timeout", "5"])
    XCTAssertTrue(trace.stdout.contains("error SMTP_PLAINTEXT_AFTER_STARTTLS"), trace.stdout)
    XCTAssertEqual(trace.status, 1)

    let tlsa = try DanescopeBinary.run(
      ["tlsa", "--from", "127.0.0.1:\(peer.port)", "--tlsa-name", "mx.test", "--timeout", "5"])
    let hex = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    XCTAssertEqual(tlsa.stdout, "_25._tcp.mx.test. IN TLSA 3 1 1 \(hex)\n")
    XCTAssertTrue(
      tlsa.stderr.contains("danescope: error SMTP_PLAINTEXT_AFTER_STARTTLS:"), tlsa.stderr)
    XCTAssertTrue(tlsa.stderr.contains("it may be an attack"), tlsa.stderr)
    XCTAssertFalse(tlsa.stderr.unicodeScalars.contains { $0.value == 0x1B }, tlsa.stderr)
    XCTAssertEqual(tlsa.status, trace.status, tlsa.stderr)
  }
}
