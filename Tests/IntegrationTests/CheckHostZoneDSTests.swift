import Foundation
import ValidationCore
import XCTest

@testable import Console

/// MX hosts whose zone is not the mail domain's: `check` reports the DS problems of the hosts'
/// own zones that libunbound's verdict does not show (D-report-3). The zones are signed by
/// dnssec-signzone and served by nsd on 127.0.0.1; the check asks a validating unbound, which
/// asks nsd, and validates itself from the root's DS. The reference is BIND's delv, asking nsd
/// with the same anchor: it follows RFC 4509 §3 and ignores a SHA-1 DS beside a SHA-256 one.
///
/// - `mail.tld.` MX mx.sha1host.tld.: that zone's DS set holds a correct SHA-1 DS and a wrong
///   SHA-256 DS for the same key (secure for libunbound and unbound, bogus for delv).
/// - `good.tld.` MX mx.goodhost.tld.: both DS records correct (secure everywhere).
/// - `alias.tld.` MX alias.goodhost.tld., a CNAME to mx.sha1host.tld.
/// - `two.tld.` MX mx.sha1host.tld. and mx2.sha1host.tld.: one zone, reported once.
/// - `pair.tld.` MX mx.goodhost.tld. and alias2.goodhost.tld., a CNAME to mx.goodhost.tld.: one
///   TLSA set behind two MX hosts.
///
/// Every host has the address 127.0.0.1 and a `3 1 1` TLSA record of the certificate a
/// well-behaved STARTTLS server in the test presents (`--port`), so that nothing else is wrong.
final class CheckHostZoneDSTests: XCTestCase {
  struct World {
    let fixture: ChainFixture
    let nsd: NSDServer
    let unbound: UnboundServer
    let peer: HostilePeer
    let rootDS: URL
    let delvAnchors: URL
  }

  nonisolated(unsafe) static var world: Result<World, Error>?

  override class func setUp() {
    super.setUp()
    world = Result {
      let certificates = try TemporaryDirectory("danescope-hostzone-cert")
      let certificate = try TestCertificates.selfSigned(
        .ec, name: "mx.sha1host.tld", in: certificates)
      let tlsa = "IN TLSA 3 1 1 " + (try certificate.leafSPKISHA256())
      let peer = try HostilePeer(.wellBehaved, certificate: certificate)
      let fixture = try ChainFixture(leaves: [
        mailLeaf("mail.tld.", exchanges: ["mx.sha1host.tld."]),
        mailLeaf("good.tld.", exchanges: ["mx.goodhost.tld."]),
        mailLeaf("alias.tld.", exchanges: ["alias.goodhost.tld."]),
        mailLeaf("two.tld.", exchanges: ["mx.sha1host.tld.", "mx2.sha1host.tld."]),
        mailLeaf("pair.tld.", exchanges: ["mx.goodhost.tld.", "alias2.goodhost.tld."]),
        hostLeaf("sha1host.tld.", hosts: ["mx", "mx2"], tlsa: tlsa) { signer in
          [
            try signer.dsRecord(bindDigest: ["-1"]),
            ChainDSDigestPreferenceTests.changingLastDigit(
              try signer.dsRecord(bindDigest: ["-2"])),
          ]
        },
        hostLeaf(
          "goodhost.tld.", hosts: ["mx"], tlsa: tlsa,
          extra: "alias.goodhost.tld. IN CNAME mx.sha1host.tld.\n"
            + "alias2.goodhost.tld. IN CNAME mx.goodhost.tld.\n"
        ) { signer in
          [try signer.dsRecord(bindDigest: ["-1"]), try signer.dsRecord(bindDigest: ["-2"])]
        },
      ])
      let nsd = try NSDServer(zones: fixture.zones.map { NSDServer.Zone($0.name, file: $0.file) })
      let rootDS = try fixture.folder.write("root.ds", fixture.rootDS + "\n")
      let unbound = try UnboundServer(
        stubs: fixture.zones.map { UnboundServer.Stub(name: $0.name, address: nsd.address) },
        trustAnchorFile: rootDS)
      let delvAnchors = try fixture.folder.write(
        "delv.anchors", try Delv.anchorStatement(ds: fixture.rootDS))
      return World(
        fixture: fixture, nsd: nsd, unbound: unbound, peer: peer, rootDS: rootDS,
        delvAnchors: delvAnchors)
    }
  }

