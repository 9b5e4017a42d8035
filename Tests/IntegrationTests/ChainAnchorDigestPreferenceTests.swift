import Foundation
import ValidationCore
import XCTest

/// A trust anchor of several DS records for the root's key, of several digest types, some of
/// them wrong. The references, each given the same records as its only anchor: libunbound (the
/// resolver danescope builds), a standalone unbound (trust-anchor-file, asked with dig) and BIND's
/// delv (static-ds, asking nsd serving the same zones). libunbound, unlike for a parent's DS set
/// (D-chain-4), uses only the anchor's DS records of its favourite digest type (the highest
/// supported number: SHA-384 over SHA-256 over SHA-1) and ignores the rest.
final class ChainAnchorDigestPreferenceTests: XCTestCase {
  struct World {
    let fixture: ChainFixture
    let nsd: NSDServer
    /// The root KSK's DS records by digest type (1, 2, 4).
    let ds: [Int: String]
  }

  nonisolated(unsafe) static var world: Result<World, Error>?

  override class func setUp() {
    super.setUp()
    world = Result {
      let fixture = try ChainFixture(leaves: [
        ChainDSDigestPreferenceTests.leaf("good.tld.") { signer, _ in
          [try signer.dsRecord(bindDigest: ["-2"])]
        },
        // Signed with ED448 alone: which validators can check algorithm 16.
        ChainFixture.signedLeaf("ed448.tld.", algorithm: 16),
      ])
      let zones = fixture.zones.map { NSDServer.Zone($0.name, file: $0.file) }
      let ksk = try XCTUnwrap(fixture.rootDNSKEYs.first)
      let key = try fixture.folder.write("root.ksk", "$TTL 3600\n" + ksk + "\n")
      var ds: [Int: String] = [:]
      for (type, name) in [(1, "SHA-1"), (2, "SHA-256"), (4, "SHA-384")] {
        let line = try TestProcess.check(
          "dnssec-dsfromkey", ["-a", name, "-f", key.path, "."], in: fixture.folder.url)
        ds[type] = line.trimmingCharacters(in: .whitespacesAndNewlines)
      }
      return World(fixture: fixture, nsd: try NSDServer(zones: zones), ds: ds)
    }
  }

  override class func tearDown() {
    if case .success(let world) = world { world.nsd.stop() }
    world = nil
    super.tearDown()
  }

  func world() throws -> World { try XCTUnwrap(Self.world).get() }

  /// The three references' verdicts and the engine's report for good.tld. MX with `anchors`.
  struct Verdicts {
    let libunbound: String
    let unbound: String
    let delvValidated: Bool
    let delv: String
    let unboundLog: String
    let report: ChainReport
  }

  func verdicts(_ anchors: [String]) async throws -> Verdicts {
    let world = try world()
    let fixture = world.fixture
    let resolver = try UnboundResolver(
      .inProcess(zones: try fixture.inProcessZones, trustAnchors: anchors), timeout: .seconds(10))
    let records = try ChainTrustAnchors.records(
      for: .inProcess(zones: [], trustAnchors: anchors))
    let builder = ChainBuilder(
      source: ResolverLookupSource(resolver), trustAnchors: records,
      options: ChainOptions(clock: FixedClock(fixture.judgedAt)))
    let report = await builder.build(name: try DNSName("good.tld."), type: .mx)
    let folder = try TemporaryDirectory("danescope-anchor-digest")
    let file = try folder.write("ta.ds", anchors.joined(separator: "\n") + "\n")
    let unbound = try UnboundServer(
      authZones: fixture.zones.map { UnboundServer.AuthZone(name: $0.name, file: $0.file) },
      trustAnchorFile: file)
    defer { unbound.stop() }
    let verdict = try unbound.verdict(on: "good.tld.")
    let log = (try? String(contentsOf: unbound.logFile, encoding: .utf8)) ?? ""
    let statements = try anchors.map(Delv.anchorStatement).joined()
      .replacingOccurrences(of: "; }; trust-anchors { ", with: "; ")
    let delvAnchors = try folder.write("delv.anchors", statements)
    let delv = try Delv.ask("good.tld.", "MX", port: world.nsd.port, anchors: delvAnchors)
    return Verdicts(
      libunbound: report.validatorStatus ?? "none", unbound: verdict,
      delvValidated: Delv.isFullyValidated(delv), delv: delv, unboundLog: log, report: report)
  }

  func ds(_ type: Int) throws -> String { try XCTUnwrap(try world().ds[type]) }

  func wrong(_ line: String) -> String { ChainDSDigestPreferenceTests.changingLastDigit(line) }

