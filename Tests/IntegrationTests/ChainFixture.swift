import Foundation
import ValidationCore
import XCTest

/// One of the two real signers, for a zone of one algorithm.
final class ChainSigner {
  enum Kind: String, CaseIterable { case ldns, bind }

  typealias NSEC3 = SignerNSEC3Options

  let kind: Kind
  let origin: String
  let algorithm: UInt8
  private let ldns: LDNSSigner?
  private let bind: BINDSigner?

  /// RSA keys are 1024 bits here: enough for every RSA algorithm, and quick to generate.
  init(_ kind: Kind, origin: String, algorithm: UInt8, in folder: URL) throws {
    self.kind = kind
    self.origin = origin
    self.algorithm = algorithm
    let rsaBits: Int? = [1, 5, 7, 8, 10].contains(algorithm) ? 1024 : nil
    switch kind {
    case .ldns:
      let names: [UInt8: String] = [
        1: "RSAMD5", 5: "RSASHA1", 7: "RSASHA1-NSEC3-SHA1", 8: "RSASHA256", 10: "RSASHA512",
        13: "ECDSAP256SHA256", 14: "ECDSAP384SHA384", 15: "ED25519", 16: "ED448",
      ]
      let chosen = LDNSSigner.Algorithm(name: names[algorithm]!, number: algorithm, bits: rsaBits)
      ldns = try LDNSSigner(origin: origin, algorithm: chosen, in: folder)
      bind = nil
    case .bind:
      let names: [UInt8: String] = [
        5: "RSASHA1", 7: "NSEC3RSASHA1", 8: "RSASHA256", 10: "RSASHA512", 13: "ECDSAP256SHA256",
        14: "ECDSAP384SHA384", 15: "ED25519", 16: "ED448",
      ]
      let chosen = BINDSigner.Algorithm(name: names[algorithm]!, number: algorithm, bits: rsaBits)
      bind = try BINDSigner(origin: origin, algorithm: chosen, in: folder)
      ldns = nil
    }
  }

  /// The KSK's SHA-256 DS record, for the parent.
  func dsRecords() throws -> [String] {
    if let ldns { return try ldns.dsRecords }
    return [try bind!.dsRecord()]
  }

  /// The DS record with another digest type (`-1` SHA-1, `-a SHA-384`), BIND only.
  func dsRecord(bindDigest: [String]) throws -> String {
    guard let bind else { throw BINDSignerError("only the BIND signer makes other digests") }
    let output = try TestProcess.check(
      "dnssec-dsfromkey",
      bindDigest + [bind.directory.appendingPathComponent(bind.kskBase + ".key").path])
    return output.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  var kskBase: String { ldns?.kskBase ?? bind!.kskBase }
  /// The key tag in the key file name `K<origin>+<alg>+<tag>`.
  var kskTag: String { String(Int(kskBase.split(separator: "+").last ?? "") ?? -1) }
  var folder: URL { ldns?.directory ?? bind!.directory }
  var zskBase: String { ldns?.zskBase ?? bind!.zskBase }

  func sign(
    _ text: String, nsec3: NSEC3? = nil, inception: Date? = nil, expiration: Date? = nil
  ) throws -> URL {
    let fileName = String(origin.dropLast())
    if let ldns {
      return try ldns.sign(
        text, fileName: fileName, nsec3: nsec3, inception: inception, expiration: expiration)
    }
    return try bind!.sign(
      text, fileName: fileName, nsec3: nsec3, inception: inception, expiration: expiration)
  }
}

/// A signed hierarchy for the chain tests: `.` and `tld.` (ECDSA P-256, NSEC, signed by
/// ldns-signzone) above any number of leaf zones that each test describes. libunbound loads every
/// zone as an in-process auth-zone and validates from the root's DS.
final class ChainFixture {
  /// A zone under `tld.`: how to make it, and what the parent publishes for it.
  struct Leaf {
    let origin: String
    let make: (ChainFixture) throws -> Made
  }

