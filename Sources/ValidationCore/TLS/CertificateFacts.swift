import COpenSSL
import FoundationEssentials

/// What danescope shows and matches about one certificate of a peer chain. Built from OpenSSL's
/// parsed X509; plain values only, so it can travel in trace events and reports.
///
/// Names taken from the certificate are kept as its own octets (`CertificateName`), never
/// decoded on the way: print them through their `printable` form.
public struct CertificateFacts: Sendable, Hashable {
  /// Position in the chain as the server sent it: 0 is the leaf.
  public let depth: Int
  /// RFC 2253 form (OpenSSL escapes its special characters), then sanitised once: a control or
  /// format character is `\DDD`, e.g. `O=x\007y`.
  public let subject: SanitizedText
  public let issuer: SanitizedText
  /// The subject's common names and the DNS names of subjectAltName, as in the certificate.
  public let commonNames: [CertificateName]
  public let dnsNames: [CertificateName]
  public let notBefore: Date?
  public let notAfter: Date?
  /// `RSA`, `EC`, `ED25519`, … and the key size in bits; for EC keys the curve name.
  public let keyType: String
  public let keyBits: Int
  public let keyGroup: String?
  public let isSelfIssued: Bool
  public let isCA: Bool
  /// The DER of the certificate (TLSA selector 0) and of its SubjectPublicKeyInfo (selector 1).
  public let der: [UInt8]
  public let spkiDER: [UInt8]

  public var certificateSHA256: [UInt8] { CertificateDigest.sha256(der) }
  public var certificateSHA512: [UInt8] { CertificateDigest.sha512(der) }
  public var spkiSHA256: [UInt8] { CertificateDigest.sha256(spkiDER) }
  public var spkiSHA512: [UInt8] { CertificateDigest.sha512(spkiDER) }

