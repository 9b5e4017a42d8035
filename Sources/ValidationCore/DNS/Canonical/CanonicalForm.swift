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
  /// and those kept as unknown data with a layout (SRV, RP, AFSDB, RT, KX, PX, NAPTR, MB, MG,
  /// MR, MINFO, MD, MF; see RecordLayout.swift).
  ///
  // TODO: A6, SIG and NXT are on the list too but have no layout, so their names keep their
  // case; they are obsolete (RFC 6563, RFC 3755) and matter only if a zone still signs them.
  public static func lowercasesNamesInCanonicalForm(_ type: RRType) -> Bool {
    switch type {
    case .ns, .cname, .soa, .ptr, .mx, .dname, .rrsig: return true
    case .unassigned(let value): return RecordLayout.forType(value)?.lowercasesNames ?? false
    default: return false
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
