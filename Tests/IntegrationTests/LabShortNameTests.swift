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

  /// `chain --lab` keeps any other name of the lab's zones as typed (a name the lab proves
  /// does not exist is a lesson too).
  func testChainKeepsOtherNamesOfTheLabZonesAsTyped() throws {
    let result = try DanescopeBinary.run(["chain", "--lab", "no-such-scenario.example", "--json"])
    XCTAssertEqual(try object(result)["name"] as? String, "no-such-scenario.example.")
  }

  /// A name that is neither a scenario's nor the lab's is a usage error that says so and
  /// points at the list, for check, chain and the console, instead of a lookup of `nope.`.
  /// check and the console take scenarios, chain any name of the lab's zones: each says which.
  func testANameTheLabHasNotGotIsRefused() throws {
    for (arguments, problem) in [
      (["check", "--lab", "nope"], "no lab scenario is named 'nope'"),
      (["chain", "--lab", "nope"], "no lab zone holds 'nope'"),
      (["chain", "--lab", "foo.org"], "no lab zone holds 'foo.org'"),
      (["--lab", "nope"], "no lab scenario is named 'nope'"),
    ] {
      let result = try DanescopeBinary.run(arguments)
      XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
      XCTAssertEqual(result.stdout, "", "\(arguments)")
      let lines = result.stderr.split(separator: "\n").map(String.init)
      let first = lines.first ?? ""
      XCTAssertEqual(lines.dropFirst(), ["Try 'danescope --help'."], "\(arguments)")
      XCTAssertTrue(first.hasPrefix("danescope: \(problem): "), first)
      XCTAssertTrue(first.contains("'danescope lab list' lists the scenarios"), first)
      XCTAssertTrue(first.hasSuffix("(argument \(arguments.count))"), first)
    }
    // check takes mail domains: another name of the lab's zones is refused too.
    let check = try DanescopeBinary.run(["check", "--lab", "no-such-scenario.example"])
    XCTAssertEqual(check.status, 2, check.stderr)
    // Without --lab a word with no dot is still no command.
    let plain = try DanescopeBinary.run(["nope"])
    XCTAssertEqual(plain.status, 2)
    XCTAssertTrue(plain.stderr.hasPrefix("danescope: unknown command 'nope'"), plain.stderr)
  }

  /// `danescope --lab two-mx` opens the console on that scenario, as `--lab two-mx.example`.
  func testTheConsoleTakesTheShortName() throws {
    _ = try TestProcess.locate("tmux")
    let tmux = try TmuxSession(
      [DanescopeBinary.url.path, "--lab", "two-mx"], width: 100, height: 30)
    defer { tmux.stop() }
    let screen = try tmux.waitFor("Checked two-mx.example.", timeout: 60)
    XCTAssertTrue(screen.contains("danescope  two-mx.example."), screen)
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
