import Foundation
import XCTest

/// The shared harness (LDNSSigner, NSDServer) does what the other tests rely on: a zone signed
/// here verifies with ldns-verify-zone, an expired window fails it, and nsd serves the signatures.
final class ResolverHarnessTests: XCTestCase {
  static let zone = """
    $TTL 3600
    harness.example. IN SOA ns.harness.example. admin.harness.example. 1 7200 3600 1209600 3600
    harness.example. IN NS ns.harness.example.
    ns.harness.example. IN A 127.0.0.1
    www.harness.example. IN A 192.0.2.7
    """

  func testSignedZoneVerifiesAndExpiredOneDoesNot() throws {
    let folder = try TemporaryDirectory()
    let signer = try LDNSSigner(origin: "harness.example.", in: folder.url)
    let good = try signer.sign(Self.zone)
    XCTAssertEqual(try TestProcess.run("ldns-verify-zone", [good.path]).status, 0)

    let weekAgo = Date().addingTimeInterval(-7 * 86400)
    let expired = try signer.sign(
      Self.zone, fileName: "expired", inception: weekAgo.addingTimeInterval(-86400),
      expiration: weekAgo)
    let verdict = try TestProcess.run("ldns-verify-zone", [expired.path])
    XCTAssertNotEqual(verdict.status, 0, verdict.stdout + verdict.stderr)

    let nsec3 = try signer.sign(Self.zone, fileName: "nsec3", nsec3: .init(iterations: 0))
    XCTAssertTrue(try String(contentsOf: nsec3, encoding: .utf8).contains("NSEC3PARAM"))

    XCTAssertEqual(try signer.dsRecords.count, 1)
    XCTAssertTrue(try signer.dsRecords[0].contains("DS"))
    XCTAssertEqual(try signer.dnskeyRecords.count, 2)
  }

  func testNSDServesTheSignedZone() throws {
    let folder = try TemporaryDirectory()
    let signer = try LDNSSigner(origin: "harness.example.", in: folder.url)
    let signed = try signer.sign(Self.zone)
    let nsd = try NSDServer(zones: [.init("harness.example.", file: signed)])
    let answer = try TestProcess.check(
      "drill", ["-D", "-p", String(nsd.port), "www.harness.example.", "@127.0.0.1", "A"],
      timeout: 10)
    XCTAssertTrue(answer.contains("192.0.2.7"), answer)
    XCTAssertTrue(answer.contains("RRSIG"), answer)
    nsd.stop()
    // Over TCP a stopped server refuses at once.
    let after = try TestProcess.run(
      "drill", ["-t", "-p", String(nsd.port), "www.harness.example.", "@127.0.0.1", "A"],
      timeout: 10)
    XCTAssertFalse(after.stdout.contains("192.0.2.7"), "nsd still answers after stop()")
  }
}
