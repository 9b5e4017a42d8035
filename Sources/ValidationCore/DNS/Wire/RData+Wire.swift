/// RDATA in wire form, both ways (RFC 1035 §3.3, RFC 4034 §2-5, RFC 5155 §3-4, RFC 6698 §2,
/// RFC 6891 §6.1.2, RFC 3597 for the rest).
extension RData {
  /// Types whose RDATA names may be compressed in a message. RFC 3597 §4 limits compression
  /// to the RFC 1035 types; DNAME is accepted on reading too, since some servers compress it,
  /// but never compressed on writing (RFC 6672 §2.5).
  static func allowsCompressedNames(_ type: RRType) -> Bool {
    switch type {
    case .ns, .cname, .soa, .mx, .ptr, .dname: return true
    default: return false
    }
  }

  /// Decodes standalone RDATA (no message around it, so no compression pointers).
  public init(type: RRType, wire: [UInt8]) throws(DNSWireError) {
    var reader = WireReader(wire)
    self = try RData.read(type: type, length: wire.count, from: &reader)
  }

  /// Reads `length` octets of RDATA of `type` at the reader's offset. The reader must cover the
  /// whole message so that compression pointers can be followed.
  public static func read(type: RRType, length: Int, from reader: inout WireReader)
    throws(DNSWireError) -> RData
  {
    try reader.withRDATA(type: type, length: length) { (r) throws(DNSWireError) -> RData in
      try decodeBody(type: type, from: &r)
    }
  }

  private static func decodeBody(type: RRType, from r: inout WireReader) throws(DNSWireError)
    -> RData
  {
    let compress = allowsCompressedNames(type)
    switch type {
    case .a:
      return .a(IPv4Address(octets: try r.readBytes(4, "IPv4 address"))!)
    case .aaaa:
      return .aaaa(IPv6Address(octets: try r.readBytes(16, "IPv6 address"))!)
    case .ns: return .ns(try r.readName("NS name", allowCompression: compress))
    case .cname: return .cname(try r.readName("CNAME target", allowCompression: compress))
    case .dname: return .dname(try r.readName("DNAME target", allowCompression: compress))
    case .ptr: return .ptr(try r.readName("PTR name", allowCompression: compress))
    case .soa:
      return .soa(
        SOAData(
          mname: try r.readName("SOA MNAME", allowCompression: compress),
          rname: try r.readName("SOA RNAME", allowCompression: compress),
          serial: try r.readUInt32("SOA serial"), refresh: try r.readUInt32("SOA refresh"),
          retry: try r.readUInt32("SOA retry"), expire: try r.readUInt32("SOA expire"),
          minimum: try r.readUInt32("SOA minimum")))
    case .mx:
      return .mx(
        MXData(
          preference: try r.readUInt16("MX preference"),
          exchange: try r.readName("MX exchange", allowCompression: compress)))
    case .txt:
      var strings: [[UInt8]] = []
      while !r.isAtEnd { strings.append(try r.readCharacterString("TXT string")) }
      guard !strings.isEmpty else {
        throw DNSWireError(
          .invalidField(field: "TXT RDATA", reason: "no character-string"), at: r.offset)
      }
      return .txt(strings)
    case .ds: return .ds(try readDS(&r))
    case .cds: return .cds(try readDS(&r))
    case .dnskey: return .dnskey(try readDNSKEY(&r))
    case .cdnskey: return .cdnskey(try readDNSKEY(&r))
    case .rrsig: return .rrsig(try readRRSIG(&r))
    case .nsec:
      return .nsec(
        NSECData(
          nextDomain: try r.readName("NSEC next domain name", allowCompression: false),
          types: try TypeBitMap(reading: &r)))
    case .nsec3: return .nsec3(try readNSEC3(&r))
    case .nsec3param:
      return .nsec3param(
        NSEC3PARAMData(
          hashAlgorithm: try r.readUInt8("NSEC3PARAM hash algorithm"),
          flags: try r.readUInt8("NSEC3PARAM flags"),
          iterations: try r.readUInt16("NSEC3PARAM iterations"),
          salt: try r.readCharacterString("NSEC3PARAM salt")))
    case .tlsa:
      return .tlsa(
        TLSAData(
          usage: TLSAUsage(rawValue: try r.readUInt8("TLSA certificate usage")),
          selector: TLSASelector(rawValue: try r.readUInt8("TLSA selector")),
          matchingType: TLSAMatchingType(rawValue: try r.readUInt8("TLSA matching type")),
          data: r.readRest()))
    case .opt: return .opt(try readOptions(&r))
    case .unassigned(let value):
      // RFC 1035 types with names (MB, MINFO, …) may arrive compressed: store them expanded.
      if let layout = RecordLayout.forType(value), layout.allowsCompression {
        return .unknown(
          type: value, data: layout.write(try layout.read(from: &r), lowercase: false))
      }
      return .unknown(type: value, data: r.readRest())
    case .any:
      return .unknown(type: type.rawValue, data: r.readRest())
    }
  }

