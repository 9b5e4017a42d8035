import Lab
import ValidationCore
import XCTest

@testable import Console

/// `check` lists the DNSSEC status of both address lookups of every MX host, A and AAAA ("DNSSEC
/// status of the records used"): a host's address status is the worse of the two (RFC 7672
/// §2.2.2, D-policy-1). The Chain of trust pane shows a chain for each of them, the AAAA one the
/// same way as the A one: the RRset with its signatures, or, for a host with no IPv6 address
/// (the lab's hosts), the denial proof that says so.
final class AAAAChainTests: LabFixtureTestCase {
  func testThePaneShowsAnAAAAChainBesideTheAChainOfEveryHost() async throws {
    let engine = try await LabFixture.shared.engine()
    // Hosts in signed zones: an insecure zone has no proof to show for a type it lacks (the
    // pane ends at that zone, for A as for AAAA, as `chain` does).
    // alg16: libunbound cannot validate Ed448 and calls both lookups insecure; the proof of no
    // AAAA, which danescope's engine verifies, is held to that as the A RRset is.
    for name in ["ee-valid", "two-mx", "alg16"] {
      let scenario = try XCTUnwrap(Lab.scenario(named: name))
      let report = await FindingsPaneNestingTests.domainReport(scenario, engine: engine)
      let state = try await LabScreenTests.checkedState(name, engine: engine)
      let nodes = try XCTUnwrap(state.report, name).chain.flatMap { $0.flattened() }
      let links = report.chain.filter { $0.type == .a || $0.type == .aaaa }
      XCTAssertEqual(links.count, 2 * report.mx.hosts.count, "\(name): \(links)")
      for link in links {
        let shown = nodes.first {
          ($0.kind == .rrset && $0.title == "\(link.name) \(link.type)")
            || ($0.kind == .denial && $0.title.contains(" proof: \(link.name) \(link.type) "))
        }
        XCTAssertNotNil(shown, "\(name): no chain node for \(link.name) \(link.type)")
        // The lab's hosts have IPv4 addresses only: the AAAA node is the proof of no data,
        // with the status of the check's lookup.
        if link.type == .aaaa, let shown {
          XCTAssertEqual(shown.kind, .denial, "\(name) \(link.name)")
          XCTAssertEqual(shown.status.rawValue, link.security.word, "\(name) \(link.name)")
        }
      }
    }
  }
}
