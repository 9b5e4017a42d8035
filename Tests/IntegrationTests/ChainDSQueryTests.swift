import Foundation
import ValidationCore
import XCTest

/// A DS question is answered by the parent side of a zone cut (RFC 4035 §2.4, §3.1.4.1): the
/// parent signs the DS set and the parent's NSEC or NSEC3 denies it. Four parents (ldns- and
/// BIND-signed, NSEC and NSEC3) each delegate a signed child `sec.` and an unsigned child `kid.`;
/// libunbound's verdict on each question is the reference.
final class ChainDSQueryTests: XCTestCase {
  nonisolated(unsafe) static var shared: SharedChainFixture?

  /// origin → the parent's signer and its kind of denial.
  static let parents: [(origin: String, kind: ChainSigner.Kind, nsec3: Bool)] = [
    ("p-ldns.tld.", .ldns, false), ("p-ldns3.tld.", .ldns, true),
    ("p-bind.tld.", .bind, false), ("p-bind3.tld.", .bind, true),
  ]

  /// The DS record of each signed child `sec.<parent>`, as its parent publishes it.
  nonisolated(unsafe) static var childDS: [String: [String]] = [:]

  override class func setUp() {
    super.setUp()
    shared = SharedChainFixture {
      try ChainFixture(leaves: parents.map { delegatingParent($0.origin, $0.kind, $0.nsec3) })
    }
  }

  override class func tearDown() {
    shared = nil
    super.tearDown()
  }

  /// A signed parent with a signed child (its DS in the parent, the child signed by the same
  /// signer with NSEC3, so that its apex carries an NSEC3 with the SOA bit) and an unsigned one.
  static func delegatingParent(_ origin: String, _ kind: ChainSigner.Kind, _ nsec3: Bool)
    -> ChainFixture.Leaf
  {
    ChainFixture.Leaf(origin: origin) { fixture in
      let secure = "sec.\(origin)"
      let unsigned = "kid.\(origin)"
      let child = try ChainSigner(kind, origin: secure, algorithm: 13, in: fixture.folder.url)
      let childFile = try child.sign(ChainFixture.leafText(secure), nsec3: ChainSigner.NSEC3())
      let ds = try child.dsRecords()
      childDS[origin] = ds
      let unsignedFile = try fixture.folder.write(
        "\(unsigned)zone", ChainFixture.leafText(unsigned))
      let delegations = [secure, unsigned].map { "\($0) IN NS ns.\($0)\nns.\($0) IN A 127.0.0.1" }
      let parent = try ChainSigner(kind, origin: origin, algorithm: 13, in: fixture.folder.url)
      let parentFile = try parent.sign(
        ChainFixture.leafText(origin, extra: (delegations + ds).joined(separator: "\n")),
        nsec3: nsec3 ? ChainSigner.NSEC3() : nil)
      return ChainFixture.Made(
        file: parentFile, parentRecords: try parent.dsRecords(),
        extraZones: [(secure, childFile), (unsigned, unsignedFile)])
    }
  }

  func fixture() throws -> (ChainFixture, UnboundResolver) {
    try XCTUnwrap(Self.shared).get()
  }

  func testDSOfASignedChildIsTheParentsSignedAnswer() async throws {
    let (fixture, resolver) = try fixture()
    for parent in Self.parents {
      let name = try DNSName("sec.\(parent.origin)")
      let report = try await fixture.builder(resolver).build(name: name, type: .ds)
      let label = "\(parent.kind) \(parent.origin)"
      XCTAssertEqual(report.validatorStatus, "secure", label)
      XCTAssertEqual(report.status, .secure, "\(label): \(report.reason ?? "")")
      let answer = try XCTUnwrap(report.answer, label)
      XCTAssertEqual(answer.key, RRSetKey(name: name, type: .ds), label)
      XCTAssertEqual(answer.records.count, Self.childDS[parent.origin]?.count, label)
      // The parent signs the DS set; the child's zone is no part of the answer's chain.
      XCTAssertTrue(
        answer.signatures.contains {
          $0.verdict == .valid && $0.rrsig.signerName == (try? DNSName(parent.origin))
        }, label)
      XCTAssertEqual(report.zones.last?.name.description, parent.origin, label)
      XCTAssertNil(report.denial, label)
      XCTAssertFalse(report.findings.contains { $0.code == .validatorDisagreement }, label)
    }
  }

