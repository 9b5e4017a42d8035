import Foundation
import XCTest

/// A certificate written by `lab export` keeps matching the lab: `danescope tlsa` on it gives the
/// TLSA record that a later `check --lab` finds in the lab zone and matches against the server.
final class LabExportKeyTests: XCTestCase {
  func testExportedCertificateMatchesTheRecordOfALaterStart() throws {
    let scratch = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-exportkeys-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CACHE_HOME"] = scratch.appendingPathComponent("cache").path
    let export = scratch.appendingPathComponent("lab")

    let exported = try DanescopeBinary.run(
      ["lab", "export", export.path], environment: environment)
    XCTAssertEqual(exported.status, 0, exported.stderr)
    let certificate = export.appendingPathComponent("certs/mx1.ee-valid.example.pem")
    let tlsa = try DanescopeBinary.run(["tlsa", certificate.path], environment: environment)
    XCTAssertEqual(tlsa.status, 0, tlsa.stderr)
    let record = try XCTUnwrap(
      tlsa.stdout.split(separator: "\n").compactMap { line in
        line.range(of: "TLSA 3 1 1 ").map { String(line[$0.lowerBound...].dropFirst(5)) }
      }.first, tlsa.stdout)

    let check = try DanescopeBinary.run(
      ["check", "--lab", "ee-valid.example", "--json"], environment: environment)
    XCTAssertEqual(check.status, 0, check.stderr)
    XCTAssertTrue(
      check.stdout.contains("\"text\" : \"\(record)\""), "zone lacks \(record)")
    XCTAssertTrue(
      check.stdout.contains("\"matchedRecord\" : \"\(record)\""), "server not matched by \(record)")
  }
}