  private static func readRRSIG(_ r: inout WireReader) throws(DNSWireError) -> RRSIGData {
    RRSIGData(
      typeCovered: RRType(rawValue: try r.readUInt16("RRSIG type covered")),
      algorithm: DNSSECAlgorithm(rawValue: try r.readUInt8("RRSIG algorithm")),
      labels: try r.readUInt8("RRSIG labels"),
      originalTTL: try r.readUInt32("RRSIG original TTL"),
      expiration: try r.readUInt32("RRSIG expiration"),
      inception: try r.readUInt32("RRSIG inception"),
      keyTag: try r.readUInt16("RRSIG key tag"),
      signerName: try r.readName("RRSIG signer name", allowCompression: false),
      signature: r.readRest())
  }

  private static func readNSEC3(_ r: inout WireReader) throws(DNSWireError) -> NSEC3Data {
    let hashAlgorithm = try r.readUInt8("NSEC3 hash algorithm")
    let flags = try r.readUInt8("NSEC3 flags")
    let iterations = try r.readUInt16("NSEC3 iterations")
    let salt = try r.readCharacterString("NSEC3 salt")
    let next = try r.readCharacterString("NSEC3 next hashed owner name")
    guard !next.isEmpty else {
      throw DNSWireError(
        .invalidField(field: "NSEC3 next hashed owner name", reason: "empty"), at: r.offset - 1)
    }
    return NSEC3Data(
      hashAlgorithm: hashAlgorithm, flags: flags, iterations: iterations, salt: salt,
      nextHashedOwner: next, types: try TypeBitMap(reading: &r))
  }

  /// EDNS options (RFC 6891 §6.1.2): code, length, data, to the end of the RDATA.
  private static func readOptions(_ r: inout WireReader) throws(DNSWireError) -> [EDNSOption] {
    var options: [EDNSOption] = []
    while !r.isAtEnd {
      let code = try r.readUInt16("EDNS option code")
      let length = try r.readUInt16("EDNS option length")
      options.append(EDNSOption(code: code, data: try r.readBytes(Int(length), "EDNS option data")))
    }
    return options
  }

  private static func readDS(_ r: inout WireReader) throws(DNSWireError) -> DSData {
    DSData(
      keyTag: try r.readUInt16("DS key tag"),
      algorithm: DNSSECAlgorithm(rawValue: try r.readUInt8("DS algorithm")),
      digestType: DSDigestType(rawValue: try r.readUInt8("DS digest type")),
      digest: r.readRest())
  }

  private static func readDNSKEY(_ r: inout WireReader) throws(DNSWireError) -> DNSKEYData {
    DNSKEYData(
      flags: try r.readUInt16("DNSKEY flags"),
      protocolField: try r.readUInt8("DNSKEY protocol"),
      algorithm: DNSSECAlgorithm(rawValue: try r.readUInt8("DNSKEY algorithm")),
      publicKey: r.readRest())
  }

  // MARK: Writing

  /// Standalone RDATA. `canonical` gives the RFC 4034 §6.2 form (see CanonicalForm.swift):
  /// no compression, and the embedded names of the listed types in lowercase.
  public func wireFormat(canonical: Bool) -> [UInt8] {
    var writer = WireWriter()
    // Standalone RDATA has no earlier names to point at, so compression cannot apply.
    try? write(to: &writer, compress: false, canonical: canonical)
    return writer.bytes
  }

