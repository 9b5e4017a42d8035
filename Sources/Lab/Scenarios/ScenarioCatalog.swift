import ValidationCore

/// Every lab scenario, in the order a learner should meet them. The expected verdicts were
/// written from RFC 7672 (SMTP), RFC 7671 (operations) and RFC 4035 (DNSSEC) before the lab ran.
enum ScenarioCatalog {
  static let all: [Scenario] = working + tlsFailures + dnsFailures + algorithms + latest

  /// One MX host with one expectation: the shape most scenarios have.
  static func single(
    _ name: String, mx: ExpectedStatus = .secure, addresses: ExpectedStatus = .secure,
    behindSecureAlias: Bool = false, tlsa: ExpectedStatus = .secure, _ verdict: ExpectedVerdict,
    host: String = "mx1", why: String, whereSupported: ExpectedStatus? = nil
  ) -> Expectation {
    Expectation(
      mxStatus: mx,
      hosts: [
        HostExpectation(
          name: Lab.name("\(host).\(Lab.domain(for: name))"), tlsaStatus: tlsa,
          verdict: verdict, addressStatus: addresses, behindSecureAlias: behindSecureAlias)
      ],
      reasoning: why, statusWhereAlgorithmSupported: whereSupported)
  }

  // MARK: Records that work

