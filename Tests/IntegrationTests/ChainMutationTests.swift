import Foundation
import XCTest

@testable import ValidationCore

/// For each finding code, a real mutation of a signed zone (ChainMutations.swift) produces that
/// code, libunbound gives the verdict RFC 4035 says, and the engine gives the same verdict
/// (except for VALIDATOR_DISAGREEMENT, whose point is that they differ).
final class ChainMutationTests: XCTestCase {
  nonisolated(unsafe) static var shared: SharedChainFixture?

  override class func setUp() {
    super.setUp()
    shared = SharedChainFixture {
      try ChainFixture(leaves: ChainMutation.all.map(\.leaf) + [ChainMutation.rollover])
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  func build(_ name: String, _ type: RRType) async throws -> ChainReport {
    let (fixture, resolver) = try XCTUnwrap(Self.shared).get()
    return try await fixture.builder(resolver).build(
      name: try DNSName(name), type: type)
  }

  func testEveryMutationGivesItsCodeAndLibunboundsVerdict() async throws {
    for mutation in ChainMutation.all {
      let report = try await build(mutation.question, mutation.type)
      let label = "\(mutation.code) (\(mutation.question) \(mutation.type))"
      let codes = ChainFindings.flatten(report.findings).map(\.code)
      if report.zones.last?.status == .bogus, let answer = report.answer {
        XCTAssertEqual(answer.status, .bogus, "an answer in a bogus zone: \(label)")
      }
      XCTAssertTrue(codes.contains(mutation.code), "\(label): got \(codes.map(\.rawValue))")
      XCTAssertEqual(report.validatorStatus, mutation.verdict, "libunbound: \(label)")
      if mutation.code == .validatorDisagreement {
        XCTAssertNotEqual(report.status.word, mutation.verdict, label)
      } else {
        XCTAssertEqual(report.status.word, mutation.verdict, "\(label): \(report.reason ?? "")")
        XCTAssertFalse(codes.contains(.validatorDisagreement), label)
      }
    }
  }

  /// Every DNSSEC summary, filled with the evidence a real run gives it, reads without a
  /// doubled word or phrase ("says no such no such name").
  func testSummariesWithRealEvidenceHaveNoDoubledWords() async throws {
    let doubled = try NSRegularExpression(
      pattern: "\\b([A-Za-z]{2,}(?: [A-Za-z]{2,})?) \\1\\b", options: [.caseInsensitive])
    var rendered: Set<FindingCode> = []
    for mutation in ChainMutation.all {
      let report = try await build(mutation.question, mutation.type)
      for finding in ChainFindings.flatten(report.findings) {
        rendered.insert(finding.code)
        let summary = finding.summary
        let range = NSRange(summary.startIndex..., in: summary)
        XCTAssertNil(doubled.firstMatch(in: summary, range: range), summary)
        XCTAssertFalse(summary.contains("{"), "a placeholder without evidence: \(summary)")
      }
    }
    XCTAssertTrue(rendered.contains(.denialProofMissing), "\(rendered)")
  }

  func testCatalogueCodesAllHaveAMutation() {
    let covered = Set(ChainMutation.all.map(\.code))
    // A stale trust anchor is not a zone edit: ChainAlgorithmTests.testDNSKEYTrustAnchorsWorkAndAStaleOneBreaksTheRoot makes
    // TRUST_ANCHOR_NO_MATCHING_DNSKEY with a real signed root and a changed anchor.
    let elsewhere: Set<FindingCode> = [.wildcardExpansion, .trustAnchorNoMatchingDNSKEY]
    for entry in FindingCatalog.dnssecEntries where !elsewhere.contains(entry.code) {
      XCTAssertTrue(covered.contains(entry.code), "\(entry.code) has no mutation")
    }
  }

  func testOneRootCauseGivesOneTopLevelError() async throws {
    let report = try await build("www.keygone.tld.", .a)
    let errors = report.findings.filter { $0.severity == .error }
    XCTAssertEqual(errors.map(\.code), [.dsNoMatchingDNSKEY])
    XCTAssertFalse(errors[0].consequences.isEmpty, "the consequences are listed under the cause")
    // The answer's signature verifies, but with a key no DS vouches for: the answer is bogus.
    XCTAssertEqual(report.answer?.status, .bogus)
    XCTAssertTrue(report.answer?.signatures.contains { $0.verdict == .valid } ?? false)
  }

  func testOptOutDelegationIsInsecureThroughTheOptOutSpan() async throws {
    let report = try await build("www.unsigned.optout.tld.", .a)
    let zone = try XCTUnwrap(report.zones.first { $0.name.description == "unsigned.optout.tld." })
    let denial = try XCTUnwrap(zone.dsDenial)
    XCTAssertEqual(denial.kind, .nsec3)
    XCTAssertTrue(denial.isProven, denial.problem ?? "")
    XCTAssertTrue(denial.isOptOut)
    XCTAssertEqual(report.status, .insecure)
  }

  /// A denial that holds but uses more NSEC3 iterations than validators accept is insecure
  /// (RFC 9276 §3.2), and the chain's reason says so: every zone on the way is secure.
  func testADenialAboveTheIterationLimitSaysWhyItIsInsecure() async throws {
    let report = try await build("nope.n3many.tld.", .a)
    XCTAssertEqual(report.validatorStatus, "insecure")
    XCTAssertEqual(report.status, .insecure)
    XCTAssertEqual(Set(report.zones.map(\.status)), [.secure])
    XCTAssertEqual(
      report.reason,
      "the denial for nope.n3many.tld. A uses NSEC3 records of n3many.tld. with more iterations"
        + " (200) than validators accept (150, RFC 9276 §3.2)")
  }

  func testOneValidPathIsEnoughDuringAnAlgorithmRollover() async throws {
    let report = try await build("www.rollover.tld.", .a)
    XCTAssertEqual(report.validatorStatus, "secure")
    XCTAssertEqual(report.status, .secure, report.reason ?? "")
    let zone = try XCTUnwrap(report.zones.last)
    XCTAssertEqual(Set(zone.ds.map(\.state)), [.matches, .noSuchKey])
    let errors = ChainFindings.flatten(report.findings).filter { $0.severity == .error }
    XCTAssertEqual(errors.map(\.code), [])
  }

  func testDigestMismatchShowsPublishedAndComputedDigests() async throws {
    let report = try await build("www.dsdigest.tld.", .a)
    let zone = try XCTUnwrap(report.zones.first { $0.name.description == "dsdigest.tld." })
    let ds = try XCTUnwrap(zone.ds.first)
    XCTAssertEqual(ds.state, .digestMismatch)
    let computed = try XCTUnwrap(ds.computed)
    XCTAssertNotEqual(computed, ds.ds.digest)
    // Only the last hex digit was changed.
    XCTAssertEqual(Hex.encode(computed).dropLast(), Hex.encode(ds.ds.digest).dropLast())
  }

  func testExpiredWindowIsMeasuredAgainstTheFixedClock() async throws {
    let report = try await build("www.expired.tld.", .a)
    let signature = try XCTUnwrap(report.answer?.signatures.first)
    guard case .expired(let since) = signature.window else { return XCTFail("\(signature.window)") }
    XCTAssertEqual(since / ChainMutation.day, 7, accuracy: 0.01)
  }
}
