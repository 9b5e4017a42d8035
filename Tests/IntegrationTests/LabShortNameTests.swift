import Foundation
import Lab
import XCTest

/// With `--lab`, `check` and `chain` take a scenario's short name (`ee-valid`) for its domain
/// (`ee-valid.example.`), and give the same report as for the full domain.
final class LabShortNameTests: XCTestCase {
  private func object(_ result: DanescopeBinary.Result) throws -> [String: Any] {
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    return try XCTUnwrap(json as? [String: Any], result.stdout + result.stderr)
  }

  func testCheckTakesTheShortName() throws {
    let scenario = try XCTUnwrap(Lab.scenario(named: "ee-valid"))
    let short = try object(try DanescopeBinary.run(["check", "--lab", "ee-valid", "--json"]))
    XCTAssertEqual(short["domain"] as? String, "ee-valid.example.")
    let mx = short["mx"] as? [String: Any]
    XCTAssertEqual(mx?["status"] as? String, scenario.expected.mxStatus.rawValue)
    let hosts = mx?["hosts"] as? [[String: Any]] ?? []
    XCTAssertEqual(
      hosts.compactMap { $0["name"] as? String }, scenario.expected.hosts.map(\.name.description))
    let probes = hosts.first?["probes"] as? [[String: Any]] ?? []
    XCTAssertEqual(
      probes.first?["verdict"] as? String, scenario.expected.hosts.first?.verdict.rawValue)
  }

  func testChainTakesTheShortNameAndTheFullDomain() throws {
    for typed in ["ee-valid", "ee-valid.example", "EE-VALID.example."] {
      let result = try DanescopeBinary.run(["chain", "--lab", typed, "MX", "--json"])
      XCTAssertEqual(result.status, 0, "\(typed): \(result.stderr)")
      let chain = try object(result)
      XCTAssertEqual(chain["name"] as? String, "ee-valid.example.", typed)
      XCTAssertEqual(chain["status"] as? String, "secure", typed)
    }
  }

  /// A name that is no scenario's is looked up as typed (and does not exist in the lab).
  func testOtherNamesAreKeptAsTyped() throws {
    let result = try DanescopeBinary.run(["chain", "--lab", "no-such-scenario", "--json"])
    XCTAssertEqual(try object(result)["name"] as? String, "no-such-scenario.")
  }
}

/// Key roles as `chain` shows them: the lab's root and TLD have a KSK and a ZSK, each scenario
/// zone one combined key (Docs/Lab.md), which is a CSK, not a KSK; entry points come first.
final class ChainKeyRoleTests: XCTestCase {
  func testRolesAndTheirOrderAreStable() throws {
    var seen: Set<String> = []
    for _ in 0..<3 {
      let result = try DanescopeBinary.run(["chain", "--lab", "ee-valid", "MX", "--json"])
      XCTAssertEqual(result.status, 0, result.stderr)
      let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
      let zones = try XCTUnwrap((json as? [String: Any])?["zones"] as? [[String: Any]])
      let roles = zones.map { zone in
        "\(zone["name"] as? String ?? "?") "
          + ((zone["keys"] as? [[String: Any]]) ?? []).map { $0["role"] as? String ?? "?" }
          .joined(separator: ",")
      }
      XCTAssertEqual(roles, [". KSK,ZSK", "example. KSK,ZSK", "ee-valid.example. CSK"])
      seen.insert(roles.joined(separator: ";"))
    }
    XCTAssertEqual(seen.count, 1)
  }
}

/// A proven denial is secure, and `chain` says what was proven beside the word.
final class ChainDenialHeadTests: XCTestCase {
  func testProvenDenialsSayWhatWasProven() throws {
    let missing = try DanescopeBinary.run(["chain", "--lab", "nosuch.ee-valid.example", "A"])
    XCTAssertTrue(
      missing.stdout.hasPrefix("nosuch.ee-valid.example. A: SECURE (proven: no such name)"),
      missing.stdout)
    let noType = try DanescopeBinary.run(["chain", "--lab", "ee-valid", "TXT"])
    XCTAssertTrue(
      noType.stdout.hasPrefix("ee-valid.example. TXT: SECURE (proven: no such type)"),
      noType.stdout)
    let present = try DanescopeBinary.run(["chain", "--lab", "ee-valid", "MX"])
    XCTAssertTrue(present.stdout.hasPrefix("ee-valid.example. MX: SECURE (libunbound"), present.stdout)
  }
}
