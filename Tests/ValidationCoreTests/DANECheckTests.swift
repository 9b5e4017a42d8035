import Foundation
import ValidationCore
import XCTest

/// The whole check on hand-built answers and a recording probe: which probes are made, with what,
/// how many at once, and what the report and its findings say.
final class DANECheckTests: XCTestCase {
  typealias T = DANETestAnswers
  let good = T.tlsa(3, 1, 1, length: 32, fill: 1)
  let next = T.tlsa(3, 1, 1, length: 32, fill: 2)

  /// example.org: two MX hosts, each with an A and an AAAA; mx1 has TLSA (two records), mx2's
  /// TLSA is bogus.
  func makeAnswers() -> T {
    let answers = T()
    answers.set(
      "example.org.", .mx, .secure, [T.mx(20, "mx2.example.org."), T.mx(10, "mx1.example.org.")])
    for host in ["mx1", "mx2"] {
      answers.set("\(host).example.org.", .a, .secure, [T.a("192.0.2.\(host == "mx1" ? 1 : 2)")])
      answers.set("\(host).example.org.", .aaaa, .secure, [T.aaaaLoopback()])
    }
    answers.set("_25._tcp.mx1.example.org.", .tlsa, .secure, [.tlsa(good), .tlsa(next)])
    answers.set("_25._tcp.mx2.example.org.", .tlsa, .bogus(reason: "signature crypto failed"))
    return answers
  }

  func testEveryAddressOfEveryUsableHostIsProbedWithinTheBound() async throws {
    let answers = makeAnswers()
    let record = good
    let probe = RecordingProbe(decision: { _ in .matched(record, depth: 0) })
    var check = DANECheck(lookup: answers.lookup, probe: probe.probe)
    check.maxConcurrentProbes = 1
    let report = await check.run(domain: T.name("example.org."))

    XCTAssertEqual(
      report.mx.hosts.map(\.target.name), [T.name("mx1.example.org."), T.name("mx2.example.org.")])
    // mx2 is deferred: a sender would not connect, so neither does the check.
    XCTAssertEqual(Set(probe.requests.map(\.address)), ["192.0.2.1", "::1"])
    XCTAssertEqual(probe.maxInFlight, 1)
    for request in probe.requests {
      XCTAssertEqual(request.port, 25)
      XCTAssertEqual(request.tlsaBaseDomain, T.name("mx1.example.org."))
      XCTAssertEqual(request.usableRecords, [good, next])
      // The MX RRset is secure, so the next-hop domain is a reference name too (RFC 7672 §3.2.2).
      XCTAssertEqual(request.additionalReferenceNames, [T.name("example.org.")])
    }
    XCTAssertEqual(report.mx.hosts[0].probes.map(\.verdict.word), ["verified", "verified"])
    XCTAssertEqual(report.mx.hosts[1].probes.map(\.verdict.word), ["deferred", "deferred"])
    XCTAssertEqual(report.findings.first?.code, FindingCode("TLSA_BOGUS"))
    XCTAssertEqual(report.findings.first?.subject, "_25._tcp.mx2.example.org.")
    XCTAssertNil(report.incompleteReason)
  }

  func testOneCauseAtSeveralAddressesIsOneFindingNamingThemAll() async {
    let answers = makeAnswers()
    let probe = RecordingProbe(decision: { _ in .noMatch("no matching DANE TLSA records") })
    let report = await DANECheck(lookup: answers.lookup, probe: probe.probe)
      .run(domain: T.name("example.org."))
    let failures = report.findings.filter { $0.code.rawValue == "DANE_AUTHENTICATION_FAILED" }
    XCTAssertEqual(failures.count, 1, "\(report.findings.map(\.code))")
    XCTAssertEqual(failures.first?.subject, "mx1.example.org.")
    XCTAssertEqual(
      failures.first?.evidence.first { $0.label == "addresses" }?.value, "192.0.2.1, ::1")
    // Errors first: both error findings come before any advice.
    let severities = report.findings.map(\.worstSeverity)
    XCTAssertEqual(severities, severities.sorted(by: >))
  }

  func testTheProbeBoundHoldsWithManyAddresses() async {
    let answers = T()
    answers.set(
      "many.example.", .mx, .secure, (1...6).map { T.mx(UInt16($0), "h\($0).many.example.") })
    for index in 1...6 {
      answers.set("h\(index).many.example.", .a, .insecure, [T.a("192.0.2.\(index)")])
      answers.set("h\(index).many.example.", .aaaa, .insecure)
    }
    let probe = RecordingProbe()
    var check = DANECheck(lookup: answers.lookup, probe: probe.probe)
    check.maxConcurrentProbes = 3
    let report = await check.run(domain: T.name("many.example."))
    XCTAssertEqual(probe.requests.count, 6)
    XCTAssertLessThanOrEqual(probe.maxInFlight, 3)
    XCTAssertEqual(Set(report.probes.map(\.verdict.word)), ["no-dane"])
    // Insecure addresses: TLSA is not even asked (RFC 7672 §2.2.2).
    XCTAssertFalse(answers.wasAsked("_25._tcp.h1.many.example.", .tlsa))
  }

  func testInsecureMXLeavesTheNextHopDomainOutOfTheReferenceNames() async {
    let answers = makeAnswers()
    answers.set(
      "example.org.", .mx, .insecure, [T.mx(10, "mx1.example.org.")])
    let probe = RecordingProbe()
    _ = await DANECheck(lookup: answers.lookup, probe: probe.probe)
      .run(domain: T.name("example.org."))
    XCTAssertFalse(probe.requests.isEmpty)
    for request in probe.requests {
      XCTAssertEqual(request.tlsaBaseDomain, T.name("mx1.example.org."))
      XCTAssertEqual(request.additionalReferenceNames, [])
    }
  }