  override class func tearDown() {
    if case .success(let world) = world {
      world.unbound.stop()
      world.nsd.stop()
      world.peer.stop()
    }
    world = nil
    super.tearDown()
  }

  /// A mail domain signed by dnssec-signzone (SHA-256 DS at the parent) with these MX hosts.
  static func mailLeaf(_ origin: String, exchanges: [String]) -> ChainFixture.Leaf {
    ChainFixture.Leaf(origin: origin) { fixture in
      let signer = try ChainSigner(.bind, origin: origin, algorithm: 13, in: fixture.folder.url)
      let mx = exchanges.enumerated().map { index, exchange in
        "\(origin) IN MX \(10 * (index + 1)) \(exchange)\n"
      }
      let file = try signer.sign(ChainFixture.soa(origin) + mx.joined())
      return ChainFixture.Made(file: file, parentRecords: [try signer.dsRecord(bindDigest: ["-2"])])
    }
  }

  /// A zone of MX hosts signed by dnssec-signzone, each host at 127.0.0.1 with `tlsa` at its
  /// `_25._tcp` name, and the DS lines `parent` makes.
  static func hostLeaf(
    _ origin: String, hosts: [String], tlsa: String, extra: String = "",
    parent: @escaping (ChainSigner) throws -> [String]
  ) -> ChainFixture.Leaf {
    ChainFixture.Leaf(origin: origin) { fixture in
      let signer = try ChainSigner(.bind, origin: origin, algorithm: 13, in: fixture.folder.url)
      let lines = hosts.map { "\($0).\(origin) IN A 127.0.0.1\n_25._tcp.\($0).\(origin) \(tlsa)\n" }
      let file = try signer.sign(ChainFixture.soa(origin) + lines.joined() + extra)
      return ChainFixture.Made(file: file, parentRecords: try parent(signer))
    }
  }

  func world() throws -> World { try XCTUnwrap(Self.world).get() }

  func delv(_ name: String) throws -> String {
    let world = try world()
    return try Delv.ask(name, "A", port: world.nsd.port, anchors: world.delvAnchors)
  }

  struct Checked {
    let status: Int32
    let report: [String: Any]
    let findings: [[String: Any]]
    let text: String

    /// Every finding, consequences included, depth first.
    var all: [[String: Any]] {
      func flatten(_ list: [[String: Any]]) -> [[String: Any]] {
        list.flatMap { [$0] + flatten($0["consequences"] as? [[String: Any]] ?? []) }
      }
      return flatten(findings)
    }

    func codes(_ code: String) -> [[String: Any]] { all.filter { $0["code"] as? String == code } }
  }

  func check(_ domain: String) throws -> Checked {
    let world = try world()
    let common = [
      "check", domain, "--forwarder", world.unbound.forwarderAddress, "--trust-anchor",
      world.rootDS.path, "--port", String(world.peer.port), "--timeout", "5",
    ]
    let json = try DanescopeBinary.run(common + ["--json"], timeout: 120)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
    let report = try XCTUnwrap(object as? [String: Any], json.stderr)
    let text = try DanescopeBinary.run(common, timeout: 120)
    XCTAssertEqual(text.status, json.status, text.stdout)
    return Checked(
      status: json.status, report: report,
      findings: report["findings"] as? [[String: Any]] ?? [], text: text.stdout)
  }

  func verdicts(_ checked: Checked) -> [String] {
    let mx = checked.report["mx"] as? [String: Any]
    let hosts = mx?["hosts"] as? [[String: Any]] ?? []
    return hosts.flatMap { host in
      (host["probes"] as? [[String: Any]] ?? []).map { $0["verdict"] as? String ?? "none" }
    }
  }

