import Foundation
import XCTest

@testable import ValidationCore

/// "DNSSEC status of the records used" (text) and `chain` (JSON): every RRset the policy relied
/// on, in the order it asked, laid out in one column whatever the length of the names.
final class RecordsUsedTests: XCTestCase {
  typealias T = DANETestAnswers
  let record = T.tlsa(3, 1, 1, length: 32)

  /// example.org. MX 10 mx.example.org., a CNAME (`cname`) to smtp.unsigned.net., whose A
  /// (and empty AAAA) answers are insecure; `_25._tcp.mx.example.org.` has one secure TLSA.
  func aliasOfUnsignedHost(cname: [RData] = [], _ security: SecurityStatus) -> T {
    let answers = T()
    let alias = [("mx.example.org.", "smtp.unsigned.net.")]
    answers.set("example.org.", .mx, .secure, [T.mx(10, "mx.example.org.")])
    answers.set("mx.example.org.", .a, .insecure, [T.a("192.0.2.1")], cname: alias)
    answers.set("mx.example.org.", .aaaa, .insecure, cname: alias)
    answers.set(
      "mx.example.org.", .cname, security, [.cname(T.name("smtp.unsigned.net."))] + cname)
    answers.set("_25._tcp.mx.example.org.", .tlsa, .secure, [.tlsa(record)])
    return answers
  }

  func rows(_ report: DomainReport) -> [String] {
    report.chain.map { "\($0.name) \($0.type) \($0.security.word) \($0.answer)" }
  }

