extension FindingCode {
  // Delegation: DS in the parent against DNSKEY in the child.
  public static let dsNoMatchingDNSKEY = FindingCode("DS_NO_MATCHING_DNSKEY")
  public static let trustAnchorNoMatchingDNSKEY = FindingCode("TRUST_ANCHOR_NO_MATCHING_DNSKEY")
  public static let dsDigestMismatch = FindingCode("DS_DIGEST_MISMATCH")
  public static let dnskeyNotSignedByDSKey = FindingCode("DNSKEY_NOT_SIGNED_BY_DS_KEY")
  public static let dnskeyMissing = FindingCode("DNSKEY_MISSING")
  public static let dnskeyRevoked = FindingCode("DNSKEY_REVOKED")
  public static let dnskeyUnusable = FindingCode("DNSKEY_UNUSABLE")
  public static let dsSHA1Only = FindingCode("DS_SHA1_ONLY")
  public static let dsSHA1OnlyMatch = FindingCode("DS_SHA1_ONLY_MATCH")
  public static let insecureDelegation = FindingCode("INSECURE_DELEGATION")
  // Signatures.
  public static let rrsigInvalid = FindingCode("RRSIG_INVALID")
  public static let rrsigExpired = FindingCode("RRSIG_EXPIRED")
  public static let rrsigNotYetValid = FindingCode("RRSIG_NOT_YET_VALID")
  public static let rrsigExpiringSoon = FindingCode("RRSIG_EXPIRING_SOON")
  public static let rrsigMissing = FindingCode("RRSIG_MISSING")
  public static let rrsigMissingForAlgorithm = FindingCode("RRSIG_MISSING_FOR_ALGORITHM")
  public static let ttlBeyondExpiration = FindingCode("TTL_BEYOND_SIGNATURE_EXPIRATION")
  public static let ttlAboveOriginal = FindingCode("TTL_ABOVE_ORIGINAL_TTL")
  public static let wildcardExpansion = FindingCode("WILDCARD_EXPANSION")
  // Algorithms and digests.
  public static let algorithmDeprecated = FindingCode("ALGORITHM_DEPRECATED")
  public static let algorithmProhibited = FindingCode("ALGORITHM_PROHIBITED")
  public static let digestProhibited = FindingCode("DIGEST_PROHIBITED")
  public static let algorithmUnsupported = FindingCode("ALGORITHM_UNSUPPORTED")
  public static let digestUnsupported = FindingCode("DIGEST_UNSUPPORTED")
  // Denial of existence.
  public static let denialProofMissing = FindingCode("DENIAL_PROOF_MISSING")
  public static let denialProofInvalid = FindingCode("DENIAL_PROOF_INVALID")
  public static let nsec3IterationsNonzero = FindingCode("NSEC3_ITERATIONS_NONZERO")
  public static let nsec3SaltPresent = FindingCode("NSEC3_SALT_PRESENT")
  // The engine against libunbound.
  public static let validatorDisagreement = FindingCode("VALIDATOR_DISAGREEMENT")
}

extension FindingCatalog {
  /// Findings of the DNSSEC area (the chain of trust). Evidence labels used in the summaries:
  /// `key tag`, `algorithm`, `digest type`, `published`, `computed`, `signer`, `expiration`,
  /// `inception`, `expires in`, `expired since`, `ttl`, `original ttl`, `reason`, `engine`,
  /// `validator`, `iterations`, `salt`, `labels`, `kind`, `SHA-1 DS`, `unmatched DS`, `proof`.
  static let dnssecEntries: [Entry] =
    delegationEntries + signatureEntries + algorithmEntries
    + denialEntries + comparisonEntries

