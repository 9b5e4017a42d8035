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
    // Information in a chain of its own, the cause of two warnings here weighs a warning: a
    // consequence never outweighs its root cause.
    XCTAssertTrue(lines[start + 1].hasPrefix("  [warning] INSECURE_DELEGATION"), result.stdout)
    XCTAssertTrue(lines[start + 2].hasPrefix("      [warning] "), result.stdout)
    XCTAssertTrue(lines[start + 3].hasPrefix("      [warning] "), result.stdout)
  }

  /// RFC 7672 §3.2.2: a DANE-TA record pins the trust anchor, and the leaf must still carry a
  /// reference identifier (TLSA base domain, MX host name, next-hop domain). In ta-wrong-name the
  /// lab's leaf is issued for elsewhere.invalid: the finding names the mismatch, not a missing
  /// record, and its fix is to reissue the leaf.
  func testDANETAMatchWithAWrongLeafNameIsANameMismatch() throws {
    let result = try check(["ta-wrong-name.example"])
    let top = findings(result.json)
    let codes = top.map { $0["code"] as? String }
    XCTAssertEqual(codes.first, "DANE_TA_NAME_MISMATCH", "\(codes)")
    XCTAssertFalse(codes.contains("DANE_AUTHENTICATION_FAILED"), "\(codes)")
    var evidence: [String: String] = [:]
    for item in top.first?["evidence"] as? [[String: Any]] ?? [] {
      if let label = item["label"] as? String { evidence[label] = item["value"] as? String }
    }
    XCTAssertEqual(evidence["names"], "elsewhere.invalid")
    XCTAssertEqual(evidence["depth"], "1")
    XCTAssertTrue(evidence["record"]?.hasPrefix("2 1 1 ") ?? false, "\(evidence)")
    XCTAssertEqual(
      evidence["references"], "mx1.ta-wrong-name.example., ta-wrong-name.example.")
    XCTAssertTrue(result.stdout.contains("include none of the reference identifiers"))
    XCTAssertFalse(result.stdout.contains("no usable TLSA record matched"), result.stdout)
  }

  /// `check --at TIME` judges DNSSEC as of TIME. Sixty days on, every signature of the lab (four
  /// week windows) has expired (RFC 4034 §3.1.5), so the MX RRset is bogus as of TIME (RFC 4035
  /// §5.3.1) and delivery is deferred (RFC 7672 §2.2): no host may be "verified", and
  /// libunbound's verdict of now is not compared (no VALIDATOR_DISAGREEMENT).
  func testAtJudgesTheDANEVerdictsWithTheDNSSECStatusAsOfThatTime() throws {
    let later = String(Int(Date().timeIntervalSince1970) + 60 * 86_400)
    let result = try check(["ee-valid.example", "--at", later])
    XCTAssertEqual(result.status, 1, result.stdout)
    let codes = findings(result.json).map { $0["code"] as? String }
    XCTAssertFalse(codes.contains("VALIDATOR_DISAGREEMENT"), "\(codes)")
    XCTAssertEqual(codes.first, "RRSIG_EXPIRED", "\(codes)")
    // The bogus MX is the expired signature's consequence, not a root cause of its own.
    XCTAssertFalse(codes.contains("MX_BOGUS"), "\(codes)")
    let nested = findings(result.json).first?["consequences"] as? [[String: Any]] ?? []
    XCTAssertTrue(nested.contains { $0["code"] as? String == "MX_BOGUS" }, "\(nested)")
    let mx = result.json["mx"] as? [String: Any] ?? [:]
    XCTAssertEqual(mx["status"] as? String, "bogus")
    XCTAssertFalse(result.stdout.contains("verified"), result.stdout)
    XCTAssertFalse(result.stdout.contains("VALIDATOR_DISAGREEMENT"), result.stdout)
    XCTAssertTrue(result.stdout.contains("Judged as of "), result.stdout)
    // The same check as of now is still verified: the difference is the time, not the lab.
    let now = try check(["ee-valid.example"])
    XCTAssertEqual(now.status, 0, now.stdout)
    XCTAssertTrue(now.stdout.contains("  verified  "), now.stdout)
  }

  /// alg16 is signed with Ed448, which Debian 12's libunbound lacks: it must treat the zone as
  /// insecure (RFC 4035 §5.2), and the check acts on that. The chain summary may not read
  /// better than the MX lookup (bogus, indeterminate, insecure, secure), also as of another
  /// time, when no VALIDATOR_DISAGREEMENT is there to explain a "secure" over it; and
  /// MX_INSECURE does not claim the records are unsigned.
  func testChainSummaryIsNeverBetterThanAnInsecureMXLookup() throws {
    let later = String(Int(Date().timeIntervalSince1970) + 2 * 86_400)
    for extra in [[], ["--at", later]] {
      let result = try check(["alg16.example"] + extra)
      let mx = result.json["mx"] as? [String: Any] ?? [:]
      let trust = result.json["chainOfTrust"] as? [String: Any] ?? [:]
      XCTAssertEqual(mx["status"] as? String, "insecure", "\(extra)")
      XCTAssertEqual(trust["status"] as? String, "insecure", "\(extra): \(trust)")
      XCTAssertTrue((trust["reason"] as? String)?.contains("MX lookup") ?? false, "\(trust)")
      XCTAssertTrue(
        result.stdout.contains("Chain of trust to alg16.example. MX: insecure\n  why: "),
        result.stdout)
      XCTAssertFalse(result.stdout.contains("MX: secure"), result.stdout)
      XCTAssertFalse(result.stdout.contains("are not signed"), result.stdout)
      XCTAssertTrue(result.stdout.contains("[warning] MX_INSECURE"), result.stdout)
    }
  }

  /// Docs/Lab.md's alg16 paragraph quotes the records-used rows of `check --lab alg16` as the
  /// report prints them (mx1's A record: libunbound's insecure, no reason of the engine's), and
  /// the JSON's link for it has no reason either.
  func testLabDocumentQuotesTheAlg16RowsCheckPrints() throws {
    let result = try check(["alg16.example"])
    func collapsed(_ text: some StringProtocol) -> String {
      text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
    let docs = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Docs/Lab.md")
    let paragraph = try XCTUnwrap(
      try String(contentsOf: docs, encoding: .utf8).components(separatedBy: "\n\n")
        .first { $0.contains("has no Ed448") })
    let quoted = paragraph.matches(of: /`(mx1\.alg16\.example\. [^`]+)`/)
      .map { String($0.output.1) }
    XCTAssertFalse(quoted.isEmpty, paragraph)
    let lines = result.stdout.split(separator: "\n").map(collapsed)
    for row in quoted {
      XCTAssertTrue(
        lines.contains(collapsed(row)), "Docs/Lab.md quotes '\(row)':\n\(result.stdout)")
    }
    let links = result.json["chain"] as? [[String: Any]] ?? []
    let a = try XCTUnwrap(
      links.first { $0["name"] as? String == "mx1.alg16.example." && $0["type"] as? String == "A" })
    XCTAssertEqual(a["status"] as? String, "insecure")
    XCTAssertNil(a["reason"], "\(a)")
  }

  /// Sixty days on, the signatures of the root, `example.` and `ee-valid.example.` have each
  /// expired in their own zone: ldns-verify-zone, at that time, finds each zone file's DNSKEY
  /// signature expired on its own. Each is a root cause to fix; none follows from another, so
  /// none is listed under another (RFC 4035 §5.3.1 judges each signature by itself).
  func testExpiriesInSeveralZonesAreSeparateRootCauses() throws {
    let later = Date().addingTimeInterval(60 * 86_400)
    let folder = try TemporaryDirectory("danescope-expiries")
    let export = try DanescopeBinary.run(["lab", "export", folder.url.path])
    XCTAssertEqual(export.status, 0, export.stderr)
    let stamp = DateFormatter()
    stamp.locale = Locale(identifier: "en_US_POSIX")
    stamp.timeZone = TimeZone(identifier: "UTC")
    stamp.dateFormat = "yyyyMMddHHmmss"
    let zones = [".": "root.zone", "example.": "example.zone", "ee-valid.example.": "ee-valid.example.zone"]
    for (owner, file) in zones {
      let verify = try TestProcess.run(
        "ldns-verify-zone", ["-t", stamp.string(from: later), folder.file("zones/\(file)").path])
      XCTAssertTrue(
        verify.stdout.contains("signature has expired for \(owner)\tDNSKEY")
          || verify.stderr.contains("signature has expired for \(owner)\tDNSKEY"),
        "\(file): \(verify.stdout)\(verify.stderr)")
    }
    let result = try check(["ee-valid.example", "--at", String(Int(later.timeIntervalSince1970))])
    let top = findings(result.json)
    let expired = top.filter { $0["code"] as? String == "RRSIG_EXPIRED" }
      .compactMap { $0["subject"] as? String }
    for owner in zones.keys {
      XCTAssertTrue(expired.contains("\(owner) DNSKEY"), "\(owner): \(expired)")
    }
    func nested(_ finding: [String: Any]) -> [[String: Any]] {
      let under = finding["consequences"] as? [[String: Any]] ?? []
      return under + under.flatMap(nested)
    }
    for finding in top {
      let codes = nested(finding).compactMap { $0["code"] as? String }
      XCTAssertFalse(codes.contains("RRSIG_EXPIRED"), "under \(finding["subject"] ?? ""): \(codes)")
    }
    // The root's keys are vouched for by the trust anchor, the others' by a DS (RFC 4035 §5).
    XCTAssertTrue(
      result.stdout.contains(
        "The DNSKEY set of . is not signed by any key that the trust anchor authenticates."),
      result.stdout)
    XCTAssertTrue(
      result.stdout.contains(
        "The DNSKEY set of example. is not signed by any key that a DS record authenticates."),
      result.stdout)
    // The highest break is where a validator stops: the bogus MX is listed under the root's.
    XCTAssertEqual(expired.first, ". DNSKEY", "\(expired)")
    XCTAssertTrue(
      nested(top.first ?? [:]).contains { $0["code"] as? String == "MX_BOGUS" }, "\(top.first ?? [:])")
  }

  /// A usable TLSA record that matched nothing in a handshake says so, as the console's TLSA pane
  /// does: two-mx's mx2 serves a key its record does not describe (the verdict is failed,
  /// Docs/Lab.md), mx1's record matches the leaf. Each line agrees with the JSON's
  /// `matchedDepths`. A record that no handshake tried (no-starttls: the server offers no TLS)
  /// is only usable.
  func testAUsableRecordThatMatchedNothingSaysSo() throws {
    let result = try check(["two-mx.example"])
    let hosts = (result.json["mx"] as? [String: Any])?["hosts"] as? [[String: Any]] ?? []
    XCTAssertEqual(hosts.count, 2, result.stdout)
    let lines = result.stdout.components(separatedBy: "\n")
    for host in hosts {
      let probes = host["probes"] as? [[String: Any]] ?? []
      XCTAssertTrue(probes.allSatisfy { !($0["chain"] as? [Any] ?? []).isEmpty }, "\(host)")
      let records = (host["tlsa"] as? [String: Any])?["records"] as? [[String: Any]] ?? []
      XCTAssertEqual(records.count, 1, "\(host)")
      for record in records {
        let text = try XCTUnwrap(record["text"] as? String)
        let line = try XCTUnwrap(lines.first { $0.hasPrefix("    \(text)  ") }, result.stdout)
        let depths = record["matchedDepths"] as? [Int] ?? []
        let expected =
          depths.isEmpty
          ? "usable, matched nothing in the probes"
          : "usable, matched at depth " + depths.map(String.init).joined(separator: ", ")
        XCTAssertTrue(line.hasSuffix("  " + expected), line)
      }
    }
    let verdicts = hosts.map { ($0["probes"] as? [[String: Any]])?.first?["verdict"] as? String }
    XCTAssertEqual(verdicts, ["verified", "failed"])
    XCTAssertTrue(
      lines.contains { $0.hasSuffix("  usable, matched nothing in the probes") }, result.stdout)

    let untried = try DanescopeBinary.run(["check", "--lab", "no-starttls.example"])
    let record = try XCTUnwrap(
      untried.stdout.components(separatedBy: "\n").first { $0.hasPrefix("    3 1 1 ") },
      untried.stdout)
    XCTAssertTrue(record.hasSuffix("  usable"), record)
  }
}
