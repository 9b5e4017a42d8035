import Foundation
import XCTest

/// The world the `check` integration tests run in, built once per test class: a private network
/// namespace holding a real Postfix (STARTTLS with a test CA's leaf) on 127.0.0.1/[::1] at a high
/// port, and a real unbound on 127.0.0.1:53 (port 53 is the namespace's own) serving a signed
/// test root, `example.` signed below it, and `plain.example.` unsigned, validating with the
/// root's DS as trust anchor. One scenario per domain under `example.`; each expected verdict is
/// written beside its zone lines, from RFC 7672.
///
/// TLSA records are published at `_25._tcp` (what danescope looks up) and at `_<port>._tcp`
/// (what posttls-finger looks up when told a port), with the same data.
final class CheckWorld {
  let folder: TemporaryDirectory
  let namespace: NetworkNamespace
  let certificates: TestCertificate
  let postfix: PostfixServer
  /// A second Postfix, without STARTTLS, on 127.0.0.3 at the same port.
  let plaintextPostfix: PostfixServer
  /// A third Postfix on 127.0.0.4 at the same port that sends the leaf alone, not its root.
  let leafOnlyPostfix: PostfixServer
  let unbound: UnboundServer
  let trustAnchor: URL
  let resolvConf: URL
  let smtpPort: UInt16

  /// The scenario domains and the verdict RFC 7672 gives for each of their MX host addresses.
  static let expectedVerdicts: [String: [String]] = [
    "verified.example.": ["verified", "verified"],  // 3 1 1 of the leaf, A and AAAA
    "ta.example.": ["verified"],  // 2 0 1 of the CA, the CA sent in the chain
    "failed.example.": ["failed"],  // 3 1 1 of some other key
    "unauth.example.": ["tls-unauthenticated"],  // only 1 1 1: unusable for SMTP
    "nodane.example.": ["no-dane"],  // signed, no TLSA (NXDOMAIN)
    "plain.example.": ["no-dane"],  // unsigned zone: insecure
    "bogus.example.": ["deferred"],  // TLSA RRSIG damaged: bogus
    "unreachable.example.": ["unreachable"],  // 127.0.0.2: nothing listens
    "alias.example.": ["verified", "verified"],  // MX host is a CNAME to mx.verified.example.
    // DANE-EE: no name checks (RFC 7672 §3.1.1); the leaf does not name mx.eename.example.
    "eename.example.": ["verified"],
    // DANE-TA: the leaf must name a reference identifier (RFC 7672 §3.2.2); it names none here.
    "taname.example.": ["failed"],
    // DANE-TA: the leaf names only the next-hop domain, a reference identifier when the MX RRset
    // is secure (RFC 7672 §3.2.2).
    "nexthop.example.": ["verified"],
    // No STARTTLS: without TLSA, plaintext (no-dane); with usable TLSA, STARTTLS is mandatory.
    "notls.example.": ["no-dane"],
    "danenotls.example.": ["failed"],
    // DANE-TA: a `*` is a whole leftmost label (RFC 7672 §3.2.3, RFC 6125 §6.4.3). The leaf
    // names `m*.mx.partialwild.example`, which does not stand for mail.mx.partialwild.example;
    // it also names `*.mx.wholewild.example`, which stands for mail.mx.wholewild.example.
    "partialwild.example.": ["failed"],
    "wholewild.example.": ["verified"],
    // DANE-TA `2 1 0`: the root's whole key, and the server sends the leaf without the root.
    // The key verifies the leaf's signature (RFC 7671 §5.2.3), though RFC 7672 §3.1.2 requires
    // the server to send its trust anchor.
    "tanotsent.example.": ["verified"],
  ]

