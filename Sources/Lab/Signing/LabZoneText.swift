import Foundation
import ValidationCore

// TODO: the DNS codec work brings the real presentation format and `ZoneFile.format` to
// ValidationCore; when they are on main the lab should print zones with them and this file should
// go. Until then it prints the types the lab publishes, in the form ldns and unbound read.
enum LabZoneText {
  /// A whole zone, one record a line, `owner TTL IN TYPE data`.
  static func format(_ records: [ResourceRecord], origin: DNSName) -> String {
    var text = "; danescope lab zone \(origin)\n"
    for record in records {
      text += line(record) + "\n"
    }
    return text
  }

  static func line(_ record: ResourceRecord) -> String {
    "\(record.name)\t\(record.ttl)\tIN\t\(record.type)\t\(presentation(record.rdata))"
  }

  static func presentation(_ rdata: RData) -> String {
    switch rdata {
    case .a(let address): return address.description
    case .aaaa(let address): return address.description
    case .ns(let name), .cname(let name), .dname(let name), .ptr(let name):
      return name.description
    case .soa(let soa):
      return "\(soa.mname) \(soa.rname) \(soa.serial) \(soa.refresh) \(soa.retry) \(soa.expire) "
        + "\(soa.minimum)"
    case .mx(let mx): return "\(mx.preference) \(mx.exchange)"
    case .txt(let strings):
      return strings.map { "\"" + quoted($0) + "\"" }.joined(separator: " ")
    case .ds(let ds), .cds(let ds):
      return "\(ds.keyTag) \(ds.algorithm.rawValue) \(ds.digestType.rawValue) \(hex(ds.digest))"
    case .dnskey(let key), .cdnskey(let key):
      return "\(key.flags) \(key.protocolField) \(key.algorithm.rawValue) \(base64(key.publicKey))"
    case .rrsig(let sig):
      return "\(sig.typeCovered) \(sig.algorithm.rawValue) \(sig.labels) \(sig.originalTTL) "
        + "\(timestamp(sig.expiration)) \(timestamp(sig.inception)) \(sig.keyTag) "
        + "\(sig.signerName) \(base64(sig.signature))"
    case .nsec(let nsec): return "\(nsec.nextDomain) \(nsec.types)"
    case .nsec3(let nsec3):
      let salt = nsec3.salt.isEmpty ? "-" : hex(nsec3.salt)
      return "\(nsec3.hashAlgorithm) \(nsec3.flags) \(nsec3.iterations) \(salt) "
        + "\(Base32Hex.encode(nsec3.nextHashedOwner)) \(nsec3.types)"
    case .nsec3param(let param):
      let salt = param.salt.isEmpty ? "-" : hex(param.salt)
      return "\(param.hashAlgorithm) \(param.flags) \(param.iterations) \(salt)"
    case .tlsa(let tlsa):
      return "\(tlsa.usage.rawValue) \(tlsa.selector.rawValue) \(tlsa.matchingType.rawValue) "
        + hex(tlsa.data)
    case .unknown(_, let data): return "\\# \(data.count) \(hex(data))"
    case .opt: return ""
    }
  }

  static func hex(_ bytes: [UInt8]) -> String { Hex.encodeUppercase(bytes) }

  static func base64(_ bytes: [UInt8]) -> String { Base64.encode(bytes) }

  /// RFC 4034 §3.2: YYYYMMDDHHmmSS in UTC.
  static func timestamp(_ seconds: UInt32) -> String {
    var time = time_t(seconds)
    var parts = tm()
    gmtime_r(&time, &parts)
    return String(
      format: "%04d%02d%02d%02d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
  }

  private static func quoted(_ bytes: [UInt8]) -> String {
    var out = ""
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += "\\" + String(UnicodeScalar(byte))
      case 0x20...0x7E: out.append(Character(UnicodeScalar(byte)))
      default: out += String(format: "\\%03d", Int(byte))
      }
    }
    return out
  }
}
