import FoundationEssentials

/// Everything `danescope check` found for one mail domain: the one model that the console, the
/// text report and the JSON all read. Built by `DANECheck`; never changed by what shows it.
public struct DomainReport: Sendable {
  public var domain: DNSName
  /// When the check ran (the injected clock's now).
  public var checkedAt: Date
  /// The DNSSEC status of every RRset the policy relied on, in the order it asked.
  public var chain: [ChainLink]
  /// The chain of trust from the trust anchor to the domain's MX RRset, zone by zone, when the
  /// chain engine was given to the check.
  public var chainOfTrust: ChainReport?
  /// Why there is no chain of trust when the chain engine could not be given to the check (its
  /// trust anchors could not be read); the text and the JSON say it instead of leaving the
  /// section out without a word.
  public var chainOfTrustLeftOut: String?
  /// The chains of trust the check rebuilt to explain its failed host lookups (a bogus A,
  /// AAAA, CNAME or TLSA lookup, an insecure one no cause above explains: D-report-3), each
  /// held to the check's own lookups (`heldToLookups`), in the order built; empty when no
  /// lookup failed. Their findings are in `findings`; the console's chain pane shows these
  /// chains as they are rather than building them again.
  public var explainingChains: [ChainReport] = []
  /// `--at TIME`: the chains danescope's engine walked to judge the secure lookups as of TIME
  /// (`AsOfTimeLookup`), as walked (not held to the lookups), in the order they finished; empty
  /// for a check judged as of now. The console's chain pane holds them to the lookups and shows
  /// them rather than walking them again.
  public var asOfTimeChains: [ChainReport] = []
  public var mx: MXSection
  /// Root causes, errors first; each may carry its consequences.
  public var findings: [Finding]
  /// Nil when the check completed; otherwise what stopped it (exit status 3).
  public var incompleteReason: String?
  /// `--at TIME`: DNSSEC and certificates were judged as of this time, while the lookups and the
  /// probe ran now. Nil for a check judged as of now.
  public var judgedAsOf: Date?

  public init(
    domain: DNSName, checkedAt: Date, chain: [ChainLink], mx: MXSection, findings: [Finding],
    incompleteReason: String? = nil
  ) {
    self.domain = domain
    self.checkedAt = checkedAt
    self.chain = chain
    self.chainOfTrust = nil
    self.mx = mx
    self.findings = findings
    self.incompleteReason = incompleteReason
  }

  public var worstSeverity: Severity? { findings.map(\.worstSeverity).max() }

  /// The chain engine's walk did not finish (one of its own lookups failed) while the MX lookup
  /// the check acts on did: the summary is incomplete, not a DNSSEC verdict.
  public var isChainEngineIncomplete: Bool {
    guard chainOfTrust?.status == .indeterminate else { return false }
    if case .indeterminate = mx.lookup.security { return false }
    return true
  }

  /// Every probe of every host, in host order.
  public var probes: [ProbeReport] { mx.hosts.flatMap(\.probes) }
}

/// One RRset the check looked up, with its DNSSEC status.
public struct ChainLink: Sendable, Hashable {
  public let name: DNSName
  public let type: RRType
  public let security: RRsetLookup.Security
  /// `NODATA`, `NXDOMAIN` or the count of records; for a bogus or indeterminate answer that
  /// came back, what it held and that it is not used (`2 records, bogus: not used`); `no answer`
  /// only when none came back.
  public let answer: String

  public init(_ lookup: RRsetLookup) {
    name = lookup.name
    type = lookup.type
    security = lookup.security
    if lookup.security.isFailure {
      let held: String
      switch lookup.unusedAnswer {
      case nil: held = "no answer"
      case .records(let count): held = Self.count(count)
      case .nodata: held = "NODATA"
      case .nxdomain: held = "NXDOMAIN"
      }
      answer = lookup.unusedAnswer == nil ? held : "\(held), \(lookup.security.word): not used"
    } else if lookup.isNXDOMAIN {
      answer = "NXDOMAIN"
    } else if lookup.answers.isEmpty {
      answer = "NODATA"
    } else {
      answer = Self.count(lookup.answers.count)
    }
  }