  /// The DS line with its digest type field (`13 2`) changed to `type`.
  func retyped(_ line: String, _ type: Int) -> String {
    line.replacingOccurrences(of: " 13 2 ", with: " 13 \(type) ")
  }

  /// Every case's verdict as libunbound, the standalone unbound and the engine give it; the
  /// expected verdicts are unbound's (SERVFAIL is bogus), and the engine must agree with both.
  func testTheEngineUsesOnlyTheAnchorsFavouriteDigestTypeAsLibunboundDoes() async throws {
    let cases: [(String, [String], String)] = [
      ("correct SHA-1, wrong SHA-256", [try ds(1), wrong(try ds(2))], "bogus"),
      ("correct SHA-256, wrong SHA-384", [try ds(2), wrong(try ds(4))], "bogus"),
      ("wrong SHA-256, correct SHA-384", [wrong(try ds(2)), try ds(4)], "secure"),
      ("wrong SHA-1, correct SHA-256", [wrong(try ds(1)), try ds(2)], "secure"),
      ("correct SHA-1 only", [try ds(1)], "secure"),
      // GOST (3) and an unassigned type: neither can be checked, so SHA-1 is the favourite.
      ("correct SHA-1, GOST", [try ds(1), retyped(try ds(2), 3)], "secure"),
      ("correct SHA-1, type 99", [try ds(1), retyped(try ds(2), 99)], "secure"),
    ]
    for (name, anchors, expected) in cases {
      let verdicts = try await verdicts(anchors)
      XCTAssertEqual(verdicts.unbound, expected, name)
      XCTAssertEqual(verdicts.libunbound, expected, name)
      XCTAssertEqual(verdicts.report.status.word, expected, "\(name): \(verdicts.report.reason ?? "")")
      let codes = ChainFindings.flatten(verdicts.report.findings).map(\.code)
      XCTAssertFalse(codes.contains(.validatorDisagreement), "\(name): \(codes)")
    }
  }

  /// A SHA-256 DS of algorithm ED448 (16) beside a correct SHA-1 DS: Debian 12's libunbound
  /// cannot check ED448 (D-lab-4), skips that DS and says secure; the unbound daemon, delv and the
  /// engine use it and say bogus. The difference is shown, never hidden (D-chain-4, D-chain-5).
  func testAnED448AnchorBesideSHA1IsADisagreementWithLibunbound() async throws {
    let anchors = [try ds(1), try ds(2).replacingOccurrences(of: " 13 2 ", with: " 16 2 ")]
    let verdicts = try await verdicts(anchors)
    XCTAssertEqual(verdicts.libunbound, "secure")
    XCTAssertEqual(verdicts.unbound, "bogus")
    XCTAssertFalse(verdicts.delvValidated, verdicts.delv)
    XCTAssertEqual(verdicts.report.status, .bogus)
    let disagreement = try XCTUnwrap(
      ChainFindings.flatten(verdicts.report.findings).first { $0.code == .validatorDisagreement },
      "\(verdicts.report.findings.map(\.code))")
    // The finding names the likely cause: ED448, which this libunbound cannot check.
    let cause = disagreement.evidence.first { $0.label == "likely cause" }?.value
    XCTAssertTrue(cause?.contains("ED448(16)") ?? false, "\(disagreement.evidence)")
  }

