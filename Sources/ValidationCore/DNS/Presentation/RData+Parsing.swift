/// RDATA from presentation form (RFC 1035 §5.1 and each type's RFC): the inverse of
/// `presentation`, plus RFC 3597 `\# length hex` for any type (RFC 3597 §5).
extension RData {
  /// Parses the words of one record's RDATA. Relative names get `origin` appended. The error
  /// points at the offending word; for a missing field, just after the last one.
  public init(type: RRType, tokens: [PresentationToken], origin: DNSName?)
    throws(PresentationError)
  {
    try self.init(type: type, tokens: tokens, origin: origin, relativeNamesNeedOrigin: false)
  }

  /// With `relativeNamesNeedOrigin` (zone files), a relative name without an origin is an
  /// error; without it (RDATA typed by a person), such a name is taken as absolute.
  init(
    type: RRType, tokens: [PresentationToken], origin: DNSName?, relativeNamesNeedOrigin: Bool
  ) throws(PresentationError) {
    let last = tokens.last
    var cursor = TokenCursor(
      tokens, endLine: last?.line ?? 1,
      endColumn: last.map { $0.column + $0.description.count } ?? 1)
    cursor.relativeNamesNeedOrigin = relativeNamesNeedOrigin
    if let first = tokens.first, first.text == "\\#", !first.isQuoted {
      self = try Self.parseGeneric(type: type, cursor: &cursor)
    } else {
      self = try Self.parseTyped(type: type, cursor: &cursor, origin: origin)
    }
    try cursor.finish()
  }

  /// Parses RDATA written on one line, e.g. `RData(type: .mx, text: "10 mail", origin: zone)`.
  public init(type: RRType, text: String, origin: DNSName? = nil) throws(PresentationError) {
    let tokens: [PresentationToken]
    do {
      tokens = try ZoneTokenizer.tokens(ofLine: text)
    } catch {
      throw PresentationError(
        .invalidField(field: "RDATA", reason: error.what), token: text, line: error.line,
        column: error.column)
    }
    try self.init(type: type, tokens: tokens, origin: origin)
  }

  private static func parseGeneric(type: RRType, cursor: inout TokenCursor)
    throws(PresentationError) -> RData
  {
    let marker = try cursor.next("\\#")
    let length = try cursor.number("RFC 3597 length", as: UInt16.self)
    let words = cursor.rest()
    let hex = words.map(\.text).joined()
    let data = try TokenCursor.decode("RFC 3597 data", hex, at: words.first ?? marker) {
      (text) throws(EncodingError) in try Hex.decode(text)
    }
    guard data.count == Int(length) else {
      throw PresentationError(
        .invalidGenericData("length \(length) but \(data.count) octets of data"), at: marker)
    }
    do {
      return try RData(type: type, wire: data)
    } catch {
      throw PresentationError(.invalidGenericData(error.description), at: marker)
    }
  }

  private static func parseTyped(type: RRType, cursor c: inout TokenCursor, origin: DNSName?)
    throws(PresentationError) -> RData
  {
    switch type {
    case .a:
      let token = try c.next("IPv4 address")
      guard let address = IPv4Address(text: token.text) else {
        throw PresentationError(.invalidAddress("IPv4"), at: token)
      }
      return .a(address)
    case .aaaa:
      let token = try c.next("IPv6 address")
      guard let address = IPv6Address(text: token.text) else {
        throw PresentationError(.invalidAddress("IPv6"), at: token)
      }
      return .aaaa(address)
    case .ns: return .ns(try c.name("NS name", origin: origin))
    case .cname: return .cname(try c.name("CNAME target", origin: origin))
    case .dname: return .dname(try c.name("DNAME target", origin: origin))
    case .ptr: return .ptr(try c.name("PTR name", origin: origin))
    case .soa:
      return .soa(
        SOAData(
          mname: try c.name("SOA MNAME", origin: origin),
          rname: try c.name("SOA RNAME", origin: origin),
          serial: try c.number("SOA serial"), refresh: try c.duration("SOA refresh"),
          retry: try c.duration("SOA retry"), expire: try c.duration("SOA expire"),
          minimum: try c.duration("SOA minimum")))
    case .mx:
      return .mx(
        MXData(
          preference: try c.number("MX preference"),
          exchange: try c.name("MX exchange", origin: origin)))
    case .txt:
      var strings = [try c.characterString("TXT string")]
      while !c.isAtEnd { strings.append(try c.characterString("TXT string")) }
      return .txt(strings)
    case .ds: return .ds(try parseDS(&c))
    case .cds: return .cds(try parseDS(&c))
    case .dnskey: return .dnskey(try parseDNSKEY(&c))
    case .cdnskey: return .cdnskey(try parseDNSKEY(&c))
    case .rrsig: return .rrsig(try parseRRSIG(&c, origin: origin))
    case .nsec:
      return .nsec(
        NSECData(
          nextDomain: try c.name("NSEC next domain name", origin: origin),
          types: try c.typeBitMap()))
    case .nsec3: return .nsec3(try parseNSEC3(&c))
    case .nsec3param:
      return .nsec3param(
        NSEC3PARAMData(
          hashAlgorithm: try c.number("NSEC3PARAM hash algorithm"),
          flags: try c.number("NSEC3PARAM flags"),
          iterations: try c.number("NSEC3PARAM iterations"),
          salt: try c.salt("NSEC3PARAM salt")))
    case .tlsa:
      return .tlsa(
        TLSAData(
          usage: TLSAUsage(rawValue: try c.number("TLSA certificate usage")),
          selector: TLSASelector(rawValue: try c.number("TLSA selector")),
          matchingType: TLSAMatchingType(rawValue: try c.number("TLSA matching type")),
          data: try hex(&c, "TLSA certificate association data")))
    case .unassigned(let value) where RecordLayout.forType(value) != nil:
      let layout = RecordLayout.forType(value)!
      return .unknown(
        type: value, data: layout.write(try layout.parse(&c, origin: origin), lowercase: false))
    case .opt, .any, .unassigned:
      let token = try c.next("RFC 3597 data")
      throw PresentationError(.genericFormRequired(type), at: token)
    }
  }

