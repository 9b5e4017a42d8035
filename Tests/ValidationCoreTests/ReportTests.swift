import Foundation
import XCTest

@testable import ValidationCore

/// The JSON and text forms of a DomainReport carry what Docs/JSON.md promises.
final class ReportTests: XCTestCase {
  typealias T = DANETestAnswers

  func makeReport() async -> DomainReport {
    let answers = T()
    answers.set(
      "example.org.", .mx, .secure, [T.mx(10, "mx1.example.org."), T.mx(20, "mx2.example.org.")])
    answers.set("mx1.example.org.", .a, .secure, [T.a("192.0.2.1")])
    answers.set("mx1.example.org.", .aaaa, .secure)
    answers.set("mx2.example.org.", .a, .secure, [T.a("192.0.2.2")])
    answers.set("mx2.example.org.", .aaaa, .secure)
    let good = T.tlsa(3, 1, 1, length: 32, fill: 1)
    answers.set(
      "_25._tcp.mx1.example.org.", .tlsa, .secure,
      [.tlsa(good), .tlsa(T.tlsa(1, 1, 1, length: 32))])
    answers.set(
      "_25._tcp.mx2.example.org.", .tlsa, .secure, [.tlsa(T.tlsa(3, 1, 1, length: 32, fill: 9))])
    let probe: DANEProbeFunction = { request in
      let matches = request.host == T.name("mx1.example.org.")
      return ProbeObservation(
        address: request.address, port: request.port, stage: .tlsEstablished,
        tlsSummary: "TLSv1.3 TLS_AES_256_GCM_SHA384",
        daneDecision: matches
          ? .matched(good, depth: 0) : .noMatch("no matching DANE TLSA records"),
        matcherMatches: matches ? [.init(record: good, depth: 0)] : [],
        trace: [.init(milliseconds: 3, kind: "smtp-in", text: "220 mx ESMTP")])
    }
    return await DANECheck(
      lookup: answers.lookup, probe: probe, clock: FixedClock(Date(timeIntervalSince1970: 0))
    ).run(domain: T.name("example.org."))
  }

  func testJSONHasTheDocumentedShape() async throws {
    let report = await makeReport()
    let object = try XCTUnwrap(
      JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
    XCTAssertEqual(object["domain"] as? String, "example.org.")
    XCTAssertEqual(object["checkedAt"] as? String, "1970-01-01T00:00:00Z")
    let mx = try XCTUnwrap(object["mx"] as? [String: Any])
    XCTAssertEqual(mx["status"] as? String, "secure")
    let hosts = try XCTUnwrap(mx["hosts"] as? [[String: Any]])
    XCTAssertEqual(hosts.map { $0["name"] as? String }, ["mx1.example.org.", "mx2.example.org."])
    XCTAssertEqual(hosts.map { $0["preference"] as? Int }, [10, 20])
    XCTAssertEqual(hosts[0]["addressStatus"] as? String, "secure")
    let tlsa = try XCTUnwrap(hosts[0]["tlsa"] as? [String: Any])
    XCTAssertEqual(tlsa["status"] as? String, "secure")
    let records = try XCTUnwrap(tlsa["records"] as? [[String: Any]])
    // In RDATA order, not the answer's (which listed the 3 1 1 first).
    XCTAssertEqual(records.map { $0["usable"] as? Bool }, [false, true])
    XCTAssertEqual(records[1]["matchedDepths"] as? [Int], [0])
    XCTAssertEqual(records[1]["text"] as? String, "3 1 1 " + String(repeating: "01", count: 32))
    XCTAssertNotNil(records[0]["reason"] as? String)
    let probes = try XCTUnwrap(hosts[0]["probes"] as? [[String: Any]])
    XCTAssertEqual(probes.first?["address"] as? String, "192.0.2.1")
    XCTAssertEqual(probes.first?["verdict"] as? String, "verified")
    XCTAssertEqual(probes.first?["matchedRecord"] as? String, records[1]["text"] as? String)
    XCTAssertEqual(probes.first?["matchedDepth"] as? Int, 0)
    XCTAssertNotNil(probes.first?["reason"] as? String)
    let failed = try XCTUnwrap((hosts[1]["probes"] as? [[String: Any]])?.first)
    XCTAssertEqual(failed["verdict"] as? String, "failed")
    XCTAssertNil(failed["matchedDepth"])
    let findings = try XCTUnwrap(object["findings"] as? [[String: Any]])
    XCTAssertEqual(findings.first?["code"] as? String, "DANE_AUTHENTICATION_FAILED")
    XCTAssertEqual(findings.first?["severity"] as? String, "error")
    XCTAssertTrue((findings.first?["summary"] as? String ?? "").contains("192.0.2.2"))
  }

  func testEveryJSONKeyIsDocumented() async throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let document = try String(
      contentsOf: root.appendingPathComponent("Docs/JSON.md"), encoding: .utf8)
    var keys: Set<String> = []
    func collect(_ value: Any) {
      if let object = value as? [String: Any] {
        for (key, inner) in object {
          keys.insert(key)
          collect(inner)
        }
      } else if let array = value as? [Any] {
        array.forEach(collect)
      }
    }
    collect(try JSONSerialization.jsonObject(with: await makeReport().jsonData()))
    XCTAssertGreaterThan(keys.count, 30)
    for key in keys.sorted() {
      XCTAssertTrue(document.contains("`\(key)`"), "JSON key '\(key)' is not in Docs/JSON.md")
    }
  }

