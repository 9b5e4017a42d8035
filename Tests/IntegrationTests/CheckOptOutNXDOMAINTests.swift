import Foundation
import ValidationCore
import XCTest

/// An NXDOMAIN in a signed zone whose NSEC3 records carry the opt-out flag (dnssec-signzone -A):
/// the denial is insecure only because an opt-out NSEC3 covers the name (RFC 5155 §6), and
/// `check` and `trace` say so, for an MX host (MX_HOST_NOT_FOUND) and for the domain itself
/// (DOMAIN_NOT_FOUND). The same zone signed without opt-out is the contrast: proven. The
/// reference for insecure and secure is libunbound's verdict on the same names.
final class CheckOptOutNXDOMAINTests: XCTestCase {
  nonisolated(unsafe) static var shared: Result<(ChainFixture, UnboundResolver, URL), Error>?

  override class func setUp() {
    super.setUp()
    shared = Result {
      let fixture = try ChainFixture(leaves: [
        leaf("optmx.tld.", optOut: true), leaf("plainmx.tld.", optOut: false),
      ])
      return (fixture, try fixture.makeResolver(), try fixture.writeAuthZoneConf())
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  /// A zone signed with NSEC3 whose only MX host, gone.ORIGIN, does not exist: `check` probes
  /// nothing.
  static func leaf(_ origin: String, optOut: Bool) -> ChainFixture.Leaf {
    ChainFixture.Leaf(origin: origin) { fixture in
      let signer = try ChainSigner(.bind, origin: origin, algorithm: 13, in: fixture.folder.url)
      let text = ChainFixture.soa(origin) + "\(origin) IN MX 10 gone.\(origin)\n"
      let file = try signer.sign(text, nsec3: ChainSigner.NSEC3(optOut: optOut))
      return ChainFixture.Made(file: file, parentRecords: try signer.dsRecords())
    }
  }

  func libunbound(_ name: String, _ type: RRType) async throws -> String? {
    let (fixture, resolver, _) = try XCTUnwrap(Self.shared).get()
    let report = try await fixture.builder(resolver).build(name: try DNSName(name), type: type)
    return report.validatorStatus
  }

  func run(_ arguments: [String]) throws -> DanescopeBinary.Result {
    let (_, _, conf) = try XCTUnwrap(Self.shared).get()
    return try DanescopeBinary.run(arguments + ["--resolver-conf", conf.path], timeout: 120)
  }

  func testAnMXHostUnderAnOptOutNSEC3IsNotProvenAndSaysWhy() async throws {
    let optOutVerdict = try await libunbound("gone.optmx.tld.", .a)
    XCTAssertEqual(optOutVerdict, "insecure")
    let plainVerdict = try await libunbound("gone.plainmx.tld.", .a)
    XCTAssertEqual(plainVerdict, "secure")
    let because = "the denial is covered by an opt-out NSEC3 at optmx.tld., so it is not proven"

    let check = try run(["check", "optmx.tld."])
    XCTAssertTrue(
      check.stdout.contains("MX host gone.optmx.tld. does not exist (NXDOMAIN, \(because))."),
      check.stdout)
    XCTAssertFalse(check.stdout.contains("unproven"), check.stdout)
    let plain = try run(["check", "plainmx.tld."])
    XCTAssertTrue(
      plain.stdout.contains("MX host gone.plainmx.tld. does not exist (NXDOMAIN, proven by DNSSEC)."),
      plain.stdout)

    let port = try FreePort.next()
    let trace = try run(["trace", "gone.optmx.tld.:\(port)", "--timeout", "5"])
    XCTAssertTrue(
      trace.stdout.contains("the name does not exist (NXDOMAIN, \(because))"),
      trace.stdout + trace.stderr)
    XCTAssertTrue(
      trace.stderr.contains("gone.optmx.tld. does not exist (NXDOMAIN, \(because))"), trace.stderr)
    XCTAssertFalse(trace.stdout.contains("insecure: not proven"), trace.stdout)
  }

  func testADomainUnderAnOptOutNSEC3IsNotProvenAndSaysWhy() async throws {
    let verdict = try await libunbound("zzz.optmx.tld.", .mx)
    XCTAssertEqual(verdict, "insecure")
    let check = try run(["check", "zzz.optmx.tld."])
    XCTAssertTrue(
      check.stdout.contains(
        "zzz.optmx.tld. does not exist (NXDOMAIN, the denial is covered by an opt-out NSEC3 at"
          + " optmx.tld., so it is not proven): mail to it cannot be delivered."), check.stdout)
    let plain = try run(["check", "zzz.plainmx.tld."])
    XCTAssertTrue(
      plain.stdout.contains(
        "zzz.plainmx.tld. does not exist (NXDOMAIN, proven by DNSSEC): mail to it cannot be"
          + " delivered."), plain.stdout)
  }
}
