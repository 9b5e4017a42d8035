import Foundation
import ValidationCore
import XCTest

/// A DS set that names the child's key with more than one digest type, one of them wrong. Zones
/// signed by dnssec-signzone, DS records made by dnssec-dsfromkey, one digest then changed. The
/// references: libunbound (through danescope's resolver) uses any DS that matches (RFC 4035
/// §5.2); BIND's delv, asking nsd serving the same zones, ignores SHA-1 DS records beside SHA-256
/// or SHA-384 ones (RFC 4509 §3). Each zone has a null MX, so `check` probes nothing.
final class ChainDSDigestPreferenceTests: XCTestCase {
  /// The fixture, its resolver, nsd serving its zones, and delv's anchor file.
  struct World {
    let fixture: ChainFixture
    let resolver: UnboundResolver
    let nsd: NSDServer
    let anchors: URL
    let conf: URL
  }

  nonisolated(unsafe) static var world: Result<World, Error>?

  override class func setUp() {
    super.setUp()
    world = Result {
      let fixture = try ChainFixture(leaves: leaves)
      let zones = fixture.zones.map { NSDServer.Zone($0.name, file: $0.file) }
      let anchors = try fixture.folder.write(
        "delv.anchors", try Delv.anchorStatement(ds: fixture.rootDS))
      return World(
        fixture: fixture, resolver: try fixture.makeResolver(), nsd: try NSDServer(zones: zones),
        anchors: anchors, conf: try fixture.writeAuthZoneConf())
    }
  }

  override class func tearDown() {
    if case .success(let world) = world { world.nsd.stop() }
    world = nil
    super.tearDown()
  }

  static var leaves: [ChainFixture.Leaf] {
    [
      // A correct SHA-1 DS and a wrong SHA-256 DS for the same key.
      leaf("sha1wins.tld.") { signer, _ in
        [try signer.dsRecord(bindDigest: ["-1"]), changingLastDigit(try signer.dsRecord(bindDigest: ["-2"]))]
      },
      // The same with SHA-384.
      leaf("sha384.tld.") { signer, _ in
        [
          try signer.dsRecord(bindDigest: ["-1"]),
          changingLastDigit(try signer.dsRecord(bindDigest: ["-a", "SHA-384"])),
        ]
      },
      // A correct SHA-1 DS and the SHA-256 DS of a key the zone does not serve.
      leaf("stalekey.tld.") { signer, fixture in
        let other = try ChainSigner(
          .bind, origin: "stalekey.tld.", algorithm: 13, in: fixture.folder.url)
        return [try signer.dsRecord(bindDigest: ["-1"]), try other.dsRecord(bindDigest: ["-2"])]
      },
      // Both correct: secure everywhere.
      leaf("both.tld.") { signer, _ in
        [try signer.dsRecord(bindDigest: ["-1"]), try signer.dsRecord(bindDigest: ["-2"])]
      },
      // A correct SHA-256 DS and a wrong one: secure everywhere, but a wrong record.
      leaf("twosha256.tld.") { signer, _ in
        let good = try signer.dsRecord(bindDigest: ["-2"])
        return [good, changingLastDigit(good)]
      },
      // The same DS records, and the MX RRset's signature damaged: bogus for that reason alone.
      leaf("brokenmx.tld.", edit: flippingMXSignature) { signer, _ in
        let good = try signer.dsRecord(bindDigest: ["-2"])
        return [good, changingLastDigit(good)]
      },
    ]
  }

  /// The signed zone with the first character of the MX RRset's signature changed.
  static func flippingMXSignature(_ text: String, origin: String) -> String {
    ZoneEdit.changing(text) { fields in
      guard ZoneEdit.isRRSIG(fields, owner: origin, covering: "MX"), fields.count > 12 else {
        return nil
      }
      var signature = String(fields[12])
      let first = signature.removeFirst()
      let flipped = first == "A" ? "B" : "A"
      return (fields[0..<12] + [Substring(flipped + signature)] + fields[13...]).joined(
        separator: " ")
    }
  }