  /// Why libunbound and the unbound daemon of the same release (1.17.1) differ on that anchor
  /// (D-chain-5): not their configuration but their crypto. The daemon's own unbound.conf, read
  /// by libunbound through `--resolver-conf`, still gives secure, with harden-algo-downgrade on
  /// or off, while the daemon gives bogus with either; and on a zone signed with ED448 alone
  /// libunbound says insecure (algorithm not supported, RFC 4035 §5.2) where the daemon says
  /// secure: Debian builds libunbound8 against nettle, without ED448, and the daemon against
  /// OpenSSL. Both follow RFC 4509 §3 with the algorithms they have: a SHA-256 DS they can use
  /// sets the SHA-1 DS aside, one they cannot use does not count.
  func testLibunboundAndTheDaemonDifferByAlgorithmSupportNotByConfiguration() async throws {
    let world = try world()
    let folder = try TemporaryDirectory("danescope-anchor-ed448")
    let anchors = [try ds(1), try ds(2).replacingOccurrences(of: " 13 2 ", with: " 16 2 ")]
    let file = try folder.write("ta.ds", anchors.joined(separator: "\n") + "\n")
    let zones = world.fixture.zones.map { UnboundServer.AuthZone(name: $0.name, file: $0.file) }
    for harden in ["yes", "no"] {
      let unbound = try UnboundServer(
        authZones: zones, trustAnchorFile: file,
        extraServerLines: ["harden-algo-downgrade: \(harden)"])
      defer { unbound.stop() }
      XCTAssertEqual(
        try unbound.verdict(on: "good.tld."), "bogus", "harden-algo-downgrade \(harden)")
      // libunbound given the very file the daemon runs with.
      let chain = try DanescopeBinary.run(
        ["chain", "good.tld.", "--json", "--resolver-conf", unbound.configFile.path], timeout: 60)
      let object = try JSONSerialization.jsonObject(with: Data(chain.stdout.utf8))
      let top = try XCTUnwrap(object as? [String: Any], chain.stdout + chain.stderr)
      XCTAssertEqual(top["validatorStatus"] as? String, "secure", "harden-algo-downgrade \(harden)")
      XCTAssertEqual(top["status"] as? String, "bogus", "harden-algo-downgrade \(harden)")
    }

    // ED448 itself: insecure for libunbound, secure for the daemon and delv, with the root's
    // correct SHA-256 DS as the only anchor.
    let plain = try folder.write("ta-sha256.ds", try ds(2) + "\n")
    let unbound = try UnboundServer(authZones: zones, trustAnchorFile: plain)
    defer { unbound.stop() }
    XCTAssertEqual(try unbound.verdict(on: "www.ed448.tld."), "secure")
    let delvAnchors = try folder.write("delv.anchors", try Delv.anchorStatement(ds: try ds(2)))
    let delv = try Delv.ask("www.ed448.tld.", "A", port: world.nsd.port, anchors: delvAnchors)
    XCTAssertTrue(Delv.isFullyValidated(delv), delv)
    let resolver = try UnboundResolver(
      .inProcess(zones: try world.fixture.inProcessZones, trustAnchors: [try ds(2)]),
      timeout: .seconds(10))
    let records = try ChainTrustAnchors.records(
      for: .inProcess(zones: [], trustAnchors: [try ds(2)]))
    let builder = ChainBuilder(
      source: ResolverLookupSource(resolver), trustAnchors: records,
      options: ChainOptions(clock: FixedClock(world.fixture.judgedAt)))
    let report = await builder.build(name: try DNSName("www.ed448.tld."), type: .a)
    XCTAssertEqual(report.validatorStatus, "insecure")
    XCTAssertEqual(report.status, .secure, report.reason ?? "")
  }

  /// The tester's case: a correct SHA-1 DS beside a wrong SHA-256 DS. Bogus for libunbound,
  /// unbound ("DS hash mismatches key") and delv; the engine says why: the SHA-256 DS's
  /// DS_DIGEST_MISMATCH, naming the SHA-1 DS set aside.
  func testAWrongSHA256AnchorBesideACorrectSHA1IsBogusWithTheMismatchAsCause() async throws {
    let anchors = [try ds(1), wrong(try ds(2))]
    let verdicts = try await verdicts(anchors)
    XCTAssertFalse(verdicts.delvValidated, verdicts.delv)
    XCTAssertTrue(verdicts.delv.contains("no valid signature found (DS)"), verdicts.delv)
    XCTAssertTrue(verdicts.unboundLog.contains("DS hash mismatches key"), verdicts.unboundLog)
    let report = verdicts.report
    XCTAssertEqual(report.status, .bogus)
    let root = try XCTUnwrap(report.zones.first)
    XCTAssertTrue(root.isTrustAnchor)
    XCTAssertEqual(root.status, .bogus)
    let sha1 = try XCTUnwrap(root.ds.first { $0.ds.digestType == .sha1 })
    XCTAssertEqual(sha1.state, .matches)
    XCTAssertEqual(sha1.setAsideFor, .sha256)
    XCTAssertFalse(sha1.authenticates)
    XCTAssertEqual(report.findings.first?.code, .dsDigestMismatch, "\(report.findings)")
    let mismatch = try XCTUnwrap(report.findings.first)
    XCTAssertEqual(value(mismatch, "digest type"), "SHA-256(2)")
    XCTAssertEqual(value(mismatch, "set-aside DS"), "\(sha1.ds.keyTag)/13 SHA-1(1)")
    XCTAssertNil(value(mismatch, ChainFindings.matchingDSLabel))
    XCTAssertFalse(ChainFindings.leavesChainIntact(mismatch))
    // JSON names the digest type used instead, on the set-aside DS only.
    let object = try JSONSerialization.jsonObject(with: Data(report.jsonText().utf8))
    let zones = try XCTUnwrap((object as? [String: Any])?["zones"] as? [[String: Any]])
    let ds = try XCTUnwrap(zones.first?["ds"] as? [[String: Any]])
    XCTAssertEqual(ds.map { $0["setAsideFor"] as? Int }, [2, nil])
  }

