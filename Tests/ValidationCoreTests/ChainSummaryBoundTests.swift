import XCTest

@testable import ValidationCore

/// The check's chain summary is rebuilt after the check's own MX lookup, from lookups the cache
/// may answer when the first one failed: it must never read better than that MX lookup.
final class ChainSummaryBoundTests: XCTestCase {
  typealias T = DANETestAnswers

  func summary(_ status: ChainStatus) -> ChainReport {
    ChainReport(
      name: T.name("example.org."), type: .mx, zones: [], answer: nil, denial: nil,
      cnameTargets: [], status: status, reason: nil, validatorStatus: status.word, findings: [],
      judgedAt: Date(timeIntervalSince1970: 0))
  }

  func check(mx security: SecurityStatus, summary status: ChainStatus) async -> DomainReport {
    let answers = T()
    answers.set(
      "example.org.", .mx, security,
      security.isUsable ? [T.mx(10, "mx.example.org.")] : [])
    answers.set("mx.example.org.", .a, .insecure, [T.a("192.0.2.1")])
    answers.set("mx.example.org.", .aaaa, .insecure)
    var check = DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
    let built = summary(status)
    check.chainOfTrust = { _, _ in built }
    return await check.run(domain: T.name("example.org."))
  }

  func testTimedOutMXLookupMakesASecureSummaryIndeterminate() async throws {
    let report = await check(mx: .indeterminate(reason: "timed out"), summary: .secure)
    let trust = try XCTUnwrap(report.chainOfTrust)
    XCTAssertEqual(trust.status, .indeterminate)
    XCTAssertTrue(trust.reason?.contains("timed out") ?? false, trust.reason ?? "")
    XCTAssertTrue(report.text.contains("Chain of trust to example.org. MX: indeterminate"))
    XCTAssertFalse(report.text.contains("MX: secure"))
  }

  func testBogusMXLookupMakesASecureSummaryBogus() async throws {
    let report = await check(mx: .bogus(reason: "signature crypto failed"), summary: .secure)
    XCTAssertEqual(report.chainOfTrust?.status, .bogus)
  }

  /// libunbound calls the MX RRset insecure (say its zone uses an algorithm it lacks, RFC 4035
  /// §5.2) while the engine calls the chain secure: the summary reads insecure and says why.
  func testInsecureMXLookupMakesASecureSummaryInsecure() async throws {
    let report = await check(mx: .insecure, summary: .secure)
    let trust = try XCTUnwrap(report.chainOfTrust)
    XCTAssertEqual(trust.status, .insecure)
    XCTAssertTrue(trust.isBoundedByLookup)
    XCTAssertTrue(trust.reason?.contains("found it secure") ?? false, trust.reason ?? "")
    XCTAssertTrue(report.text.contains("Chain of trust to example.org. MX: insecure\n  why: "))
    XCTAssertFalse(report.text.contains("MX: secure"))
  }

  func testInsecureLookupLeavesABogusSummaryBogus() async throws {
    let report = await check(mx: .insecure, summary: .bogus)
    XCTAssertEqual(report.chainOfTrust?.status, .bogus)
    XCTAssertEqual(report.chainOfTrust?.isBoundedByLookup, false)
  }

  func testSummaryAlreadyWorseThanTheLookupIsKept() async throws {
    let report = await check(mx: .indeterminate(reason: "timed out"), summary: .bogus)
    XCTAssertEqual(report.chainOfTrust?.status, .bogus)
    XCTAssertEqual(report.chainOfTrust?.isBoundedByLookup, false)
    // No zone shows "bogus", so a reason says so (ChainSummaryReasonTests), but not the MX
    // lookup's: the summary was not held down to it.
    XCTAssertFalse(report.chainOfTrust?.reason?.contains("MX lookup") ?? false)
  }

  func testSecureLookupLeavesTheSummaryAsBuilt() async throws {
    let report = await check(mx: .secure, summary: .secure)
    XCTAssertEqual(report.chainOfTrust?.status, .secure)
    XCTAssertNil(report.chainOfTrust?.reason)
  }