  /// A zone signed by dnssec-signzone with a null MX (RFC 7505), and the DS lines `parent` makes.
  /// `edit` changes the signed zone's text.
  static func leaf(
    _ origin: String, edit: ((String, String) -> String)? = nil,
    parent: @escaping (ChainSigner, ChainFixture) throws -> [String]
  ) -> ChainFixture.Leaf {
    ChainFixture.Leaf(origin: origin) { fixture in
      let signer = try ChainSigner(.bind, origin: origin, algorithm: 13, in: fixture.folder.url)
      let text = ChainFixture.soa(origin) + "\(origin) IN MX 0 .\nwww.\(origin) IN A 192.0.2.10\n"
      var file = try signer.sign(text)
      if let edit {
        let signed = try String(contentsOf: file, encoding: .utf8)
        file = try fixture.folder.write(
          String(origin.dropLast()) + ".edited", edit(signed, origin))
      }
      return ChainFixture.Made(file: file, parentRecords: try parent(signer, fixture))
    }
  }

  /// The DS line with the last hex digit of its digest changed.
  static func changingLastDigit(_ line: String) -> String {
    String(line.dropLast()) + (line.last == "0" ? "1" : "0")
  }

  func world() throws -> World { try XCTUnwrap(Self.world).get() }

  func chain(_ origin: String) async throws -> ChainReport {
    let world = try world()
    return try await world.fixture.builder(world.resolver).build(
      name: try DNSName(origin), type: .mx)
  }

  func delv(_ origin: String) throws -> String {
    let world = try world()
    return try Delv.ask(origin, "MX", port: world.nsd.port, anchors: world.anchors)
  }

  func value(_ finding: Finding?, _ label: String) -> String? {
    finding?.evidence.first { $0.label == label }?.value
  }

  func testAWrongPreferredDigestBesideAMatchingSHA1IsSecureForLibunboundAndBogusForDelv()
    async throws
  {
    for (origin, digest) in [("sha1wins.tld.", "SHA-256(2)"), ("sha384.tld.", "SHA-384(4)")] {
      let report = try await chain(origin)
      XCTAssertEqual(report.validatorStatus, "secure", origin)
      let delv = try delv(origin)
      XCTAssertFalse(Delv.isFullyValidated(delv), delv)
      XCTAssertTrue(delv.contains("no valid signature found (DS)"), delv)
      // The verdict follows libunbound; the findings say what delv's users meet.
      XCTAssertEqual(report.status, .secure, report.reason ?? origin)
      let errors = report.findings.filter { $0.worstSeverity == .error }
      XCTAssertEqual(errors.map(\.code), [.dsDigestMismatch], origin)
      let mismatch = errors.first
      XCTAssertEqual(mismatch?.severity, .error)
      XCTAssertEqual(value(mismatch, "digest type"), digest, origin)
      XCTAssertNotEqual(value(mismatch, "published"), value(mismatch, "computed"), origin)
      let sha1Only = mismatch?.consequences.first
      XCTAssertEqual(mismatch?.consequences.map(\.code), [.dsSHA1OnlyMatch], origin)
      XCTAssertEqual(sha1Only?.severity, .error)
      let zone = try XCTUnwrap(report.zones.last)
      let sha1 = try XCTUnwrap(zone.ds.first { $0.ds.digestType == .sha1 })
      XCTAssertEqual(sha1.state, .matches)
      XCTAssertEqual(value(sha1Only, "SHA-1 DS"), "\(sha1.ds.keyTag)/13")
      XCTAssertEqual(
        value(sha1Only, "unmatched DS"), "\(sha1.ds.keyTag)/13 \(digest): digest mismatch")
      let summary = sha1Only?.summary ?? ""
      XCTAssertTrue(summary.contains("RFC 4509 §3"), summary)
      XCTAssertTrue(summary.contains("bogus"), summary)
      XCTAssertTrue(summary.contains("defer mail"), summary)
    }
  }

  func testAPreferredDSForAKeyNotServedLeavesSHA1AloneToo() async throws {
    let report = try await chain("stalekey.tld.")
    XCTAssertEqual(report.validatorStatus, "secure")
    let delv = try delv("stalekey.tld.")
    XCTAssertFalse(Delv.isFullyValidated(delv), delv)
    XCTAssertTrue(delv.contains("no valid signature found (DS)"), delv)
    XCTAssertEqual(report.status, .secure, report.reason ?? "")
    let errors = report.findings.filter { $0.worstSeverity == .error }
    XCTAssertEqual(errors.map(\.code), [.dsSHA1OnlyMatch])
    XCTAssertTrue(
      value(errors.first, "unmatched DS")?.hasSuffix(
        "SHA-256(2): no DNSKEY with this tag and algorithm") ?? false, "\(errors)")
  }

