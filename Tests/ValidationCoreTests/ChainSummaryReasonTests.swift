import Foundation
import XCTest

@testable import ValidationCore

/// The chain summary of a check lists the zones of the MX name only. When none of them has the
/// summary's status, the status comes from elsewhere (a CNAME target's chain, the answer itself,
/// the check's own MX lookup), and the report must say so: text `why:` and JSON
/// `chainOfTrust.reason`, the same words.
final class ChainSummaryReasonTests: XCTestCase {
  typealias T = DANETestAnswers

  func zone(_ name: String, _ status: ChainStatus = .secure, reason: String? = nil) -> ZoneReport {
    ZoneReport(
      name: T.name(name), status: status, reason: reason, isTrustAnchor: name == ".", dsSet: nil,
      ds: [], dsDenial: nil, dnskeySet: nil, keys: [])
  }

  func chain(
    _ name: String, _ status: ChainStatus, zones: [ZoneReport], reason: String?,
    cnameTargets: [ChainReport] = []
  ) -> ChainReport {
    ChainReport(
      name: T.name(name), type: .mx, zones: zones, answer: nil, denial: nil,
      cnameTargets: cnameTargets, status: status, reason: reason, validatorStatus: nil,
      findings: [], judgedAt: Date(timeIntervalSince1970: 0))
  }

  /// A check of `domain` (no MX records: the domain itself is the host, insecure addresses)
  /// whose chain summary is `summary`, the MX lookup having the status `mx`.
  func check(_ domain: String, mx: SecurityStatus, summary: ChainReport) async -> DomainReport {
    let answers = T()
    answers.set(domain, .mx, mx)
    answers.set(domain, .a, .insecure, [T.a("192.0.2.1")])
    answers.set(domain, .aaaa, .insecure)
    var check = DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
    check.chainOfTrust = { _, _ in summary }
    return await check.run(domain: T.name(domain))
  }

  func whyLine(_ text: String) -> String? {
    let lines = text.components(separatedBy: "\n")
    guard let head = lines.firstIndex(where: { $0.hasPrefix("Chain of trust to ") }),
      head + 1 < lines.count, lines[head + 1].hasPrefix("  why: ")
    else { return nil }
    return String(lines[head + 1].dropFirst("  why: ".count))
  }

  /// RFC 4035 §5: every RRset of an answer is validated in its own zone, so an MX lookup that
  /// follows a CNAME into a zone delegated without DS (RFC 4035 §5.2) is insecure, however
  /// secure the zones of the alias are. The why names the target and what its chain found.
  func testAnInsecureCNAMETargetUnderSecureZonesIsTheWhy() async throws {
    let targetReason = "hosts.example.org.: example.org. proves there is no DS"
    let target = chain(
      "mx.hosts.example.org.", .insecure,
      zones: [zone("."), zone("org."), zone("example.org."), zone("hosts.example.org.", .insecure)],
      reason: targetReason)
    let summary = chain(
      "mail.example.org.", .insecure, zones: [zone("."), zone("org."), zone("example.org.")],
      reason: targetReason, cnameTargets: [target])
    let report = await check("mail.example.org.", mx: .insecure, summary: summary)
    let trust = try XCTUnwrap(report.chainOfTrust)
    XCTAssertEqual(trust.status, .insecure)
    let why = try XCTUnwrap(whyLine(report.text), report.text)
    XCTAssertTrue(why.contains("CNAME mail.example.org. → mx.hosts.example.org."), why)
    XCTAssertTrue(why.contains(targetReason), why)
    let json = try XCTUnwrap(
      JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
    let reason = (json["chainOfTrust"] as? [String: Any])?["reason"] as? String
    XCTAssertEqual(reason, why)
  }

  /// The target that decides is named with the CNAMEs that lead to it.
  func testTheDecidingTargetOfACNAMEChainIsNamedWithItsPath() async throws {
    let secureHop = chain("a.example.org.", .secure, zones: [zone(".")], reason: nil)
    let bogusEnd = chain("b.example.net.", .bogus, zones: [zone(".")], reason: "RRSIG expired")
    let summary = chain(
      "mail.example.org.", .bogus, zones: [zone("."), zone("example.org.")],
      reason: "RRSIG expired", cnameTargets: [secureHop, bogusEnd])
    let report = await check("mail.example.org.", mx: .bogus(reason: "expired"), summary: summary)
    let why = try XCTUnwrap(whyLine(report.text), report.text)
    XCTAssertTrue(
      why.contains("mail.example.org. → a.example.org. → b.example.net., whose chain is bogus"),
      why)
  }

  /// Secure zones, a bogus summary and no reason from the engine: the text still says why.
  func testABogusSummaryOverSecureZonesAlwaysHasAWhy() async throws {
    let summary = chain("example.org.", .bogus, zones: [zone("."), zone("org.")], reason: nil)
    let report = await check("example.org.", mx: .bogus(reason: "expired"), summary: summary)
    let why = try XCTUnwrap(whyLine(report.text), report.text)
    XCTAssertTrue(why.contains("bogus"), why)
    XCTAssertEqual(report.chainOfTrust?.reason, why)
  }

  /// A zone line that shows the summary's status with its reason explains it: no why line
  /// repeats it.
  func testAZoneWithTheSummarysStatusNeedsNoWhy() async throws {
    let summary = chain(
      "example.org.", .insecure,
      zones: [zone("."), zone("org."), zone("example.org.", .insecure, reason: "no DS")],
      reason: "example.org.: no DS")
    let report = await check("example.org.", mx: .insecure, summary: summary)
    XCTAssertNil(whyLine(report.text), report.text)
    XCTAssertTrue(report.text.contains("example.org.  insecure (no DS)"), report.text)
    XCTAssertEqual(report.chainOfTrust?.reason, "example.org.: no DS")
  }

  /// JSON.md says what the text does with `chainOfTrust.reason`: a `why:` line only where no
  /// zone line shows the status (the JSON has the reason also where one does).
  func testJSONDocSaysWhenTheTextPrintsTheReason() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let document = try String(
      contentsOf: root.appendingPathComponent("Docs/JSON.md"), encoding: .utf8)
    let row = try XCTUnwrap(
      document.components(separatedBy: "\n").first { $0.hasPrefix("| `chainOfTrust` |") })
    XCTAssertTrue(row.contains("present whenever `status` is not secure:"), row)
    XCTAssertTrue(
      row.contains("prints it as the `why:` line only where no zone line shows `status`"), row)
  }
}