  private static let delegationEntries: [Entry] = [
    Entry(
      .dsNoMatchingDNSKEY, .error,
      summary: "No DNSKEY of {subject} matches any DS record its parent publishes.",
      explanation: """
        The parent zone vouches for the child by publishing DS records, each naming one of the \
        child's keys by key tag and algorithm. None of the child's DNSKEY records has a key tag \
        and algorithm that a DS names, so the chain of trust cannot pass from parent to child: \
        validating resolvers treat everything in the zone as bogus. This usually follows a key \
        rollover in which the new DS was not sent to the parent or the old key was removed too early.
        """,
      reference: "RFC 4035 §5.2",
      fix:
        "Publish at the parent a DS for a key the child serves (dnssec-dsfromkey or ldns-key2ds), or put the key back."
    ),
    Entry(
      .trustAnchorNoMatchingDNSKEY, .error,
      summary: "No DNSKEY of {subject} matches the trust anchor danescope validates with.",
      explanation: """
        Validation starts from a trust anchor: a DS or DNSKEY record of a zone (usually the \
        root) that is trusted without proof. None of the keys {subject} serves is the anchored \
        key, so nothing below it can be proven. Either the anchor is stale (the zone has rolled \
        its key since the anchor was taken), or the answers come from another DNS tree than the \
        anchor belongs to: a lab or private root asked through a forwarder while the real \
        root's anchor is in use.
        """,
      reference: "RFC 4035 §4.4, RFC 5011",
      fix:
        "Give the anchor of the tree you are asking (--trust-anchor FILE, or trust-anchor-file in --resolver-conf), or update the root anchor (/usr/share/dns/root.key from dns-root-data)."
    ),
    Entry(
      .dsDigestMismatch, .error,
      summary:
        "DS {key tag} for {subject} names a key that exists, but its {digest type} digest does not match (published {published}, computed {computed}).",
      explanation: """
        A DS record holds a digest (hash) of the owner name and the DNSKEY it points to. Here the \
        key tag and algorithm match a key of the child, but hashing that key gives another value, \
        so the DS does not authenticate it. The key was regenerated with the same tag, the DS was \
        mistyped, or the digest was made over another owner name. Each such DS is reported, also \
        when another DS authenticates the key and the zone is secure: the parent publishes a wrong \
        record, and a validator that picks DS records by digest type may rely on exactly that one \
        (DS_SHA1_ONLY_MATCH).
        """,
      reference: "RFC 4034 §5.1.4, RFC 4035 §5.2",
      fix: "Compute the DS from the DNSKEY the child serves and replace the one at the parent."),
    Entry(
      .dnskeyNotSignedByDSKey, .error,
      summary:
        "The DNSKEY set of {subject} is not signed by any key that {authenticator} authenticates.",
      explanation: """
        A DS record authenticates one key; that key must then sign the whole DNSKEY set, which \
        brings the other keys (usually the ZSK) into the chain. No valid signature over the DNSKEY \
        set comes from a DS-authenticated key, so none of the zone's keys can be trusted.
        """,
      reference: "RFC 4035 §5.2",
      fix:
        "Sign the DNSKEY set with the key-signing key whose DS is at the parent (check the signer's KSK settings)."
    ),
    Entry(
      .dnskeyMissing, .error,
      summary: "{subject} has DS records at its parent but serves no DNSKEY records.",
      explanation: """
        The parent says the zone is signed (it publishes DS records), yet the zone answers the \
        DNSKEY query with no keys. Without keys nothing in the zone can be validated, and \
        resolvers call every answer bogus.
        """,
      reference: "RFC 4035 §5.2",
      fix:
        "Serve the signed zone (with its DNSKEY set) from every name server, or remove the DS at the parent."
    ),
    Entry(
      .dnskeyRevoked, .warning,
      summary:
        "DNSKEY {key tag} of {subject} has the REVOKE flag set and cannot authenticate anything.",
      explanation: """
        The REVOKE bit (RFC 5011) tells resolvers that a key must no longer be used as a trust \
        anchor or to validate. A revoked key is only published during a rollover; if the chain \
        depends on it, validation fails.
        """,
      reference: "RFC 5011 §2.1",
      fix:
        "Finish the rollover: make sure another key signs the DNSKEY set and has a DS at the parent, then remove the revoked key."
    ),
    Entry(
      .dnskeyUnusable, .warning,
      summary: "DNSKEY {key tag} of {subject} cannot be read as an {algorithm} key: {reason}.",
      explanation: """
        The public key field does not have the form its algorithm requires (length, RSA exponent \
        encoding, or an elliptic-curve point that is not on the curve). No signature made with it \
        can be checked.
        """,
      reference: "RFC 3110 §2, RFC 6605 §4, RFC 8080 §3",
      fix: "Republish the key as the signer wrote it; regenerate it if the key file was damaged."),
    Entry(
      .dsSHA1Only, .warning,
      summary: "Every DS record for {subject} uses SHA-1.",
      explanation: """
        SHA-1 DS records must no longer be published (RFC 8624). Some validators already refuse \
        SHA-1 and then treat the zone as unsigned; a SHA-256 DS keeps it secure everywhere.
        """,
      reference: "RFC 8624 §3.3, RFC 4509 §3",
      fix: "Add a SHA-256 (digest type 2) DS at the parent, then remove the SHA-1 one."),
    Entry(
      .dsSHA1OnlyMatch, .error,
      summary:
        "{subject} is secure only through its SHA-1 DS ({SHA-1 DS}): validators that follow RFC 4509 §3, BIND's among them, ignore SHA-1 beside SHA-256 or SHA-384 DS records, and those here authenticate no key ({unmatched DS}), so to them the zone is bogus and senders that use them defer mail to it.",
      explanation: """
        RFC 4509 §3 asks validators to ignore SHA-1 DS records when the DS set also holds \
        SHA-256 ones; BIND applies that to SHA-384 as well. Here the only DS records that match a \
        key of the child use SHA-1, and the SHA-256 or SHA-384 DS beside them has a wrong digest \
        or names a key the child does not serve. libunbound, whose verdict danescope reports, \
        uses any DS that matches and finds the zone secure; BIND's delv and named (9.18, measured) \
        are left with DS records that match nothing and find every answer from the zone bogus \
        (RFC 4035 §5.2): a sending server whose resolver is one of them cannot look up the MX or \
        TLSA records and defers the mail. The verdict stays libunbound's, but this is an error.
        """,
      reference: "RFC 4509 §3, RFC 4035 §5.2",
      fix:
        "Replace the SHA-256 (or SHA-384) DS at the parent with one computed from the key the child serves (dnssec-dsfromkey -2 or ldns-key2ds -2), then remove the SHA-1 DS."
    ),
    Entry(
      .insecureDelegation, .info,
      summary: "{subject} is an unsigned zone: {proof}.",
      explanation: """
        The parent returned a signed denial (NSEC or NSEC3) showing that there is no DS record \
        for the child. That is a proven insecure delegation: answers from the zone are not \
        authenticated, and DANE records below it cannot be used. Within an NSEC3 opt-out span \
        the parent shows less: the opt-out NSEC3 that covers the name says only that no signed \
        delegation is there, and the unsigned delegation itself is not authenticated (RFC 5155 \
        §6); the zone is insecure all the same.
        """,
      reference: "RFC 4035 §5.2, RFC 5155 §6, RFC 7672 §2.2",
      fix:
        "Sign the zone and publish its DS at the parent if the names below it need DNSSEC (DANE does)."
    ),
  ]

