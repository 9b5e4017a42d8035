import Foundation
import ValidationCore
import XCTest

/// Zones signed here by ldns-signzone and by dnssec-signzone, with each algorithm the engine
/// checks (5, 7, 8, 10, 13, 14, 15, 16) and with NSEC and NSEC3: an answer, a name error, a
/// NODATA, a CNAME and a wildcard answer are secure for the engine, and libunbound (the
/// reference, RFC 4035 §5) says the same.
final class ChainAlgorithmTests: XCTestCase {
  static let algorithms: [UInt8] = [5, 7, 8, 10, 13, 14, 15, 16]

  /// `a8-bind-nsec3.tld.` and so on. Algorithm 5 predates NSEC3 (RFC 5155 §2): NSEC only.
  static var leaves: [(origin: String, kind: ChainSigner.Kind, algorithm: UInt8, nsec3: Bool)] {
    var out: [(String, ChainSigner.Kind, UInt8, Bool)] = []
    for algorithm in algorithms {
      for kind in ChainSigner.Kind.allCases {
        for nsec3 in algorithm == 5 ? [false] : [false, true] {
          out.append(
            (
              "a\(algorithm)-\(kind.rawValue)-\(nsec3 ? "nsec3" : "nsec").tld.", kind, algorithm,
              nsec3
            ))
        }
      }
    }
    return out
  }

  nonisolated(unsafe) static var shared: SharedChainFixture?

  override class func setUp() {
    super.setUp()
    shared = SharedChainFixture {
      try ChainFixture(
        leaves: leaves.map { leaf in
          ChainFixture.signedLeaf(
            leaf.origin, leaf.kind, algorithm: leaf.algorithm,
            nsec3: leaf.nsec3 ? ChainSigner.NSEC3() : nil)
        })
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  func fixture() throws -> (ChainFixture, UnboundResolver) {
    try XCTUnwrap(Self.shared).get()
  }

  /// Debian 12's libunbound 1.17.1 does not validate ED448 (16): it treats such zones as
  /// insecure (RFC 4035 §5.2), as it must for an algorithm it lacks. danescope's engine checks
  /// ED448 through OpenSSL, finds the zone secure, and says that the two disagree.
  static let libunboundLacks: Set<UInt8> = [16]

  func testEveryAlgorithmSignerAndDenialIsSecureAndAgreesWithLibunbound() async throws {
    let (fixture, resolver) = try fixture()
    let builder = try fixture.builder(resolver)
    for leaf in Self.leaves where !Self.libunboundLacks.contains(leaf.algorithm) {
      let questions: [(String, RRType)] = [
        ("www.\(leaf.origin)", .a), ("nope.\(leaf.origin)", .a), ("www.\(leaf.origin)", .aaaa),
        ("alias.\(leaf.origin)", .a), ("x.wild.\(leaf.origin)", .a), (leaf.origin, .mx),
      ]
      for (name, type) in questions {
        let report = await builder.build(name: try DNSName(name), type: type)
        let label =
          "\(name) \(type) [\(leaf.kind) alg \(leaf.algorithm) \(leaf.nsec3 ? "NSEC3" : "NSEC")]"
        XCTAssertEqual(report.validatorStatus, "secure", "libunbound: \(label)")
        XCTAssertEqual(report.status, .secure, "\(label): \(report.reason ?? "")")
        let errors = ChainFindings.flatten(report.findings).filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.code), [], label)
      }
      // The leaf's keys are the expected algorithm, DS-matched, and the zone's denial kind.
      let report = await builder.build(name: try DNSName("nope.\(leaf.origin)"), type: .a)
      let zone = try XCTUnwrap(report.zones.last)
      XCTAssertEqual(zone.name, try DNSName(leaf.origin))
      XCTAssertTrue(zone.keys.allSatisfy { $0.key.algorithm.rawValue == leaf.algorithm })
      XCTAssertTrue(zone.keys.contains { $0.isDSMatched && $0.role == .ksk }, leaf.origin)
      XCTAssertEqual(report.denial?.kind, leaf.nsec3 ? .nsec3 : .nsec, leaf.origin)
      XCTAssertEqual(report.denial?.claim, .nameError)
    }
  }

