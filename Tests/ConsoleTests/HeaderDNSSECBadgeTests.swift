import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// The header's DNSSEC badge is the worst DNSSEC status among the lookups the check acted on:
/// the MX set, each host's addresses, and the TLSA sets it looked up (only for hosts whose
/// addresses are secure, RFC 7672 §2.2.2). A DANE badge that says `deferred` because of a bogus
/// TLSA set never stands beside `DNSSEC secure`. The expected statuses are the scenarios' own
/// (Docs/Lab.md), which LabValidatorAgreementTests compares with the unbound daemon and delv.
final class HeaderDNSSECBadgeTests: LabFixtureTestCase {
  func testDNSSECBadgeIsTheWorstStatusOfTheLookupsTheCheckActedOn() async throws {
    let engine = try await LabFixture.shared.engine()
    let words: [String: String] = [
      "ee-valid": "secure", "tlsa-bogus": "bogus", "tlsa-expired": "bogus",
      "tlsa-unsigned": "insecure", "nsec3-insecure": "insecure",
      // A secure CNAME to insecure addresses: TLSA is looked up at the alias and verifies
      // (RFC 7672 §2.2.2), and the addresses the probe used are still insecure.
      "cname-unsigned-target": "insecure",
    ]
    for (name, word) in words.sorted(by: { $0.key < $1.key }) {
      let scenario = try XCTUnwrap(Lab.scenario(named: name))
      XCTAssertEqual(Self.worst(scenario.expected), word, "\(name): the scenario's statuses")
      let state = try await LabScreenTests.checkedState(name, engine: engine)
      let report = try XCTUnwrap(state.report)
      XCTAssertEqual(HeaderBadges.dnssec(report).0, word, name)
      var screen = ScreenMask.state(state)
      screen.resize(width: 120, height: 40)
      let header = try XCTUnwrap(Renderer().render(screen).lines.first)
      XCTAssertTrue(header.contains("DNSSEC \(word)  DANE"), "\(name): \(header)")
    }
  }

  /// The worst of the expected statuses of the lookups `check` makes.
  private static func worst(_ expected: Expectation) -> String {
    let order: [ExpectedStatus] = [.secure, .insecure, .indeterminate, .bogus]
    var statuses = [expected.mxStatus]
    for host in expected.hosts {
      statuses.append(host.addressStatus)
      if host.addressStatus == .secure || host.behindSecureAlias { statuses.append(host.tlsaStatus) }
    }
    return statuses.max { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }!.rawValue
  }
}