  private static let signatureEntries: [Entry] = [
    Entry(
      .rrsigInvalid, .error,
      summary: "The RRSIG by key {key tag} over {subject} does not verify: {reason}.",
      explanation: """
        The signature does not match the records and the key it claims. The records were changed \
        after signing, the signature was damaged, or the zone was signed with a different key \
        than the one published.
        """,
      reference: "RFC 4035 §5.3.3",
      fix: "Re-sign the zone and serve the fresh copy from every name server."),
    Entry(
      .rrsigExpired, .error,
      summary:
        "The RRSIG by key {key tag} over {subject} expired {expired since} ago ({expiration}).",
      explanation: """
        Every signature has a validity window. After the expiration time validators must reject \
        it, so the records become bogus. Zones have to be re-signed regularly; an expired \
        signature means automatic re-signing stopped.
        """,
      reference: "RFC 4035 §5.3.1",
      fix: "Re-sign the zone, then find out why scheduled re-signing stopped."),
    Entry(
      .rrsigNotYetValid, .error,
      summary: "The RRSIG by key {key tag} over {subject} is not valid until {inception}.",
      explanation: """
        The inception time of the signature is in the future. Validators reject it until then. \
        This often means the signer's clock is wrong.
        """,
      reference: "RFC 4035 §5.3.1",
      fix: "Check the signing host's clock and re-sign with an inception time in the past."),
    Entry(
      .rrsigExpiringSoon, .warning,
      summary: "The RRSIG by key {key tag} over {subject} expires in {expires in} ({expiration}).",
      explanation: """
        The signature is still valid, but not for long. If the zone is not re-signed before \
        then, the records turn bogus. The warning threshold is set with --expiry-warning-days.
        """,
      reference: "RFC 4035 §5.3.1, RFC 6781 §4.4.2",
      fix: "Check that automatic re-signing runs and re-signs well before expiry."),
    Entry(
      .rrsigMissing, .error,
      summary: "{subject} has no RRSIG although its zone is signed.",
      explanation: """
        In a signed zone every authoritative RRset must carry a signature. Without one, a \
        validator cannot tell the records from forged ones and calls them bogus.
        """,
      reference: "RFC 4035 §2.2",
      fix: "Re-sign the zone; check that the records were not added after signing."),
    Entry(
      .rrsigMissingForAlgorithm, .warning,
      summary:
        "{subject} has no RRSIG with algorithm {algorithm}, although the zone's keys use it.",
      explanation: """
        A zone must sign each RRset with every algorithm that appears in its DNSKEY set (and DS \
        set). Validators do not require it (one valid path suffices), so this is not bogus, but \
        some strict validators and an unfinished algorithm rollover make it fragile.
        """,
      reference: "RFC 4035 §2.2, RFC 6840 §5.11",
      fix: "Sign with all algorithms of the DNSKEY set, or finish the algorithm rollover."),
    Entry(
      .ttlBeyondExpiration, .warning,
      summary:
        "The TTL of {subject} ({ttl} s) reaches past its signature's expiration ({expiration}).",
      explanation: """
        A resolver could keep these records in its cache after the signature that vouches for \
        them has expired. Validators shorten the TTL, but the zone should not rely on that: \
        signatures should outlive the TTL by a good margin.
        """,
      reference: "RFC 4035 §5.3.3, RFC 6781 §4.4.2",
      fix: "Re-sign earlier or with longer validity, or lower the TTL."),
    Entry(
      .ttlAboveOriginal, .warning,
      summary:
        "{subject} is served with TTL {ttl}, above the original TTL {original ttl} that was signed.",
      explanation: """
        The RRSIG records the TTL the records had when signed. A server that serves a higher TTL \
        changes data the signature does not cover; validators cap the TTL at the original value.
        """,
      reference: "RFC 4035 §5.3.3",
      fix: "Serve the TTL that the zone was signed with (re-sign after changing TTLs)."),
    Entry(
      .wildcardExpansion, .info,
      summary: "{subject} was synthesised from a wildcard (RRSIG labels {labels}).",
      explanation: """
        The RRSIG's labels field is smaller than the number of labels in the owner name, so the \
        answer came from a wildcard record. A signed proof that the exact name does not exist \
        must accompany it.
        """,
      reference: "RFC 4035 §5.3.4",
      fix: "None needed if intended; publish the exact name if the wildcard answer is a surprise."),
  ]

