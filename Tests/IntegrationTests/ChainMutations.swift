import Foundation
import ValidationCore

/// One real mutation of a signed zone: the zone (signed by ldns-signzone or dnssec-signzone,
/// then broken the way the case says), the question asked, the finding code it must produce,
/// and the verdict RFC 4035 (and libunbound, the reference) gives.
struct ChainMutation {
  let code: FindingCode
  let leaf: ChainFixture.Leaf
  let question: String
  let type: RRType
  let verdict: String

  static let day: TimeInterval = 86_400

  static var all: [ChainMutation] { windows + delegation + signatures + policy + denial + other }

  // MARK: Validity windows and TTLs (RFC 4035 §5.3.1, §5.3.3)

  static var windows: [ChainMutation] {
    [
      ChainMutation(
        code: .rrsigExpired,
        leaf: ChainFixture.signedLeaf("expired.tld.", inception: -30 * day, expiration: -7 * day),
        question: "www.expired.tld.", type: .a, verdict: "bogus"),
      ChainMutation(
        code: .rrsigNotYetValid,
        leaf: ChainFixture.signedLeaf(
          "future.tld.", .bind, inception: 7 * day, expiration: 30 * day),
        question: "www.future.tld.", type: .a, verdict: "bogus"),
      ChainMutation(
        code: .rrsigExpiringSoon,
        leaf: ChainFixture.signedLeaf("soon.tld.", inception: -day, expiration: 2 * day),
        question: "www.soon.tld.", type: .a, verdict: "secure"),
      ChainMutation(
        code: .ttlBeyondExpiration,
        leaf: ChainFixture.signedLeaf("ttlexp.tld.", .bind, inception: -day, expiration: 1800),
        question: "www.ttlexp.tld.", type: .a, verdict: "secure"),
      ChainMutation(
        code: .ttlAboveOriginal,
        leaf: ChainFixture.signedLeaf("ttlorig.tld.") { text, _ in
          // Serve www's A with twice the TTL it was signed with.
          ZoneEdit.changing(text) { fields in
            guard fields.count == 5, fields[0] == "www.ttlorig.tld.", fields[3] == "A" else {
              return nil
            }
            return "www.ttlorig.tld.\t7200\tIN\tA\t\(fields[4])"
          }
        },
        question: "www.ttlorig.tld.", type: .a, verdict: "secure"),
    ]
  }

  // MARK: The delegation: DS against DNSKEY (RFC 4035 §5.2)