  /// The SHA-256 DS names a key tag the root does not serve: bogus everywhere, and the engine's
  /// cause is TRUST_ANCHOR_NO_MATCHING_DNSKEY.
  func testASHA256AnchorForAnAbsentKeyBesideACorrectSHA1IsBogus() async throws {
    let sha256 = try ds(2)
    var fields = sha256.split(separator: " ").map(String.init)
    let tag = try XCTUnwrap(fields.firstIndex(of: "DS")) + 1
    fields[tag] = String((Int(fields[tag])! + 1) % 65536)
    let verdicts = try await verdicts([try ds(1), fields.joined(separator: " ")])
    XCTAssertEqual(verdicts.unbound, "bogus")
    XCTAssertEqual(verdicts.libunbound, "bogus")
    XCTAssertFalse(verdicts.delvValidated, verdicts.delv)
    XCTAssertEqual(verdicts.report.status, .bogus)
    let first = try XCTUnwrap(verdicts.report.findings.first)
    XCTAssertEqual(first.code, .trustAnchorNoMatchingDNSKEY, "\(verdicts.report.findings)")
    XCTAssertNotNil(value(first, "set-aside DS"))
  }

  func value(_ finding: Finding?, _ label: String) -> String? {
    finding?.evidence.first { $0.label == label }?.value
  }

  /// `chain` and `check` through the binary, the anchor as a `trust-anchor-file:`: one verdict,
  /// MX_BOGUS under the anchor's DS_DIGEST_MISMATCH, and DS digests in lowercase everywhere.
  func testTheBinaryListsMXBogusUnderTheAnchorsDigestMismatch() throws {
    let world = try world()
    let folder = try TemporaryDirectory("danescope-anchor-digest")
    let wrongSHA256 = wrong(try ds(2))
    let file = try folder.write("ta-mixed.ds", try ds(1) + "\n" + wrongSHA256 + "\n")
    let conf = try world.fixture.writeAuthZoneConf(
      anchors: "  trust-anchor-file: \"\(file.path)\"\n", in: folder)
    let chain = try DanescopeBinary.run(
      ["chain", "good.tld.", "MX", "--resolver-conf", conf.path], timeout: 120)
    XCTAssertTrue(chain.stdout.contains("good.tld. MX: BOGUS (libunbound: bogus)"), chain.stdout)
    XCTAssertTrue(chain.stdout.contains("DS_DIGEST_MISMATCH"), chain.stdout)
    XCTAssertFalse(chain.stdout.contains("VALIDATOR_DISAGREEMENT"), chain.stdout)
    XCTAssertTrue(chain.stdout.contains("set aside"), chain.stdout)
    let digest = try XCTUnwrap(wrongSHA256.split(separator: " ").last).lowercased()
    XCTAssertTrue(chain.stdout.contains("published \(digest)"), chain.stdout)
    XCTAssertFalse(chain.stdout.contains(digest.uppercased()), chain.stdout)

    // The tester's form: `--trust-anchor` and a forwarder (nsd, which serves every zone).
    let forwarded = try DanescopeBinary.run(
      [
        "chain", "good.tld", "MX", "--forwarder", "127.0.0.1@\(world.nsd.port)",
        "--trust-anchor", file.path,
      ], timeout: 120)
    XCTAssertTrue(
      forwarded.stdout.contains("good.tld. MX: BOGUS (libunbound: bogus)"),
      forwarded.stdout + forwarded.stderr)
    XCTAssertTrue(forwarded.stdout.contains("zone .: bogus (trust anchor)"), forwarded.stdout)
    XCTAssertFalse(forwarded.stdout.contains("VALIDATOR_DISAGREEMENT"), forwarded.stdout)

    let check = try DanescopeBinary.run(
      ["check", "good.tld.", "--resolver-conf", conf.path, "--json"], timeout: 120)
    let object = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8))
    let report = try XCTUnwrap(object as? [String: Any], check.stderr)
    let findings = try XCTUnwrap(report["findings"] as? [[String: Any]], "\(report)")
    XCTAssertFalse(check.stdout.contains("VALIDATOR_DISAGREEMENT"), check.stdout)
    let mismatch = try XCTUnwrap(
      findings.first { $0["code"] as? String == "DS_DIGEST_MISMATCH" }, "\(findings)")
    let under = (mismatch["consequences"] as? [[String: Any]] ?? []).map { $0["code"] as? String }
    XCTAssertTrue(under.contains("MX_BOGUS"), "\(mismatch)")
    let evidence = mismatch["evidence"] as? [[String: Any]] ?? []
    let published = evidence.first { $0["label"] as? String == "published" }?["value"] as? String
    XCTAssertEqual(published, digest)
    XCTAssertNotEqual(check.status, 0)
  }
}
