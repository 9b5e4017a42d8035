import Foundation
import XCTest

/// The hierarchy the `check` report-detail tests run against, built once per class: a signed
/// root and `tld.` (ldns-signzone) above
///
/// - `good.tld.` (ldns-signzone), whose mail domains each show one case:
///   `cnbog.` has MX host `mx17.`, whose TLSA owner is a CNAME to `_25._tcp.mx.expired.tld.`;
///   `bog.` has MX host `balias.`, a CNAME to `mx.badds.tld.`; `direct.` has MX host
///   `mx.badds.tld.` itself; `nxhost.` has MX host `nothere.good.tld.`, which does not exist;
///   `notlsnodane.` has MX host `mx10.`, with an address and no TLSA records; `taname.` has MX
///   host `mxt.`, with a DANE-TA `2 0 1` record of the test CA, whose leaf names none of the
///   reference identifiers; `expleaf.` has MX host `mxe.`, with a DANE-TA `2 0 1` record of
///   another CA, whose leaf for `mxe.good.tld` expired a week ago; `twoaddr.` has MX host
///   `mxtwo.`, at 127.0.0.1 and ::1, with a DANE-TA `2 0 1` record of a third CA, which issued
///   the leaf served at ::1, for `mxtwo.good.tld`, and the one served at 127.0.0.1, for
///   `wrong.name.invalid` (both on one port: `check --port` has one for every address).
/// - `expired.tld.` (dnssec-signzone), where only the RRSIG over the TLSA set at
///   `_25._tcp.mx.expired.tld.` is expired (spliced in from a signing with a window that ended
///   a week ago, with the same keys).
/// - `badds.tld.` (ldns-signzone), whose parent publishes the DS of a key the zone does not
///   have.
///
/// A real unbound on loopback serves them (auth-zones, validating from the root's DS);
/// danescope forwards to it, and delv, asking the same unbound, gives the expected statuses.
/// - `unsigned.tld.`, delegated without DS, whose TLSA set `_25._tcp.mx16.good.tld.` (of MX
///   host `mx16.` of `cnins.good.tld.`) is a CNAME to.
///
/// Every MX host's address is 127.0.0.1, where a well-behaved STARTTLS peer serves the CA's
/// leaf, issued for `wrong.name.invalid` (another peer, chosen per check, serves the expired
/// leaf).
final class CheckReportDetailWorld {
  let folder: TemporaryDirectory
  let fixture: ChainFixture
  let unbound: UnboundServer
  let anchor: URL
  let delvAnchor: URL
  let certificates: TestCertificate
  let peer: HostilePeer
  /// A CA whose leaf (for `mxe.good.tld`) expired a week ago, and a peer that serves it.
  let expiredLeaf: TestCertificate
  let expiredLeafPeer: HostilePeer
  /// Two leaves of one CA (`wrong.name.invalid`, then `mxtwo.good.tld`), in a folder of their
  /// own, and the peers serving them on one port: the first at 127.0.0.1, the second at ::1.
  let pairFolder: TemporaryDirectory
  let pair: [TestCertificate]
  let pairIPv4Peer: HostilePeer
  let pairIPv6Peer: HostilePeer