  init() throws {
    folder = try TemporaryDirectory("danescope-check")
    namespace = try NetworkNamespace()
    smtpPort = try FreePort.next(udpToo: false)
    let hostNames = [
      "mx.verified.example", "mx.ta.example", "mx.failed.example", "mx.unauth.example",
      "mx.nodane.example", "mx.plain.example", "mx.bogus.example", "mx.unreachable.example",
      "mail.alias.example", "nexthop.example", "m*.mx.partialwild.example",
      "*.mx.wholewild.example", "mx.tanotsent.example",
    ]
    certificates = try TestCertificates.rootAndLeaf(.ec, names: hostNames, in: folder)
    postfix = try PostfixServer(
      tls: .init(chain: certificates.chain, key: certificates.key), port: smtpPort,
      namespace: namespace)
    plaintextPostfix = try PostfixServer(
      tls: nil, port: smtpPort, addresses: ["127.0.0.3"], namespace: namespace)
    leafOnlyPostfix = try PostfixServer(
      tls: .init(chain: certificates.certificate, key: certificates.key), port: smtpPort,
      addresses: ["127.0.0.4"], namespace: namespace)
    let zones = try Self.makeZones(
      folder: folder.url, smtpPort: smtpPort, leafSPKI: try certificates.leafSPKISHA256(),
      caCertificate: try certificates.rootSHA256(), rootKey: try certificates.rootSPKI())
    trustAnchor = zones.trustAnchor
    unbound = try UnboundServer(
      authZones: zones.authZones, trustAnchorFile: trustAnchor, port: 53, namespace: namespace)
    resolvConf = try folder.write("resolv.conf", "nameserver 127.0.0.1\noptions trust-ad\n")
  }

  func stop() {
    unbound.stop()
    postfix.stop()
    plaintextPostfix.stop()
    leafOnlyPostfix.stop()
    namespace.remove()
  }

  deinit { stop() }

  struct Zones {
    let authZones: [UnboundServer.AuthZone]
    let trustAnchor: URL
  }