  /// What a leaf came to: its zone file (nil: delegated but served nowhere), the records the
  /// parent adds at the delegation (DS lines, or nothing for an unsigned delegation), and zones
  /// delegated from the leaf itself.
  struct Made {
    var file: URL?
    var parentRecords: [String]
    var extraZones: [(name: String, file: URL)] = []
  }

  let folder: TemporaryDirectory
  /// The time the zones' windows are set from (before signing).
  let now: Date
  /// The engine's fixed clock: taken once every zone is signed, so that no inception lies
  /// ahead of it (libunbound judges as of the real time, a few seconds later).
  private(set) var judgedAt = Date()
  private(set) var zones: [(name: String, file: URL)] = []
  private(set) var rootDS = ""
  /// The root's DNSKEY records (KSK first), for tests that anchor on keys instead of a DS.
  private(set) var rootDNSKEYs: [String] = []

  init(leaves: [Leaf], now: Date = Date()) throws {
    self.now = now
    folder = try TemporaryDirectory("danescope-chain")
    var tldText = Self.soa("tld.")
    for leaf in leaves {
      let made = try leaf.make(self)
      if let file = made.file { zones.append((leaf.origin, file)) }
      zones += made.extraZones
      tldText += "\(leaf.origin) IN NS ns.\(leaf.origin)\nns.\(leaf.origin) IN A 127.0.0.1\n"
      tldText += made.parentRecords.map { $0 + "\n" }.joined()
    }
    let tld = try LDNSSigner(origin: "tld.", in: folder.url)
    zones.append(("tld.", try tld.sign(tldText)))
    let root = try LDNSSigner(origin: ".", in: folder.url)
    let rootText =
      Self.soa(".") + "tld. IN NS ns.tld.\nns.tld. IN A 127.0.0.1\n"
      + (try tld.dsRecords).joined(separator: "\n") + "\n"
    zones.append((".", try root.sign(rootText)))
    rootDS = try root.dsRecords[0]
    rootDNSKEYs = try root.dnskeyRecords
    judgedAt = Date()
  }

  static func soa(_ origin: String) -> String {
    let host = origin == "." ? "ns.root." : "ns.\(origin)"
    let mailbox = origin == "." ? "hostmaster.root." : "hostmaster.\(origin)"
    return """
      $TTL 3600
      \(origin) IN SOA \(host) \(mailbox) 1 7200 3600 1209600 3600
      \(origin) IN NS \(host)
      \(host) IN A 127.0.0.1

      """
  }

  /// The usual content of a leaf: an address, a CNAME to it, a wildcard and mail records.
  static func leafText(_ origin: String, extra: String = "") -> String {
    soa(origin) + """
      www.\(origin) IN A 192.0.2.10
      alias.\(origin) IN CNAME www.\(origin)
      *.wild.\(origin) IN A 192.0.2.20
      \(origin) IN MX 10 www.\(origin)
      \(extra)
      """
  }

  /// A leaf signed by `signer` (with its DS at the parent), optionally edited after signing.
  static func signedLeaf(
    _ origin: String, _ kind: ChainSigner.Kind = .ldns, algorithm: UInt8 = 13,
    nsec3: ChainSigner.NSEC3? = nil, extra: String = "", inception: TimeInterval? = nil,
    expiration: TimeInterval? = nil, edit: ((String, ChainSigner) -> String)? = nil,
    parent: ((ChainSigner) throws -> [String])? = nil
  ) -> Leaf {
    Leaf(origin: origin) { fixture in
      let signer = try ChainSigner(
        kind, origin: origin, algorithm: algorithm, in: fixture.folder.url)
      var file = try signer.sign(
        leafText(origin, extra: extra), nsec3: nsec3,
        inception: inception.map { fixture.now.addingTimeInterval($0) },
        expiration: expiration.map { fixture.now.addingTimeInterval($0) })
      if let edit {
        let text = try String(contentsOf: file, encoding: .utf8)
        file = try fixture.folder.write(String(origin.dropLast()) + ".edited", edit(text, signer))
      }
      return Made(file: file, parentRecords: try parent?(signer) ?? signer.dsRecords())
    }
  }

