extension FindingCode {
  public static let upstreamStripsDNSSEC = FindingCode("UPSTREAM_STRIPS_DNSSEC")
  public static let upstreamUnreachable = FindingCode("UPSTREAM_UNREACHABLE")
}

extension FindingCatalog {
  /// Findings of the Resolver area: whether the resolvers danescope asks can be used at all.
  /// Evidence labels used in the summaries: `upstream`, `reason`.
  static let resolverEntries: [Entry] = [
    Entry(
      .upstreamStripsDNSSEC, .error,
      summary: "The root DNSKEY set cannot be validated through {upstream}: {reason}.",
      explanation: """
        danescope validates every answer itself, starting from the root zone's trust anchor, and \
        asks the upstream resolvers for the records and signatures it needs. Asked for the root \
        zone's DNSKEY set, the upstream did not return it with valid signatures. Such an upstream \
        strips DNSSEC records, ignores the DO bit, or rewrites answers (some home routers, captive \
        portals and filtering resolvers do), so every answer through it would look bogus: the \
        verdicts would describe the upstream, not the domain.
        """,
      reference: "RFC 4035 §3.2.1",
      fix: """
        Run with --recursive to resolve from the root servers directly, or name a resolver that \
        passes DNSSEC through with --forwarder ADDR (or --resolver-conf FILE). If the forwarder \
        serves a tree of its own (a lab, a private root), give its trust anchor with \
        --trust-anchor FILE.
        """),
    Entry(
      .upstreamUnreachable, .error,
      summary: "No answer came from {upstream} to a query for the root DNSKEY set: {reason}.",
      explanation: """
        Before judging a domain, danescope checks that its upstream resolvers answer and pass \
        DNSSEC through. They did not answer at all (timeout, SERVFAIL, refused), so nothing \
        looked up through them can be judged; every lookup would end as "lookup failed".
        """,
      reference: "RFC 4035 §4.3",
      fix: """
        Check the nameservers in /etc/resolv.conf or the --forwarder address, try --recursive, or \
        use --lab to explore without a network.
        """),
  ]
}