  private static let algorithmEntries: [Entry] = [
    Entry(
      .algorithmDeprecated, .warning,
      summary: "{subject} is signed with {algorithm}, which should no longer be used for signing.",
      explanation: """
        RFC 8624 lists this algorithm as NOT RECOMMENDED for signing (SHA-1 based, or RSA with \
        SHA-512, which gains nothing). Validators still accept it today, but support is being \
        withdrawn.
        """,
      reference: "RFC 8624 §3.1",
      fix: "Roll the zone to ECDSAP256SHA256 (13) or ED25519 (15), or RSASHA256 (8)."),
    Entry(
      .algorithmProhibited, .error,
      summary: "{subject} is signed with {algorithm}, which must not be used.",
      explanation: """
        RFC 8624 forbids signing with this algorithm (RSAMD5, DSA, ECC-GOST). Validators must not \
        check RSAMD5 or DSA and need not check ECC-GOST (a MAY), so most treat the zone as \
        unsigned and it gets no protection.
        """,
      reference: "RFC 8624 §3.1",
      fix: "Roll the zone to ECDSAP256SHA256 (13) or ED25519 (15)."),
    Entry(
      .digestProhibited, .warning,
      summary: "DS {key tag} for {subject} uses digest {digest type}, which must not be used.",
      explanation: """
        RFC 8624 forbids publishing DS records with this digest type (GOST R 34.11-94), and \
        validators need not check it (a MAY): most ignore them, and if no other DS remains, the \
        zone counts as unsigned.
        """,
      reference: "RFC 8624 §3.3",
      fix: "Publish a SHA-256 (2) DS and remove this one."),
    Entry(
      .algorithmUnsupported, .warning,
      summary:
        "danescope cannot check algorithm {algorithm} used by {subject}; the zone counts as insecure.",
      explanation: """
        When a validator does not implement any algorithm a zone's DS records use, it must treat \
        the zone as unsigned (insecure), not as broken. danescope checks algorithms 5, 7, 8, 10, \
        13, 14, 15 and 16.
        """,
      reference: "RFC 4035 §5.2, RFC 8624 §3.1",
      fix: "Sign with a widely implemented algorithm (13, 15 or 8)."),
    Entry(
      .digestUnsupported, .warning,
      summary:
        "danescope cannot check DS digest type {digest type} for {subject}; the DS is ignored.",
      explanation: """
        A DS with a digest type the validator does not implement is ignored. If no usable DS \
        remains, the zone counts as insecure. danescope computes SHA-1 (1), SHA-256 (2) and \
        SHA-384 (4). A trust anchor (a `--trust-anchor` file, or anchors a `--resolver-conf` \
        file names) for a zone none of whose records is usable is refused before anything \
        starts (Docs/UserGuide.md, "Timeouts, logs and errors"); one usable record for the zone \
        is enough, and the others get this warning.
        """,
      reference: "RFC 4035 §5.2, RFC 6840 §5.2",
      fix: "Publish a SHA-256 (2) DS."),
  ]

