import Foundation
import ValidationCore
import XCTest

/// What the engine says about names inside an NSEC3 opt-out span (dnssec-signzone -A), beside
/// the same zone signed without opt-out. libunbound, the reference, calls a denial under an
/// opt-out NSEC3 insecure, as RFC 5155 §6 makes it: the name could be an unsigned delegation,
/// which opt-out leaves unauthenticated. Without opt-out the same denial is secure.
final class ChainOptOutReasonTests: XCTestCase {
  nonisolated(unsafe) static var shared: Result<(ChainFixture, UnboundResolver, URL), Error>?

  override class func setUp() {
    super.setUp()
    shared = Result {
      let fixture = try ChainFixture(leaves: [
        ChainMutation.n3Parent("optout.tld.", optOut: true),
        ChainMutation.n3Parent("n3parent.tld.", optOut: false),
      ])
      return (fixture, try fixture.makeResolver(), try fixture.writeAuthZoneConf())
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  func build(_ name: String, _ type: RRType) async throws -> ChainReport {
    let (fixture, resolver, _) = try XCTUnwrap(Self.shared).get()
    return try await fixture.builder(resolver).build(name: try DNSName(name), type: type)
  }

  func testAnNXDOMAINUnderAnOptOutSpanSaysWhyItIsInsecure() async throws {
    let report = try await build("nosuch.optout.tld.", .a)
    XCTAssertEqual(report.validatorStatus, "insecure")
    XCTAssertEqual(report.status, .insecure)
    let denial = try XCTUnwrap(report.denial)
    XCTAssertEqual(denial.claim, .nameError)
    XCTAssertTrue(denial.isOptOut)
    XCTAssertEqual(
      report.reason,
      "the denial for nosuch.optout.tld. A is covered by an opt-out NSEC3 at optout.tld., which"
        + " cannot prove that there is no unsigned delegation (RFC 5155 §6)")
    // Every zone on the way is secure: only the reason accounts for the verdict.
    XCTAssertEqual(Set(report.zones.map(\.status)), [.secure])

    let plain = try await build("nosuch.n3parent.tld.", .a)
    XCTAssertEqual(plain.validatorStatus, "secure")
    XCTAssertEqual(plain.status, .secure)
    XCTAssertNil(plain.reason)
  }

  func testAnOptOutDelegationIsNotSaidToBeProvenWithoutDS() async throws {
    let report = try await build("www.unsigned.optout.tld.", .a)
    XCTAssertEqual(report.validatorStatus, "insecure")
    let finding = try XCTUnwrap(report.findings.first { $0.code == .insecureDelegation })
    XCTAssertEqual(
      finding.summary,
      "unsigned.optout.tld. is an unsigned zone: an opt-out NSEC3 of its parent optout.tld."
        + " covers the name, which shows only that no signed delegation is there (opt-out leaves"
        + " unsigned delegations unauthenticated, RFC 5155 §6).")
    XCTAssertFalse(finding.summary.contains("proves"), finding.summary)
    XCTAssertEqual(finding.severity, .info)

    let plain = try await build("www.unsigned.n3parent.tld.", .a)
    XCTAssertEqual(plain.validatorStatus, "insecure")
    let proven = try XCTUnwrap(plain.findings.first { $0.code == .insecureDelegation })
    XCTAssertEqual(
      proven.summary,
      "unsigned.n3parent.tld. is an unsigned zone: its parent proves that no DS record exists.")
  }

  /// `check` on that NXDOMAIN: the chain summary's reason says the same, in text and JSON, and
  /// never that no zone on the way down is insecure.
  func testCheckGivesTheOptOutReasonForTheChainSummary() throws {
    let (_, _, conf) = try XCTUnwrap(Self.shared).get()
    let arguments = ["check", "nosuch.optout.tld.", "--resolver-conf", conf.path]
    let text = try DanescopeBinary.run(arguments, timeout: 120)
    XCTAssertTrue(
      text.stdout.contains("Chain of trust to nosuch.optout.tld. MX: insecure"), text.stdout)
    XCTAssertTrue(
      text.stdout.contains(
        "  why: the denial for nosuch.optout.tld. MX is covered by an opt-out NSEC3 at"
          + " optout.tld."), text.stdout)
    XCTAssertFalse(text.stdout.contains("no zone on the way down"), text.stdout)

    let json = try DanescopeBinary.run(arguments + ["--json"], timeout: 120)
    let top = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any],
      json.stderr)
    let chain = try XCTUnwrap(top["chainOfTrust"] as? [String: Any], json.stdout)
    XCTAssertEqual(chain["status"] as? String, "insecure")
    XCTAssertEqual(
      chain["reason"] as? String,
      "the denial for nosuch.optout.tld. MX is covered by an opt-out NSEC3 at optout.tld., which"
        + " cannot prove that there is no unsigned delegation (RFC 5155 §6)")
  }
}
