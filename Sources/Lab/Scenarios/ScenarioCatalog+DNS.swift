import ValidationCore

extension ScenarioCatalog {
  /// The DNS side decides before any TLS happens.
  static let dnsFailures: [Scenario] = [
    Scenario(
      "tlsa-unsigned", title: "TLSA in an unsigned zone",
      lesson: """
        The MX set is signed, but the MX host lives in `hosts.tlsa-unsigned.example.`, a zone \
        delegated without DS. Records from an unsigned zone cannot be trusted: the host's \
        address is insecure, so its TLSA records are not even looked up, and delivery is \
        opportunistic TLS.
        """,
      look: PaneNotes(
        chain: "Secure down to tlsa-unsigned.example.; its NSEC proves there is no DS for "
          + "hosts, which is insecure, and so is mx1's A record.",
        tlsa: "Not looked up: the host's address records are insecure.",
        handshake: "TLS is attempted, without authentication (DANE not attempted).",
        findings: "INSECURE_DELEGATION for hosts.tlsa-unsigned.example. (a warning here: it is "
          + "information in `chain`), with ADDRESS_INSECURE (warning) under it as its "
          + "consequence: the TLSA records are not used."),
      expected: single(
        "tlsa-unsigned", addresses: .insecure, tlsa: .insecure, .noDANE, host: "mx1.hosts",
        why: "TLSA is only used when the host's address records are secure (RFC 7672 §2.2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(zone: .unsignedChild, tlsa: [TLSASpec(3, 1, 1)])
      ])),
    Scenario(
      "tlsa-bogus", title: "A TLSA set with a broken signature",
      lesson: """
        One flipped bit in the RRSIG over the TLSA set makes it bogus. A bogus answer is not \
        "no TLSA": the client must defer the mail rather than send it unauthenticated.
        """,
      look: PaneNotes(
        chain: "The TLSA RRSIG fails to verify with the zone's key; everything else is secure.",
        tlsa: "1 record, bogus: not used; the lookup is bogus, with the validator's reason "
          + "(ECDSA signature verification failed), and delivery is deferred.",
        handshake: "Not probed: a sending server defers delivery to this host.",
        findings: "RRSIG_INVALID (error: the key tag of the signature that fails), with "
          + "TLSA_BOGUS (error) under it as its consequence: verdict deferred."),
      expected: single(
        "tlsa-bogus", tlsa: .bogus, .deferred,
        why: "A bogus TLSA response defers delivery (RFC 7672 §2.1.1, §2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(tlsa: [TLSASpec(3, 1, 1)], tlsaSignature: .corrupted)
      ])),
    Scenario(
      "tlsa-expired", title: "A TLSA set whose signature has expired",
      lesson: """
        Signatures carry a validity window. This TLSA set was signed with a window that ended \
        two days ago (relative to the lab's clock, so it stays expired whenever the lab starts). \
        An expired signature is as bogus as a broken one: mail is deferred, never sent without \
        DANE.
        """,
      look: PaneNotes(
        chain: "The TLSA RRSIG's expiration lies in the past; everything else is secure.",
        tlsa: "1 record, bogus: not used; the lookup is bogus, with the validator's reason "
          + "(signature expired), and delivery is deferred.",
        handshake: "Not probed: a sending server defers delivery to this host.",
        findings: "RRSIG_EXPIRED (error: the signature's inception and expiration), with "
          + "TLSA_BOGUS (error) under it as its consequence: verdict deferred."),
      expected: single(
        "tlsa-expired", tlsa: .bogus, .deferred,
        why: "An RRSIG past its expiration does not validate (RFC 4035 §5.3.1); a bogus TLSA "
          + "response defers delivery (RFC 7672 §2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(tlsa: [TLSASpec(3, 1, 1)], tlsaSignature: .expired)
      ])),
    Scenario(
      "ds-mismatch", title: "A DS that matches no DNSKEY",
      lesson: """
        The TLD publishes a DS for a key the zone no longer has (a forgotten DS update after a \
        key change). The chain breaks at the cut, every answer from the zone is bogus, and mail \
        to the domain is deferred.
        """,
      look: PaneNotes(
        chain: "The link example. → ds-mismatch.example. is broken: the DS names a key (tag "
          + "and algorithm) the zone does not publish, so no DNSKEY matches it.",
        tlsa: "Not reached: the MX lookup itself is bogus.",
        handshake: "No MX host is tried.",
        findings: "DS_NO_MATCHING_DNSKEY (error: no DNSKEY matches the DS), with MX_BOGUS "
          + "(error) under it as its consequence; with no MX host, delivery is deferred."),
      expected: Expectation(
        mxStatus: .bogus, hosts: [],
        reasoning: "A bogus MX answer gives no hosts to try; delivery is deferred "
          + "(RFC 4035 §5.2, RFC 7672 §2.2.1)."),
      layout: ScenarioLayout(
        delegation: .dsMatchesNoKey, hosts: [HostLayout(tlsa: [TLSASpec(3, 1, 1)])])),
    Scenario(
      "nsec3-insecure", title: "An unsigned domain under an NSEC3 TLD",
      lesson: """
        The TLD proves with NSEC3 (no salt, no extra iterations) that it holds no DS for the \
        domain. The domain is provably insecure, not broken: mail goes with opportunistic TLS.
        """,
      look: PaneNotes(
        chain: "example. → nsec3-insecure.example.: an NSEC3 record matching the hashed name, "
          + "its type map NS without DS.",
        tlsa: "Not looked up: the host's address records are insecure (TLSA records are "
          + "published, but could not be trusted).",
        handshake: "TLS is attempted without authentication (DANE not attempted).",
        findings: "INSECURE_DELEGATION (warning: proven, and raised to the level of its "
          + "consequences MX_INSECURE and ADDRESS_INSECURE, listed under it): no DANE."),
      expected: single(
        "nsec3-insecure", mx: .insecure, addresses: .insecure, tlsa: .insecure, .noDANE,
        why: "An insecure MX set still allows DANE for hosts whose own address records are "
          + "secure (RFC 7672 §2.2.1); here the hosts are in the same unsigned zone, so their "
          + "TLSA records are not looked up (RFC 7672 §2.2.2)."),
      layout: ScenarioLayout(
        delegation: .unsigned, hosts: [HostLayout(tlsa: [TLSASpec(3, 1, 1)])])),
  ]

  /// The same working DANE-EE domain signed with each algorithm danescope checks.
  static let algorithms: [Scenario] = [
    (DNSSECAlgorithm.rsaSHA256, ZoneSigner.Denial.nsec), (.rsaSHA512, .nsec3),
    (.ecdsaP256SHA256, .nsec3), (.ecdsaP384SHA384, .nsec), (.ed25519, .nsec), (.ed448, .nsec3),
  ].map { algorithm, denial in
    let name = "alg\(algorithm.rawValue)"
    let denialName = denial == .nsec ? "NSEC" : "NSEC3"
    let isEd448 = algorithm == .ed448
    return Scenario(
      name, title: "A zone signed with \(algorithm.mnemonic) (\(denialName))",
      lesson: """
        The same working DANE-EE set-up, signed with algorithm \(algorithm.rawValue) and \
        \(denialName) denial. Compare key sizes and signature lengths with the other alg \
        scenarios.
        """ + (isEd448 ? " " + ed448Note : ""),
      look: PaneNotes(
        chain: "The zone's DNSKEY is \(algorithm); the lab root uses RSASHA256 and the TLD "
          + "ECDSAP256SHA256, so the chain mixes algorithms across cuts, which is fine.",
        tlsa: isEd448
          ? "Not looked up: to libunbound the zone is unsigned, so the address is insecure."
          : "One 3 1 1 record, usable.",
        handshake: isEd448 ? "Opportunistic TLS, no DANE decision." : "Match at depth 0.",
        findings: isEd448
          ? "VALIDATOR_DISAGREEMENT (error): danescope's chain engine says secure, libunbound "
            + "insecure; with it MX_INSECURE and ADDRESS_INSECURE (warnings). Insecure, not bogus."
          : algorithm == .rsaSHA512
            ? "ALGORITHM_DEPRECATED (warning): RSASHA512 should no longer sign; "
              + "TLSA_SINGLE_RECORD (advice)."
            : "TLSA_SINGLE_RECORD (advice) only."),
      expected: isEd448
        ? single(
          name, mx: .insecure, addresses: .insecure, tlsa: .insecure, .noDANE,
          why: "A validator without the zone's only algorithm treats it as unsigned (RFC 4035 "
            + "§5.2). RFC 8624 §3.1 makes validating ED448 RECOMMENDED (signing with it is a "
            + "MAY), but Debian 12's libunbound lacks it, so the zone reads insecure here.",
          whereSupported: .secure)
        : single(
          name, .verified,
          why: "Each zone needs one algorithm its validators implement; RFC 8624 §3.1 makes "
            + "validating \(algorithm.mnemonic) \(validationRequirement(algorithm))."),
      layout: ScenarioLayout(
        algorithm: algorithm, denial: denial, hosts: [HostLayout(tlsa: [TLSASpec(3, 1, 1)])]))
  }

  /// RFC 8624 §3.1, the "DNSSEC Validation" column, as the lessons word it. (The signing
  /// column, which differs, is `DNSSECAlgorithm.signingRecommendation`.)
  static func validationRequirement(_ algorithm: DNSSECAlgorithm) -> String {
    switch algorithm {
    case .rsaSHA1, .rsaSHA1NSEC3SHA1, .rsaSHA256, .rsaSHA512, .ecdsaP256SHA256: return "a MUST"
    case .ecdsaP384SHA384, .ed25519, .ed448: return "RECOMMENDED"
    case .eccGOST: return "a MAY"
    case .rsaMD5, .dsa, .dsaNSEC3SHA1: return "a MUST NOT"
    case .unassigned: return "nothing (it is not in the table)"
    }
  }

  /// Measured on Debian 12: libunbound8 1.17 is built with nettle, which gives it no Ed448, while
  /// the unbound daemon (OpenSSL) and delv validate it.
  static let ed448Note = """
    On Debian 12 libunbound (danescope's validator) is built with nettle and has no Ed448, so \
    danescope sees this zone as insecure; the unbound daemon and delv, built with OpenSSL, \
    validate it as secure. Same zone, different verdicts: algorithm support matters. \
    `check --lab alg16` therefore exits with status 1 although its verdict is no-dane: \
    danescope's own chain engine validates Ed448 and finds the zone secure, and that \
    disagreement with libunbound (VALIDATOR_DISAGREEMENT) is an error-level finding.
    """
}
