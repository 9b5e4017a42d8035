/// The octets a signer signs and a validator verifies for one RRset (RFC 4034 §3.1.8.1):
///
///     RRSIG_RDATA (without the signature) | RR(1) | RR(2) | …
///
/// where each RR is in canonical form (§6.2) with the RRSIG's original TTL, the owner in
/// lowercase, or `*.` plus the owner's rightmost `labels` labels when the RRSIG Labels field is
/// smaller than the owner's label count (a wildcard expansion, RFC 4035 §5.3.2), and the RRs in
/// canonical order (§6.3: by their canonical RDATA as unsigned octet strings) with duplicates
/// removed.
public enum SignatureInput {
  public static func make(rrsig: RRSIGData, owner: DNSName, records: [ResourceRecord])
    -> [UInt8]
  {
    var out = rrsig.wireFormatWithoutSignature(canonical: true)
    let signedOwner = signedOwnerName(owner: owner, labels: Int(rrsig.labels))
    var prefix = WireWriter()
    prefix.writeName(signedOwner.lowercased, compress: false)
    let ownerWire = prefix.bytes
    let rdatas = records.map { record in (record, record.rdata.wireFormat(canonical: true)) }
    let sorted = rdatas.sorted { $0.1.lexicographicallyPrecedes($1.1) }
    var previous: [UInt8]? = nil
    for (record, rdata) in sorted {
      if let previous, previous == rdata { continue }
      previous = rdata
      var w = WireWriter()
      w.writeBytes(ownerWire)
      w.writeUInt16(record.type.rawValue)
      w.writeUInt16(record.rrClass.rawValue)
      w.writeUInt32(rrsig.originalTTL)
      w.writeUInt16(UInt16(truncatingIfNeeded: rdata.count))
      w.writeBytes(rdata)
      out += w.bytes
    }
    return out
  }

  /// The owner as signed: itself, or `*.` plus its rightmost `labels` labels when the RRSIG
  /// counts fewer labels than the owner has (a wildcard `*` label is never counted).
  public static func signedOwnerName(owner: DNSName, labels: Int) -> DNSName {
    guard labels < owner.labelCount else { return owner }
    let closest = owner.suffix(labelCount: labels)
    return DNSName(uncheckedLabels: [[UInt8(ascii: "*")]] + closest.labels)
  }
}