  private static func parseRRSIG(_ c: inout TokenCursor, origin: DNSName?)
    throws(PresentationError) -> RRSIGData
  {
    RRSIGData(
      typeCovered: try c.type("RRSIG type covered"),
      algorithm: try c.algorithm("RRSIG algorithm"),
      labels: try c.number("RRSIG labels"),
      originalTTL: try c.duration("RRSIG original TTL"),
      expiration: try c.time("RRSIG expiration"),
      inception: try c.time("RRSIG inception"),
      keyTag: try c.number("RRSIG key tag"),
      signerName: try c.name("RRSIG signer name", origin: origin),
      signature: try base64(&c, "RRSIG signature"))
  }

  private static func parseNSEC3(_ c: inout TokenCursor) throws(PresentationError) -> NSEC3Data {
    let hashAlgorithm: UInt8 = try c.number("NSEC3 hash algorithm")
    let flags: UInt8 = try c.number("NSEC3 flags")
    let iterations: UInt16 = try c.number("NSEC3 iterations")
    let salt = try c.salt("NSEC3 salt")
    let nextToken = try c.next("NSEC3 next hashed owner name")
    let next = try TokenCursor.decode("NSEC3 next hashed owner name", nextToken) {
      (text) throws(EncodingError) in try Base32Hex.decode(text)
    }
    guard (1...255).contains(next.count) else {
      throw PresentationError(
        .invalidField(field: "NSEC3 next hashed owner name", reason: "must be 1 to 255 octets"),
        at: nextToken)
    }
    return NSEC3Data(
      hashAlgorithm: hashAlgorithm, flags: flags, iterations: iterations, salt: salt,
      nextHashedOwner: next, types: try c.typeBitMap())
  }

  private static func parseDS(_ c: inout TokenCursor) throws(PresentationError) -> DSData {
    DSData(
      keyTag: try c.number("DS key tag"), algorithm: try c.algorithm("DS algorithm"),
      digestType: DSDigestType(rawValue: try c.number("DS digest type")),
      digest: try hex(&c, "DS digest"))
  }

  private static func parseDNSKEY(_ c: inout TokenCursor) throws(PresentationError) -> DNSKEYData {
    DNSKEYData(
      flags: try c.number("DNSKEY flags"), protocolField: try c.number("DNSKEY protocol"),
      algorithm: try c.algorithm("DNSKEY algorithm"),
      publicKey: try base64(&c, "DNSKEY public key"))
  }

  private static func hex(_ c: inout TokenCursor, _ field: String) throws(PresentationError)
    -> [UInt8]
  {
    let (text, first) = try c.joinedRest(field)
    return try TokenCursor.decode(field, text, at: first) { (text) throws(EncodingError) in
      try Hex.decode(text)
    }
  }

  private static func base64(_ c: inout TokenCursor, _ field: String) throws(PresentationError)
    -> [UInt8]
  {
    let (text, first) = try c.joinedRest(field)
    return try TokenCursor.decode(field, text, at: first) { (text) throws(EncodingError) in
      try Base64.decode(text)
    }
  }
}