  private static func count(_ records: Int) -> String {
    records == 1 ? "1 record" : "\(records) records"
  }
}

/// The MX lookup and every host it led to.
public struct MXSection: Sendable {
  public var lookup: RRsetLookup
  public var resolution: MXResolution
  public var hosts: [HostReport]

  public init(lookup: RRsetLookup, resolution: MXResolution, hosts: [HostReport]) {
    self.lookup = lookup
    self.resolution = resolution
    self.hosts = hosts
  }
}

/// One MX host: its addresses, its TLSA records and one probe per address.
public struct HostReport: Sendable {
  public var target: MXTarget
  public var addresses: HostAddresses
  public var tlsa: TLSAResolution
  /// The TLSA lookups made, in order (the expanded name first when there was a CNAME).
  public var tlsaLookups: [RRsetLookup]
  public var probes: [ProbeReport]

  public init(
    target: MXTarget, addresses: HostAddresses, tlsa: TLSAResolution, tlsaLookups: [RRsetLookup],
    probes: [ProbeReport]
  ) {
    self.target = target
    self.addresses = addresses
    self.tlsa = tlsa
    self.tlsaLookups = tlsaLookups
    self.probes = probes
  }

  /// The lookups the policy made for this host, in the order it asked: A, AAAA, the CNAME at
  /// the host name when it was asked for (insecure addresses reached through an alias: the
  /// alias's own status decides whether TLSA is looked up, RFC 7672 §2.2.2), then TLSA.
  public var lookupsUsed: [RRsetLookup] {
    addresses.lookups + tlsaLookups
  }

  /// The verdict of a host that has no address to probe, nil when it has probes: deferred when
  /// an address lookup failed (RFC 7672 §2.1.1), else unreachable, since a sender has nowhere
  /// to connect (RFC 7672 §2.2.1), with what DNS said: the name does not exist, or has no A or
  /// AAAA records.
  public var unprobedVerdict: DANEVerdict? {
    guard probes.isEmpty else { return nil }
    if tlsa.tlsPolicy == .deferred { return .deferred(reason: deferredReason) }
    return .unreachable(reason: addresses.absence + ": no sender connects to it")
  }

  /// Why TLSA was not looked up for this host (RFC 7672 §2.2.2), nil when it was.
  public var tlsaNotLookedUpReason: String? {
    guard case .notQueried(let security) = tlsa else { return nil }
    if security.isFailure { return tlsa.failedLookupReason() + " (delivery deferred)" }
    if addresses.addresses.isEmpty { return addresses.absence + ", so no sender connects to it" }
    return "the addresses are \(security.word)"
  }

  /// The TLSA owner names the report names for this host: that of the answer used, or when
  /// every candidate was securely denied, each owner looked up, in order; none when TLSA was
  /// not looked up.
  public var tlsaOwnersLookedUp: [DNSName] {
    if let base = tlsa.baseDomain { return [TLSAResolution.owner(of: base)] }
    return tlsaLookups.map(\.name)
  }

