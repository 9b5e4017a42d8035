import Foundation
import Lab
import ValidationCore
import XCTest

/// Every scenario's verdicts from `danescope check --lab DOMAIN --json` equal the verdicts its
/// documentation states (written from RFC 7672 before the lab ran; see Docs/Lab.md).
final class LabCheckTests: XCTestCase {
  func testEveryScenarioGivesItsDocumentedVerdicts() throws {
    for scenario in Lab.scenarios {
      let result = try DanescopeBinary.run(["check", "--lab", "\(scenario.domain)", "--json"])
      guard let report = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)),
        let top = report as? [String: Any], let mx = top["mx"] as? [String: Any]
      else {
        XCTFail("\(scenario.name): no JSON report (exit \(result.status)): \(result.stderr)")
        continue
      }
      XCTAssertEqual(
        mx["status"] as? String, scenario.expected.mxStatus.rawValue, "\(scenario.name): MX")
      Self.assertNoConsequenceOutweighsItsCause(
        top["findings"] as? [[String: Any]] ?? [], scenario.name)
      let hosts = mx["hosts"] as? [[String: Any]] ?? []
      XCTAssertEqual(
        hosts.compactMap { $0["name"] as? String },
        scenario.expected.hosts.map(\.name.description), "\(scenario.name): MX hosts")
      for (host, expected) in zip(hosts, scenario.expected.hosts) {
        XCTAssertEqual(
          host["addressStatus"] as? String, expected.addressStatus.rawValue,
          "\(scenario.name): addresses of \(expected.name)")
        let tlsa = host["tlsa"] as? [String: Any]
        // TLSA is looked up only for secure addresses (RFC 7672 §2.2.2).
        XCTAssertEqual(
          tlsa?["queried"] as? Bool, expected.tlsaLookedUp,
          "\(scenario.name): TLSA looked up for \(expected.name)")
        // A lookup never made has no status (Docs/JSON.md); the scenario's expected TLSA status
        // is then that of the addresses that stopped it, which `addressStatus` holds.
        XCTAssertEqual(
          tlsa?["status"] as? String, expected.tlsaLookedUp ? expected.tlsaStatus.rawValue : nil,
          "\(scenario.name): TLSA of \(expected.name)")
        if !expected.tlsaLookedUp {
          XCTAssertEqual(
            host["addressStatus"] as? String, expected.tlsaStatus.rawValue,
            "\(scenario.name): the status that stopped the TLSA lookup of \(expected.name)")
        }
        let probes = host["probes"] as? [[String: Any]] ?? []
        XCTAssertEqual(
          probes.first?["verdict"] as? String, expected.verdict.rawValue,
          "\(scenario.name): verdict for \(expected.name): \(probes.first?["reason"] ?? "no probe")"
        )
      }
    }
  }

  /// A finding listed under a root cause follows from it, so it never weighs more than it (an
  /// error under a warning would make the exit status hang on a consequence).
  static func assertNoConsequenceOutweighsItsCause(
    _ findings: [[String: Any]], _ label: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    let order = ["info", "advice", "warning", "error"]
    for finding in findings {
      let rank = order.firstIndex(of: finding["severity"] as? String ?? "") ?? -1
      let consequences = finding["consequences"] as? [[String: Any]] ?? []
      for consequence in consequences {
        let under = order.firstIndex(of: consequence["severity"] as? String ?? "") ?? 99
        XCTAssertLessThanOrEqual(
          under, rank, "\(label): \(consequence["code"] ?? "?") under \(finding["code"] ?? "?")",
          file: file, line: line)
      }
      assertNoConsequenceOutweighsItsCause(consequences, label, file: file, line: line)
    }
  }
}