  static func makeZones(
    folder: URL, smtpPort: UInt16, leafSPKI: String, caCertificate: String, rootKey: String
  ) throws -> Zones {
    let keys = folder.appendingPathComponent("keys")
    try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
    let exampleSigner = try LDNSSigner(origin: "example.", in: keys)
    let rootSigner = try LDNSSigner(origin: ".", in: keys)
    let wrongKey = String(repeating: "00", count: 32)
    func tlsa(_ host: String, _ rdata: String) -> String {
      ["25", String(smtpPort)].map { "_\($0)._tcp.\(host). 300 IN TLSA \(rdata)" }
        .joined(separator: "\n")
    }
    let example = """
      example. 300 IN SOA ns.example. admin.example. 1 3600 600 86400 300
      example. 300 IN NS ns.example.
      ns.example. 300 IN A 127.0.0.1
      verified.example. 300 IN MX 10 mx.verified.example.
      mx.verified.example. 300 IN A 127.0.0.1
      mx.verified.example. 300 IN AAAA ::1
      \(tlsa("mx.verified.example", "3 1 1 \(leafSPKI)"))
      ta.example. 300 IN MX 10 mx.ta.example.
      mx.ta.example. 300 IN A 127.0.0.1
      \(tlsa("mx.ta.example", "2 0 1 \(caCertificate)"))
      failed.example. 300 IN MX 10 mx.failed.example.
      mx.failed.example. 300 IN A 127.0.0.1
      \(tlsa("mx.failed.example", "3 1 1 \(wrongKey)"))
      unauth.example. 300 IN MX 10 mx.unauth.example.
      mx.unauth.example. 300 IN A 127.0.0.1
      \(tlsa("mx.unauth.example", "1 1 1 \(leafSPKI)"))
      nodane.example. 300 IN MX 10 mx.nodane.example.
      mx.nodane.example. 300 IN A 127.0.0.1
      bogus.example. 300 IN MX 10 mx.bogus.example.
      mx.bogus.example. 300 IN A 127.0.0.1
      \(tlsa("mx.bogus.example", "3 1 1 \(leafSPKI)"))
      unreachable.example. 300 IN MX 10 mx.unreachable.example.
      mx.unreachable.example. 300 IN A 127.0.0.2
      \(tlsa("mx.unreachable.example", "3 1 1 \(leafSPKI)"))
      alias.example. 300 IN MX 10 mail.alias.example.
      mail.alias.example. 300 IN CNAME mx.verified.example.
      eename.example. 300 IN MX 10 mx.eename.example.
      mx.eename.example. 300 IN A 127.0.0.1
      \(tlsa("mx.eename.example", "3 1 1 \(leafSPKI)"))
      taname.example. 300 IN MX 10 mx.taname.example.
      mx.taname.example. 300 IN A 127.0.0.1
      \(tlsa("mx.taname.example", "2 0 1 \(caCertificate)"))
      notls.example. 300 IN MX 10 mx.notls.example.
      mx.notls.example. 300 IN A 127.0.0.3
      danenotls.example. 300 IN MX 10 mx.danenotls.example.
      mx.danenotls.example. 300 IN A 127.0.0.3
      \(tlsa("mx.danenotls.example", "3 1 1 \(leafSPKI)"))
      nexthop.example. 300 IN MX 10 mx.nexthop.example.
      mx.nexthop.example. 300 IN A 127.0.0.1
      \(tlsa("mx.nexthop.example", "2 0 1 \(caCertificate)"))
      partialwild.example. 300 IN MX 10 mail.mx.partialwild.example.
      mail.mx.partialwild.example. 300 IN A 127.0.0.1
      \(tlsa("mail.mx.partialwild.example", "2 0 1 \(caCertificate)"))
      wholewild.example. 300 IN MX 10 mail.mx.wholewild.example.
      mail.mx.wholewild.example. 300 IN A 127.0.0.1
      \(tlsa("mail.mx.wholewild.example", "2 0 1 \(caCertificate)"))
      tanotsent.example. 300 IN MX 10 mx.tanotsent.example.
      mx.tanotsent.example. 300 IN A 127.0.0.4
      \(tlsa("mx.tanotsent.example", "2 1 0 \(rootKey)"))
      plain.example. 300 IN NS ns.plain.example.
      ns.plain.example. 300 IN A 127.0.0.1

      """
    let exampleSigned = try exampleSigner.sign(example)
    try damageSignatures(in: exampleSigned, owner: "mx.bogus.example.", covering: "TLSA")
    let root = """
      . 300 IN SOA ns.example. admin.example. 1 3600 600 86400 300
      . 300 IN NS ns.example.
      example. 300 IN NS ns.example.
      ns.example. 300 IN A 127.0.0.1
      \(try exampleSigner.dsRecords.joined(separator: "\n"))

      """
    let rootSigned = try rootSigner.sign(root)
    let plain = folder.appendingPathComponent("plain.example.zone")
    try """
    plain.example. 300 IN SOA ns.plain.example. admin.example. 1 3600 600 86400 300
    plain.example. 300 IN NS ns.plain.example.
    ns.plain.example. 300 IN A 127.0.0.1
    plain.example. 300 IN MX 10 mx.plain.example.
    mx.plain.example. 300 IN A 127.0.0.1
    \(tlsa("mx.plain.example", "3 1 1 \(leafSPKI)"))

    """.write(to: plain, atomically: true, encoding: .utf8)
    let anchor = folder.appendingPathComponent("root.ds")
    try (rootSigner.dsRecords.joined(separator: "\n") + "\n")
      .write(to: anchor, atomically: true, encoding: .utf8)
    return Zones(
      authZones: [
        .init(name: ".", file: rootSigned), .init(name: "example.", file: exampleSigned),
        .init(name: "plain.example.", file: plain),
      ],
      trustAnchor: anchor)
  }

  /// Makes the RRSIGs over `covering` at names ending in `owner` fail verification: one base64
  /// character of each signature is swapped for another (still valid base64).
  static func damageSignatures(in file: URL, owner: String, covering: String) throws {
    let text = try String(contentsOf: file, encoding: .utf8)
    var damaged = 0
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      line -> String in
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      guard fields.count > 5, fields[0].hasSuffix(owner), fields[3] == "RRSIG",
        fields[4] == covering, var signature = fields.last, signature.count > 12
      else { return String(line) }
      let index = signature.index(signature.startIndex, offsetBy: 10)
      signature.replaceSubrange(index...index, with: signature[index] == "A" ? "B" : "A")
      damaged += 1
      return (fields.dropLast() + [signature]).joined(separator: "\t")
    }
    guard damaged > 0 else {
      throw LDNSSigner.SignerError("no RRSIG over \(covering) at *\(owner) in \(file.path)")
    }
    try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
  }
}