  private static let denialEntries: [Entry] = [
    Entry(
      .denialProofMissing, .error,
      summary:
        "{subject}: the answer says {claim}, but carries no signed NSEC or NSEC3 proof.",
      explanation: """
        In a signed zone, "this name does not exist" or "no records of this type" must be proved \
        with signed NSEC or NSEC3 records. Without them an attacker could forge the denial, so \
        validators call it bogus.
        """,
      reference: "RFC 4035 §3.1.3, RFC 5155 §7.2",
      fix: "Re-sign the zone so that its NSEC or NSEC3 chain is complete, and serve it everywhere."),
    Entry(
      .denialProofInvalid, .error,
      summary: "{subject}: the {kind} proof does not prove the denial: {reason}.",
      explanation: """
        The NSEC or NSEC3 records returned do not cover or match the names they must (the name \
        itself, its closest encloser, the next closer name, the wildcard), or the type bitmap \
        lists the type that is said not to exist. A DS set belongs to the parent side of a zone \
        cut, so only the parent's records can deny it: the child's own record at its apex (SOA \
        bit set) proves nothing about the DS.
        """,
      reference: "RFC 4035 §5.4, RFC 5155 §8, RFC 6840 §4.4",
      fix: "Re-sign the zone to rebuild the chain; check that secondaries serve the same serial."),
    Entry(
      .nsec3IterationsNonzero, .advice,
      summary: "{subject} uses NSEC3 with an iterations count of {iterations}; RFC 9276 asks for 0.",
      explanation: """
        Extra NSEC3 hash iterations cost resolvers work and add no real protection against zone \
        enumeration. Above 150, validators such as unbound (and danescope) treat the denial as \
        insecure, so names in the zone lose their protection; the finding is then a warning.
        """,
      reference: "RFC 9276 §3.1, §3.2",
      fix: "Set the NSEC3 iterations to 0 (e.g. dnssec-signzone -3 - -H 0, ldns-signzone -t 0)."),
    Entry(
      .nsec3SaltPresent, .advice,
      summary: "{subject} uses an NSEC3 salt ({salt}); RFC 9276 advises none.",
      explanation: """
        A salt only helps if it changes often, and it makes every answer larger. RFC 9276 advises \
        an empty salt.
        """,
      reference: "RFC 9276 §3.1",
      fix: "Re-sign with an empty salt ('-' in NSEC3PARAM)."),
  ]

