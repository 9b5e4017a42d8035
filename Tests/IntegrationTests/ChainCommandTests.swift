import Foundation
import ValidationCore
import XCTest

/// `danescope chain` as a user runs it: the real binary, an unbound.conf (`--resolver-conf`)
/// with the fixture's zones as auth-zones, text and JSON output, exit codes as --help says.
final class ChainCommandTests: XCTestCase {
  nonisolated(unsafe) static var shared: (fixture: ChainFixture, conf: URL)?
  nonisolated(unsafe) static var setUpError: Error?

  override class func setUp() {
    super.setUp()
    do {
      let fixture = try ChainFixture(leaves: [
        ChainFixture.signedLeaf("good.tld.", nsec3: ChainSigner.NSEC3()),
        ChainMutation.windows[0].leaf,  // expired.tld.
        ChainMutation.other[0].leaf,  // gone.tld.
      ])
      shared = (fixture, try fixture.writeAuthZoneConf())
    } catch {
      setUpError = error
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  func run(_ arguments: [String]) throws -> DanescopeBinary.Result {
    if let error = Self.setUpError { throw error }
    let conf = try XCTUnwrap(Self.shared).conf
    return try DanescopeBinary.run(
      ["chain"] + arguments + ["--resolver-conf", conf.path], timeout: 60)
  }

  func json(_ result: DanescopeBinary.Result) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    return try XCTUnwrap(object as? [String: Any], result.stdout)
  }

  func testSecureNameAsJSON() throws {
    let result = try run(["www.good.tld.", "A", "--json"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let top = try json(result)
    XCTAssertEqual(top["status"] as? String, "secure")
    XCTAssertEqual(top["validatorStatus"] as? String, "secure")
    XCTAssertEqual((top["findings"] as? [Any])?.count, 0)
    let zones = try XCTUnwrap(top["zones"] as? [[String: Any]])
    XCTAssertEqual(zones.map { $0["name"] as? String }, [".", "tld.", "good.tld."])
  }

  func testBogusNameExitsOneWithTheFindingInJSON() throws {
    let result = try run(["www.expired.tld.", "--json"])
    XCTAssertEqual(result.status, 1, result.stderr)
    let top = try json(result)
    XCTAssertEqual(top["status"] as? String, "bogus")
    XCTAssertEqual(top["validatorStatus"] as? String, "bogus")
    let findings = try XCTUnwrap(top["findings"] as? [[String: Any]])
    let expired = try XCTUnwrap(findings.first { $0["code"] as? String == "RRSIG_EXPIRED" })
    XCTAssertEqual(expired["severity"] as? String, "error")
    XCTAssertTrue(
      (expired["summary"] as? String)?.contains("expired 7 d ago") ?? false, "\(expired)")
    // The keys Docs/JSON.md lists for a chain finding; evidence as label/value pairs, as in
    // check's report.
    for key in ["code", "severity", "subject", "summary", "evidence", "reference", "consequences"] {
      XCTAssertNotNil(expired[key], "chain finding without \(key)")
    }
    let evidence = try XCTUnwrap(expired["evidence"] as? [[String: String]], "\(expired)")
    XCTAssertFalse(evidence.isEmpty)
    XCTAssertTrue(evidence.allSatisfy { $0.keys.sorted() == ["label", "value"] }, "\(evidence)")
    for key in ["name", "type", "status", "validatorStatus", "judgedAt", "zones", "cnameTargets"] {
      XCTAssertNotNil(top[key], "chain report without \(key)")
    }
  }

  func testFailedLookupExitsThree() throws {
    let result = try run(["www.gone.tld.", "--json"])
    XCTAssertEqual(result.status, 3, result.stderr)
    let top = try json(result)
    XCTAssertEqual(top["status"] as? String, "indeterminate")
    let findings = try XCTUnwrap(top["findings"] as? [[String: Any]])
    XCTAssertTrue(findings.contains { $0["code"] as? String == "LOOKUP_FAILED" })
  }

  /// No trust anchor and no server that answers: nothing was learned, so the chain is
  /// indeterminate (as `check` says), never "insecure".
  func testNoAnchorAndNoAnswerIsIndeterminateNotInsecure() throws {
    let folder = try TemporaryDirectory("danescope-chain-dead")
    // Port 1 on loopback: nothing listens there, so every query fails.
    let conf = try folder.write(
      "unbound.conf",
      """
      server:
        do-not-query-localhost: no
      forward-zone:
        name: "."
        forward-addr: 127.0.0.1@1

      """)
    let result = try DanescopeBinary.run(
      ["--timeout", "2", "chain", "x.example.", "--json", "--resolver-conf", conf.path])
    XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
    let top = try json(result)
    XCTAssertEqual(top["status"] as? String, "indeterminate")
    let findings = try XCTUnwrap(top["findings"] as? [[String: Any]])
    XCTAssertEqual(findings.map { $0["code"] as? String }, ["LOOKUP_FAILED"])
  }

  func testTextTreeShowsZonesKeysAndSignatures() throws {
    let result = try run(["nope.good.tld.", "A"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let text = result.stdout
    XCTAssertTrue(
      text.hasPrefix("nope.good.tld. A: SECURE (proven: no such name) (libunbound: secure)"), text)
    for piece in [
      "zone .: secure (trust anchor)", "zone tld.: secure", "zone good.tld.: secure",
      "DS ", "DNSKEY ", "KSK, DS-matched", "RRSIG good.tld. DNSKEY by", "verifies, expires in",
      "denial (NSEC3) nope.good.tld. A, no such name: proven",
      "NSEC3 hash 1, iterations 0, salt none",
      "Findings: none",
    ] {
      XCTAssertTrue(text.contains(piece), "missing '\(piece)' in:\n\(text)")
    }
  }

  func testASCIITreeHasNoLineDrawingCharacters() throws {
    let result = try run(["www.good.tld.", "--ascii"])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("|- zone .: secure (trust anchor)"), result.stdout)
    XCTAssertFalse(result.stdout.contains("├"), result.stdout)
    // --ascii means pure ASCII: signature windows print `->`, not an arrow.
    XCTAssertTrue(result.stdout.utf8.allSatisfy { $0 < 0x80 }, result.stdout)
    XCTAssertTrue(result.stdout.contains("Z -> 20"), result.stdout)
    XCTAssertTrue(result.stdout.contains("www.good.tld. 3600 IN A 192.0.2.10"), result.stdout)
  }

  func testAtJudgesAsOfAnotherTime() throws {
    // Thirty days from now every signature of the lab hierarchy has expired (windows of four
    // weeks); libunbound still judges as of now, so its verdict is not compared.
    let later = Int(Date().timeIntervalSince1970) + 30 * 86_400
    let result = try run(["www.good.tld.", "--at", String(later), "--json"])
    XCTAssertEqual(result.status, 1, result.stderr)
    let top = try json(result)
    XCTAssertEqual(top["status"] as? String, "bogus")
    let findings = top["findings"] as? [[String: Any]] ?? []
    let codes = findings.map { $0["code"] as? String }
    // The root cause: the root KSK's signature over the root DNSKEY set has expired.
    XCTAssertEqual(codes.first, "RRSIG_EXPIRED", "\(codes)")
    XCTAssertEqual(findings.first?["subject"] as? String, ". DNSKEY")
    XCTAssertFalse(codes.contains("VALIDATOR_DISAGREEMENT"), "\(codes)")
  }

  /// Thirty days on, the root KSK's signature over the root's DNSKEY set has expired, so the
  /// root's DNSKEY set does not validate then, whatever its trust anchor's DS matches (RFC 4035
  /// §5.2, §5.3.1). The reference is the unbound daemon told to judge as of that instant
  /// (its `val-override-date`); the text and the JSON must not call the root, its
  /// DNSKEY set or anything below secure.
  func testAtARootWhoseDNSKEYSetFailsThenIsNeverSecure() throws {
    let later = Date().addingTimeInterval(30 * 86_400)
    let (fixture, _) = try XCTUnwrap(Self.shared)
    let stamp = DateFormatter()
    stamp.locale = Locale(identifier: "en_US_POSIX")
    stamp.timeZone = TimeZone(identifier: "UTC")
    stamp.dateFormat = "yyyyMMddHHmmss"
    let folder = try TemporaryDirectory("danescope-chain-at")
    let anchorFile = try folder.write("root.ds", fixture.rootDS + "\n")
    let unbound = try UnboundServer(
      authZones: fixture.zones.map { UnboundServer.AuthZone(name: $0.name, file: $0.file) },
      trustAnchorFile: anchorFile,
      extraServerLines: ["val-override-date: \"\(stamp.string(from: later))\""])
    defer { unbound.stop() }
    XCTAssertEqual(try unbound.verdict(on: "www.good.tld."), "bogus")

    let at = String(Int(later.timeIntervalSince1970))
    let result = try run(["www.good.tld.", "--at", at, "--json"])
    XCTAssertEqual(result.status, 1, result.stderr)
    let top = try json(result)
    XCTAssertEqual(top["status"] as? String, "bogus")
    let zones = try XCTUnwrap(top["zones"] as? [[String: Any]])
    let root = try XCTUnwrap(zones.first)
    XCTAssertEqual(root["name"] as? String, ".")
    XCTAssertEqual(root["trustAnchor"] as? Bool, true)
    XCTAssertEqual(root["status"] as? String, "bogus")
    XCTAssertEqual((root["dnskeySet"] as? [String: Any])?["status"] as? String, "bogus")
    for zone in zones {
      XCTAssertNotEqual(zone["status"] as? String, "secure", "\(zone)")
      for set in ["dsSet", "dnskeySet"] {
        let status = (zone[set] as? [String: Any])?["status"] as? String
        XCTAssertNotEqual(status, "secure", "\(zone["name"] ?? "") \(set)")
      }
    }

    let text = try run(["www.good.tld.", "--at", at]).stdout
    XCTAssertTrue(text.hasPrefix("www.good.tld. A: BOGUS"), text)
    XCTAssertTrue(text.contains("zone .: bogus (trust anchor)"), text)
    let lines = text.split(separator: "\n")
    let secure = lines.filter { $0.contains("secure") && !$0.contains("libunbound") }
    XCTAssertEqual(secure, [], text)
  }

  func testUsageErrorsExitTwo() throws {
    XCTAssertEqual(try run(["www.good.tld.", "NOTATYPE"]).status, 2)
    XCTAssertEqual(try run([]).status, 2)
    let badTime = try run(["www.good.tld.", "--at", "yesterday"])
    XCTAssertEqual(badTime.status, 2)
    XCTAssertTrue(badTime.stderr.contains("--at"), badTime.stderr)
  }
}