  static let working: [Scenario] = [
    Scenario(
      "ee-valid", title: "DANE-EE: the record that just works",
      lesson: """
        A `3 1 1` record pins the server's own public key. It is the recommended record for \
        SMTP: no CA, no names, no dates, and it survives certificate renewals that keep the key.
        """,
      look: PaneNotes(
        chain: "Every link is secure: lab root → example. → ee-valid.example., one DS per cut.",
        tlsa: "One DANE-EE(3) SPKI(1) SHA2-256(1) record, usable.",
        handshake: "The leaf's SPKI SHA-256 equals the record's data at depth 0.",
        findings: "TLSA_SINGLE_RECORD (advice) only: one record gives no cover for the next "
          + "key change."),
      expected: single(
        "ee-valid", .verified,
        why: "MX, A and TLSA are secure; the usable 3 1 1 matches the leaf (RFC 7672 §3.1.1)."),
      layout: ScenarioLayout(hosts: [HostLayout(tlsa: [TLSASpec(3, 1, 1)])])),
    Scenario(
      "ta-valid", title: "DANE-TA: trusting your own issuing CA",
      lesson: """
        A `2 1 1` record names the key of a CA the domain trusts for its MX hosts. The server must \
        send that CA certificate in its chain, and the leaf must carry the MX host's name.
        """,
      look: PaneNotes(
        chain: "Secure throughout, as in ee-valid.",
        tlsa: "DANE-TA(2) SPKI(1) SHA2-256(1): the lab intermediate's key.",
        handshake: "Two certificates sent; the match is at depth 1 and the leaf names mx1.",
        findings: "TLSA_SINGLE_RECORD (advice) only: when the intermediate changes, publish "
          + "its record before the server sends it."),
      expected: single(
        "ta-valid", .verified,
        why: "The chain leads to the intermediate the 2 1 1 record designates, and the leaf "
          + "names the MX host (RFC 7672 §3.1.2, §3.2.2)."),
      layout: ScenarioLayout(hosts: [HostLayout(tlsa: [TLSASpec(2, 1, 1, .intermediate)])])),
    Scenario(
      "ee-expired-selfsigned", title: "DANE-EE ignores dates and issuers",
      lesson: """
        With DANE-EE the TLSA record is the whole trust decision: an expired, self-signed \
        certificate still authenticates, because its key matches. (Monitoring should still \
        notice it; DANE does not.)
        """,
      look: PaneNotes(
        chain: "Secure throughout.",
        tlsa: "One 3 1 1 record, usable.",
        handshake: "A single self-signed certificate whose notAfter has passed; match at depth 0.",
        findings: "No error about the expired certificate (RFC 7672 §3.1.1: DANE-EE does not "
          + "check dates); only TLSA_SINGLE_RECORD (advice)."),
      expected: single(
        "ee-expired-selfsigned", .verified,
        why: "DANE-EE(3) matches the key; names and dates are not checked (RFC 7672 §3.1.1)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(certificate: .expiredSelfSigned, tlsa: [TLSASpec(3, 1, 1)])
      ])),
    Scenario(
      "ta-no-intermediate-210", title: "A `2 1 0` record matches a CA key the server leaves out",
      lesson: """
        A `2 1 0` record carries the whole public key of the trust anchor, so the client can \
        check the leaf's signature with it even when the server forgets to send the \
        intermediate. The server should still send it: RFC 7672 requires an SMTP server that \
        relies on DANE-TA to include the anchor, so check warns.
        """,
      look: PaneNotes(
        chain: "Secure throughout.",
        tlsa: "DANE-TA(2) SPKI(1) Full(0): the intermediate's complete SubjectPublicKeyInfo.",
        handshake: "Only the leaf is sent; the key in DNS verifies its signature, reported as "
          + "the trust-anchor key, not sent, that signed depth 0.",
        findings: "DANE_TA_NOT_SENT (warning): the record matched only the anchor the server "
          + "left out (RFC 7672 §3.1.2); send the intermediate, which a 2 1 1 record would "
          + "need too. TLSA_SINGLE_RECORD (advice)."),
      expected: single(
        "ta-no-intermediate-210", .verified,
        why: "With the full key in the record the leaf's issuer is known without the "
          + "certificate (RFC 7671 §5.2.3; OpenSSL and Postfix support 2 1 0 trust anchors), "
          + "but the server breaks RFC 7672 §3.1.2 by not sending it: a warning."),
      layout: ScenarioLayout(hosts: [
        HostLayout(tlsa: [TLSASpec(2, 1, 0, .intermediate)], server: .omitIntermediate)
      ])),
    Scenario(
      "rollover", title: "Key rollover: current and next, published together",
      lesson: """
        Before a server changes its key, publish a record for the next key beside the current \
        one and wait at least the TLSA TTL. Either key then authenticates, so the switch breaks \
        nothing.
        """,
      look: PaneNotes(
        chain: "Secure throughout.",
        tlsa: "Two 3 1 1 records: one for the key in use, one for a key not yet deployed.",
        handshake: "The leaf matches one record at depth 0; the other matches nothing yet.",
        findings: "None: two usable records already cover the next key, so no single-record "
          + "advice."),
      expected: single(
        "rollover", .verified,
        why: "Any usable record that matches is enough (RFC 7672 §2.2, RFC 7671 §8.1)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(tlsa: [TLSASpec(3, 1, 1), TLSASpec(3, 1, 1, .nextKey)])
      ])),
    Scenario(
      "mx-cname", title: "An MX host behind a CNAME",
      lesson: """
        The MX names `mail`, an alias of `mx1`. When the alias is secure, the client looks up \
        TLSA at the alias target first, and the target name is one the certificate may carry.
        """,
      look: PaneNotes(
        chain: "The CNAME and its target both have secure chains.",
        tlsa: "Listed under mail, the MX name; the set is at _25._tcp.mx1, the expanded name.",
        handshake: "The server at mx1's address presents mx1's key; the 3 1 1 matches at depth 0.",
        findings: "TLSA_SINGLE_RECORD (advice) only, for _25._tcp.mx1."),
      expected: single(
        "mx-cname", .verified, host: "mail",
        why: "Secure CNAME expansion: TLSA from the target name (RFC 7672 §2.2.2)."),
      layout: ScenarioLayout(hosts: [HostLayout(alias: "mail", tlsa: [TLSASpec(3, 1, 1)])])),
  ]

  /// Added after the others, so that the loopback addresses of the earlier scenarios stay put.
  static let latest: [Scenario] = [
    Scenario(
      "cname-unsigned-target", title: "A signed alias of a host in an unsigned zone",
      lesson: """
        The MX names `mail`, a signed CNAME to `mx1.hosts`, a host in a zone delegated without \
        DS. Its addresses are insecure (they could be forged), but the alias is secure, so \
        the client looks TLSA up at the alias (never at the unsigned target), and the record \
        there authenticates whichever server answers.
        """,
      look: PaneNotes(
        chain: "The CNAME is secure; below it, hosts.cname-unsigned-target.example. is an "
          + "insecure delegation, and mx1's A record is insecure.",
        tlsa: "At _25._tcp.mail, the MX name: one 3 1 1 record, secure.",
        handshake: "The server at mx1's address presents mx1's key; the 3 1 1 matches at depth 0.",
        findings: "ADDRESS_INSECURE_BEHIND_SECURE_ALIAS (info), TLSA_SINGLE_RECORD (advice)."),
      expected: single(
        "cname-unsigned-target", addresses: .insecure, behindSecureAlias: true, .verified,
        host: "mail",
        why: "Insecure addresses behind a secure CNAME: TLSA from the original name only "
          + "(RFC 7672 §2.2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(
          zone: .unsignedChild, alias: "mail", tlsaAtAlias: true, tlsa: [TLSASpec(3, 1, 1)])
      ]))
  ]
}