  func testTextHasEverySection() async {
    let text = await makeReport().text
    for expected in [
      "DANE for SMTP: example.org.", "DNSSEC status of the records used",
      "MX of example.org.: secure",
      "TLSA records", "Verdict per MX host and address", "Findings",
      "[error] DANE_AUTHENTICATION_FAILED", "matched at depth 0",
    ] {
      XCTAssertTrue(text.contains(expected), "missing '\(expected)' in:\n\(text)")
    }
  }

  /// The user guide: "no records", "not looked up" and "lookup failed" are said in words, never
  /// an empty list; and a name that does not exist is never just "secure".
  func testNoMXHostIsSaidInWordsAndNXDOMAINIsNotCalledSecure() async {
    let answers = T()
    answers.set("nosuch.example.", .mx, .secure, nxdomain: true)
    answers.set("bogus.example.", .mx, .bogus(reason: "no keys have a DS"))
    var texts: [String: String] = [:]
    for domain in ["nosuch.example.", "bogus.example."] {
      texts[domain] = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
        .run(domain: T.name(domain)).text
    }
    let nosuch = texts["nosuch.example."] ?? ""
    XCTAssertTrue(
      nosuch.contains("MX of nosuch.example.: no such domain (proven by a secure NXDOMAIN)"),
      nosuch)
    XCTAssertFalse(nosuch.contains("secure  "), nosuch)
    XCTAssertFalse(nosuch.contains(": secure"), nosuch)
    XCTAssertTrue(
      nosuch.contains("TLSA records\n  (no such domain: no MX host: TLSA not looked up)"), nosuch)
    let bogus = texts["bogus.example."] ?? ""
    XCTAssertTrue(
      bogus.contains("TLSA records\n  (MX lookup failed: no MX host: TLSA not looked up)"), bogus)
    for text in [nosuch, bogus] {
      XCTAssertFalse(text.contains("TLSA records\n\n"), text)
    }
  }

  /// "TLSA not looked up" says why (RFC 7672 §2.2.2: TLSA only for secure addresses, and a host
  /// with none is never connected to): no A or AAAA records, a name that does not exist, or a
  /// failed address lookup. A proven NXDOMAIN gets a status word, never a bare "secure". The
  /// finding `trace` prints for a deferred host is the one `check` reports.
  func testNotLookedUpSaysWhyAndAProvenNXDOMAINHasAStatus() async throws {
    let answers = T()
    answers.set("bare.example.", .mx, .secure)
    answers.set("bare.example.", .a, .secure)
    answers.set("bare.example.", .aaaa, .secure)
    answers.set(
      "example.org.", .mx, .secure, [T.mx(10, "gone.example.org."), T.mx(20, "bad.example.org.")])
    answers.set("gone.example.org.", .a, .secure, nxdomain: true)
    answers.set("gone.example.org.", .aaaa, .secure, nxdomain: true)
    answers.set("bad.example.org.", .a, .bogus(reason: "signature expired"))
    answers.set("bad.example.org.", .aaaa, .bogus(reason: "signature expired"))
    let bare = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      .run(domain: T.name("bare.example.")).text
    XCTAssertTrue(
      bare.contains(
        "bare.example.: not looked up: it has no A or AAAA records (NODATA, secure), so no"
          + " sender connects to it\n"), bare)
    XCTAssertFalse(bare.contains("(addresses secure)"), bare)

    let report = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      .run(domain: T.name("example.org."))
    let text = report.text
    XCTAssertTrue(
      text.contains(
        "gone.example.org.: not looked up: the name does not exist (NXDOMAIN, secure), so no"
          + " sender connects to it\n"), text)
    XCTAssertTrue(
      text.contains(
        "bad.example.org.: not looked up: the address lookup is bogus (delivery deferred)\n"),
      text)
    XCTAssertTrue(
      text.contains("  gone.example.org. A     secure denial  NXDOMAIN: the name does not exist\n"),
      text)
    XCTAssertFalse(text.contains("(addresses secure)"), text)
    XCTAssertFalse(text.contains("(addresses bogus)"), text)

    let bad = try XCTUnwrap(report.mx.hosts.last)
    let checkSays = report.findings.filter { $0.subject == "bad.example.org." }
    XCTAssertEqual(checkSays.map(\.code.rawValue), ["ADDRESS_BOGUS"])
    XCTAssertEqual(bad.deferralFinding, checkSays.first)
    XCTAssertNil(report.mx.hosts.first?.deferralFinding)
  }