  /// Appends the RDATA (without RDLENGTH). Names of NS, CNAME, SOA, MX and PTR are compressed
  /// when `compress` is set. Throws only for values that do not fit their length fields.
  public func write(to w: inout WireWriter, compress: Bool, canonical: Bool = false)
    throws(DNSWireError)
  {
    let compressNames =
      compress && !canonical && type != .dname
      && RData.allowsCompressedNames(type)
    let lower = canonical && RData.lowercasesNamesInCanonicalForm(type)
    func name(_ value: DNSName) {
      w.writeName(lower ? value.lowercased : value, compress: compressNames)
    }
    switch self {
    case .a(let address): w.writeBytes(address.octets)
    case .aaaa(let address): w.writeBytes(address.octets)
    case .ns(let target), .cname(let target), .dname(let target), .ptr(let target): name(target)
    case .soa(let soa):
      name(soa.mname)
      name(soa.rname)
      for value in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] {
        w.writeUInt32(value)
      }
    case .mx(let mx):
      w.writeUInt16(mx.preference)
      name(mx.exchange)
    case .txt(let strings):
      for string in strings { try w.writeCharacterString(string, "TXT string") }
    case .ds(let ds), .cds(let ds):
      w.writeUInt16(ds.keyTag)
      w.writeUInt8(ds.algorithm.rawValue)
      w.writeUInt8(ds.digestType.rawValue)
      w.writeBytes(ds.digest)
    case .dnskey(let key), .cdnskey(let key):
      w.writeBytes(key.wireFormat)
    case .rrsig(let sig):
      w.writeBytes(sig.wireFormatWithoutSignature(canonical: canonical))
      w.writeBytes(sig.signature)
    case .nsec(let nsec):
      name(nsec.nextDomain)
      w.writeBytes(nsec.types.wireFormat)
    case .nsec3(let nsec3):
      w.writeUInt8(nsec3.hashAlgorithm)
      w.writeUInt8(nsec3.flags)
      w.writeUInt16(nsec3.iterations)
      try w.writeCharacterString(nsec3.salt, "NSEC3 salt")
      try w.writeCharacterString(nsec3.nextHashedOwner, "NSEC3 next hashed owner name")
      w.writeBytes(nsec3.types.wireFormat)
    case .nsec3param(let param):
      w.writeUInt8(param.hashAlgorithm)
      w.writeUInt8(param.flags)
      w.writeUInt16(param.iterations)
      try w.writeCharacterString(param.salt, "NSEC3PARAM salt")
    case .tlsa(let tlsa):
      w.writeUInt8(tlsa.usage.rawValue)
      w.writeUInt8(tlsa.selector.rawValue)
      w.writeUInt8(tlsa.matchingType.rawValue)
      w.writeBytes(tlsa.data)
    case .opt(let options): try Self.writeOptions(options, to: &w)
    case .unknown(let value, let data):
      if lower, let layout = RecordLayout.forType(value), let fields = layout.decode(data) {
        w.writeBytes(layout.write(fields, lowercase: true))
      } else if lower, let lowered = ObsoleteNameTypes.lowercasingName(value, in: data) {
        w.writeBytes(lowered)
      } else {
        w.writeBytes(data)
      }
    }
  }

  private static func writeOptions(_ options: [EDNSOption], to w: inout WireWriter)
    throws(DNSWireError)
  {
    for option in options {
      guard option.data.count <= 0xFFFF else {
        throw DNSWireError(
          .valueTooLong(field: "EDNS option data", length: option.data.count, limit: 0xFFFF),
          at: w.count)
      }
      w.writeUInt16(option.code)
      w.writeUInt16(UInt16(option.data.count))
      w.writeBytes(option.data)
    }
  }
}

extension DNSKEYData {
  /// The RDATA: flags, protocol, algorithm, public key (what the key tag and DS digest cover).
  public var wireFormat: [UInt8] {
    var w = WireWriter()
    w.writeUInt16(flags)
    w.writeUInt8(protocolField)
    w.writeUInt8(algorithm.rawValue)
    w.writeBytes(publicKey)
    return w.bytes
  }
}

extension RRSIGData {
  /// The RDATA up to and excluding the signature (RFC 4034 §3.1.8.1 "RRSIG_RDATA"). The signer
  /// name is written uncompressed, lowercased when `canonical` (RFC 6840 §5.1).
  public func wireFormatWithoutSignature(canonical: Bool) -> [UInt8] {
    var w = WireWriter()
    w.writeUInt16(typeCovered.rawValue)
    w.writeUInt8(algorithm.rawValue)
    w.writeUInt8(labels)
    w.writeUInt32(originalTTL)
    w.writeUInt32(expiration)
    w.writeUInt32(inception)
    w.writeUInt16(keyTag)
    w.writeName(canonical ? signerName.lowercased : signerName, compress: false)
    return w.bytes
  }
}
