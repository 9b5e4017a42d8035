/// Timeouts of each probe step, in seconds. Every wait is bounded by one of them.
public struct ProbeTimeouts: Sendable, Hashable {
  public var connect: Double
  /// For each reply (the greeting, EHLO, STARTTLS, QUIT), counted from when it is awaited.
  public var reply: Double
  /// For the whole TLS handshake.
  public var handshake: Double

  public init(connect: Double = 10, reply: Double = 30, handshake: Double = 30) {
    self.connect = connect
    self.reply = reply
    self.handshake = handshake
  }

  /// The same timeout for every step (`--timeout`).
  public static func uniform(_ seconds: Double) -> ProbeTimeouts {
    ProbeTimeouts(connect: seconds, reply: seconds, handshake: seconds)
  }
}

/// One STARTTLS probe: which server, which address, and what DANE should check.
public struct ProbeRequest: Sendable, Hashable {
  /// The MX host name (for reports; the connection goes to `address`).
  public var host: DNSName
  /// An IPv4 or IPv6 address literal.
  public var address: String
  public var port: UInt16
  /// Sent as SNI and used as the first DANE reference name (RFC 7672 §8.1, §3.2.2). Nil only
  /// for a bare TLS look at an address (no SNI), and then no records may be given.
  public var tlsaBaseDomain: DNSName?
  /// The usable TLSA records (usage 2 or 3, selector 0 or 1, matching type 0, 1 or 2). Empty
  /// means TLS without DANE authentication.
  public var usableRecords: [TLSAData]
  /// More names a DANE-TA(2) certificate may carry: the MX host as in the MX record, the
  /// next-hop domain. The TLSA base domain is always checked and need not be repeated.
  public var additionalReferenceNames: [DNSName]
  public var timeouts: ProbeTimeouts
  public var limits: SMTPReplyParser.Limits
  /// The name sent with EHLO.
  public var heloName: String
  /// Why there are no usable records, when `usableRecords` is empty and the host's TLSA set is
  /// not a secure one with nothing usable (`TLSAResolution.noRecordsReason`): for the trace's
  /// DANE line. Nil when the request was not made from a host's TLSA resolution.
  public var noRecordsReason: String?

  public init(
    host: DNSName, address: String, port: UInt16 = 25, tlsaBaseDomain: DNSName?,
    usableRecords: [TLSAData], additionalReferenceNames: [DNSName] = [],
    timeouts: ProbeTimeouts = ProbeTimeouts(), limits: SMTPReplyParser.Limits = .init(),
    heloName: String = "danescope.invalid"
  ) {
    self.host = host
    self.address = address
    self.port = port
    self.tlsaBaseDomain = tlsaBaseDomain
    self.usableRecords = usableRecords
    self.additionalReferenceNames = additionalReferenceNames
    self.timeouts = timeouts
    self.limits = limits
    self.heloName = heloName
  }

  var daneConfiguration: DANEConfiguration? {
    guard !usableRecords.isEmpty else { return nil }
    let base = tlsaBaseDomain.map { [$0] } ?? []
    return DANEConfiguration(
      records: usableRecords, referenceNames: base + additionalReferenceNames)
  }
}