  init() throws {
    let folder = try TemporaryDirectory("danescope-report-detail")
    self.folder = folder
    let certificates = try TestCertificates.rootAndLeaf(
      .ec, names: ["wrong.name.invalid"], in: folder)
    self.certificates = certificates
    let leafSPKI = try certificates.leafSPKISHA256()
    let caDigest = try certificates.rootSHA256()
    let day: TimeInterval = 86_400
    expiredLeaf = try TestCertificates.rootAndDatedLeaf(
      .ec, name: "mxe.good.tld", notBefore: Date().addingTimeInterval(-30 * day),
      notAfter: Date().addingTimeInterval(-7 * day), in: folder)
    let expiredLeafCA = try expiredLeaf.rootSHA256()
    pairFolder = try TemporaryDirectory("danescope-report-pair")
    pair = try TestCertificates.rootAndLeaves(
      .ec, names: [["wrong.name.invalid"], ["mxtwo.good.tld"]], in: pairFolder)
    let pairCA = try pair[0].rootSHA256()
    fixture = try ChainFixture(leaves: [
      ChainFixture.signedLeaf(
        "good.tld.",
        extra: """
          cnbog.good.tld. IN MX 10 mx17.good.tld.
          mx17.good.tld. IN A 127.0.0.1
          _25._tcp.mx17.good.tld. IN CNAME _25._tcp.mx.expired.tld.
          bog.good.tld. IN MX 10 balias.good.tld.
          balias.good.tld. IN CNAME mx.badds.tld.
          direct.good.tld. IN MX 10 mx.badds.tld.
          nxhost.good.tld. IN MX 10 nothere.good.tld.
          notlsnodane.good.tld. IN MX 10 mx10.good.tld.
          mx10.good.tld. IN A 127.0.0.1
          taname.good.tld. IN MX 10 mxt.good.tld.
          mxt.good.tld. IN A 127.0.0.1
          _25._tcp.mxt.good.tld. IN TLSA 2 0 1 \(caDigest)
          expleaf.good.tld. IN MX 10 mxe.good.tld.
          mxe.good.tld. IN A 127.0.0.1
          _25._tcp.mxe.good.tld. IN TLSA 2 0 1 \(expiredLeafCA)
          twoaddr.good.tld. IN MX 10 mxtwo.good.tld.
          mxtwo.good.tld. IN A 127.0.0.1
          mxtwo.good.tld. IN AAAA ::1
          _25._tcp.mxtwo.good.tld. IN TLSA 2 0 1 \(pairCA)
          cnins.good.tld. IN MX 10 mx16.good.tld.
          mx16.good.tld. IN A 127.0.0.1
          _25._tcp.mx16.good.tld. IN CNAME _25._tcp.mx.unsigned.tld.

          """),
      Self.expiredTLSASignature(leafSPKI: leafSPKI, day: day),
      ChainFixture.signedLeaf(
        "badds.tld.",
        extra: """
          mx.badds.tld. IN A 127.0.0.1
          _25._tcp.mx.badds.tld. IN TLSA 3 1 1 \(leafSPKI)

          """,
        parent: { signer in
          // Another key's DS: the zone's own keys match none (RFC 4035 §5.2).
          try ChainSigner(.ldns, origin: "badds.tld.", algorithm: 13, in: signer.folder)
            .dsRecords()
        }),
      ChainFixture.Leaf(origin: "unsigned.tld.") { fixture in
        let text = ChainFixture.leafText(
          "unsigned.tld.", extra: "_25._tcp.mx.unsigned.tld. IN TLSA 3 1 1 \(leafSPKI)\n")
        return ChainFixture.Made(
          file: try fixture.folder.write("unsigned.tld.zone", text), parentRecords: [])
      },
    ])
    anchor = try fixture.folder.write("root.ds", fixture.rootDS + "\n")
    delvAnchor = try fixture.folder.write("delv-anchors.conf", Self.delvClause(fixture.rootDS))
    unbound = try UnboundServer(
      authZones: fixture.zones.map { .init(name: $0.name, file: $0.file) },
      trustAnchorFile: anchor)
    peer = try HostilePeer(.wellBehaved, certificate: certificates)
    expiredLeafPeer = try HostilePeer(.wellBehaved, certificate: expiredLeaf)
    (pairIPv4Peer, pairIPv6Peer) = try Self.peersOnOnePort(pair[0], pair[1])
  }

  func stop() {
    peer.stop()
    expiredLeafPeer.stop()
    pairIPv4Peer.stop()
    pairIPv6Peer.stop()
    unbound.stop()
  }

  deinit { stop() }

  /// `expired.tld.` signed by dnssec-signzone, with the RRSIG over its TLSA set replaced by one
  /// the same key made for a window that ended a week ago.
  static func expiredTLSASignature(leafSPKI: String, day: TimeInterval) -> ChainFixture.Leaf {
    let origin = "expired.tld."
    let owner = "_25._tcp.mx.expired.tld."
    let extra = """
      expired.tld. IN MX 10 mx.expired.tld.
      mx.expired.tld. IN A 127.0.0.1
      \(owner) IN TLSA 3 1 1 \(leafSPKI)

      """
    return ChainFixture.signedLeaf(
      origin, .bind, extra: extra,
      edit: { text, signer in
        let old = try? signer.sign(
          ChainFixture.leafText(origin, extra: extra),
          inception: Date().addingTimeInterval(-30 * day),
          expiration: Date().addingTimeInterval(-7 * day))
        let oldText = old.flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? ""
        let expired = oldText.split(separator: "\n").filter {
          ZoneEdit.isRRSIG(ZoneEdit.fields($0), owner: owner, covering: "TLSA")
        }
        let kept = ZoneEdit.removing(text) { ZoneEdit.isRRSIG($0, owner: owner, covering: "TLSA") }
        return kept + "\n" + expired.joined(separator: "\n") + "\n"
      })
  }

