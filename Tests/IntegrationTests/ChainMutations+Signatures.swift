import Foundation
import ValidationCore

extension ChainMutation {
  // MARK: Signatures (RFC 4035 §5.3)

  static var signatures: [ChainMutation] {
    [
      ChainMutation(
        code: .rrsigInvalid,
        leaf: ChainFixture.signedLeaf("flipped.tld.") { text, _ in
          // Change the first character of the signature of www's A RRset.
          ZoneEdit.changing(text) { fields in
            guard ZoneEdit.isRRSIG(fields, owner: "www.flipped.tld.", covering: "A"),
              fields.count > 12
            else { return nil }
            var signature = String(fields[12])
            let first = signature.removeFirst()
            let flipped = first == "A" ? "B" : "A"
            return (fields[0..<12] + [Substring(flipped + signature)] + fields[13...]).joined(
              separator: " ")
          }
        },
        question: "www.flipped.tld.", type: .a, verdict: "bogus"),
      // The DNSKEY set with no RRSIG at all. (An answer RRset stripped of its RRSIG makes
      // libunbound hunt for a zone cut and answer SERVFAIL with no evidence; the engine then
      // reports LOOKUP_FAILED and agrees on "indeterminate".)
      ChainMutation(
        code: .rrsigMissing,
        leaf: ChainFixture.signedLeaf("nosig.tld.") { text, _ in
          ZoneEdit.removing(text) { ZoneEdit.isRRSIG($0, owner: "nosig.tld.", covering: "DNSKEY") }
        },
        question: "www.nosig.tld.", type: .a, verdict: "bogus"),
      ChainMutation(
        code: .rrsigMissingForAlgorithm, leaf: twoAlgorithms, question: "www.twoalg.tld.", type: .a,
        verdict: "secure"),
      ChainMutation(
        code: .dnskeyRevoked, leaf: revokedKey, question: "www.revoked.tld.", type: .a,
        verdict: "secure"),
      ChainMutation(
        code: .dnskeyUnusable,
        leaf: ChainFixture.signedLeaf(
          "badkey.tld.",
          // A zone key of algorithm 13 whose key field is 48 octets, not 64.
          extra: "badkey.tld. IN DNSKEY 256 3 13 "
            + Data(repeating: 7, count: 48).base64EncodedString()),
        question: "www.badkey.tld.", type: .a, verdict: "secure"),
    ]
  }

  /// Keys of two algorithms (13 and 8), DS records for both KSKs, and www's A signed by the
  /// algorithm 13 key only (its algorithm 8 RRSIG removed after signing).
  static var twoAlgorithms: ChainFixture.Leaf {
    ChainFixture.Leaf(origin: "twoalg.tld.") { fixture in
      let origin = "twoalg.tld."
      let first = try ChainSigner(.ldns, origin: origin, algorithm: 13, in: fixture.folder.url)
      let second = try ChainSigner(.ldns, origin: origin, algorithm: 8, in: fixture.folder.url)
      let unsigned = try fixture.folder.write("twoalg.tld.zone", ChainFixture.leafText(origin))
      let signed = fixture.folder.file("twoalg.tld.signed")
      try TestProcess.check(
        "ldns-signzone",
        [
          "-f", signed.path, "-o", origin, unsigned.path, first.kskBase, first.zskBase,
          second.kskBase,
          second.zskBase,
        ], in: fixture.folder.url)
      let text = ZoneEdit.removing(try String(contentsOf: signed, encoding: .utf8)) {
        ZoneEdit.isRRSIG($0, owner: "www.twoalg.tld.", covering: "A") && $0.count > 5
          && $0[5] == "8"
      }
      let file = try fixture.folder.write("twoalg.tld.edited", text)
      return ChainFixture.Made(
        file: file, parentRecords: try first.dsRecords() + second.dsRecords())
    }
  }

  /// A third key published with the REVOKE flag (RFC 5011), made by dnssec-revoke; the zone is
  /// signed with its usual KSK and ZSK (and dnssec-signzone signs the DNSKEY set with the revoked
  /// key as RFC 5011 §2.1 asks).
  static var revokedKey: ChainFixture.Leaf {
    ChainFixture.Leaf(origin: "revoked.tld.") { fixture in
      let origin = "revoked.tld."
      let signer = try ChainSigner(.bind, origin: origin, algorithm: 13, in: fixture.folder.url)
      let folder = fixture.folder.url.path
      let extra = try TestProcess.check(
        "dnssec-keygen",
        ["-q", "-K", folder, "-a", "ECDSAP256SHA256", "-n", "ZONE", "-f", "KSK", origin]
      )
      .trimmingCharacters(in: .whitespacesAndNewlines)
      let revoked = try TestProcess.check("dnssec-revoke", ["-K", folder, extra])
        .trimmingCharacters(in: .whitespacesAndNewlines)
      let revokedFile = revoked.hasSuffix(".key") ? revoked : revoked + ".key"
      let path = revokedFile.hasPrefix("/") ? revokedFile : folder + "/" + revokedFile
      let line =
        try String(contentsOfFile: path, encoding: .utf8)
        .split(separator: "\n").first { !$0.hasPrefix(";") }.map(String.init) ?? ""
      let file = try signer.sign(ChainFixture.leafText(origin, extra: line))
      return ChainFixture.Made(file: file, parentRecords: try signer.dsRecords())
    }
  }