  static var delegation: [ChainMutation] {
    [
      ChainMutation(
        code: .dsDigestMismatch,
        leaf: ChainFixture.signedLeaf(
          "dsdigest.tld.",
          parent: { signer in
            try signer.dsRecords().map { line in
              // Change the last hex digit of the digest.
              let last = line.last == "0" ? "1" : "0"
              return String(line.dropLast()) + last
            }
          }),
        question: "www.dsdigest.tld.", type: .a, verdict: "bogus"),
      ChainMutation(
        code: .dsNoMatchingDNSKEY,
        leaf: ChainFixture.signedLeaf("keygone.tld.") { text, _ in
          ZoneEdit.removing(text) { $0.count > 4 && $0[3] == "DNSKEY" && $0[4] == "257" }
        },
        question: "www.keygone.tld.", type: .a, verdict: "bogus"),
      ChainMutation(
        code: .dnskeyNotSignedByDSKey,
        leaf: ChainFixture.signedLeaf("nodskey.tld.", .bind) { text, signer in
          ZoneEdit.removing(text) {
            ZoneEdit.isRRSIG($0, owner: "nodskey.tld.", covering: "DNSKEY") && $0.count > 10
              && $0[10] == signer.kskTag
          }
        },
        question: "www.nodskey.tld.", type: .a, verdict: "bogus"),
      ChainMutation(
        code: .dnskeyMissing,
        leaf: ChainFixture.signedLeaf("nokeys.tld.") { text, _ in
          ZoneEdit.removing(text) {
            ($0.count > 3 && $0[3] == "DNSKEY")
              || ZoneEdit.isRRSIG($0, owner: "nokeys.tld.", covering: "DNSKEY")
          }
        },
        question: "www.nokeys.tld.", type: .a, verdict: "bogus"),
      ChainMutation(
        code: .dsSHA1Only,
        leaf: ChainFixture.signedLeaf(
          "sha1ds.tld.", .bind,
          parent: { signer in
            [try signer.dsRecord(bindDigest: ["-1"])]
          }),
        question: "www.sha1ds.tld.", type: .a, verdict: "secure"),
      ChainMutation(
        code: .dsSHA1OnlyMatch,
        leaf: ChainFixture.signedLeaf(
          "sha1match.tld.", .bind,
          parent: { signer in
            // A correct SHA-1 DS, and the same key's SHA-256 DS with its last digit changed:
            // secure for libunbound, bogus for RFC 4509 §3 validators (ChainDSDigestPreferenceTests).
            let sha256 = try signer.dsRecord(bindDigest: ["-2"])
            let last = sha256.last == "0" ? "1" : "0"
            return [try signer.dsRecord(bindDigest: ["-1"]), String(sha256.dropLast()) + last]
          }),
        question: "www.sha1match.tld.", type: .a, verdict: "secure"),
      ChainMutation(
        code: .digestProhibited,
        leaf: ChainFixture.signedLeaf(
          "gostds.tld.", .bind,
          parent: { signer in
            // Beside the SHA-256 DS, a GOST (3) DS for the same key: 32 octets of digest.
            let sha256 = try signer.dsRecords()
            let fields = sha256[0].split(separator: " ")
            let gost =
              "gostds.tld. IN DS \(fields[3]) \(fields[4]) 3 " + String(repeating: "AB", count: 32)
            return sha256 + [gost]
          }),
        question: "www.gostds.tld.", type: .a, verdict: "secure"),
      ChainMutation(
        code: .digestUnsupported,
        leaf: ChainFixture.signedLeaf(
          "gostonly.tld.", .bind,
          parent: { signer in
            // Only a GOST (3) DS: nothing a validator without GOST can check, so insecure.
            let fields = try signer.dsRecords()[0].split(separator: " ")
            return [
              "gostonly.tld. IN DS \(fields[3]) \(fields[4]) 3 "
                + String(repeating: "CD", count: 32)
            ]
          }),
        question: "www.gostonly.tld.", type: .a, verdict: "insecure"),
      ChainMutation(
        code: .insecureDelegation,
        leaf: ChainFixture.Leaf(origin: "unsigned.tld.") { fixture in
          let file = try fixture.folder.write(
            "unsigned.tld.zone", ChainFixture.leafText("unsigned.tld."))
          return ChainFixture.Made(file: file, parentRecords: [])
        },
        question: "www.unsigned.tld.", type: .a, verdict: "insecure"),
      ChainMutation(
        code: .insecureDelegation,
        leaf: n3Parent("n3parent.tld.", optOut: false),
        question: "www.unsigned.n3parent.tld.", type: .a, verdict: "insecure"),
      ChainMutation(
        code: .insecureDelegation,
        leaf: n3Parent("optout.tld.", optOut: true),
        question: "www.unsigned.optout.tld.", type: .a, verdict: "insecure"),
    ]
  }

  /// An algorithm rollover half done: the parent has DS records for an ECDSA key (in the zone)
  /// and an RSASHA256 key (not yet, or no longer, in it). One valid path is enough: secure
  /// (RFC 6840 §5.4).
  static var rollover: ChainFixture.Leaf {
    ChainFixture.Leaf(origin: "rollover.tld.") { fixture in
      let current = try ChainSigner(
        .ldns, origin: "rollover.tld.", algorithm: 13, in: fixture.folder.url)
      let other = try ChainSigner(
        .ldns, origin: "rollover.tld.", algorithm: 8, in: fixture.folder.url)
      let file = try current.sign(ChainFixture.leafText("rollover.tld."))
      return ChainFixture.Made(
        file: file, parentRecords: try current.dsRecords() + other.dsRecords())
    }
  }

  /// An NSEC3-signed leaf that delegates an unsigned child: the NSEC3 no-DS proof, by a
  /// matching NSEC3 or (opt-out, RFC 5155 §6) by an opt-out NSEC3 covering the child.
  static func n3Parent(_ origin: String, optOut: Bool) -> ChainFixture.Leaf {
    let child = "unsigned.\(origin)"
    let delegation = "\(child) IN NS ns.\(child)\nns.\(child) IN A 127.0.0.1\n"
    let inner = ChainFixture.signedLeaf(
      origin, .bind, nsec3: ChainSigner.NSEC3(optOut: optOut), extra: delegation)
    return ChainFixture.Leaf(origin: origin) { fixture in
      var made = try inner.make(fixture)
      let file = try fixture.folder.write("\(child)zone", ChainFixture.leafText(child))
      made.extraZones = [(child, file)]
      return made
    }
  }
}