  /// delv finds mx.sha1host.tld. bogus (it ignores the SHA-1 DS): `check` says so with
  /// DS_SHA1_ONLY_MATCH for that zone, under the wrong DS's DS_DIGEST_MISMATCH, and exits 1,
  /// while the verdict stays libunbound's (DANE verified).
  func testAHostZoneThatDelvFindsBogusIsReportedAndExitsOne() throws {
    let delv = try delv("mx.sha1host.tld.")
    XCTAssertFalse(Delv.isFullyValidated(delv), delv)
    XCTAssertTrue(delv.contains("no valid signature found (DS)"), delv)

    let checked = try check("mail.tld.")
    XCTAssertEqual(checked.status, 1, checked.text)
    XCTAssertEqual(verdicts(checked), ["verified"], checked.text)
    let chain = checked.report["chainOfTrust"] as? [String: Any]
    XCTAssertEqual(chain?["status"] as? String, "secure")
    let mismatch = checked.findings.filter { $0["code"] as? String == "DS_DIGEST_MISMATCH" }
    XCTAssertEqual(mismatch.map { $0["subject"] as? String }, ["sha1host.tld."], checked.text)
    XCTAssertEqual(mismatch.first?["severity"] as? String, "error")
    let under = mismatch.first?["consequences"] as? [[String: Any]] ?? []
    XCTAssertEqual(under.map { $0["code"] as? String }, ["DS_SHA1_ONLY_MATCH"])
    XCTAssertEqual(under.first?["subject"] as? String, "sha1host.tld.")
    XCTAssertEqual(under.first?["severity"] as? String, "error")
    XCTAssertTrue(checked.text.contains("DS_SHA1_ONLY_MATCH"), checked.text)
    XCTAssertTrue(checked.text.contains("sha1host.tld."), checked.text)
  }

  /// The console checks as `check` does (`CheckConsoleSource` over an engine built from the
  /// same --forwarder and --trust-anchor): its Findings pane lists the findings of `check`'s
  /// report, in the same order and nesting, among them the host zone's DS_SHA1_ONLY_MATCH
  /// under DS_DIGEST_MISMATCH that delv's failure above calls for.
  func testTheConsoleListsTheHostZonesDSFindingsAsCheckDoes() async throws {
    let world = try world()
    let checked = try check("mail.tld.")
    func listed(_ findings: [[String: Any]], depth: Int) -> [String] {
      findings.flatMap { finding in
        let code = finding["code"] as? String ?? "?"
        let subject = finding["subject"] as? String ?? "?"
        let consequences = finding["consequences"] as? [[String: Any]] ?? []
        return ["\(depth) \(code) \(subject)"] + listed(consequences, depth: depth + 1)
      }
    }
    let expected = listed(checked.findings, depth: 0)
    XCTAssertTrue(expected.contains("1 DS_SHA1_ONLY_MATCH sha1host.tld."), "\(expected)")

    let configuration = ResolverConfiguration.forwarders(
      [try ForwarderAddress(parsing: world.unbound.forwarderAddress)],
      trustAnchorFile: world.rootDS.path)
    let port = world.peer.port
    let source = CheckConsoleSource(label: "test") {
      try CheckEngine.make(configuration, timeout: .seconds(5), port: port)
    }
    let events = HostZoneConsoleEvents()
    await source.check(domain: "mail.tld.", emit: events.append)
    await source.stop()
    var state = ConsoleState(sourceLabel: "test")
    state.resize(width: 160, height: 40)
    _ = state.open(domain: "mail.tld.")
    for event in events.all { _ = state.apply(event) }
    let rows = FindingsPane.rows(PaneContext(state: state))
    // A row: tree branches, then `severity CODE summary`; its key `finding:` and the path of
    // indexes from the top-level finding down.
    let shown = rows.compactMap { row -> String? in
      guard let key = row.key, key.hasPrefix("finding:") else { return nil }
      let words = row.text.drop { " │├└─".contains($0) }.split(separator: " ")
      guard words.count >= 2 else { return nil }
      return "\(key.filter { $0 == "." }.count) \(words[1])"
    }
    XCTAssertEqual(
      shown, expected.map { $0.split(separator: " ").prefix(2).joined(separator: " ") },
      "pane\n\(shown.joined(separator: "\n"))\ncheck\n\(expected.joined(separator: "\n"))")
    XCTAssertTrue(shown.contains("1 DS_SHA1_ONLY_MATCH"), "\(shown)")
    let report = try XCTUnwrap(state.report)
    let subjects = report.findings.flatMap { [$0] + $0.consequences }
      .filter { $0.code.rawValue == "DS_SHA1_ONLY_MATCH" }.map(\.subject)
    XCTAssertEqual(subjects, ["sha1host.tld."])
  }