  // MARK: Algorithms and digests (RFC 8624)

  static var policy: [ChainMutation] {
    [
      ChainMutation(
        code: .algorithmDeprecated,
        leaf: ChainFixture.signedLeaf("rsasha1.tld.", .bind, algorithm: 5),
        question: "www.rsasha1.tld.", type: .a, verdict: "secure"),
      ChainMutation(
        code: .algorithmProhibited, leaf: ChainFixture.signedLeaf("md5.tld.", algorithm: 1),
        question: "www.md5.tld.", type: .a, verdict: "insecure"),
      ChainMutation(
        code: .algorithmUnsupported, leaf: ChainFixture.signedLeaf("md5b.tld.", algorithm: 1),
        question: "www.md5b.tld.", type: .a, verdict: "insecure"),
    ]
  }

  // MARK: Denial of existence (RFC 4035 §5.4, RFC 5155 §8, RFC 9276)

  static var denial: [ChainMutation] {
    [
      ChainMutation(
        code: .denialProofMissing,
        leaf: ChainFixture.signedLeaf("nonsec.tld.") { text, _ in
          ZoneEdit.removing(text) { fields in
            (fields.count > 3 && fields[3] == "NSEC")
              || (fields.count > 4 && fields[3] == "RRSIG" && fields[4] == "NSEC")
          }
        },
        question: "nope.nonsec.tld.", type: .a, verdict: "bogus"),
      ChainMutation(
        code: .denialProofInvalid,
        leaf: ChainFixture.signedLeaf("badnsec.tld.") { text, _ in
          // The apex NSEC is the one that covers *.badnsec.tld.: without it, nothing proves
          // that no wildcard could have answered.
          ZoneEdit.removing(text) { fields in
            fields.count > 3 && fields[0] == "badnsec.tld."
              && (fields[3] == "NSEC"
                || (fields[3] == "RRSIG" && fields.count > 4 && fields[4] == "NSEC"))
          }
        },
        question: "nope.badnsec.tld.", type: .a, verdict: "bogus"),
      ChainMutation(
        code: .nsec3IterationsNonzero,
        leaf: ChainFixture.signedLeaf(
          "n3iter.tld.", nsec3: ChainSigner.NSEC3(iterations: 5, salt: "")),
        question: "nope.n3iter.tld.", type: .a, verdict: "secure"),
      // Above libunbound's (and the engine's) limit of 150 the proof counts as insecure.
      ChainMutation(
        code: .nsec3IterationsNonzero,
        leaf: ChainFixture.signedLeaf(
          "n3many.tld.", nsec3: ChainSigner.NSEC3(iterations: 200, salt: "")),
        question: "nope.n3many.tld.", type: .a, verdict: "insecure"),
      ChainMutation(
        code: .nsec3SaltPresent,
        leaf: ChainFixture.signedLeaf(
          "n3salt.tld.", .bind, nsec3: ChainSigner.NSEC3(iterations: 0, salt: "ABCDEF")),
        question: "nope.n3salt.tld.", type: .a, verdict: "secure"),
    ]
  }

  // MARK: Lookups and the validator

  static var other: [ChainMutation] {
    [
      // Delegated with a DS, but served by no zone: libunbound does not query 127.0.0.1
      // (do-not-query-localhost), so the DNSKEY lookup fails.
      ChainMutation(
        code: FindingCode("LOOKUP_FAILED"),
        leaf: ChainFixture.Leaf(origin: "gone.tld.") { fixture in
          let signer = try ChainSigner(
            .ldns, origin: "gone.tld.", algorithm: 13, in: fixture.folder.url)
          return ChainFixture.Made(file: nil, parentRecords: try signer.dsRecords())
        },
        question: "www.gone.tld.", type: .a, verdict: "indeterminate"),
      // An answer RRset stripped of its RRSIG: libunbound hunts for a zone cut below the name
      // and answers SERVFAIL with no records; the engine, without evidence, agrees.
      ChainMutation(
        code: FindingCode("LOOKUP_FAILED"),
        leaf: ChainFixture.signedLeaf("stripped.tld.") { text, _ in
          ZoneEdit.removing(text) {
            ZoneEdit.isRRSIG($0, owner: "www.stripped.tld.", covering: "A")
          }
        },
        question: "www.stripped.tld.", type: .a, verdict: "indeterminate"),
      // Debian's libunbound lacks ED448 and says insecure; the engine checks it: secure.
      ChainMutation(
        code: .validatorDisagreement,
        leaf: ChainFixture.signedLeaf("ed448.tld.", algorithm: 16),
        question: "www.ed448.tld.", type: .a, verdict: "insecure"),
    ]
  }
}
