/// Canonical RR form (RFC 4034 §6.2) and which RDATA names it lowercases.
///
/// Our reading of the RFCs: RFC 4034 §6.2 item 3 lists the types whose RDATA names are
/// lowercased (NS, MD, MF, CNAME, SOA, MB, MG, MR, PTR, HINFO, MINFO, MX, RP, AFSDB, RT, SIG, PX,
/// NXT, NAPTR, KX, SRV, DNAME, A6, RRSIG, NSEC). RFC 6840 §5.1 corrects it: the NSEC next domain
/// name is NOT lowercased, the RRSIG signer name IS. RFC 3597 §7 adds that types defined later
/// never have their names lowercased, so TLSA, NSEC3 (hashed names are not names) and the rest
/// keep their RDATA as is. HINFO holds no names.
extension RData {
  /// True for the types whose RDATA names are lowercased in canonical form: the modelled ones,
  /// those kept as unknown data with a layout (SRV, RP, AFSDB, RT, KX, PX, NAPTR, MB, MG, MR,
  /// MINFO, MD, MF; see RecordLayout.swift), and the obsolete SIG, NXT and A6.
  public static func lowercasesNamesInCanonicalForm(_ type: RRType) -> Bool {
    switch type {
    case .ns, .cname, .soa, .ptr, .mx, .dname, .rrsig: return true
    case .unassigned(let value):
      return RecordLayout.forType(value)?.lowercasesNames ?? ObsoleteNameTypes.holdsName(value)
    default: return false
    }
  }
}

/// SIG (RFC 2535), NXT (RFC 2535) and A6 (RFC 2874) are obsolete (RFC 3755, RFC 6563) and kept
/// as unknown data, but they are on RFC 4034 §6.2's list: a zone that still signs them has its
/// one embedded name lowercased in the signing input. dnssec-signzone does so; libunbound 1.17
/// does not for A6, and the engine reports that disagreement rather than following it.
enum ObsoleteNameTypes {
  static let sig: UInt16 = 24
  static let nxt: UInt16 = 30
  static let a6: UInt16 = 38

  static func holdsName(_ type: UInt16) -> Bool { [sig, nxt, a6].contains(type) }

  /// `data` with its embedded name lowercased, or nil when the type holds no name or the data
  /// does not hold a well-formed uncompressed name where the type puts it (then it is left as is).
  static func lowercasingName(_ type: UInt16, in data: [UInt8]) -> [UInt8]? {
    guard let start = nameOffset(type, in: data) else { return nil }
    var lowered = data
    var index = start
    while index < lowered.count {
      let length = Int(lowered[index])
      if length == 0 { return lowered }
      guard length < 64, index + length < lowered.count else { return nil }
      for position in (index + 1)...(index + length) where (0x41...0x5A).contains(lowered[position])
      {
        lowered[position] += 0x20
      }
      index += length + 1
    }
    return nil
  }

  /// Where the name starts: SIG's signer after 18 fixed octets, NXT's next name first, A6's
  /// prefix name after its prefix length and the address suffix (none when the length is 0).
  private static func nameOffset(_ type: UInt16, in data: [UInt8]) -> Int? {
    switch type {
    case sig: return data.count > 18 ? 18 : nil
    case nxt: return data.isEmpty ? nil : 0
    case a6:
      guard let prefix = data.first, prefix > 0, prefix <= 128 else { return nil }
      let offset = 1 + (128 - Int(prefix) + 7) / 8
      return data.count > offset ? offset : nil
    default: return nil
    }
  }
}

extension ResourceRecord {
  /// The record in canonical form for `originalTTL` (RFC 4034 §6.2): owner lowercased (or
  /// replaced by `owner`), no compression, embedded names lowercased where the type says so.
  public func canonicalWireFormat(owner: DNSName? = nil, ttl: UInt32? = nil) -> [UInt8] {
    var w = WireWriter()
    w.writeName((owner ?? name).lowercased, compress: false)
    w.writeUInt16(type.rawValue)
    w.writeUInt16(rrClass.rawValue)
    w.writeUInt32(ttl ?? self.ttl)
    let data = rdata.wireFormat(canonical: true)
    w.writeUInt16(UInt16(truncatingIfNeeded: data.count))
    w.writeBytes(data)
    return w.bytes
  }
}
