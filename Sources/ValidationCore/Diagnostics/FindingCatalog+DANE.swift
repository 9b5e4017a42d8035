extension FindingCatalog {
  /// Findings of the DANE area: the RFC 7672 policy for MX, addresses and TLSA, and the verdict
  /// of each probe. Indeterminate lookups use the general LOOKUP_FAILED.
  static let daneEntries: [Entry] = mxEntries + hostEntries + tlsaEntries + adviceEntries
    + verdictEntries + limitEntries

  /// What the check's own bounds left out (DANECheck.maximumHosts, .maximumAddressesPerHost).
  private static let limitEntries: [Entry] = [
    Entry(
      FindingCode("MX_HOSTS_LIMITED"), .warning,
      summary:
        "{subject} lists {hosts} MX hosts; only the first {checked} by preference were checked"
        + " (next: {next}).",
      explanation: """
        danescope resolves and probes at most 16 MX hosts, the most preferred first, so that a \
        hostile zone cannot make it open hundreds of connections. The verdict covers only the \
        hosts checked: the ones left out may be broken without this report showing it. Real \
        senders stop much sooner (Postfix tries at most 5 addresses in all by default), so \
        hosts that far down the list rarely receive mail.
        """,
      reference: "RFC 5321 §5.1",
      fix: "Publish only the MX hosts that really take the domain's mail; a handful is plenty."),
    Entry(
      FindingCode("MX_HOST_ADDRESSES_LIMITED"), .warning,
      summary:
        "MX host {subject} has {addresses} addresses; only the first {probed} were probed"
        + " (next: {next}).",
      explanation: """
        danescope probes at most 8 addresses of one MX host, IPv4 first in answer order, so that \
        a hostile zone cannot make it open hundreds of connections. The verdict covers only the \
        addresses probed: the others may present other certificates or no STARTTLS at all. A \
        sender limits its attempts too (RFC 5321 lets it), so most of those addresses would \
        never see a connection.
        """,
      reference: "RFC 5321 §5.1",
      fix: "Give the MX host only the addresses of servers that really take mail for it."),
  ]

  private static let mxEntries: [Entry] = [
    Entry(
      FindingCode("DOMAIN_NOT_FOUND"), .error,
      summary: "{subject} does not exist (NXDOMAIN, {proof}): mail to it cannot be delivered.",
      explanation: """
        The DNS says the name does not exist at all, so there is no MX record and no address for a \
        sender to fall back to. Mail to the domain bounces at once instead of waiting in a queue. \
        Often it is a typo, or a domain that has lapsed.
        """,
      reference: "RFC 5321 §5.1",
      fix: "Check the spelling, or create the domain and its MX records."),
    Entry(
      FindingCode("NULL_MX"), .info,
      summary: "{subject} publishes a null MX: it accepts no mail.",
      explanation: """
        A single MX record of `0 .` is the domain's way of saying it never receives mail. Senders \
        bounce such mail straight away rather than retrying for days, which is the point. No \
        STARTTLS or DANE question arises, because no mail host is ever contacted.
        """,
      reference: "RFC 7505 §3", fix: "Nothing to do if the domain is not meant to receive mail."),
    Entry(
      FindingCode("NULL_MX_MIXED"), .error,
      summary: "{subject} lists a null MX beside other MX records; the null MX is ignored.",
      explanation: """
        A null MX has a meaning only when it stands alone; beside real MX hosts it contradicts \
        them. Senders ignore the `0 .` entry and deliver to the other hosts, so the record does \
        nothing but confuse readers of the zone. Decide whether the domain takes mail and publish \
        only the records that say so.
        """,
      reference: "RFC 7505 §3", fix: "Remove the `0 .` record, or all the others."),
    Entry(
      FindingCode("IMPLICIT_MX"), .info,
      summary: "{subject} has no MX records: senders use the domain itself as its mail host.",
      explanation: """
        With no MX records a sender falls back to the domain name itself, as if it were an MX host \
        of preference 0. DANE then applies to that name exactly as to a listed host: its addresses \
        and its `_25._tcp` TLSA records decide. This works, but it is easy to forget that the web \
        server's name is now the mail server's too.
        """,
      reference: "RFC 5321 §5.1, RFC 7672 §2.2.2",
      fix: "Publish MX records if another host takes the mail."),
    Entry(
      FindingCode("MX_BOGUS"), .error,
      summary: "The MX records of {subject} fail DNSSEC validation: {reason}.",
      explanation: """
        The MX answer failed DNSSEC validation, so a validating sender cannot know which hosts \
        take the domain's mail. It defers delivery and retries later rather than trust unvalidated \
        data or fall back to anything unsigned. Until the break is fixed, mail queues up and \
        eventually bounces; the chain of trust shows where the break is.
        """,
      reference: "RFC 7672 §2.1.1",
      fix: "Repair the signatures or the DS/DNSKEY link named in the reason."),
    Entry(
      FindingCode("MX_INSECURE"), .warning,
      summary: """
        The MX records of {subject} are insecure (unsigned, or signed only with algorithms the \
        validator does not implement): an attacker could redirect mail.
        """,
      explanation: """
        The validator found no chain of trust it can check to the MX records: the zone is not \
        signed, or its DS and keys use only algorithms the validator does not implement, which \
        it must treat as unsigned (RFC 4035 §5.2). Either way a sender cannot tell real MX hosts \
        from forged ones. An attacker who can alter DNS answers could send the mail to a host of \
        their choosing. DANE can still protect hosts whose own zones are signed, but the choice of \
        host itself is unprotected.
        """,
      reference: "RFC 7672 §2.2.1, RFC 4035 §5.2",
      fix: """
        Sign the zone and publish its DS in the parent, with an algorithm validators implement \
        (RFC 8624: 8 or 13).
        """),
  ]

  private static let hostEntries: [Entry] = [
    Entry(
      FindingCode("MX_HOST_NO_ADDRESS"), .error,
      summary: "MX host {subject} has no A or AAAA records.",
      explanation: """
        The MX record names a host that has no A or AAAA record, so there is nowhere to connect. A \
        sender skips it and tries the next MX host; if this was the only one, mail cannot be \
        delivered. A name in an MX record must be a host with addresses, not an alias with none.
        """,
      reference: "RFC 5321 §5.1",
      fix: "Publish the host's addresses, or remove it from the MX set."),
    Entry(
      FindingCode("MX_HOST_NOT_FOUND"), .error,
      summary: "MX host {subject} does not exist (NXDOMAIN, {proof}).",
      explanation: """
        The MX record names a host whose name does not exist at all: the DNS answers NXDOMAIN, \
        so there is no address and nowhere to connect. A sender skips it and tries the next MX \
        host; if this was the only one, mail cannot be delivered. In a signed zone the answer \
        carries a proof of non-existence (NSEC or NSEC3), so it is not a lookup failure. Often \
        the MX record has a typo, or names a host that was renamed or removed.
        """,
      reference: "RFC 7672 §2.2.1, RFC 5321 §5.1",
      fix: "Correct the host name in the MX record, or publish the host and its addresses."),
    Entry(
      FindingCode("ADDRESS_BOGUS"), .error,
      summary: "The addresses of MX host {subject} fail DNSSEC validation: {reason}.",
      explanation: """
        The host's A or AAAA records failed DNSSEC validation, so a validating sender does not \
        know where the host really is. It will not connect to an address it cannot trust, and \
        defers mail for this host. Other MX hosts may still receive mail if their records \
        validate.
        """,
      reference: "RFC 7672 §2.1.1", fix: "Repair the signatures of the host's A/AAAA records."),
    Entry(
      FindingCode("ADDRESS_INSECURE"), .warning,
      summary: "The addresses of MX host {subject} are insecure, so its TLSA records are not used.",
      explanation: """
        DANE is used for a host only when its address records are secure; here the validator \
        found no chain of trust it can check to them (the zone is unsigned, or signed only with \
        algorithms it does not implement, RFC 4035 §5.2). A sender therefore does not even look up its TLSA records and uses \
        opportunistic TLS: encrypted if offered, but with no check of who answers. Signing the \
        zone of the host's name is what turns DANE on for it.
        """,
      reference: "RFC 7672 §2.2.2", fix: "Sign the zone holding the host's address records."),
    Entry(
      FindingCode("ADDRESS_INSECURE_BEHIND_SECURE_ALIAS"), .info,
      summary: """
        MX host {subject} is a secure alias of {expanded}, whose addresses are insecure: TLSA is \
        looked up at {subject} only.
        """,
      explanation: """
        The MX name is a signed CNAME, but the name it points to sits in an unsigned zone, so \
        its addresses can be forged. A sender then looks TLSA up at the original MX name alone \
        (never at the unsigned target): with records there, an attacker who redirects the \
        connection still cannot present a matching certificate.
        """,
      reference: "RFC 7672 §2.2.2",
      fix: "Nothing needed for DANE; signing the target's zone also protects its addresses."),
  ]

  private static let tlsaEntries: [Entry] = [
    Entry(
      FindingCode("TLSA_BOGUS"), .error,
      summary: "The TLSA records at {subject} fail DNSSEC validation: {reason}.",
      explanation: """
        The TLSA lookup failed validation: the records may be there, but their signatures do not \
        check out. That is a failure, not an absence of TLSA, because an attacker could otherwise \
        strip the records to force plaintext. A DANE sender therefore defers mail to this host \
        until the TLSA set validates again.
        """,
      reference: "RFC 7672 §2.1.1",
      fix: "Re-sign the zone; check the DS/DNSKEY link named in the reason."),
    Entry(
      FindingCode("TLSA_ABSENT"), .warning,
      summary: """
        MX host {subject} has no TLSA records (securely denied): no DANE, opportunistic TLS.
        """,
      explanation: """
        The zone is signed and proves that the host publishes no TLSA records at `_25._tcp`. \
        Senders then use opportunistic TLS: encryption if the server offers it, but no \
        authentication, so an active attacker could intercept the mail. Publishing a TLSA record \
        is what makes TLS mandatory and checked.
        """,
      reference: "RFC 7672 §2.2.3",
      fix: "Publish `_25._tcp` TLSA records, e.g. `3 1 1` of the server's key."),
    Entry(
      FindingCode("TLSA_INSECURE"), .warning,
      summary: "The TLSA records at {subject} are insecure and are ignored.",
      explanation: """
        The validator found no chain of trust it can check to the TLSA records (an unsigned \
        zone, or one signed only with algorithms it does not implement, RFC 4035 §5.2), so \
        nothing proves they were not forged. \
        Senders ignore them and deliver with opportunistic TLS, as if there were no records at \
        all. They start to count once the zone holding them is signed and its DS is in the parent.
        """,
      reference: "RFC 7672 §2.2.3", fix: "Sign the zone that holds the TLSA records."),
    Entry(
      FindingCode("TLSA_NONE_USABLE"), .warning,
      summary: "No TLSA record at {subject} is usable: TLS is mandatory but not authenticated.",
      explanation: """
        The TLSA set is secure, but none of its records is one an SMTP sender may use (PKIX \
        usages, unknown parameters or data of the wrong length). A secure set still tells senders \
        that TLS is mandatory, so they will not send in plaintext. But they have nothing to check \
        the certificate against, so the connection is encrypted without being authenticated.
        """,
      reference: "RFC 7672 §2.2", fix: "Publish a DANE-EE(3) or DANE-TA(2) record, e.g. `3 1 1`."),
    Entry(
      FindingCode("TLSA_RECORD_UNUSABLE"), .advice,
      summary: "TLSA record {record} at {subject} is unusable: {reason}.",
      explanation: """
        SMTP senders use only DANE-TA(2) and DANE-EE(3) records with selectors and matching types \
        they know, and data of the right length. This record is none of those, so senders skip it \
        as if it were not there. It does no harm on its own, but it authenticates nothing and may \
        hide that the set has no working record.
        """,
      reference: "RFC 7672 §3.1", fix: "Remove the record or replace it with a usable one."),
    Entry(
      FindingCode("TLSA_FROM_ORIGINAL_NAME"), .info,
      summary: """
        MX host {subject} is an alias of {expanded}, which has no TLSA; the original name's are \
        used.
        """,
      explanation: """
        The MX name is a secure CNAME, and the name it points to has no TLSA records. Senders then \
        fall back to the TLSA records at the original MX name, which is what is used here. \
        Delivery works, but publishing the records at the target name as well avoids relying on \
        the fallback.
        """,
      reference: "RFC 7672 §2.2.2, §2.2.3, RFC 7671 §7",
      fix: "Nothing to do; or publish TLSA at the expanded name."),
  ]

  private static let adviceEntries: [Entry] = [
    Entry(
      FindingCode("TLSA_SINGLE_RECORD"), .advice,
      summary: """
        {subject} has a single usable TLSA record: no cover for a key or certificate change.
        """,
      explanation: """
        Only one usable TLSA record covers this host, so it matches exactly one key or \
        certificate. When the server gets a new key, or the CA changes, mail fails until the DNS \
        catches up, and cached answers keep the old record for up to the TTL. Publishing the next \
        key's record beside the current one, well before the change, lets the switch happen with \
        no failed deliveries.
        """,
      reference: "RFC 7671 §8.1",
      fix: "Add the record of the next key (or of the issuing CA) before changing."),
    Entry(
      FindingCode("TLSA_FULL_CERTIFICATE_EE"), .advice,
      summary: """
        {subject} uses DANE-EE with the full certificate ({record}): it breaks at every renewal.
        """,
      explanation: """
        A `3 0 x` record pins the exact certificate, not just its key. Every renewal produces a \
        new certificate, even with the same key, so the record stops matching at the first renewal \
        and DANE senders defer mail from then on. A `3 1 1` record pins the public key and \
        survives renewals that keep it.
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
        The DANE-TA record matches a CA certificate that will soon expire. When that CA is \
        replaced by a new certificate or key, the record no longer matches and DANE senders defer \
        mail. Publishing a record for the successor now means the change breaks nothing.
        """,
      reference: "RFC 7671 §8.4", fix: "Add a record for the CA's next certificate or key now."),
    Entry(
      FindingCode("TLSA_SET_TOO_LARGE"), .advice,
      summary: """
        The TLSA set at {subject} has {count} records ({octets} octets): answers may need TCP.
        """,
      explanation: """
        The TLSA answer is larger than a common EDNS buffer of about 1232 octets, so it may arrive \
        truncated and need a retry over TCP. Resolvers or networks that handle this badly make the \
        lookup fail, and a failed TLSA lookup defers mail. A set of two or three records, the \
        current key and the next, is enough.
        """,
      reference: "RFC 7671 §10.1", fix: "Keep the set to a few records: current and next key."),
  ]

  private static let verdictEntries: [Entry] = [
    Entry(
      FindingCode("DANE_AUTHENTICATION_FAILED"), .error,
      summary: "DANE authentication of {subject} failed at {addresses}: {reason}.",
      explanation: """
        The server's certificate chain matched none of the usable TLSA records. To a DANE sender \
        this looks exactly like an attacker sitting in the middle, so it refuses to deliver and \
        keeps the mail queued. Usually the records describe an old key or certificate; the trace \
        shows what the server presented.
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
        A DANE-TA(2) record pins a trust anchor, and here the chain does reach it; but DANE-TA \
        also requires the leaf certificate to carry a right name: the MX host name, the TLSA base \
        domain or the next-hop domain. This leaf names none of them, so senders refuse it and \
        defer the mail. A `*` in a name counts only as a whole leftmost label: `*.mx.example` \
        names mail.mx.example, `m*.mx.example` and `*l.mx.example` name nothing (as Postfix \
        checks). DANE-EE(3) records do not check names; DANE-TA ones do.
        """,
      reference: "RFC 7672 §3.2.2, §3.2.3",
      fix: "Issue the leaf certificate for the MX host name, under the same trust anchor."),
    Entry(
      FindingCode("DANE_TA_NOT_SENT"), .warning,
      summary: """
        At {addresses} {subject} is verified by the DANE-TA record {record} only as {anchor}: \
        the server's chain leaves out its trust anchor.
        """,
      explanation: """
        An SMTP server that relies on a DANE-TA(2) record must send the trust-anchor \
        certificate in its chain, even when it is a self-signed root (RFC 7672 §3.1.2). This \
        server does not. The record holds the anchor's whole key or certificate (matching type \
        Full(0)), so a client that can take the anchor from DNS, as OpenSSL and Postfix do, \
        still checks the chain with it and delivers (RFC 7671 §5.2.2, §5.2.3): the verdict stays \
        verified. A client that matches records only against the certificates it received \
        finds nothing to match and defers the mail, and a later switch to a digest record \
        (`2 1 1`) would fail everywhere.
        """,
      reference: "RFC 7672 §3.1.2, RFC 7671 §5.2.2, RFC 7671 §5.2.3",
      fix: """
        Add the trust-anchor certificate (the CA whose key or certificate the record holds, \
        root or intermediate) to the end of the certificate chain the server sends.
        """),
    Entry(
      FindingCode("TLS_REQUIRED_NOT_AVAILABLE"), .error,
      summary: "{subject} must offer TLS (it has TLSA records) but at {addresses} {reason}.",
      explanation: """
        Usable, secure TLSA records tell senders that this host always speaks TLS, so plaintext is \
        no longer allowed. The server did not let TLS start (STARTTLS was missing, refused or \
        failed), and a DANE sender does not fall back to plaintext: it defers the mail. This is \
        the downgrade protection DANE exists for, working against a misconfigured server.
        """,
      reference: "RFC 7672 §2.2",
      fix: "Enable STARTTLS on the server, or remove the TLSA records first."),
    Entry(
      FindingCode("TLS_REQUIRED_SESSION_FAILED"), .error,
      summary: """
        At {addresses} TLS with {subject} came up ({tls}), but {outcome}; TLS is mandatory \
        there, so senders defer the mail.
        """,
      explanation: """
        After the TLS handshake a sender must forget what it learned before and say EHLO again; \
        only then may it send mail. This server completed the handshake, so the verdict keeps \
        what TLS established, and then failed the EHLO (a refusal, something that is no SMTP \
        reply, or a closed connection). The TLSA records make TLS mandatory, so a sender cannot \
        go back to plaintext: it defers the mail and tries the next MX host, as Postfix does. \
        Mail reaches this address only once the server answers EHLO over TLS.
        """,
      reference: "RFC 3207 §4.2, RFC 7672 §2.2",
      fix: """
        Check the server's logs for what fails after the handshake (often a TLS proxy or a \
        crashed SMTP process behind it).
        """),
    Entry(
      FindingCode("MX_ADDRESS_NOT_A_DESTINATION"), .error,
      summary:
        "Host {subject} has the address {address}, which is never a destination ({range}); it was not probed.",
      explanation: """
        The IANA special-purpose address registries (RFC 6890, and RFC 4291 for IPv6) mark the \
        unspecified address, "this network" (0.0.0.0/8), limited broadcast (255.255.255.255) and \
        multicast (224.0.0.0/4, ff00::/8) as never valid destinations. No sender can deliver \
        there; on Linux a connection to 0.0.0.0 or :: even reaches the local machine, so danescope \
        does not connect and gives the address the verdict "unreachable". This is an error when \
        the host has no other address to try, a warning when it has: senders then use the others.
        """,
      reference: "RFC 6890 §2.2.2, RFC 4291 §2.5.2",
      fix: "Publish the server's real addresses for the MX host, or remove the record."),
    Entry(
      FindingCode("MX_UNREACHABLE"), .error,
      summary: "MX host {subject} could not be checked at {addresses}: {reason}.",
      explanation: """
        danescope could not carry an SMTP session with this address as far as STARTTLS, so nothing \
        about its TLS or DANE could be checked. The reason and the SMTP finding under it say \
        why: no connection, or a session that failed at a step (the server refused, sent \
        nothing, closed the connection, sent no valid reply, or began a reply too slowly to \
        finish it in time). A sending server that meets the same problem cannot deliver to this \
        address: it tries the next MX host, and when none takes the mail it queues it, retries \
        and finally bounces it. A server that was only slow may still get mail from senders \
        that wait longer than danescope did.
        """,
      reference: "RFC 5321 §5.1",
      fix: "Check that the server listens on port 25 at that address."),
    Entry(
      FindingCode("PLAINTEXT_ONLY"), .warning,
      summary: "MX host {subject} offers no TLS at {addresses}: mail goes in plaintext.",
      explanation: """
        This host has no DANE records and does not offer STARTTLS, so mail to it travels \
        unencrypted. Senders accept that today because TLS is optional without DANE, but anyone on \
        the path can read the mail. Enabling STARTTLS is the first step; TLSA records then make it \
        mandatory.
        """,
      reference: "RFC 3207", fix: "Enable STARTTLS, then publish TLSA records."),
  ]
}

extension FindingCatalog {
  /// The `proof` of an NXDOMAIN (MX_HOST_NOT_FOUND, DOMAIN_NOT_FOUND, and `trace`): what DNSSEC
  /// proved of it. An insecure denial that an opt-out NSEC3 covers says so and names the zone:
  /// opt-out cannot prove that no unsigned delegation is there (RFC 5155 §6).
  public static func noSuchNameProof(_ security: SecurityStatus, optOutZone: DNSName?) -> String {
    if security == .secure { return "proven by DNSSEC" }
    if let optOutZone {
      return "the denial is covered by an opt-out NSEC3 at \(optOutZone), so it is not proven"
    }
    return "\(security.word): not proven"
  }
}