  /// Reads the facts of `certificate` (an `X509 *`; borrowed, not freed).
  public init(certificate: OpaquePointer, depth: Int) {
    self.depth = depth
    subject = Self.printName(X509_get_subject_name(certificate))
    issuer = Self.printName(X509_get_issuer_name(certificate))
    commonNames = Self.commonNames(X509_get_subject_name(certificate))
    dnsNames = Self.dnsNames(certificate)
    notBefore = Self.date(X509_get0_notBefore(certificate))
    notAfter = Self.date(X509_get0_notAfter(certificate))
    let key = X509_get0_pubkey(certificate)
    keyType = key.flatMap { EVP_PKEY_get0_type_name($0) }.map { String(cString: $0) } ?? "unknown"
    keyBits = key.map { Int(EVP_PKEY_get_bits($0)) } ?? 0
    keyGroup = key.flatMap(Self.groupName)
    isSelfIssued = X509_check_issued(certificate, certificate) == X509_V_OK
    isCA = X509_check_ca(certificate) > 0
    der = Self.encode { i2d_X509(certificate, $0) }
    spkiDER = Self.encode { i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate), $0) }
  }

  /// Reads the first certificate of a PEM text.
  public init(pem: String) throws(CertificateReadError) {
    guard let first = try Self.readChain(pem: pem).first else { throw .unreadable("empty") }
    self = first
  }

  private static func encode(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32)
    -> [UInt8]
  {
    let length = body(nil)
    guard length > 0 else { return [] }
    var bytes = [UInt8](repeating: 0, count: Int(length))
    bytes.withUnsafeMutableBufferPointer { buffer in
      var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
      _ = body(&cursor)
    }
    return bytes
  }

  private static func printName(_ name: OpaquePointer?) -> SanitizedText {
    guard let name, let bio = BIO_new(BIO_s_mem()) else { return SanitizedText("") }
    defer { BIO_free(bio) }
    // RFC 2253 form with its escapes for the special characters (`\,`, `\\`), but without
    // OpenSSL's own `\XX` for control and non-ASCII octets: the text is UTF-8 and the one
    // sanitiser escapes what is unprintable, once, in danescope's one style (`\DDD`).
    let flags = ds_XN_FLAG_RFC2253() & ~UInt(ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_ESC_MSB)
    X509_NAME_print_ex(bio, name, 0, flags)
    // OpenSSL 3 reads only valid UTF8Strings and prints the other string types converted to
    // UTF-8 (an IA5String's octets as Latin-1), so this is UTF-8 in practice; should an octet
    // that is not come through, it is shown as `\DDD`, not as U+FFFD.
    return SanitizedText(proseOctets: OpenSSLMemoryBIO.bytes(of: bio))
  }

  private static func commonNames(_ name: OpaquePointer?) -> [CertificateName] {
    guard let name else { return [] }
    var names: [CertificateName] = []
    var index: Int32 = -1
    while true {
      index = X509_NAME_get_index_by_NID(name, NID_commonName, index)
      guard index >= 0 else { break }
      if let entry = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(entry) {
        names.append(CertificateName(octets: textOctets(data)))
      }
    }
    return names
  }

  private static func dnsNames(_ certificate: OpaquePointer) -> [CertificateName] {
    guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else { return [] }
    let names = OpaquePointer(raw)
    defer { ds_GENERAL_NAMES_free(names) }
    var result: [CertificateName] = []
    for index in 0..<ds_sk_GENERAL_NAME_num(names) {
      guard let entry = ds_sk_GENERAL_NAME_value(names, index), entry.pointee.type == GEN_DNS,
        let text = entry.pointee.d.dNSName
      else { continue }
      result.append(CertificateName(octets: octets(text)))
    }
    return result
  }

  /// The string's own octets (ASN1_STRING data), as the certificate carries them.
  private static func octets(_ asn1: UnsafeMutablePointer<ASN1_STRING>) -> [UInt8] {
    let length = Int(ASN1_STRING_length(asn1))
    guard let data = ASN1_STRING_get0_data(asn1), length > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: length))
  }

  /// A directory string's octets in UTF-8: a BMPString (UCS-2) or UniversalString (UCS-4) is
  /// converted by OpenSSL when it can be; any other type, and one that does not convert, is
  /// kept as its own octets.
  private static func textOctets(_ asn1: UnsafeMutablePointer<ASN1_STRING>) -> [UInt8] {
    let type = ASN1_STRING_type(asn1)
    guard type == V_ASN1_BMPSTRING || type == V_ASN1_UNIVERSALSTRING else { return octets(asn1) }
    var converted: UnsafeMutablePointer<UInt8>?
    let length = ASN1_STRING_to_UTF8(&converted, asn1)
    guard length >= 0, let converted else {
      ERR_clear_error()
      return octets(asn1)
    }
    defer { ds_OPENSSL_free(converted) }
    return Array(UnsafeBufferPointer(start: converted, count: Int(length)))
  }

  private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
    guard let time else { return nil }
    var parts = tm()
    guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
    return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
  }

  private static func groupName(_ key: OpaquePointer) -> String? {
    var buffer = [CChar](repeating: 0, count: 80)
    var length = 0
    guard EVP_PKEY_get_group_name(key, &buffer, buffer.count, &length) == 1 else {
      ERR_clear_error()
      return nil
    }
    return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

/// A name from a certificate (a common name, a subjectAltName DNS name) as its own octets. They
/// are not decoded: `c0 ae` is not UTF-8, and a lossy decoding would make it U+FFFD, the same
/// as any other bad octet. `printable` shows every octet that is not printable ASCII as `\DDD`.
public struct CertificateName: Sendable, Hashable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  public let octets: [UInt8]

  public init(octets: [UInt8]) { self.octets = octets }

  public init(stringLiteral text: String) { octets = Array(text.utf8) }

  /// `\DDD` for every octet that is not printable ASCII, `\\` for a backslash.
  public var printable: SanitizedText { SanitizedText(bytes: octets) }

  /// The name as text when every octet is ASCII (a host name's are), for name checks; nil
  /// otherwise: such a name can match no reference identifier.
  public var asciiText: String? {
    octets.allSatisfy { $0 < 0x80 } ? String(decoding: octets, as: UTF8.self) : nil
  }

  public var description: String { printable.text }
}

/// A certificate file could not be read; says what OpenSSL reported.
public enum CertificateReadError: Error, Sendable, Hashable, CustomStringConvertible {
  case unreadable(String)
  /// The bytes are one DER certificate: the file is fine, only in the other encoding.
  case derNotPEM
  /// A PEM certificate block that is not exactly one certificate: where, and what is wrong.
  case badBlock(line: Int, String)

  public var description: String {
    switch self {
    case .unreadable(let reason): return "cannot read the certificate: \(reason)"
    case .derNotPEM:
      return "cannot read the certificate: the file looks like a DER (binary) certificate, and"
        + " a PEM file is expected"
    case .badBlock(let line, let reason):
      return "cannot read the certificate: the PEM block at line \(line) \(reason)"
    }
  }
}
