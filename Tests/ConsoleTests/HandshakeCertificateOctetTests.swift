import Foundation
import XCTest

@testable import Console
@testable import ValidationCore

/// The Handshake pane shows a certificate's DNS names by the certificate's own octets, as
/// `trace` does: `\DDD` for each octet that is not printable ASCII, never U+FFFD.
final class HandshakeCertificateOctetTests: XCTestCase {
  func testNamesThatAreNotUTF8KeepTheirOctets() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-pane-octets-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // subjectAltName: `x` C0 AE C0 AE `.test` and `x` 9B `.test`, in DER.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.arguments = [
      "req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=mx.test", "-addext",
      "subjectAltName=DER:3015820A78C0AEC0AE2E746573748207789B2E74657374", "-newkey", "ec",
      "-pkeyopt", "ec_paramgen_curve:P-256", "-keyout", folder.appendingPathComponent("k").path,
      "-out", folder.appendingPathComponent("c").path,
    ]
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    let pem = try String(contentsOf: folder.appendingPathComponent("c"), encoding: .utf8)
    let facts = try CertificateFacts(pem: pem)
    let event = TraceEvent(
      time: Date(), elapsed: 0, address: "127.0.0.1", port: 25, kind: .peerChain([facts]))
    let texts = TraceLine.lines(for: event).map(\.text)
    XCTAssertTrue(
      texts.contains("    names x\\192\\174\\192\\174.test, x\\155.test"), "\(texts)")
    XCTAssertFalse(texts.joined().contains("\\239\\191\\189"), "\(texts)")
  }
}
