import Foundation
import XCTest

@testable import Console
@testable import ValidationCore

/// A check that could not complete (`check` exits 3: "The check could not complete: …") never
/// has a header that reads `DNSSEC secure`: what was not finished is not secure. The tester saw
/// it with `--timeout 0.001`, where libunbound answered the MX lookup from its cache while the
/// chain engine's own DNSKEY lookup of the root got no answer in time; here the chain engine's
/// walk fails the same way every time.
final class IncompleteDNSSECBadgeTests: LabFixtureTestCase {
  func testAChainEngineThatCouldNotFinishMakesTheBadgeIncomplete() async throws {
    var engine = try await LabFixture.shared.engine()
    // The failing engine below is the only one: no builder builds the MX chain summary instead.
    engine.chainBuilder = nil
    let failure = "no answer within 0.001 s"
    engine.chain = { name, type in
      ChainReport(
        name: name, type: type, zones: [], answer: nil, denial: nil, cnameTargets: [],
        status: .indeterminate, reason: "the DNSKEY lookup for . failed: \(failure)",
        validatorStatus: nil,
        findings: [
          Finding(
            FindingCode("LOOKUP_FAILED"), subject: ". DNSKEY",
            evidence: [Evidence("reason", failure)])
        ], judgedAt: Date())
    }
    let state = await stateAfterTyping("two-mx.example", engine: engine, width: 120, height: 30)
    let report = try XCTUnwrap(state.report)
    // libunbound's own lookups are secure (Docs/Lab.md: two-mx), so only the incomplete check
    // keeps the badge from reading secure.
    XCTAssertEqual(report.mxStatus, .secure)
    let reason = try XCTUnwrap(report.incompleteReason)
    XCTAssertTrue(reason.contains("chain engine could not finish"), reason)
    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.contains("DNSSEC incomplete  DANE"), header)
    XCTAssertFalse(header.contains("secure"), header)
  }

  /// The rule on the model alone: every lookup secure, the check incomplete.
  func testEverySecureStatusOfAnIncompleteCheckReadsIncomplete() {
    var report = ReportFixture.report
    XCTAssertEqual(HeaderBadges.dnssec(report).0, "secure")
    report.incompleteReason = "the check's time limit of 1 s was reached"
    XCTAssertEqual(HeaderBadges.dnssec(report).0, "incomplete")
    XCTAssertEqual(HeaderBadges.dnssec(report).1, .indeterminate)
    report.hosts[0].addressStatus = .insecure
    XCTAssertEqual(HeaderBadges.dnssec(report).0, "incomplete")
    // A status worse than incomplete is known, and is said.
    report.hosts[0].tlsa.status = .bogus
    XCTAssertEqual(HeaderBadges.dnssec(report).0, "bogus")
  }
}