  var inProcessZones: [InProcessZone] {
    get throws {
      try zones.map { InProcessZone(name: try DNSName($0.name), zoneFile: $0.file.path) }
    }
  }

  func makeResolver() throws -> UnboundResolver {
    try UnboundResolver(
      .inProcess(zones: try inProcessZones, trustAnchors: [rootDS]), timeout: .seconds(10))
  }

  /// An unbound.conf for `--resolver-conf` with every zone as an auth-zone. No address may be
  /// queried: every answer comes from the auth-zones, and through the validator
  /// (for-downstream: no; with yes, libunbound answers from the zone unvalidated).
  /// `anchors`: the `server:` lines that give the trust anchor; by default the root's DS inline.
  /// Written as `name` in `target` (by default the fixture's folder).
  func writeAuthZoneConf(
    anchors: String? = nil, name: String = "unbound.conf", in target: TemporaryDirectory? = nil
  ) throws -> URL {
    let anchor = rootDS.replacingOccurrences(of: "\t", with: " ")
    var conf = """
      server:
      \(anchors ?? "  trust-anchor: \"\(anchor)\"\n")\
        do-not-query-address: 0.0.0.0/0
        do-not-query-address: ::/0

      """
    for zone in zones {
      conf += """
        auth-zone:
          name: "\(zone.name)"
          zonefile: "\(zone.file.path)"
          for-downstream: no
          for-upstream: yes
          fallback-enabled: no

        """
    }
    return try (target ?? folder).write(name, conf)
  }

  func builder(_ resolver: UnboundResolver, options: ChainOptions? = nil) throws -> ChainBuilder {
    let anchors = try ChainTrustAnchors.records(for: .inProcess(zones: [], trustAnchors: [rootDS]))
    return ChainBuilder(
      source: ResolverLookupSource(resolver), trustAnchors: anchors,
      options: options ?? ChainOptions(clock: FixedClock(judgedAt)))
  }
}

/// A fixture made once for a whole test class (in its class `setUp`, where signing every zone is
/// paid once), with its resolver. A fixture that could not be made fails each test that asks for
/// it, with the reason.
final class SharedChainFixture {
  private let made: Result<(ChainFixture, UnboundResolver), Error>

  init(_ make: () throws -> ChainFixture) {
    made = Result {
      let fixture = try make()
      return (fixture, try fixture.makeResolver())
    }
  }

  func get() throws -> (ChainFixture, UnboundResolver) { try made.get() }
}

/// Zone-file edits for the mutations: drop or change lines of a signed zone.
enum ZoneEdit {
  /// Lines split into fields (tabs or spaces), comments kept as they are.
  static func fields(_ line: Substring) -> [Substring] {
    line.split(whereSeparator: { $0 == " " || $0 == "\t" })
  }

  /// Removes the records for which `drop` says so.
  static func removing(_ text: String, where drop: ([Substring]) -> Bool) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { line in line.hasPrefix(";") || !drop(fields(line)) }
      .joined(separator: "\n")
  }

  /// Changes the records for which `change` returns a new line.
  static func changing(_ text: String, _ change: ([Substring]) -> String?) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { line in line.hasPrefix(";") ? String(line) : (change(fields(line)) ?? String(line)) }
      .joined(separator: "\n")
  }

  /// True for an RRSIG line (owner TTL class RRSIG covered …) owned by `owner` covering `type`.
  static func isRRSIG(_ fields: [Substring], owner: String, covering type: String) -> Bool {
    fields.count > 4 && fields[0].lowercased() == owner.lowercased() && fields[3] == "RRSIG"
      && fields[4] == type
  }
}