  /// RFC 7672 §2.2.2: insecure addresses reached through an alias leave DANE to the alias's own
  /// status; a secure CNAME has TLSA looked up at the MX host name. The policy relied on that
  /// CNAME lookup, so it is a record used, between the addresses and the TLSA it allowed.
  func testASecureCNAMEThatAllowedTheTLSALookupIsARecordUsed() async throws {
    let report = await DANECheck(
      lookup: aliasOfUnsignedHost(.secure).lookup, probe: RecordingProbe().probe
    ).run(domain: T.name("example.org."))
    XCTAssertEqual(
      rows(report),
      [
        "example.org. MX secure 1 record", "mx.example.org. A insecure 1 record",
        "mx.example.org. AAAA insecure NODATA", "mx.example.org. CNAME secure 1 record",
        "_25._tcp.mx.example.org. TLSA secure 1 record",
      ])
    // The label column is as wide as the longest label, `_25._tcp.mx.example.org. TLSA`.
    let cnameRow = "  mx.example.org. CNAME" + String(repeating: " ", count: 8)
      + "  secure         1 record"
    XCTAssertTrue(report.text.contains("\n\(cnameRow)\n"), report.text)
    let json = try XCTUnwrap(
      JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
    let chain = try XCTUnwrap(json["chain"] as? [[String: Any]])
    let cname = try XCTUnwrap(chain.first { $0["type"] as? String == "CNAME" }, "\(chain)")
    XCTAssertEqual(cname["name"] as? String, "mx.example.org.")
    XCTAssertEqual(cname["status"] as? String, "secure")
  }

  /// The same with an insecure CNAME: the lookup that ruled DANE out is a record used too, and
  /// no TLSA was asked for.
  func testAnInsecureCNAMEThatRuledTLSAOutIsARecordUsed() async {
    let report = await DANECheck(
      lookup: aliasOfUnsignedHost(.insecure).lookup, probe: RecordingProbe().probe
    ).run(domain: T.name("example.org."))
    XCTAssertEqual(
      rows(report),
      [
        "example.org. MX secure 1 record", "mx.example.org. A insecure 1 record",
        "mx.example.org. AAAA insecure NODATA", "mx.example.org. CNAME insecure 1 record",
      ])
  }

  /// The CNAME is an RRset the check acts on: a signature over it that expires within the
  /// warning period (RFC 4035 §5.3.1: the CNAME then turns bogus, and the host's TLSA with
  /// it) is RRSIG_EXPIRING_SOON, owned by the CNAME's name, not by its target.
  func testASoonExpiringSignatureOverTheCNAMEIsAdvised() async {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let signature = RData.rrsig(
      RRSIGData(
        typeCovered: .cname, algorithm: .ecdsaP256SHA256, labels: 3, originalTTL: 300,
        expiration: 1_800_000_000 + 2 * 86_400, inception: 1_790_000_000, keyTag: 7,
        signerName: T.name("example.org."), signature: [1, 2, 3]))
    let answers = aliasOfUnsignedHost(cname: [signature], .secure)
    let report = await DANECheck(
      lookup: answers.lookup, probe: RecordingProbe().probe, clock: FixedClock(now)
    ).run(domain: T.name("example.org."))
    let expiring = report.findings.filter { $0.code == .rrsigExpiringSoon }.map(\.subject)
    XCTAssertEqual(expiring, ["mx.example.org. CNAME"])
  }

  /// The status column starts at the same place on every row, however long the owner: the
  /// label column is as wide as the longest label (here 49 characters, one past the other
  /// tables' 48-character cells).
  func testTheStatusColumnStaysInLineWithALongOwner() async {
    let answers = T()
    let host = "mail.cname-unsigned-target.example."
    answers.set("example.org.", .mx, .secure, [T.mx(10, host)])
    answers.set(host, .a, .secure, [T.a("192.0.2.1")])
    answers.set(host, .aaaa, .secure)
    answers.set("_25._tcp.\(host)", .tlsa, .secure, [.tlsa(record)])
    let report = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      .run(domain: T.name("example.org."))
    let rows = recordRows(report.text)
    XCTAssertEqual(rows.count, 4, report.text)
    let label = "_25._tcp.\(host) TLSA"
    XCTAssertEqual(label.count, 49)
    for row in rows {
      XCTAssertEqual(statusColumn(row), 2 + label.count + 2, "\(row)\n\(report.text)")
    }
  }

  /// A label past the column's limit (a 250-octet owner) takes a line of its own; its status
  /// goes on the next line, in the column the other rows use.
  func testALabelPastTheLimitHasALineOfItsOwn() async {
    let label63 = String(repeating: "a", count: 63)
    let long = [label63, label63, label63, "example.org."].joined(separator: ".")
    let answers = T()
    answers.set("example.org.", .mx, .secure, [T.mx(10, long)])
    answers.set(long, .a, .insecure, [T.a("192.0.2.1")])
    answers.set(long, .aaaa, .insecure)
    let report = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      .run(domain: T.name("example.org."))
    let rows = recordRows(report.text)
    let column = 2 + DomainReport.labelColumnLimit + 2
    XCTAssertEqual(rows.first.map(statusColumn), column, report.text)
    for (index, row) in rows.enumerated() where row.hasPrefix("  \(long) ") {
      XCTAssertEqual(row, "  \(long) \(index == 1 ? "A" : "AAAA")", report.text)
      guard index + 1 < rows.count else { return XCTFail("no status line:\n\(report.text)") }
      XCTAssertEqual(statusColumn(rows[index + 1]), column, report.text)
      XCTAssertTrue(rows[index + 1].hasPrefix(String(repeating: " ", count: column)))
    }
    XCTAssertEqual(rows.count, 5, report.text)
  }

  /// The rows under "DNSSEC status of the records used", up to the blank line after them.
  func recordRows(_ text: String) -> [String] {
    let lines = text.components(separatedBy: "\n")
    guard let start = lines.firstIndex(of: "DNSSEC status of the records used") else { return [] }
    return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
  }

  /// Where the status word starts on a row (nil on a row with none): the padding before it
  /// ends with the two spaces that separate the columns.
  func statusColumn(_ row: String) -> Int? {
    let words = ["secure", "insecure", "bogus", "indeterminate"]
    let hits = words.compactMap { word in row.range(of: "  " + word + " ") }
    guard let hit = hits.min(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
    return row.distance(from: row.startIndex, to: hit.lowerBound) + 2
  }
}