  func testCNAMEHostUsesTheExpandedBaseDomainAndKeepsTheMXNameAsReference() async {
    let answers = T()
    answers.set("example.org.", .mx, .secure, [T.mx(10, "mx.example.org.")])
    answers.set(
      "mx.example.org.", .a, .secure, [T.a("192.0.2.9")],
      cname: [("mx.example.org.", "smtp.provider.net.")])
    answers.set(
      "mx.example.org.", .aaaa, .secure, cname: [("mx.example.org.", "smtp.provider.net.")])
    answers.set("_25._tcp.smtp.provider.net.", .tlsa, .secure, [.tlsa(good)])
    let probe = RecordingProbe()
    _ = await DANECheck(lookup: answers.lookup, probe: probe.probe)
      .run(domain: T.name("example.org."))
    let request = try? XCTUnwrap(probe.requests.first)
    XCTAssertEqual(request?.tlsaBaseDomain, T.name("smtp.provider.net."))
    XCTAssertEqual(
      request?.additionalReferenceNames, [T.name("mx.example.org."), T.name("example.org.")])
    XCTAssertFalse(answers.wasAsked("_25._tcp.mx.example.org.", .tlsa))
  }

  func testEndpointsOverrideWhereToConnectButNotTheTLSAName() async {
    let answers = makeAnswers()
    let probe = RecordingProbe()
    var check = DANECheck(lookup: answers.lookup, probe: probe.probe)
    check.port = 2525
    check.endpoints = [T.name("mx1.example.org."): .init(address: "127.0.0.5", port: 10025)]
    _ = await check.run(domain: T.name("example.org."))
    XCTAssertEqual(Set(probe.requests.map { "\($0.address):\($0.port)" }), ["127.0.0.5:10025"])
    XCTAssertTrue(answers.wasAsked("_25._tcp.mx1.example.org.", .tlsa))
  }

  func testFailedMXLookupLeavesTheCheckIncomplete() async {
    let answers = T()
    answers.set("example.org.", .mx, .indeterminate(reason: "timed out"))
    let probe = RecordingProbe()
    let report = await DANECheck(lookup: answers.lookup, probe: probe.probe)
      .run(domain: T.name("example.org."))
    XCTAssertNotNil(report.incompleteReason)
    XCTAssertTrue(probe.requests.isEmpty)
    XCTAssertEqual(report.findings.map(\.code), [FindingCode("LOOKUP_FAILED")])
  }

  func testAdviceOnTheTLSASet() async {
    let answers = T()
    answers.set("example.org.", .mx, .secure, [T.mx(10, "mx.example.org.")])
    answers.set("mx.example.org.", .a, .secure, [T.a("192.0.2.1")])
    answers.set("mx.example.org.", .aaaa, .secure)
    let fullCertificate = T.tlsa(3, 0, 1, length: 32)
    answers.set("_25._tcp.mx.example.org.", .tlsa, .secure, [.tlsa(fullCertificate)])
    let report = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      .run(domain: T.name("example.org."))
    let codes = Set(report.findings.map(\.code.rawValue))
    XCTAssertTrue(codes.contains("TLSA_SINGLE_RECORD"), "\(codes)")
    XCTAssertTrue(codes.contains("TLSA_FULL_CERTIFICATE_EE"), "\(codes)")
    XCTAssertFalse(codes.contains("TLSA_SET_TOO_LARGE"))

    // Twenty SHA2-512 records: 20 × 79 octets of answer, over 1232.
    let large = (0..<20).map { RData.tlsa(T.tlsa(3, 1, 2, length: 64, fill: UInt8($0))) }
    answers.set("_25._tcp.mx.example.org.", .tlsa, .secure, large)
    let big = await DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
      .run(domain: T.name("example.org."))
    XCTAssertTrue(big.findings.contains { $0.code.rawValue == "TLSA_SET_TOO_LARGE" })
  }

  func testDANETAOnACertificateNearExpiryGetsAdvice() async {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let answers = T()
    answers.set("example.org.", .mx, .secure, [T.mx(10, "mx.example.org.")])
    answers.set("mx.example.org.", .a, .secure, [T.a("192.0.2.1")])
    answers.set("mx.example.org.", .aaaa, .secure)
    let anchor = T.tlsa(2, 1, 1, length: 32)
    answers.set("_25._tcp.mx.example.org.", .tlsa, .secure, [.tlsa(anchor), .tlsa(good)])
    let probe: DANEProbeFunction = { request in
      ProbeObservation(
        address: request.address, port: request.port, stage: .tlsEstablished,
        daneDecision: .matched(anchor, depth: 1),
        matcherMatches: [.init(record: anchor, depth: 1)],
        chain: [
          .init(
            depth: 0, subject: "CN=mx", issuer: "CN=CA", notAfter: now + 80 * 86_400, isCA: false),
          .init(
            depth: 1, subject: "CN=CA", issuer: "CN=Root", notAfter: now + 10 * 86_400, isCA: true),
        ])
    }
    let report = await DANECheck(lookup: answers.lookup, probe: probe, clock: FixedClock(now))
      .run(domain: T.name("example.org."))
    XCTAssertEqual(report.probes.map(\.verdict), [.verified(record: anchor, depth: 1)])
    XCTAssertEqual(report.findings.map(\.code.rawValue), ["TLSA_TA_NEAR_EXPIRY"])
    let later = await DANECheck(
      lookup: answers.lookup, probe: probe, clock: FixedClock(now - 30 * 86_400)
    ).run(domain: T.name("example.org."))
    XCTAssertTrue(later.findings.isEmpty, "\(later.findings.map(\.code))")
  }
}
