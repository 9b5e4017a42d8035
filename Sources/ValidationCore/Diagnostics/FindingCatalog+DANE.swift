extension FindingCatalog {
  /// Findings of the DANE area: the RFC 7672 policy for MX, addresses and TLSA, and the verdict
  /// of each probe. Indeterminate lookups use the general LOOKUP_FAILED.
  static let daneEntries: [Entry] = mxEntries + hostEntries + tlsaEntries + adviceEntries
    + verdictEntries

  private static let mxEntries: [Entry] = [
    Entry(
      FindingCode("DOMAIN_NOT_FOUND"), .error,
      summary: "{subject} does not exist (NXDOMAIN): mail to it cannot be delivered.",
      explanation: "The name has no records at all, so there is no mail host to try.",
      reference: "RFC 5321 §5.1",
      fix: "Check the spelling, or create the domain and its MX records."),
    Entry(
      FindingCode("NULL_MX"), .info,
      summary: "{subject} publishes a null MX: it accepts no mail.",
      explanation: """
        A single MX record `0 .` says the domain receives no mail; senders bounce at once.
        """,
      reference: "RFC 7505 §3", fix: "Nothing to do if the domain is not meant to receive mail."),
    Entry(
      FindingCode("NULL_MX_MIXED"), .error,
      summary: "{subject} lists a null MX beside other MX records; the null MX is ignored.",
      explanation: "A null MX must be the only MX record; mixed with real hosts it is an error.",
      reference: "RFC 7505 §3", fix: "Remove the `0 .` record, or all the others."),
    Entry(
      FindingCode("IMPLICIT_MX"), .info,
      summary: "{subject} has no MX records: senders use the domain itself as its mail host.",
      explanation: """
        Without MX records a sender treats the domain as an MX host of preference 0 (the \
        implicit MX) and applies DANE to it the same way.
        """,
      reference: "RFC 5321 §5.1, RFC 7672 §2.2.2",
      fix: "Publish MX records if another host takes the mail."),
    Entry(
      FindingCode("MX_BOGUS"), .error,
      summary: "The MX records of {subject} fail DNSSEC validation: {reason}.",
      explanation: """
        A validating sender cannot trust the MX records and must defer delivery; it never falls \
        back to unsigned data. The chain of trust shows which link breaks.
        """,
      reference: "RFC 7672 §2.1.1",
      fix: "Repair the signatures or the DS/DNSKEY link named in the reason."),
    Entry(
      FindingCode("MX_INSECURE"), .warning,
      summary: """
        The MX records of {subject} are not signed (insecure): an attacker could redirect mail.
        """,
      explanation: """
        Without DNSSEC on the MX RRset a sender cannot tell forged MX hosts from real ones. DANE \
        still protects MX hosts whose own zones are signed, but not the choice of host.
        """,
      reference: "RFC 7672 §2.2.1", fix: "Sign the zone and publish its DS in the parent."),
  ]

  private static let hostEntries: [Entry] = [
    Entry(
      FindingCode("MX_HOST_NO_ADDRESS"), .error,
      summary: "MX host {subject} has no A or AAAA records.",
      explanation: "A sender cannot connect to a host without addresses; it tries the next MX.",
      reference: "RFC 5321 §5.1",
      fix: "Publish the host's addresses, or remove it from the MX set."),
    Entry(
      FindingCode("ADDRESS_BOGUS"), .error,
      summary: "The addresses of MX host {subject} fail DNSSEC validation: {reason}.",
      explanation: "A validating sender will not use this host; delivery to it is deferred.",
      reference: "RFC 7672 §2.1.1", fix: "Repair the signatures of the host's A/AAAA records."),
    Entry(
      FindingCode("ADDRESS_INSECURE"), .warning,
      summary: "The addresses of MX host {subject} are insecure, so its TLSA records are not used.",
      explanation: """
        DANE applies to a host only when its address records are secure: TLSA records are not \
        even looked up otherwise, and the sender uses opportunistic TLS.
        """,
      reference: "RFC 7672 §2.2.2", fix: "Sign the zone holding the host's address records."),
  ]

  private static let tlsaEntries: [Entry] = [
    Entry(
      FindingCode("TLSA_BOGUS"), .error,
      summary: "The TLSA records at {subject} fail DNSSEC validation: {reason}.",
      explanation: """
        A bogus TLSA answer is a lookup failure, not "no TLSA": the sender defers delivery to this \
        host rather than send without authentication.
        """,
      reference: "RFC 7672 §2.1.1",
      fix: "Re-sign the zone; check the DS/DNSKEY link named in the reason."),
    Entry(
      FindingCode("TLSA_ABSENT"), .warning,
      summary: """
        MX host {subject} has no TLSA records (securely denied): no DANE, opportunistic TLS.
        """,
      explanation: """
        The zone is signed and proves there are no TLSA records, so senders may send in \
        plaintext.
        """,
      reference: "RFC 7672 §2.2.3",
      fix: "Publish `_25._tcp` TLSA records, e.g. `3 1 1` of the server's key."),
    Entry(
      FindingCode("TLSA_INSECURE"), .warning,
      summary: "The TLSA records at {subject} are insecure (unsigned) and are ignored.",
      explanation: """
        TLSA records count only when DNSSEC validates them; unsigned ones could be forged.
        """,
      reference: "RFC 7672 §2.2.3", fix: "Sign the zone that holds the TLSA records."),
    Entry(
      FindingCode("TLSA_NONE_USABLE"), .warning,
      summary: "No TLSA record at {subject} is usable: TLS is mandatory but not authenticated.",
      explanation: """
        A secure TLSA set with only unusable records (PKIX usages, unknown parameters, wrong \
        lengths) still tells senders to use TLS, but they cannot check the certificate.
        """,
      reference: "RFC 7672 §2.2", fix: "Publish a DANE-EE(3) or DANE-TA(2) record, e.g. `3 1 1`."),
    Entry(
      FindingCode("TLSA_RECORD_UNUSABLE"), .advice,
      summary: "TLSA record {record} at {subject} is unusable: {reason}.",
      explanation: """
        Senders skip unusable records; only usages 2 and 3 with known parameters count.
        """,
      reference: "RFC 7672 §3.1", fix: "Remove the record or replace it with a usable one."),
    Entry(
      FindingCode("TLSA_FROM_ORIGINAL_NAME"), .info,
      summary: """
        MX host {subject} is an alias of {expanded}, which has no TLSA; the original name's are \
        used.
        """,
      explanation: """
        With a secure CNAME, senders try TLSA at the expanded name first, then at the MX name.
        """,
      reference: "RFC 7672 §2.2.3, RFC 7671 §7",
      fix: "Nothing to do; or publish TLSA at the expanded name."),
  ]

  private static let adviceEntries: [Entry] = [
    Entry(
      FindingCode("TLSA_SINGLE_RECORD"), .advice,
      summary: """
        {subject} has a single usable TLSA record: no cover for a key or certificate change.
        """,
      explanation: """
        Publishing the next key's record beside the current one lets a rollover happen without \
        failures.
        """,
      reference: "RFC 7671 §8.1",
      fix: "Add the record of the next key (or of the issuing CA) before changing."),
    Entry(
      FindingCode("TLSA_FULL_CERTIFICATE_EE"), .advice,
      summary: """
        {subject} uses DANE-EE with the full certificate ({record}): it breaks at every renewal.
        """,
      explanation: """
        A `3 0 x` record pins the whole certificate, which changes at each renewal even with the \
        same key.
        """,
      reference: "RFC 7671 §5.1",
      fix: "Use `3 1 1` (the public key), which survives renewals that keep the key."),
    Entry(
      FindingCode("TLSA_TA_NEAR_EXPIRY"), .advice,
      summary: """
        The DANE-TA record {record} at {subject} matches a CA certificate that expires \
        {notAfter}.
        """,
      explanation: """
        When the issuing CA certificate is replaced the record stops matching; publish the next \
        one early.
        """,
      reference: "RFC 7671 §8.4", fix: "Add a record for the CA's next certificate or key now."),
    Entry(
      FindingCode("TLSA_SET_TOO_LARGE"), .advice,
      summary: """
        The TLSA set at {subject} has {count} records ({octets} octets): answers may need TCP.
        """,
      explanation: """
        A set over about 1232 octets does not fit a common EDNS buffer; some senders then fail \
        the lookup.
        """,
      reference: "RFC 7671 §8.4", fix: "Keep the set to a few records: current and next key."),
  ]

  private static let verdictEntries: [Entry] = [
    Entry(
      FindingCode("DANE_AUTHENTICATION_FAILED"), .error,
      summary: "DANE authentication of {subject} failed at {addresses}: {reason}.",
      explanation: """
        The server's certificate chain matches none of the usable TLSA records, so senders will \
        not deliver.
        """,
      reference: "RFC 7672 §3",
      fix: "Publish TLSA records for the certificate really in use (see the trace)."),
    Entry(
      FindingCode("DANE_TA_NAME_MISMATCH"), .error,
      summary: """
        At {addresses} the DANE-TA record {record} of {subject} matched the trust anchor at \
        depth {depth}, but the leaf certificate's names ({names}) include none of the reference \
        identifiers ({references}).
        """,
      explanation: """
        With a DANE-TA(2) record the trust anchor is pinned, and the leaf it issued must still \
        carry the TLSA base domain, the MX host name or the next-hop domain; otherwise senders \
        refuse the certificate and defer the mail.
        """,
      reference: "RFC 7672 §3.2.3",
      fix: "Issue the leaf certificate for the MX host name, under the same trust anchor."),
    Entry(
      FindingCode("TLS_REQUIRED_NOT_AVAILABLE"), .error,
      summary: "{subject} must offer TLS (it has TLSA records) but at {addresses} {reason}.",
      explanation: """
        Secure TLSA records make STARTTLS mandatory; without it senders defer the mail.
        """,
      reference: "RFC 7672 §2.2",
      fix: "Enable STARTTLS on the server, or remove the TLSA records first."),
    Entry(
      FindingCode("MX_UNREACHABLE"), .warning,
      summary: "MX host {subject} could not be reached at {addresses}: {reason}.",
      explanation: "danescope could not complete an SMTP session up to STARTTLS with this address.",
      reference: "RFC 5321 §5.1",
      fix: "Check that the server listens on port 25 at that address."),
    Entry(
      FindingCode("PLAINTEXT_ONLY"), .warning,
      summary: "MX host {subject} offers no TLS at {addresses}: mail goes in plaintext.",
      explanation: """
        Without DANE the sender uses TLS only if offered; this server does not offer it.
        """,
      reference: "RFC 3207", fix: "Enable STARTTLS, then publish TLSA records."),
  ]
}
