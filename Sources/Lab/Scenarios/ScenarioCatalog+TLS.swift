import ValidationCore

extension ScenarioCatalog {
  /// Secure DNS, but the TLS side does not hold up.
  static let tlsFailures: [Scenario] = [
    Scenario(
      "stale-301", title: "`3 0 1` goes stale at the first renewal",
      lesson: """
        A `3 0 1` record hashes the whole certificate, so a renewal breaks it even when the key \
        stays the same. The record still describes last quarter's certificate.
        """,
      look: PaneNotes(
        chain: "Secure throughout.",
        tlsa: "One DANE-EE(3) Cert(0) SHA2-256(1) record: the hash of the previous certificate.",
        handshake: "The renewed leaf has the same key but a different hash; nothing matches.",
        findings: "DANE_AUTHENTICATION_FAILED (error) with TLS_DANE_NOT_AUTHENTICATED; "
          + "advice TLSA_FULL_CERTIFICATE_EE (publish 3 1 1 instead) and TLSA_SINGLE_RECORD."),
      expected: single(
        "stale-301", .failed,
        why: "The only usable record matches no presented certificate (RFC 7672 §2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(certificate: .renewed, tlsa: [TLSASpec(3, 0, 1, .previousLeaf)])
      ])),
    Scenario(
      "ta-wrong-name", title: "DANE-TA checks the name",
      lesson: """
        Under DANE-TA the leaf must name the MX host (or the TLSA base domain or next-hop \
        domain). A certificate issued by the right CA for another name fails.
        """,
      look: PaneNotes(
        chain: "Secure throughout.",
        tlsa: "2 1 1 for the lab intermediate, usable, matched at depth 1.",
        handshake: "The chain reaches the intermediate, but the leaf names elsewhere.invalid.",
        findings: "DANE_TA_NAME_MISMATCH (error): the record matched the trust anchor but the "
          + "leaf names elsewhere.invalid; with it TLS_DANE_NOT_AUTHENTICATED (hostname "
          + "mismatch); advice TLSA_SINGLE_RECORD."),
      expected: single(
        "ta-wrong-name", .failed,
        why: "DANE-TA requires a reference identifier to match (RFC 7672 §3.2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(certificate: .wrongName, tlsa: [TLSASpec(2, 1, 1, .intermediate)])
      ])),
    Scenario(
      "ta-no-intermediate", title: "DANE-TA with the intermediate not sent",
      lesson: """
        A `2 1 1` record holds only a hash of the CA's key. If the server does not send that CA \
        certificate, the client cannot rebuild the chain and authentication fails.
        """,
      look: PaneNotes(
        chain: "Secure throughout.",
        tlsa: "2 1 1 for the lab intermediate, usable.",
        handshake: "Only the leaf is sent; its issuer is unknown to the client.",
        findings: "DANE_AUTHENTICATION_FAILED (error) with TLS_DANE_NOT_AUTHENTICATED: no "
          + "matching DANE TLSA records; advice TLSA_SINGLE_RECORD."),
      expected: single(
        "ta-no-intermediate", .failed,
        why: "Servers must send the TA certificate for 2 x 1/2 records (RFC 7672 §3.1.2, "
          + "RFC 7671 §5.2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(tlsa: [TLSASpec(2, 1, 1, .intermediate)], server: .omitIntermediate)
      ])),
    Scenario(
      "pkix-only", title: "Only PKIX usages: TLS required, nothing to authenticate with",
      lesson: """
        Usages 0 and 1 (PKIX-TA, PKIX-EE) depend on public CAs, which SMTP clients do not use. A \
        secure TLSA set with only such records still makes TLS mandatory, but unauthenticated.
        """,
      look: PaneNotes(
        chain: "Secure throughout.",
        tlsa: "0 0 1 and 1 1 1 records, both marked unusable for SMTP.",
        handshake: "TLS completes; no record is tried.",
        findings: "TLSA_NONE_USABLE (warning): TLS mandatory, not authenticated; one "
          + "TLSA_RECORD_UNUSABLE (advice) per record."),
      expected: single(
        "pkix-only", .tlsUnauthenticated,
        why: "A secure set with no usable records: TLS mandatory, unauthenticated (RFC 7672 "
          + "§2.2, §3.1.3)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(tlsa: [TLSASpec(0, 0, 1, .authority), TLSASpec(1, 1, 1)])
      ])),
    Scenario(
      "no-starttls", title: "STARTTLS not offered",
      lesson: """
        Usable TLSA records make TLS mandatory. A server that does not offer STARTTLS (or a \
        middlebox that strips it) cannot receive mail from a DANE client: that is the downgrade \
        protection DANE gives.
        """,
      look: PaneNotes(
        chain: "Secure throughout.",
        tlsa: "One 3 1 1 record, usable.",
        handshake: "The EHLO reply has no STARTTLS line; no TLS starts.",
        findings: "TLS_REQUIRED_NOT_AVAILABLE (error) with SMTP_STARTTLS_NOT_OFFERED "
          + "(warning); advice TLSA_SINGLE_RECORD."),
      expected: single(
        "no-starttls", .failed,
        why: "With usable TLSA records the client must not send in clear (RFC 7672 §2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(tlsa: [TLSASpec(3, 1, 1)], server: .noSTARTTLS)
      ])),
    Scenario(
      "starttls-refused", title: "STARTTLS refused with 454",
      lesson: """
        A server that offers STARTTLS and then answers 454 leaves a DANE client nowhere to go: \
        it must not fall back to clear text.
        """,
      look: PaneNotes(
        chain: "Secure throughout.",
        tlsa: "One 3 1 1 record, usable.",
        handshake: "STARTTLS is listed, the command gets 454, the client quits.",
        findings: "TLS_REQUIRED_NOT_AVAILABLE (error) with SMTP_STARTTLS_REFUSED (error); "
          + "advice TLSA_SINGLE_RECORD."),
      expected: single(
        "starttls-refused", .failed,
        why: "TLS is mandatory with usable records; a refused STARTTLS fails (RFC 7672 §2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(tlsa: [TLSASpec(3, 1, 1)], server: .refuseSTARTTLS)
      ])),
    Scenario(
      "selector-confusion", title: "Selector confusion",
      lesson: """
        The record says selector 1 (the public key) but its data is the hash of the whole \
        certificate, as if made with selector 0. Field and data must agree.
        """,
      look: PaneNotes(
        chain: "Secure throughout.",
        tlsa: "3 1 1, usable in form; its data equals the leaf's certificate hash.",
        handshake: "The SPKI hash differs from the data; nothing matches.",
        findings: "DANE_AUTHENTICATION_FAILED (error) with TLS_DANE_NOT_AUTHENTICATED; advice "
          + "TLSA_SINGLE_RECORD. No finding names the cause: `danescope tlsa --selector 0` on "
          + "the certificate gives the record's data."),
      expected: single(
        "selector-confusion", .failed,
        why: "The usable record matches nothing presented (RFC 6698 §2.1.2, RFC 7672 §2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(tlsa: [TLSASpec(3, 1, 1, dataSelector: 0)])
      ])),
    Scenario(
      "two-mx", title: "Two MX hosts, one good and one bad",
      lesson: """
        DANE is judged per MX host. The primary authenticates; the backup publishes a record \
        for a key it does not use, so mail that falls back to it would be held.
        """,
      look: PaneNotes(
        chain: "Secure throughout; both hosts are in the same zone.",
        tlsa: "mx1 and mx2 each have one 3 1 1 record.",
        handshake: "mx1 matches at depth 0; mx2's key matches nothing.",
        findings: "DANE_AUTHENTICATION_FAILED (error) with TLS_DANE_NOT_AUTHENTICATED, for mx2 "
          + "only; TLSA_SINGLE_RECORD (advice) for each host."),
      expected: Expectation(
        mxStatus: .secure,
        hosts: [
          HostExpectation(
            name: Lab.child("mx1", of: Lab.domain(for: "two-mx")), tlsaStatus: .secure,
            verdict: .verified),
          HostExpectation(
            name: Lab.child("mx2", of: Lab.domain(for: "two-mx")), tlsaStatus: .secure,
            verdict: .failed),
        ],
        reasoning: "Each MX host is judged on its own TLSA set (RFC 7672 §2.2)."),
      layout: ScenarioLayout(hosts: [
        HostLayout(tlsa: [TLSASpec(3, 1, 1)]),
        HostLayout(label: "mx2", preference: 20, tlsa: [TLSASpec(3, 1, 1, .nextKey)]),
      ])),
  ]
}