  func testCorrectDigestsOfBothTypesGiveNoFinding() async throws {
    let report = try await chain("both.tld.")
    XCTAssertEqual(report.validatorStatus, "secure")
    let delv = try delv("both.tld.")
    XCTAssertTrue(Delv.isFullyValidated(delv), delv)
    XCTAssertEqual(report.status, .secure, report.reason ?? "")
    XCTAssertEqual(Set(try XCTUnwrap(report.zones.last).ds.map(\.state)), [.matches])
    XCTAssertEqual(ChainFindings.flatten(report.findings).map(\.code), [])
  }

  /// A wrong DS beside a correct one of the same digest type: every validator has a DS that
  /// matches, but the wrong record is still reported, as an error (the catalogue's severity).
  func testAWrongDSBesideAMatchingOneOfTheSameTypeIsStillADigestMismatch() async throws {
    let report = try await chain("twosha256.tld.")
    XCTAssertEqual(report.validatorStatus, "secure")
    let delv = try delv("twosha256.tld.")
    XCTAssertTrue(Delv.isFullyValidated(delv), delv)
    XCTAssertEqual(report.status, .secure, report.reason ?? "")
    XCTAssertEqual(report.findings.map(\.code), [.dsDigestMismatch])
    XCTAssertEqual(report.findings.first?.severity, .error)
    XCTAssertEqual(report.findings.first?.consequences, [])
    let tag = try XCTUnwrap(report.zones.last?.ds.first?.ds.keyTag)
    XCTAssertEqual(value(report.findings.first, "matching DS"), "\(tag)/13 SHA-256(2)")
  }

  func check(_ domain: String) throws -> (status: Int32, report: [String: Any]) {
    let world = try world()
    let result = try DanescopeBinary.run(
      ["check", domain, "--resolver-conf", world.conf.path, "--json"], timeout: 120)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    return (result.status, try XCTUnwrap(object as? [String: Any], result.stderr))
  }

  /// `check` keeps libunbound's verdict and exits 1: an error-level finding exists.
  func testCheckExitsOneWhenOnlySHA1Matches() throws {
    let (status, report) = try check("sha1wins.tld.")
    XCTAssertEqual(status, 1, "\(report)")
    let chain = try XCTUnwrap(report["chainOfTrust"] as? [String: Any], "\(report)")
    XCTAssertEqual(chain["status"] as? String, "secure")
    let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
    let mismatch = try XCTUnwrap(
      findings.first { $0["code"] as? String == "DS_DIGEST_MISMATCH" }, "\(findings)")
    XCTAssertEqual(mismatch["severity"] as? String, "error")
    let under = mismatch["consequences"] as? [[String: Any]] ?? []
    XCTAssertEqual(under.map { $0["code"] as? String }, ["DS_SHA1_ONLY_MATCH"], "\(mismatch)")

    let (bothStatus, both) = try check("both.tld.")
    XCTAssertEqual(bothStatus, 0, "\(both)")
  }

  /// A wrong DS beside a matching one leaves the chain intact: when the MX RRset is bogus for
  /// another reason (its damaged signature), MX_BOGUS goes under that reason, not under the DS.
  func testAWrongDSBesideAMatchingOneIsNotTheCauseOfABogusMX() async throws {
    let report = try await chain("brokenmx.tld.")
    XCTAssertEqual(report.validatorStatus, "bogus")
    let delv = try delv("brokenmx.tld.")
    XCTAssertFalse(Delv.isFullyValidated(delv), delv)
    XCTAssertEqual(report.status, .bogus)
    XCTAssertEqual(report.findings.map(\.code), [.dsDigestMismatch, .rrsigInvalid])

    let (status, json) = try check("brokenmx.tld.")
    XCTAssertEqual(status, 1, "\(json)")
    let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
    func under(_ code: String) -> [String?] {
      let finding = findings.first { $0["code"] as? String == code }
      return (finding?["consequences"] as? [[String: Any]] ?? []).map { $0["code"] as? String }
    }
    XCTAssertEqual(under("RRSIG_INVALID"), ["MX_BOGUS"], "\(findings)")
    XCTAssertEqual(under("DS_DIGEST_MISMATCH"), [], "\(findings)")
  }
}