  /// The check's MX lookup timed out; the engine's later lookup of the same RRset got a
  /// SERVFAIL (libunbound answered after the check's deadline, as with 1000 MX records). The
  /// report acts on the check's lookup and gives its reason everywhere it names that RRset: the
  /// summary's why, LOOKUP_FAILED, the records table, the MX line and why the check stopped.
  func testOneReasonForAnRRsetBothLookupsFailedFor() async throws {
    let answers = T()
    let timedOut = "no answer within 5 s"
    answers.set("example.org.", .mx, .indeterminate(reason: timedOut))
    let name = T.name("example.org.")
    let engineFailure = "the server failed (SERVFAIL)"
    let engineReport = ChainReport(
      name: name, type: .mx, zones: [], answer: nil, denial: nil, cnameTargets: [],
      status: .indeterminate,
      reason: ChainBuilder.lookupFailureReason(name, .mx, engineFailure),
      validatorStatus: "indeterminate",
      findings: [
        Finding(
          FindingCode("LOOKUP_FAILED"), subject: "example.org. MX",
          evidence: [Evidence("reason", engineFailure)])
      ], judgedAt: Date(timeIntervalSince1970: 0))
    var check = DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
    check.chainOfTrust = { _, _ in engineReport }
    let report = await check.run(domain: name)

    XCTAssertFalse(report.text.contains("SERVFAIL"), report.text)
    XCTAssertTrue(
      report.text.contains("  why: the MX lookup for example.org. failed: \(timedOut)"),
      report.text)
    XCTAssertTrue(
      report.text.contains("[error] LOOKUP_FAILED: Looking up example.org. MX failed: \(timedOut)"),
      report.text)
    let lookupFailures = ChainFindings.flatten(report.findings).filter {
      $0.code.rawValue == "LOOKUP_FAILED"
    }
    XCTAssertEqual(lookupFailures.count, 1, "\(lookupFailures)")
    XCTAssertEqual(report.incompleteReason?.contains(timedOut), true, report.text)
    XCTAssertFalse(report.jsonText().contains("SERVFAIL"))
  }

  /// Fails every lookup with a SERVFAIL, as a server that cannot answer would.
  struct FailingSource: ChainLookupSource {
    func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup {
      ChainLookup(
        rcode: 2, answer: [], authority: [], validatorStatus: "indeterminate",
        failure: "the server failed (SERVFAIL)")
    }
  }

  /// The summary is known to be the engine's failed lookup of the MX RRset by what the engine
  /// recorded, not by its words: the chain the engine builds carries the failure as a cause,
  /// and the check restates that cause with its own lookup's failure. A reason that only reads
  /// the same, stated in words, is not taken for it.
  func testTheEngineFailureIsRecognisedByItsCauseNotItsWords() async throws {
    let name = T.name("example.org.")
    let timedOut = "no answer within 5 s"
    let built = await ChainBuilder(
      source: FailingSource(), trustAnchors: [], options: ChainOptions()
    ).build(name: name, type: .mx)
    XCTAssertEqual(
      built.cause, .lookupFailed(name: name, type: .mx, failure: "the server failed (SERVFAIL)"))

    func checked(_ chain: ChainReport) async -> ChainReport? {
      let answers = T()
      answers.set("example.org.", .mx, .indeterminate(reason: timedOut))
      var check = DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      check.chainOfTrust = { _, _ in chain }
      return await check.run(domain: name).chainOfTrust
    }
    let restated = await checked(built)
    XCTAssertEqual(restated?.cause, .lookupFailed(name: name, type: .mx, failure: timedOut))

    var worded = built
    worded.reason = built.reason
    XCTAssertEqual(worded.reason, built.reason)
    let kept = await checked(worded)
    XCTAssertEqual(kept?.cause, .stated(try XCTUnwrap(built.reason)))
  }

  /// The engine's lookup of an RRset the check got a secure answer for failed: the finding says
  /// it was the engine's later lookup, beside the check's own secure one.
  func testAnEngineFailureOfAnRRsetTheCheckGotSaysWhoseLookupItWas() async throws {
    let answers = T()
    answers.set("example.org.", .mx, .secure, [T.mx(10, "mx.example.org.")])
    answers.set("mx.example.org.", .a, .insecure, [T.a("192.0.2.1")])
    answers.set("mx.example.org.", .aaaa, .insecure)
    let name = T.name("example.org.")
    let engineReport = ChainReport(
      name: name, type: .mx, zones: [], answer: nil, denial: nil, cnameTargets: [],
      status: .indeterminate,
      reason: ChainBuilder.lookupFailureReason(name, .mx, "no answer within 5 s"),
      validatorStatus: "indeterminate",
      findings: [
        Finding(
          FindingCode("LOOKUP_FAILED"), subject: "example.org. MX",
          evidence: [Evidence("reason", "no answer within 5 s")])
      ], judgedAt: Date(timeIntervalSince1970: 0))
    var check = DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
    check.chainOfTrust = { _, _ in engineReport }
    let report = await check.run(domain: name)

    let failure = try XCTUnwrap(
      ChainFindings.flatten(report.findings).first { $0.code.rawValue == "LOOKUP_FAILED" })
    XCTAssertEqual(
      failure.evidence.first { $0.label == "lookup" }?.value,
      "danescope's chain engine's, made after the check's own, which was secure")
    XCTAssertTrue(
      report.text.contains("Chain of trust to example.org. MX: incomplete (libunbound: secure)"),
      report.text)
    XCTAssertNotNil(report.incompleteReason)
  }

