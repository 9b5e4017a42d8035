import Foundation
import XCTest

/// `danescope check --lab` on the `cname-unsigned-target` scenario, whose documented facts
/// (Docs/Lab.md, the scenario's lesson) are: `mail.cname-unsigned-target.example.` is a signed
/// CNAME to `mx1.hosts.cname-unsigned-target.example.`, and `hosts.cname-unsigned-target.example.`
/// is delegated without DS, so mx1's A record is insecure while the CNAME is secure.
final class CheckCNAMEReportTests: XCTestCase {
  let alias = "mail.cname-unsigned-target.example."
  let target = "mx1.hosts.cname-unsigned-target.example."
  let unsignedZone = "hosts.cname-unsigned-target.example."

  func check(_ domain: String) throws -> (text: String, json: [String: Any]) {
    let text = try DanescopeBinary.run(["check", "--lab", domain])
    XCTAssertEqual(text.status, 0, text.stdout + text.stderr)
    let json = try DanescopeBinary.run(["check", "--lab", domain, "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
    return (text.stdout, try XCTUnwrap(object as? [String: Any]))
  }

  func lines(_ text: String, after heading: String) -> [String] {
    let all = text.components(separatedBy: "\n")
    guard let start = all.firstIndex(of: heading) else { return [] }
    return Array(all[(start + 1)...].prefix { !$0.isEmpty })
  }

  /// The mail domain is itself the alias (no MX records: it is its own host). Its MX lookup
  /// follows the CNAME into the unsigned zone, so the answer is insecure (RFC 4035 §5: each
  /// RRset is validated in its own zone; §5.2: no DS, no chain), while the zones of the alias
  /// are all secure. The summary must say why, naming the target and the unsigned delegation,
  /// in the same words as the JSON's reason.
  func testAnAliasIntoAnUnsignedZoneSaysWhyItsSummaryIsInsecure() throws {
    let result = try check(alias)
    let trust = try XCTUnwrap(result.json["chainOfTrust"] as? [String: Any])
    XCTAssertEqual(trust["status"] as? String, "insecure")
    let zones = try XCTUnwrap(trust["zones"] as? [[String: Any]])
    XCTAssertEqual(
      zones.map { $0["name"] as? String }, [".", "example.", "cname-unsigned-target.example."])
    XCTAssertEqual(Set(zones.map { $0["status"] as? String }), ["secure"])
    let reason = try XCTUnwrap(trust["reason"] as? String)
    XCTAssertTrue(reason.contains("\(alias) → \(target)"), reason)
    XCTAssertTrue(reason.contains(unsignedZone), reason)
    XCTAssertTrue(reason.contains("no DS"), reason)
    XCTAssertTrue(
      result.text.contains("Chain of trust to \(alias) MX: insecure\n  why: \(reason)\n"),
      result.text)
  }

  /// RFC 7672 §2.2.2: mx1's addresses are insecure and reached through the alias, so whether
  /// TLSA is looked up at all (at `_25._tcp.mail`, never at the target) rests on the CNAME's own
  /// status, secure here. The CNAME lookup is a record used, after the addresses and before the
  /// TLSA it allowed, in the text and in the JSON.
  func testTheMXHostsCNAMEIsARecordUsed() throws {
    let result = try check("cname-unsigned-target.example")
    let chain = try XCTUnwrap(result.json["chain"] as? [[String: Any]])
    let rows = chain.map {
      "\($0["name"] as? String ?? "") \($0["type"] as? String ?? "") \($0["status"] as? String ?? "")"
    }
    XCTAssertEqual(
      rows,
      [
        "cname-unsigned-target.example. MX secure", "\(alias) A insecure",
        "\(alias) AAAA insecure", "\(alias) CNAME secure", "_25._tcp.\(alias) TLSA secure",
      ])
    let table = lines(result.text, after: "DNSSEC status of the records used")
    let cname = try XCTUnwrap(table.first { $0.hasPrefix("  \(alias) CNAME ") }, result.text)
    XCTAssertTrue(cname.hasSuffix("  secure         1 record"), cname)
  }

  /// The records table lines its status column up under the longest owner and type,
  /// `_25._tcp.mail.cname-unsigned-target.example. TLSA` (49 characters); so do the zones of the
  /// chain summary under `cname-unsigned-target.example.`.
  func testEveryRowOfTheRecordsTableHasItsStatusInOneColumn() throws {
    let result = try check("cname-unsigned-target.example")
    let longest = "_25._tcp.\(alias) TLSA"
    let table = lines(result.text, after: "DNSSEC status of the records used")
    XCTAssertEqual(table.count, 5, result.text)
    XCTAssertTrue(table.contains { $0.hasPrefix("  \(longest)  ") }, result.text)
    for row in table {
      // Two spaces after the label column, then the status word.
      XCTAssertEqual(
        String(row.dropFirst(2 + longest.count).prefix(2)), "  ", "\(row)\n\(result.text)")
      let status = row.dropFirst(2 + longest.count + 2)
      XCTAssertTrue(
        status.hasPrefix("secure ") || status.hasPrefix("insecure "), "\(row)\n\(result.text)")
    }
    let zones = lines(result.text, after: "Chain of trust to cname-unsigned-target.example. MX: secure")
    XCTAssertEqual(zones.count, 3, result.text)
    let zoneWidth = "cname-unsigned-target.example.".count
    for row in zones {
      XCTAssertEqual(
        String(row.dropFirst(2 + zoneWidth)), "  secure", "\(row)\n\(result.text)")
    }
  }

  /// The CNAME is an RRset the check acts on, so its signature is watched like the others: the
  /// lab signs every zone for 30 days (Docs/Lab.md), so a 40-day threshold warns of it, under
  /// its own name (RFC 4035 §5.3.1: the CNAME turns bogus when it expires, and the TLSA
  /// lookup at the alias with it).
  func testTheCNAMEsSignatureIsWatchedForExpiry() throws {
    let result = try DanescopeBinary.run(
      ["check", "--lab", "cname-unsigned-target", "--json", "--expiry-warning-days", "40"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    let findings = try XCTUnwrap((json as? [String: Any])?["findings"] as? [[String: Any]])
    let subjects = findings.filter { $0["code"] as? String == "RRSIG_EXPIRING_SOON" }
      .compactMap { $0["subject"] as? String }
    XCTAssertEqual(subjects.filter { $0 == "\(alias) CNAME" }.count, 1, "\(subjects)")
    XCTAssertFalse(subjects.contains("\(target) CNAME"), "\(subjects)")
  }
}
