import Foundation
import XCTest

/// The text and JSON of `danescope check --lab` for scenarios whose report layout the user guide
/// promises: root causes first with their consequences under them.
final class CheckReportTextTests: XCTestCase {
  func check(_ arguments: [String]) throws -> (status: Int32, stdout: String, json: [String: Any]) {
    let text = try DanescopeBinary.run(["check", "--lab"] + arguments)
    let json = try DanescopeBinary.run(["check", "--lab"] + arguments + ["--json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
    return (text.status, text.stdout, object as? [String: Any] ?? [:])
  }

  func findings(_ top: [String: Any]) -> [[String: Any]] {
    top["findings"] as? [[String: Any]] ?? []
  }

  /// An unsigned delegation (RFC 4035 §5.2: the parent proves there is no DS) makes everything
  /// below it insecure: MX_INSECURE and ADDRESS_INSECURE are its consequences, not root causes.
  func testInsecureDelegationIsTheRootCauseOfTheInsecureFindings() throws {
    let result = try check(["nsec3-insecure.example"])
    let top = findings(result.json)
    XCTAssertEqual(top.map { $0["code"] as? String }, ["INSECURE_DELEGATION"], "\(top)")
    let nested = (top.first?["consequences"] as? [[String: Any]] ?? []).map {
      $0["code"] as? String
    }
    XCTAssertEqual(Set(nested), ["MX_INSECURE", "ADDRESS_INSECURE"])
    let lines = result.stdout.components(separatedBy: "\n")
    let start = try XCTUnwrap(lines.firstIndex(of: "Findings"), result.stdout)
    XCTAssertTrue(lines[start + 1].hasPrefix("  [info] INSECURE_DELEGATION"), result.stdout)
    XCTAssertTrue(lines[start + 2].hasPrefix("      [warning] "), result.stdout)
    XCTAssertTrue(lines[start + 3].hasPrefix("      [warning] "), result.stdout)
  }
}
