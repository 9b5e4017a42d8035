import Foundation
import XCTest

/// What `check` says of each RRset it relied on (`chain[].answer`, the text report's "DNSSEC
/// status of the records used"), and the order it lists TLSA records in. A bogus answer came
/// back with its records: it is reported with their count, marked as not used, never as "no
/// answer". The counts come from a real unbound daemon loaded with the exported lab, asked
/// through drill with checking disabled (CD), which hands over the data whatever DNSSEC says.
final class CheckChainAnswerTests: XCTestCase {
  /// The records of `type` in the answer section drill prints for `name` with CD set.
  private func uncheckedCount(_ name: String, _ type: String, port: UInt16) throws -> Int {
    let result = try TestProcess.run(
      "drill", ["-p", "\(port)", "-o", "CD", "@127.0.0.1", name, type], timeout: 20)
    XCTAssertTrue(result.stdout.contains("rcode: NOERROR"), result.stdout)
    let answer = result.stdout.components(separatedBy: ";; ANSWER SECTION:\n").dropFirst().first
    let lines = (answer ?? "").components(separatedBy: "\n\n").first ?? ""
    return lines.split(separator: "\n").filter {
      $0.split(whereSeparator: \.isWhitespace).dropFirst(3).first == Substring(type)
    }.count
  }

  private func chainLinks(_ arguments: [String]) throws -> (links: [[String: Any]], text: String) {
    let json = try DanescopeBinary.run(arguments + ["--json"])
    let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let links = try XCTUnwrap(report?["chain"] as? [[String: Any]], json.stderr)
    let text = try DanescopeBinary.run(arguments)
    return (links, text.stdout)
  }

  private func assertBogus(
    _ arguments: [String], name: String, type: String, records: Int,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    XCTAssertGreaterThan(
      records, 0, "\(name) \(type): drill found no records", file: file, line: line)
    let expected = (records == 1 ? "1 record" : "\(records) records") + ", bogus: not used"
    let (links, text) = try chainLinks(arguments)
    let link = links.first { $0["name"] as? String == name && $0["type"] as? String == type }
    XCTAssertEqual(link?["status"] as? String, "bogus", "\(links)", file: file, line: line)
    XCTAssertEqual(link?["answer"] as? String, expected, "\(links)", file: file, line: line)
    let row = text.split(separator: "\n").first { $0.hasPrefix("  \(name) \(type) ") }
    XCTAssertTrue(
      row?.contains(" bogus          \(expected) (") == true, "\(row ?? "no row"): \(text)",
      file: file, line: line)
    XCTAssertFalse(text.contains("no answer"), text, file: file, line: line)
  }

  func testABogusAnswerShowsItsRecordsAsNotUsed() throws {
    let folder = try TemporaryDirectory("danescope-chain-answer")
    let (_, port, unbound) = try ExportedUnbound.exportingLab(into: folder)
    defer { unbound.stop() }
    let tlsaOwner = "_25._tcp.mx1.tlsa-bogus.example."
    let tlsa = try uncheckedCount(tlsaOwner, "TLSA", port: port)
    let mx = try uncheckedCount("ds-mismatch.example.", "MX", port: port)
    let validMX = try uncheckedCount("ee-valid.example.", "MX", port: port)
    unbound.stop()

    try assertBogus(
      ["check", "--lab", "tlsa-bogus"], name: tlsaOwner, type: "TLSA", records: tlsa)
    try assertBogus(
      ["check", "--lab", "ds-mismatch"], name: "ds-mismatch.example.", type: "MX", records: mx)
    // The lab signs for 30 days: 60 days on, its MX is bogus by danescope's chain engine, and
    // the records libunbound handed over are still counted.
    let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(60 * 86_400))
    try assertBogus(
      ["check", "--lab", "ee-valid", "--at", later], name: "ee-valid.example.", type: "MX",
      records: validMX)
  }

  /// One DomainReport feeds the text and the JSON: both list a host's TLSA records in RDATA
  /// order (RFC 4034 §6.3: the RDATA octets compared as unsigned strings), the matched record
  /// marked where it falls, not moved first. In the lab's rollover scenario the record that
  /// matches sorts second.
  func testTextAndJSONListTLSARecordsInRDATAOrder() throws {
    let json = try DanescopeBinary.run(["check", "--lab", "rollover", "--json"])
    let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let hosts = try XCTUnwrap((report?["mx"] as? [String: Any])?["hosts"] as? [[String: Any]])
    let records = try XCTUnwrap(
      (hosts.first?["tlsa"] as? [String: Any])?["records"] as? [[String: Any]])
    XCTAssertEqual(records.count, 2, "\(records)")
    let rdata = records.map { record in
      String(
        format: "%02x%02x%02x", record["usage"] as? Int ?? -1, record["selector"] as? Int ?? -1,
        record["matchingType"] as? Int ?? -1) + (record["data"] as? String ?? "")
    }
    XCTAssertEqual(rdata, rdata.sorted(), "JSON not in RDATA order")
    let matched = records.map { !($0["matchedDepths"] as? [Int] ?? []).isEmpty }
    XCTAssertEqual(matched, [false, true], "the lab's matched record no longer sorts second")

    let text = try DanescopeBinary.run(["check", "--lab", "rollover"])
    let section = try XCTUnwrap(
      text.stdout.components(separatedBy: "\nTLSA records\n").dropFirst().first, text.stdout)
    let listed = section.components(separatedBy: "\n\n")[0].split(separator: "\n").dropFirst()
      .map { $0.trimmingCharacters(in: .whitespaces) }
    let texts = records.compactMap { $0["text"] as? String }
    XCTAssertEqual(listed.count, texts.count, text.stdout)
    XCTAssertEqual(
      zip(listed, texts).map { $0.hasPrefix($1 + "  ") }, texts.map { _ in true }, text.stdout)
  }
}