  /// Every MX host has a row under "Verdict per MX host and address", also one whose address
  /// lookup timed out (no address to probe): deferred with its reason, as the JSON says.
  func testAHostWithNoAddressStillHasAVerdictRow() async {
    let answers = T()
    answers.set(
      "two.example.", .mx, .secure, [T.mx(10, "mx1.two.example."), T.mx(20, "mx2.two.example.")])
    answers.set("mx1.two.example.", .a, .secure, [T.a("192.0.2.1")])
    answers.set("mx1.two.example.", .aaaa, .secure)
    answers.set("_25._tcp.mx1.two.example.", .tlsa, .secure)
    answers.set("mx2.two.example.", .a, .indeterminate(reason: "no answer within 0.003 s"))
    answers.set("mx2.two.example.", .aaaa, .secure)
    let report = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      .run(domain: T.name("two.example."))
    let text = report.text
    let section = text.components(separatedBy: "Verdict per MX host and address\n").last ?? ""
    let rows = (section.components(separatedBy: "\n\n").first ?? "")
      .split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    XCTAssertEqual(rows.count, 2, text)
    XCTAssertTrue(rows.first?.hasPrefix("mx1.two.example. 192.0.2.1 port 25 ") == true, text)
    XCTAssertEqual(
      rows.last,
      "mx2.two.example. (no address) deferred address lookup of mx2.two.example. is"
        + " indeterminate: no answer within 0.003 s", text)
  }

  /// A lookup that timed out says "no answer" once, in the records row and in why the check
  /// could not complete, which ends with a full stop.
  func testATimedOutMXLookupSaysNoAnswerOnce() async {
    let answers = T()
    answers.set("late.example.", .mx, .indeterminate(reason: "no answer within 0.003 s"))
    let report = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      .run(domain: T.name("late.example."))
    XCTAssertEqual(
      report.incompleteReason, "the MX lookup of late.example. failed: no answer within 0.003 s")
    let text = report.text
    XCTAssertTrue(
      text.hasSuffix(
        "The check could not complete: the MX lookup of late.example. failed: no answer within"
          + " 0.003 s."), text)
    XCTAssertTrue(
      text.contains("  late.example. MX  indeterminate  no answer within 0.003 s\n"), text)
    XCTAssertFalse(text.contains("no answer (no answer"), text)
  }

  func testControlCharactersNeverReachTheTextReport() async {
    let answers = T()
    answers.set("example.org.", .mx, .bogus(reason: "bad \u{1B}[31mred\u{1B}[0m sig\u{7}\u{9B}2J"))
    let report = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      .run(domain: T.name("example.org."))
    let text = report.text
    XCTAssertFalse(
      text.unicodeScalars.contains {
        $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value)
      },
      text)
    XCTAssertTrue(text.contains("bad \\027[31mred\\027[0m sig\\007\\194\\1552J"), text)
  }

  func testDANEFindingsAreDocumentedInTheirSection() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let document = try String(
      contentsOf: root.appendingPathComponent("Docs/Findings.md"), encoding: .utf8)
    let start = try XCTUnwrap(document.range(of: "## DANE\n"))
    let end = try XCTUnwrap(
      document.range(of: "\n## ", range: start.upperBound..<document.endIndex)?.lowerBound)
    let section = document[start.upperBound..<end]
    XCTAssertFalse(FindingCatalog.daneEntries.isEmpty)
    for entry in FindingCatalog.daneEntries {
      XCTAssertTrue(
        FindingHeadings.isDocumented(entry, in: section), "\(entry.code)")
      XCTAssertTrue(section.contains(entry.reference), "\(entry.code): reference differs")
    }
  }
}