  /// The same hierarchy with both DS records correct: delv validates, and `check` finds nothing
  /// to report and exits 0.
  func testAHostZoneWithCorrectDSRecordsGivesNoFinding() throws {
    let delv = try delv("mx.goodhost.tld.")
    XCTAssertTrue(Delv.isFullyValidated(delv), delv)

    let checked = try check("good.tld.")
    XCTAssertEqual(checked.status, 0, checked.text)
    XCTAssertEqual(verdicts(checked), ["verified"], checked.text)
    XCTAssertEqual(checked.codes("DS_SHA1_ONLY_MATCH").count, 0, checked.text)
    XCTAssertEqual(checked.codes("DS_DIGEST_MISMATCH").count, 0, checked.text)
  }

  /// The MX host is a CNAME (in a healthy zone) to a host in the zone delv finds bogus: the
  /// zone reached through the alias is reported, the alias's own zone is not.
  func testAZoneReachedThroughACNAMEIsReported() throws {
    // delv validates the CNAME, then fails on its target's chain.
    let delv = try delv("alias.goodhost.tld.")
    XCTAssertTrue(delv.contains("resolution failed: broken trust chain"), delv)

    let checked = try check("alias.tld.")
    XCTAssertEqual(checked.status, 1, checked.text)
    XCTAssertEqual(
      checked.codes("DS_SHA1_ONLY_MATCH").map { $0["subject"] as? String }, ["sha1host.tld."],
      checked.text)
    XCTAssertEqual(
      checked.codes("DS_DIGEST_MISMATCH").map { $0["subject"] as? String }, ["sha1host.tld."])
  }

  /// Two MX hosts in the same zone: its DS problem is one finding, not one per host.
  func testTwoHostsInOneZoneGiveOneFinding() throws {
    let checked = try check("two.tld.")
    XCTAssertEqual(checked.status, 1, checked.text)
    XCTAssertEqual(verdicts(checked), ["verified", "verified"], checked.text)
    XCTAssertEqual(checked.codes("DS_DIGEST_MISMATCH").count, 1, checked.text)
    XCTAssertEqual(checked.codes("DS_SHA1_ONLY_MATCH").count, 1, checked.text)
  }

  /// Two MX hosts, one a CNAME to the other, share the TLSA set at the expanded name
  /// (RFC 7672 §2.2.2): its advice is one finding, listed once in the JSON and the text, while
  /// each host keeps its own probe and verdict. delv validates the alias and its target.
  func testAnAliasOfAnotherMXHostDoesNotRepeatTheSharedTLSAAdvice() throws {
    let delv = try delv("alias2.goodhost.tld.")
    XCTAssertTrue(Delv.isFullyValidated(delv), delv)

    let checked = try check("pair.tld.")
    XCTAssertEqual(checked.status, 0, checked.text)
    XCTAssertEqual(verdicts(checked), ["verified", "verified"], checked.text)
    let single = checked.codes("TLSA_SINGLE_RECORD")
    XCTAssertEqual(
      single.map { $0["subject"] as? String }, ["_25._tcp.mx.goodhost.tld."], checked.text)
    let summaries = checked.all.map {
      "\($0["code"] as? String ?? "") \($0["subject"] as? String ?? "") "
        + "\($0["summary"] as? String ?? "")"
    }
    XCTAssertEqual(Set(summaries).count, summaries.count, "\(summaries)")
    let lines = checked.text.components(separatedBy: "\n").filter {
      $0.contains("TLSA_SINGLE_RECORD")
    }
    XCTAssertEqual(lines.count, 1, checked.text)
  }
}

/// The events of one console check, appended from whichever task emits them.
private final class HostZoneConsoleEvents: @unchecked Sendable {
  // @unchecked: `events` is guarded by `lock`.
  private let lock = NSLock()
  private var events: [ConsoleEvent] = []

  func append(_ event: ConsoleEvent) { lock.withLock { events.append(event) } }
  var all: [ConsoleEvent] { lock.withLock { events } }
}
