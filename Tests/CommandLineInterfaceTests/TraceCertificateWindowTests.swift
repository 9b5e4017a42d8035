import Foundation
import ValidationCore
import XCTest

@testable import CommandLineInterface

/// `trace` marks a certificate outside its validity window as of the time the probe judged it
/// (the injected clock: `expired` after notAfter, `not yet valid` before notBefore), and says
/// when only DANE-EE records count, which ignore the dates (RFC 7672 §3.1.1). The certificate is
/// made by the openssl command line; its window is read back from it, not from our code.
final class TraceCertificateWindowTests: XCTestCase {
  private func makeCertificate() throws -> (CertificateFacts, notBefore: Date, notAfter: Date) {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-trace-window-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func openssl(_ arguments: [String]) throws -> String {
      let process = Process()
      let output = Pipe()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
      process.currentDirectoryURL = folder
      process.arguments = arguments
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      XCTAssertEqual(process.terminationStatus, 0, "openssl \(arguments)")
      return String(decoding: data, as: UTF8.self)
    }
    _ = try openssl([
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", "leaf.key", "-out", "leaf.crt", "-days", "30", "-subj", "/CN=mx.test",
    ])
    // The window as openssl prints it (`notBefore=Dec  5 03:50:00 2026 GMT`, as Unix seconds).
    let dates = try openssl([
      "x509", "-in", "leaf.crt", "-noout", "-dates", "-dateopt", "iso_8601",
    ])
    func date(_ key: String) throws -> Date {
      let line = try XCTUnwrap(dates.split(separator: "\n").first { $0.hasPrefix(key + "=") })
      let text = String(line.dropFirst(key.count + 1)).replacingOccurrences(of: " ", with: "T")
      return try XCTUnwrap(ISO8601DateFormatter().date(from: text), text)
    }
    let pem = try String(contentsOf: folder.appendingPathComponent("leaf.crt"), encoding: .utf8)
    return (try CertificateFacts(pem: pem), try date("notBefore"), try date("notAfter"))
  }

  private func validLine(_ facts: CertificateFacts, now: Date?, usages: [TLSAUsage] = [])
    -> String
  {
    let records = usages.map {
      TLSAData(
        usage: $0, selector: .subjectPublicKeyInfo, matchingType: .sha256,
        data: [UInt8](repeating: 1, count: 32))
    }
    let context = TraceEventText.Context(now: now, usableRecords: records)
    return TraceEventText.certificateLines(facts, context: context)
      .first { $0.hasPrefix("  valid ") } ?? ""
  }

  func testACertificateOutsideItsWindowIsMarkedAsOfTheClock() throws {
    let (facts, notBefore, notAfter) = try makeCertificate()
    let day: TimeInterval = 86_400
    let window = "  valid \(UTCTimestamp.text(notBefore)) to \(UTCTimestamp.text(notAfter))"

    let later = notAfter + day
    XCTAssertEqual(
      validLine(facts, now: later), window + ", expired as of \(UTCTimestamp.text(later))")
    let earlier = notBefore - day
    XCTAssertEqual(
      validLine(facts, now: earlier), window + ", not yet valid as of \(UTCTimestamp.text(earlier))")
    XCTAssertEqual(validLine(facts, now: notBefore + day), window)
    // No time to judge at: the dates alone, as before.
    XCTAssertEqual(validLine(facts, now: nil), window)
    // Only DANE-EE records: the mark stays, with why it does not count; one DANE-TA record
    // among them makes the dates count again.
    XCTAssertEqual(
      validLine(facts, now: later, usages: [.daneEE]),
      window + ", expired as of \(UTCTimestamp.text(later))"
        + " (ignored for DANE-EE, RFC 7672 §3.1.1)")
    XCTAssertEqual(
      validLine(facts, now: later, usages: [.daneEE, .daneTA]),
      window + ", expired as of \(UTCTimestamp.text(later))")
  }
}