  /// RFC 4035 §5.2 and RFC 6840 §4.4: the parent's NSEC or NSEC3 at the delegation (NS, no DS,
  /// no SOA) proves that the unsigned child has no DS: a secure NODATA, as libunbound says.
  func testDSOfAnUnsignedChildIsProvenAbsentByTheParent() async throws {
    let (fixture, resolver) = try fixture()
    for parent in Self.parents {
      let name = try DNSName("kid.\(parent.origin)")
      let report = try await fixture.builder(resolver).build(name: name, type: .ds)
      let label = "\(parent.kind) \(parent.origin)"
      XCTAssertEqual(report.validatorStatus, "secure", label)
      XCTAssertEqual(report.status, .secure, "\(label): \(report.reason ?? "")")
      XCTAssertNil(report.answer, label)
      let denial = try XCTUnwrap(report.denial, label)
      XCTAssertTrue(denial.isProven, "\(label): \(denial.problem ?? "")")
      XCTAssertEqual(denial.claim, .noData, label)
      XCTAssertEqual(denial.kind, parent.nsec3 ? .nsec3 : .nsec, label)
      // Every record of the proof is the parent's, signed by the parent.
      for rrset in denial.rrsets {
        XCTAssertTrue(rrset.key.name.isSubdomain(of: try DNSName(parent.origin)), label)
        XCTAssertTrue(
          rrset.signatures.contains {
            $0.verdict == .valid && $0.rrsig.signerName == (try? DNSName(parent.origin))
          }, label)
      }
      XCTAssertEqual(report.zones.last?.name.description, parent.origin, label)
      XCTAssertFalse(report.findings.contains { $0.code == .validatorDisagreement }, label)
      XCTAssertFalse(report.findings.contains { $0.code == .insecureDelegation }, label)
    }
  }

  /// With the trust anchor at the child's own apex, no anchor covers the parent that holds the
  /// DS: libunbound calls the DS insecure, and the child's apex NSEC3 (SOA bit) proves nothing
  /// about it.
  func testDSAtATrustAnchorApexWithoutAParentAnchorAgreesWithLibunbound() async throws {
    let (fixture, _) = try fixture()
    for parent in Self.parents where parent.nsec3 {
      let origin = "sec.\(parent.origin)"
      let label = "\(parent.kind) \(origin)"
      let anchor = try XCTUnwrap(Self.childDS[parent.origin]?.first)
      let resolver = try UnboundResolver(
        .inProcess(zones: try fixture.inProcessZones, trustAnchors: [anchor]),
        timeout: .seconds(10))
      let anchors = try ChainTrustAnchors.records(
        for: .inProcess(zones: [], trustAnchors: [anchor]))
      let builder = ChainBuilder(
        source: ResolverLookupSource(resolver), trustAnchors: anchors,
        options: ChainOptions(clock: FixedClock(fixture.judgedAt)))
      let report = await builder.build(name: try DNSName(origin), type: .ds)
      XCTAssertEqual(report.validatorStatus, "insecure", label)
      XCTAssertEqual(report.status, .insecure, "\(label): \(report.reason ?? "")")
      XCTAssertNil(report.denial, label)
      XCTAssertTrue(report.zones.isEmpty, label)
      XCTAssertFalse(report.findings.contains { $0.code == .validatorDisagreement }, label)
      // Below the anchor, the child's own records are still secure under it.
      let inside = await builder.build(name: try DNSName("www.\(origin)"), type: .a)
      XCTAssertEqual(inside.validatorStatus, "secure", label)
      XCTAssertEqual(inside.status, .secure, "\(label): \(inside.reason ?? "")")
    }
  }
}