  /// A peer serving `ipv4` at 127.0.0.1 and one serving `ipv6` at ::1 on the same port: the
  /// kernel picks the first's, and another is tried when ::1 has that one taken.
  static func peersOnOnePort(_ ipv4: TestCertificate, _ ipv6: TestCertificate) throws
    -> (HostilePeer, HostilePeer)
  {
    for _ in 0..<10 {
      let first = try HostilePeer(.wellBehaved, certificate: ipv4)
      let options = HostilePeer.Options(ipv6: true, port: first.port)
      if let second = try? HostilePeer(.wellBehaved, certificate: ipv6, options: options) {
        return (first, second)
      }
      first.stop()
    }
    throw HostilePeer.PeerError("no port free on both 127.0.0.1 and ::1")
  }

  /// The root's DS as a BIND `trust-anchors` clause (`static-ds`), for delv.
  static func delvClause(_ ds: String) -> String {
    let rdata = ds.split(whereSeparator: \.isWhitespace).suffix(4)
    let digest = rdata.last ?? ""
    return "trust-anchors {\n  . static-ds \(rdata.dropLast().joined(separator: " "))"
      + " \"\(digest)\";\n};\n"
  }

  /// delv's words for `name` and `type`, asked of the same unbound with the same anchor.
  func delv(_ name: String, _ type: String) throws -> String {
    let result = try TestProcess.run(
      "delv",
      [
        "@127.0.0.1", "-p", String(unbound.port), "-a", delvAnchor.path, "+root=.", name, type,
      ], timeout: 30)
    return result.stdout + result.stderr
  }

  /// The unbound daemon's own validation failures for `name` and `type` (its log at
  /// val-log-level 2), after drill asked it with validation on.
  func unboundFailures(_ name: String, _ type: String) throws -> [String] {
    _ = try TestProcess.run(
      "drill", ["-p", String(unbound.port), "@127.0.0.1", name, type], timeout: 20)
    return unbound.log.split(separator: "\n").map(String.init).filter {
      $0.contains("validation failure <\(name) \(type) IN>")
    }
  }

  struct Run {
    let status: Int32
    let text: String
    let json: [String: Any]
  }

  /// `danescope check DOMAIN` through the unbound, text and JSON, its probes sent to `peer`
  /// (by default the one serving the leaf for `wrong.name.invalid`).
  func check(_ domain: String, peer chosen: HostilePeer? = nil) throws -> Run {
    let common = [
      "check", domain, "--forwarder", unbound.forwarderAddress, "--trust-anchor", anchor.path,
      "--port", String((chosen ?? peer).port), "--timeout", "5",
    ]
    let text = try DanescopeBinary.run(common, timeout: 90)
    let json = try DanescopeBinary.run(common + ["--json"], timeout: 90)
    XCTAssertEqual(text.status, json.status, text.stdout + json.stdout)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
    return Run(
      status: text.status, text: text.stdout,
      json: try XCTUnwrap(object as? [String: Any], json.stderr))
  }
}

/// Reading a check report.
extension CheckReportDetailWorld.Run {
  var findings: [[String: Any]] { json["findings"] as? [[String: Any]] ?? [] }

  var hosts: [[String: Any]] {
    (json["mx"] as? [String: Any])?["hosts"] as? [[String: Any]] ?? []
  }

  /// The lines under `heading` up to the next blank line.
  func lines(after heading: String) -> [String] {
    let all = text.components(separatedBy: "\n")
    guard let start = all.firstIndex(where: { $0.hasPrefix(heading) }) else { return [] }
    return Array(all[(start + 1)...].prefix { !$0.isEmpty })
  }

  /// The top-level finding whose consequences hold `code` (at any depth), with its code.
  func cause(of code: String) -> [String: Any]? {
    func holds(_ finding: [String: Any]) -> Bool {
      let under = finding["consequences"] as? [[String: Any]] ?? []
      return under.contains { $0["code"] as? String == code || holds($0) }
    }
    return findings.first(where: holds)
  }
}