  func testED448IsSecureForTheEngineButUnsupportedByDebiansLibunbound() async throws {
    let (fixture, resolver) = try fixture()
    let builder = try fixture.builder(resolver)
    for leaf in Self.leaves where Self.libunboundLacks.contains(leaf.algorithm) {
      let report = await builder.build(name: try DNSName("www.\(leaf.origin)"), type: .a)
      XCTAssertEqual(report.validatorStatus, "insecure", leaf.origin)
      XCTAssertEqual(report.status, .secure, leaf.origin)
      let disagreement = try XCTUnwrap(report.findings.first { $0.code == .validatorDisagreement })
      XCTAssertEqual(disagreement.severity, .error)
      XCTAssertTrue(
        disagreement.summary.contains("says secure but libunbound says insecure"),
        disagreement.summary)
      // libunbound gives no reason for insecure: the evidence says so instead of a bare "-".
      let reason = disagreement.evidence.first { $0.label == "validator reason" }?.value
      XCTAssertEqual(reason, "none (libunbound gives one only for bogus and indeterminate)")
    }
  }

  func testChainShowsEveryZoneFromTheRootDown() async throws {
    let (fixture, resolver) = try fixture()
    let report = try await fixture.builder(resolver).build(
      name: try DNSName("www.a13-ldns-nsec.tld."), type: .a)
    XCTAssertEqual(report.zones.map(\.name.description), [".", "tld.", "a13-ldns-nsec.tld."])
    XCTAssertTrue(report.zones[0].isTrustAnchor)
    XCTAssertEqual(report.zones[1].ds.map(\.state), [.matches])
    XCTAssertEqual(report.answer?.records.count, 1)
    let signature = try XCTUnwrap(report.answer?.signatures.first)
    XCTAssertEqual(signature.verdict, .valid)
    // ldns-signzone's default window: now to four weeks ahead.
    guard case .valid(let left) = signature.window else { return XCTFail("\(signature.window)") }
    XCTAssertGreaterThan(left, 20 * 86_400)
  }

  func testDNSKEYTrustAnchorsWorkAndAStaleOneBreaksTheRoot() async throws {
    let (fixture, resolver) = try fixture()
    let name = try DNSName("www.a13-ldns-nsec.tld.")
    let options = ChainOptions(clock: FixedClock(fixture.judgedAt))
    let keyAnchor = try ChainTrustAnchors.records(
      for: .inProcess(zones: [], trustAnchors: [fixture.rootDNSKEYs[0]]))
    let secure = await ChainBuilder(
      source: ResolverLookupSource(resolver), trustAnchors: keyAnchor, options: options
    ).build(name: name, type: .a)
    XCTAssertEqual(secure.status, .secure, secure.reason ?? "")
    XCTAssertTrue(secure.zones[0].keys.contains { $0.isDSMatched && $0.role == .ksk })
    // The root ZSK with one bit changed, as a stale anchor: nothing in the root matches it.
    let other = try XCTUnwrap(
      try ChainTrustAnchors.records(
        for: .inProcess(zones: [], trustAnchors: [fixture.rootDNSKEYs[1]])
      ).first)
    var stale = other
    if case .dnskey(var key) = stale.rdata {
      key.publicKey[key.publicKey.count - 1] ^= 1
      stale.rdata = .dnskey(key)
    }
    let broken = await ChainBuilder(
      source: ResolverLookupSource(resolver), trustAnchors: [stale], options: options
    ).build(name: name, type: .a)
    XCTAssertEqual(broken.status, .bogus)
    let codes = broken.findings.map(\.code)
    XCTAssertTrue(codes.contains(.trustAnchorNoMatchingDNSKEY), "\(codes)")
    XCTAssertFalse(codes.contains(.dsNoMatchingDNSKEY), "the root has no parent: \(codes)")
    // libunbound still has the right anchor: the two disagree, and say so.
    XCTAssertTrue(codes.contains(.validatorDisagreement), "\(codes)")
  }

  func testCNAMEIsFollowedWithItsOwnChain() async throws {
    let (fixture, resolver) = try fixture()
    let report = try await fixture.builder(resolver).build(
      name: try DNSName("alias.a15-bind-nsec3.tld."), type: .a)
    XCTAssertEqual(report.answer?.key.type, .cname)
    XCTAssertEqual(report.cnameTargets.map(\.name.description), ["www.a15-bind-nsec3.tld."])
    XCTAssertEqual(report.cnameTargets.first?.answer?.key.type, .a)
    XCTAssertEqual(report.status, .secure)
  }

  func testWildcardAnswerCarriesItsProof() async throws {
    let (fixture, resolver) = try fixture()
    for origin in ["a13-ldns-nsec.tld.", "a13-bind-nsec3.tld."] {
      let report = try await fixture.builder(resolver).build(
        name: try DNSName("x.wild.\(origin)"), type: .a)
      XCTAssertEqual(report.answer?.signatures.first?.isWildcardExpansion, true, origin)
      XCTAssertEqual(report.denial?.claim, .wildcard, origin)
      XCTAssertEqual(report.denial?.isProven, true, report.denial?.problem ?? origin)
      XCTAssertTrue(report.findings.contains { $0.code == .wildcardExpansion }, origin)
    }
  }
}