  private static let comparisonEntries: [Entry] = [
    Entry(
      .validatorDisagreement, .error,
      summary:
        "For {subject} danescope's chain engine says {engine} but libunbound says {validator}.",
      explanation: """
        danescope rebuilds the chain of trust itself to explain libunbound's verdict. The two \
        should always agree; when they do not, the explanation cannot be trusted and the case \
        deserves a close look (and a bug report). libunbound's verdict is the one that counts.
        """,
      reference: "RFC 4035 §4.3",
      fix: "Compare with delv or unbound-host, and report the case to danescope.")
  ]
}

extension FindingCatalog {
  /// The evidence label for a trust anchor's DS records that libunbound does not use.
  static let setAsideDSLabel = "set-aside DS"

  /// What a trust anchor's bogus link adds when libunbound set some of its DS records aside.
  static func setAsideReason(_ favourite: DSDigestType) -> String {
    "; libunbound uses only the anchor's \(favourite) DS records and sets the others aside"
  }

  /// VALIDATOR_DISAGREEMENT's likely cause when a DS or key of algorithm 16 is on the way.
  static let ed448DisagreementEvidence = Evidence(
    "likely cause",
    "a DS or DNSKEY of algorithm ED448(16): this libunbound (Debian 12, built with nettle) cannot"
      + " check ED448 and sets it aside, the engine (OpenSSL) checks it (Docs/Decisions.md"
      + " D-chain-5)")

  /// What the tree says of a trust anchor's DS that libunbound does not use.
  public static func setAsideNote(_ favourite: DSDigestType) -> String {
    "set aside: libunbound uses only this anchor's \(favourite) DS records"
  }

  /// The `proof` of an INSECURE_DELEGATION, in the catalogue's words: the parent's denial of a
  /// DS, or an opt-out NSEC3 of the parent (`parent`) that covers the name, which denies only a
  /// signed delegation (RFC 5155 §6).
  static func insecureDelegationProof(parent: DNSName, isOptOut: Bool) -> Evidence {
    Evidence(
      "proof",
      isOptOut
        ? "an opt-out NSEC3 of its parent \(parent) covers the name, which shows only that no"
          + " signed delegation is there (opt-out leaves unsigned delegations unauthenticated,"
          + " RFC 5155 §6)"
        : "its parent proves that no DS record exists")
  }
}