  // MARK: The other records the check used (DomainReport.heldToLookups)

  func chain(_ name: String, _ type: RRType, _ status: ChainStatus) -> ChainReport {
    ChainReport(
      name: T.name(name), type: type, zones: [], answer: nil, denial: nil, cnameTargets: [],
      status: status, reason: nil, validatorStatus: nil, findings: [],
      judgedAt: Date(timeIntervalSince1970: 0))
  }

  /// mx.example.org. is an alias of mx.example.net.; libunbound calls the A answer and the
  /// alias insecure (an algorithm it lacks in both zones, say), the engine calls both secure.
  func aliasCheck() async -> DomainReport {
    let answers = T()
    answers.set("example.org.", .mx, .secure, [T.mx(10, "mx.example.org.")])
    answers.set(
      "mx.example.org.", .a, .insecure, [T.a("192.0.2.1")],
      cname: [("mx.example.org.", "mx.example.net.")])
    answers.set("mx.example.org.", .aaaa, .insecure)
    answers.set(
      "mx.example.org.", .cname, .insecure, cname: [("mx.example.org.", "mx.example.net.")])
    let check = DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
    return await check.run(domain: T.name("example.org."))
  }

  func testAUsedRecordIsHeldToItsLookup() async throws {
    let report = await aliasCheck()
    XCTAssertTrue(report.lookupsUsed.contains { $0.type == .cname }, "the CNAME was asked")
    var target = chain("mx.example.net.", .a, .secure)
    target.validatorStatus = "insecure"
    var alias = chain("mx.example.org.", .a, .secure)
    alias.beforeTargets = ChainReport.Verdict(status: .secure, reason: nil)
    alias.cnameTargets = [target]
    let held = report.heldToLookups(alias)
    XCTAssertEqual(held.status, .insecure)
    XCTAssertTrue(held.isBoundedByLookup)
    XCTAssertEqual(held.ownVerdict.status, .insecure, "the alias, held to the CNAME lookup")
    XCTAssertTrue(held.ownVerdict.reason?.contains("own CNAME lookup") ?? false)
    XCTAssertEqual(held.cnameTargets.first?.status, .insecure, "the target, held to the A lookup")
    XCTAssertTrue(held.cnameTargets.first?.reason?.contains("found it secure") ?? false)
  }

  func testARecordTheCheckDidNotLookUpIsLeftAsBuilt() async throws {
    let report = await aliasCheck()
    let other = chain("mx.example.net.", .tlsa, .secure)
    XCTAssertEqual(report.heldToLookups(other), other)
  }

  // MARK: Zones, held to the engine's DS and DNSKEY lookups (DANECheck.held)

  func zone(_ status: ChainStatus, ds: SecurityStatus?, dnskey: SecurityStatus?) -> ZoneReport {
    ZoneReport(
      name: T.name("example.net."), status: status, reason: nil, isTrustAnchor: false, dsSet: nil,
      ds: [], dsDenial: nil, dnskeySet: nil, keys: [], dsLookupStatus: ds,
      dnskeyLookupStatus: dnskey)
  }

  /// libunbound called the zone's DNSKEY set insecure (an algorithm it lacks) while its DS set
  /// is secure: the zone reads insecure, and the reason keeps the engine's secure.
  func testAZoneIsHeldToItsDNSKEYLookup() {
    let held = DANECheck.held(zone(.secure, ds: .secure, dnskey: .insecure))
    XCTAssertEqual(held.status, .insecure)
    XCTAssertTrue(held.isBoundedByLookup)
    XCTAssertTrue(held.reason?.contains("DNSKEY lookup of example.net.") ?? false, held.reason ?? "")
    XCTAssertTrue(held.reason?.contains("found it secure") ?? false, held.reason ?? "")
  }

  func testABogusDSLookupMakesAnInsecureZoneBogus() {
    let held = DANECheck.held(zone(.insecure, ds: .bogus(reason: "no signatures"), dnskey: .insecure))
    XCTAssertEqual(held.status, .bogus)
    XCTAssertTrue(held.reason?.contains("no signatures") ?? false, held.reason ?? "")
  }

  func testAZoneLibunboundAgreesWithIsLeftAsBuilt() {
    let built = zone(.secure, ds: .secure, dnskey: .secure)
    XCTAssertEqual(DANECheck.held(built), built)
    let unknown = zone(.secure, ds: nil, dnskey: nil)
    XCTAssertEqual(DANECheck.held(unknown), unknown)
  }
}
