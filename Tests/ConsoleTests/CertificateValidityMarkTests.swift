import Foundation
import ValidationCore
import XCTest

@testable import Console

/// The Handshake pane marks a certificate outside its validity window, as of the check's time
/// (`--at` included): "expired" after notAfter, "not yet valid" before notBefore. When every
/// usable record is DANE-EE the dates do not count (RFC 7672 §3.1.1), and the pane says so.
/// The certificate is made by the openssl command line, its window read back by OpenSSL.
final class CertificateValidityMarkTests: XCTestCase {
  private func certificate() throws -> CertificateFacts {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-validity-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.currentDirectoryURL = folder
    process.arguments = [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", "leaf.key", "-out", "leaf.crt", "-days", "30", "-subj", "/CN=mx.test",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    let pem = try String(contentsOf: folder.appendingPathComponent("leaf.crt"), encoding: .utf8)
    return try CertificateFacts(pem: pem)
  }

  private func windowLine(_ facts: CertificateFacts, now: Date, usages: [TLSAUsage]) -> String {
    let records = usages.map {
      TLSAData(usage: $0, selector: .subjectPublicKeyInfo, matchingType: .sha256,
        data: [UInt8](repeating: 1, count: 32))
    }
    let event = TraceEvent(time: now, elapsed: 0.01, address: "127.0.0.1", port: 2525,
      kind: .peerChain([facts]))
    let lines = TraceLine.lines(for: event,
      validity: TraceLine.ValidityContext(now: now, usableRecords: records))
    return lines.map(\.text).first { $0.contains("issuer") } ?? ""
  }

  func testWindowMarks() throws {
    let facts = try certificate()
    let notBefore = try XCTUnwrap(facts.notBefore)
    let notAfter = try XCTUnwrap(facts.notAfter)
    let day: TimeInterval = 86_400

    let expired = windowLine(facts, now: notAfter + day, usages: [.daneTA])
    XCTAssertTrue(expired.hasSuffix(", expired"), expired)

    let early = windowLine(facts, now: notBefore - day, usages: [.daneTA])
    XCTAssertTrue(early.contains(", not yet valid (from "), early)

    let inside = windowLine(facts, now: notBefore + day, usages: [.daneTA])
    XCTAssertFalse(inside.contains("expired") || inside.contains("not yet valid"), inside)

    let ignored = windowLine(facts, now: notAfter + day, usages: [.daneEE])
    XCTAssertTrue(ignored.hasSuffix(", expired (ignored for DANE-EE)"), ignored)

    let mixed = windowLine(facts, now: notAfter + day, usages: [.daneEE, .daneTA])
    XCTAssertTrue(mixed.hasSuffix(", expired"), mixed)
  }
}
