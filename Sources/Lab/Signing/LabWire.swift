import ValidationCore

// TODO: the DNS codec work brings `RData.wireFormat(canonical:)` to ValidationCore; once it is on
// main, the signer should use it and this file should go. Until then the lab encodes the few
// types it publishes itself, uncompressed, with owner and RDATA names lower-cased as RFC 4034
// §6.2 and RFC 6840 §5.1 say (all lab names are lower-case anyway).
extension RData {
  /// Uncompressed, canonical wire form of the record data.
  func labWire() throws(LabError) -> [UInt8] {
    var out = LabWireWriter()
    switch self {
    case .a(let address): out.bytes(address.octets)
    case .aaaa(let address): out.bytes(address.octets)
    case .ns(let name), .cname(let name), .dname(let name), .ptr(let name):
      out.name(name)
    case .soa(let soa):
      out.name(soa.mname)
      out.name(soa.rname)
      for value in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] { out.u32(value) }
    case .mx(let mx):
      out.u16(mx.preference)
      out.name(mx.exchange)
    case .txt(let strings):
      for string in strings {
        out.u8(UInt8(string.count))
        out.bytes(string)
      }
    case .ds(let ds), .cds(let ds):
      out.u16(ds.keyTag)
      out.u8(ds.algorithm.rawValue)
      out.u8(ds.digestType.rawValue)
      out.bytes(ds.digest)
    case .dnskey(let key), .cdnskey(let key):
      out.bytes(key.labWire)
    case .rrsig(let rrsig):
      out.bytes(rrsig.labWireWithoutSignature)
      out.bytes(rrsig.signature)
    case .nsec(let nsec):
      // RFC 6840 §5.1: the next owner name of NSEC keeps its case.
      out.bytes(nsec.nextDomain.wireFormat)
      out.bytes(nsec.types.labWire)
    case .nsec3(let nsec3):
      out.u8(nsec3.hashAlgorithm)
      out.u8(nsec3.flags)
      out.u16(nsec3.iterations)
      out.u8(UInt8(nsec3.salt.count))
      out.bytes(nsec3.salt)
      out.u8(UInt8(nsec3.nextHashedOwner.count))
      out.bytes(nsec3.nextHashedOwner)
      out.bytes(nsec3.types.labWire)
    case .nsec3param(let param):
      out.u8(param.hashAlgorithm)
      out.u8(param.flags)
      out.u16(param.iterations)
      out.u8(UInt8(param.salt.count))
      out.bytes(param.salt)
    case .tlsa(let tlsa):
      out.u8(tlsa.usage.rawValue)
      out.u8(tlsa.selector.rawValue)
      out.u8(tlsa.matchingType.rawValue)
      out.bytes(tlsa.data)
    case .unknown(_, let data):
      out.bytes(data)
    case .opt:
      throw .zone("OPT is not zone data")
    }
    return out.buffer
  }
}

extension DNSKEYData {
  /// RFC 4034 §2.1 wire form: flags, protocol, algorithm, public key.
  var labWire: [UInt8] {
    var out = LabWireWriter()
    out.u16(flags)
    out.u8(protocolField)
    out.u8(algorithm.rawValue)
    out.bytes(publicKey)
    return out.buffer
  }
}

extension RRSIGData {
  /// RFC 4034 §3.1.8.1: the RRSIG RDATA up to, not including, the signature; signer lower-cased.
  var labWireWithoutSignature: [UInt8] {
    var out = LabWireWriter()
    out.u16(typeCovered.rawValue)
    out.u8(algorithm.rawValue)
    out.u8(labels)
    out.u32(originalTTL)
    out.u32(expiration)
    out.u32(inception)
    out.u16(keyTag)
    out.name(signerName)
    return out.buffer
  }
}

extension TypeBitMap {
  /// RFC 4034 §4.1.2: windows of up to 32 octets, trailing zero octets dropped.
  var labWire: [UInt8] {
    var windows: [UInt8: [UInt8]] = [:]
    for type in types {
      let value = type.rawValue
      let window = UInt8(value >> 8)
      let bit = Int(value & 0xFF)
      var octets = windows[window] ?? []
      if octets.count <= bit / 8 { octets += [UInt8](repeating: 0, count: bit / 8 + 1 - octets.count) }
      octets[bit / 8] |= 0x80 >> UInt8(bit % 8)
      windows[window] = octets
    }
    var out: [UInt8] = []
    for window in windows.keys.sorted() {
      let octets = windows[window]!
      out += [window, UInt8(octets.count)] + octets
    }
    return out
  }
}

/// Appends big-endian integers, octets and uncompressed lower-cased names.
struct LabWireWriter {
  var buffer: [UInt8] = []

  mutating func u8(_ value: UInt8) { buffer.append(value) }
  mutating func u16(_ value: UInt16) { buffer += [UInt8(value >> 8), UInt8(value & 0xFF)] }
  mutating func u32(_ value: UInt32) {
    buffer += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
      UInt8(value & 0xFF)]
  }
  mutating func bytes(_ value: [UInt8]) { buffer += value }
  mutating func name(_ value: DNSName) { buffer += value.lowercased.wireFormat }
}