  /// Each TLSA record with the depths at which danescope's matcher found it in any probe. A
  /// trust anchor that was not sent counts one above the certificate it signed (`anchorNotSent` holds
  /// those matches, with the certificate they signed). `authenticationFailures`: for a record
  /// that matched in a probe whose verdict is still failed (a DANE-TA record whose leaf names
  /// no reference identifier, RFC 7672 §3.2.2, or whose chain OpenSSL refused, such as an
  /// expired leaf), why the match did not authenticate the server, once per reason;
  /// `authenticationFailuresAt`: the same, once per such probe, with its address and port (a
  /// host's addresses can be different servers).
  public var tlsaRecords:
    [(
      record: AssessedTLSARecord, matchedDepths: [Int],
      anchorNotSent: [ProbeObservation.MatcherMatch], authenticationFailures: [String],
      authenticationFailuresAt: [TLSAAuthenticationFailure]
    )]
  {
    guard case .records(_, let records) = tlsa else { return [] }
    let matches = probes.compactMap(\.observation).flatMap(\.matcherMatches)
    return records.map { assessed in
      let found = matches.filter { $0.record == assessed.record }
      let unsent = Set(found.filter(\.isAnchorNotSent)).sorted { $0.depth < $1.depth }
      let failuresAt = probes.compactMap { probe in
        probe.authenticationFailure(afterMatching: assessed.record).map {
          TLSAAuthenticationFailure(address: probe.address, port: probe.port, reason: $0)
        }
      }
      var failures: [String] = []
      for failure in failuresAt where !failures.contains(failure.reason) {
        failures.append(failure.reason)
      }
      return (assessed, Set(found.map(\.depth)).sorted(), unsent, failures, failuresAt)
    }
  }
}

/// Why a TLSA record that matched in the probe of one address did not authenticate the server
/// there (its verdict is failed): a DANE-TA record whose leaf names no reference identifier, or
/// whose chain OpenSSL refused after the match.
public struct TLSAAuthenticationFailure: Sendable, Hashable {
  public let address: String
  public let port: UInt16
  public let reason: String

  public init(address: String, port: UInt16, reason: String) {
    self.address = address
    self.port = port
    self.reason = reason
  }

  /// `[192.0.2.1]:25`, `[2001:db8::1]:25`: the address and port as a probe's subject writes them.
  public var endpoint: String { "[\(address)]:\(port)" }
}

/// One probe of one address, with its verdict.
public struct ProbeReport: Sendable {
  public var address: String
  public var port: UInt16
  public var verdict: DANEVerdict
  /// What the probe saw; nil when no probe was made (deferred).
  public var observation: ProbeObservation?

  public init(address: String, port: UInt16, verdict: DANEVerdict, observation: ProbeObservation?) {
    self.address = address
    self.port = port
    self.verdict = verdict
    self.observation = observation
  }

  /// The address was not probed because it is never a destination (NonDestinationAddress).
  public var isNonDestination: Bool {
    guard case .unreachable = verdict, observation == nil else { return false }
    return NonDestinationAddress(address) != nil
  }

  /// Why `record` did not authenticate the server although danescope's matcher found it in
  /// this probe's chain: nil unless the verdict is failed and the record matched here.
  public func authenticationFailure(afterMatching record: TLSAData) -> String? {
    guard case .failed = verdict, let observation,
      observation.matcherMatches.contains(where: { $0.record == record })
    else { return nil }
    if let mismatch = LeafNameMismatch(observation), mismatch.record == record {
      return mismatch.failureText
    }
    switch observation.daneDecision {
    case .noMatch(let why)?:
      let said = why.isEmpty || why.lowercased() == "no matching dane tlsa records"
      return "OpenSSL refused the chain" + (said ? "" : ": \(why)")
    case .matched?:
      return "the TLS handshake did not complete"
    case nil:
      return "TLS came up without a DANE decision"
    }
  }

  /// The verdict's reason, and when TLS came up but EHLO over TLS failed, that no mail can be
  /// delivered there (the verdict itself keeps what TLS established; TLS_REQUIRED_SESSION_FAILED
  /// or SMTP_SECURE_EHLO_FAILED says it as a finding).
  public var reason: String {
    guard let failure = observation?.secureEHLOFailure else { return verdict.reason }
    switch verdict {
    case .verified, .tlsUnauthenticated, .noDANE:
      return verdict.reason + "; but EHLO over TLS failed (\(failure)): no mail can be delivered"
        + " over this session"
    case .failed, .deferred, .unreachable, .incomplete:
      return verdict.reason
    }
  }
}
