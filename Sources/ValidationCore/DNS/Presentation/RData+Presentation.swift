/// RDATA in presentation form, written the way `ldns-read-zone` writes it: names absolute,
/// digests and TLSA data in lowercase hex, keys and signatures in one base64 word, RRSIG times
/// as YYYYMMDDHHmmSS, NSEC3 hashes in lowercase base32hex, an empty salt as `-`, and any type
/// danescope does not decode (and OPT) as RFC 3597 `\# length hex`, except the types with a
/// layout in RecordLayout.swift (SRV, CAA, …), written in their usual form.
///
/// Two deliberate differences from ldns, which only change white space or safety:
/// - ldns ends some fields with a space (after each type in a bit map, after an NSEC3 salt);
///   fields here are separated by exactly one space with none at the end.
/// - ldns writes a tab inside a TXT string raw; here it is `\009`, so that no control
///   character from the network reaches a terminal.
/// And one difference in meaning, for times far from now: ldns reads the 32-bit RRSIG times
/// relative to the current date; here they are read as 1970-2106, so output does not depend on
/// the clock (see `DNSTime`).
extension RData {
  public var presentation: String {
    // An empty key, signature or digest (malformed, but a server may send it) leaves no field.
    presentationFields.filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// The fields, one string each (a TXT string with its quotes, a type bit map split by type).
  public var presentationFields: [String] {
    switch self {
    case .a(let address): return [address.description]
    case .aaaa(let address): return [address.description]
    case .ns(let name), .cname(let name), .dname(let name), .ptr(let name):
      return [name.description]
    case .soa(let soa):
      return [soa.mname.description, soa.rname.description]
        + [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum].map(String.init)
    case .mx(let mx): return [String(mx.preference), mx.exchange.description]
    case .txt(let strings): return strings.map(Self.quoted)
    case .ds(let ds), .cds(let ds):
      return [
        String(ds.keyTag), String(ds.algorithm.rawValue), String(ds.digestType.rawValue),
        Hex.encode(ds.digest),
      ]
    case .dnskey(let key), .cdnskey(let key):
      return [
        String(key.flags), String(key.protocolField), String(key.algorithm.rawValue),
        Base64.encode(key.publicKey),
      ]
    case .rrsig(let sig):
      return [
        sig.typeCovered.description, String(sig.algorithm.rawValue), String(sig.labels),
        String(sig.originalTTL), DNSTime.format(sig.expiration), DNSTime.format(sig.inception),
        String(sig.keyTag), sig.signerName.description, Base64.encode(sig.signature),
      ]
    case .nsec(let nsec):
      return [nsec.nextDomain.description] + nsec.types.types.map(\.description)
    case .nsec3(let nsec3):
      return [
        String(nsec3.hashAlgorithm), String(nsec3.flags), String(nsec3.iterations),
        Self.salt(nsec3.salt), Base32Hex.encode(nsec3.nextHashedOwner),
      ] + nsec3.types.types.map(\.description)
    case .nsec3param(let param):
      return [
        String(param.hashAlgorithm), String(param.flags), String(param.iterations),
        Self.salt(param.salt),
      ]
    case .tlsa(let tlsa):
      return [
        String(tlsa.usage.rawValue), String(tlsa.selector.rawValue),
        String(tlsa.matchingType.rawValue), Hex.encode(tlsa.data),
      ]
    case .unknown(let type, let data):
      if let layout = RecordLayout.forType(type), let values = layout.decode(data) {
        return layout.present(values)
      }
      return Self.genericFields(data)
    case .opt:
      return Self.genericFields(wireFormat(canonical: false))
    }
  }

  /// RFC 3597 §5: `\#`, the length, and the data in hex (no hex word when it is empty).
  public static func genericFields(_ data: [UInt8]) -> [String] {
    ["\\#", String(data.count)] + (data.isEmpty ? [] : [Hex.encode(data)])
  }

  /// A character-string in quotes: `"` and `\` escaped, printable ASCII as is, every other
  /// octet as `\DDD`.
  public static func quoted(_ string: [UInt8]) -> String {
    var out = "\""
    for byte in string {
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        out.append("\\")
        out.append(Character(Unicode.Scalar(byte)))
      case 0x20...0x7E:
        out.append(Character(Unicode.Scalar(byte)))
      default:
        out += DNSName.decimalEscape(byte)
      }
    }
    return out + "\""
  }

  static func salt(_ salt: [UInt8]) -> String { salt.isEmpty ? "-" : Hex.encode(salt) }
}

extension DNSKEYData {
  /// The key's size in bits as ldns reports it in its `;{id = …, size = …b}` comment: RSA
  /// modulus length (it may come out negative for a malformed key, as in ldns), DSA from its T
  /// parameter, the curve size for ECDSA and EdDSA, 0 when unknown.
  public var keySizeInBits: Int {
    switch algorithm {
    case .rsaMD5, .rsaSHA1, .rsaSHA1NSEC3SHA1, .rsaSHA256, .rsaSHA512:
      // RFC 3110 §2: a one-octet exponent length, or zero and a two-octet length.
      guard let first = publicKey.first else { return 0 }
      if first != 0 { return (publicKey.count - 1 - Int(first)) * 8 }
      guard publicKey.count >= 3 else { return 0 }
      let exponentLength = Int(publicKey[1]) << 8 | Int(publicKey[2])
      return (publicKey.count - 3 - exponentLength) * 8
    case .dsa, .dsaNSEC3SHA1:
      // RFC 2536 §2: T, and the prime is 64 + T * 8 octets.
      guard let t = publicKey.first else { return 0 }
      return (64 + Int(t) * 8) * 8
    case .ecdsaP256SHA256, .ed25519: return 256
    case .ecdsaP384SHA384: return 384
    case .ed448: return 456
    case .eccGOST, .unassigned: return 0
    }
  }

  /// ldns's comment after a DNSKEY: `;{id = 3613 (ksk), size = 256b}`; `ksk` for a zone key
  /// with the SEP flag, `zsk` for another zone key, nothing for a key without the zone flag.
  public var ldnsComment: String {
    let role = isZoneKey ? (isSecureEntryPoint ? " (ksk)" : " (zsk)") : ""
    return ";{id = \(keyTag)\(role), size = \(keySizeInBits)b}"
  }
}
