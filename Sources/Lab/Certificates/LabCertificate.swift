import COpenSSL
import FoundationEssentials
import ValidationCore

/// An X.509 certificate the lab made in-process, with its private key. Owns both handles.
public final class LabCertificate: @unchecked Sendable {
  // @unchecked: the X509 and its key are complete and never mutated once `make` returns.
  let x509: OpaquePointer
  let key: LabKey
  public let subjectName: String

  private init(x509: OpaquePointer, key: LabKey, subjectName: String) {
    self.x509 = x509
    self.key = key
    self.subjectName = subjectName
  }

  deinit { X509_free(x509) }

  /// What a certificate should say. Validity is relative to `now` (the injected clock), so an
  /// "expired" certificate stays expired whenever the lab is started.
  public struct Profile: Sendable {
    public var commonName: String
    public var dnsNames: [String]
    public var isCA: Bool
    public var validFromDays: Int
    public var validUntilDays: Int
    public var serial: Int

    public init(
      commonName: String, dnsNames: [String] = [], isCA: Bool = false, validFromDays: Int = -1,
      validUntilDays: Int = 90, serial: Int
    ) {
      self.commonName = commonName
      self.dnsNames = dnsNames
      self.isCA = isCA
      self.validFromDays = validFromDays
      self.validUntilDays = validUntilDays
      self.serial = serial
    }
  }

  /// Makes and signs a certificate: by `issuer`, or self-signed when `issuer` is nil.
  public static func make(
    _ profile: Profile, key: LabKey, issuer: LabCertificate?, now: Date
  ) throws(LabError) -> LabCertificate {
    guard let x509 = X509_new() else { throw .openSSL("X509_new") }
    let certificate = LabCertificate(x509: x509, key: key, subjectName: profile.commonName)
    guard X509_set_version(x509, 2) == 1,
      ASN1_INTEGER_set(X509_get_serialNumber(x509), profile.serial) == 1
    else { throw .openSSL("X509_set_version/serial") }
    var reference = time_t(now.timeIntervalSince1970)
    guard
      X509_time_adj_ex(X509_getm_notBefore(x509), Int32(profile.validFromDays), 0, &reference)
        != nil,
      X509_time_adj_ex(X509_getm_notAfter(x509), Int32(profile.validUntilDays), 0, &reference)
        != nil
    else { throw .openSSL("X509_time_adj_ex") }
    guard let subject = X509_get_subject_name(x509),
      X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, profile.commonName, -1, -1, 0) == 1,
      X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, "danescope lab", -1, -1, 0) == 1
    else { throw .openSSL("X509_NAME_add_entry_by_txt") }
    let issuerX509 = issuer?.x509 ?? x509
    guard X509_set_issuer_name(x509, X509_get_subject_name(issuerX509)) == 1,
      X509_set_pubkey(x509, key.pkey) == 1
    else { throw .openSSL("X509_set_issuer_name/pubkey") }
    var context = X509V3_CTX()
    X509V3_set_ctx(&context, issuerX509, x509, nil, nil, 0)
    var extensions: [(Int32, String)] = [
      (NID_basic_constraints, profile.isCA ? "critical,CA:TRUE" : "critical,CA:FALSE"),
      (NID_key_usage, profile.isCA ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature"),
      (NID_subject_key_identifier, "hash"),
    ]
    if issuer != nil { extensions.append((NID_authority_key_identifier, "keyid:always")) }
    if !profile.isCA { extensions.append((NID_ext_key_usage, "serverAuth")) }
    if !profile.dnsNames.isEmpty {
      extensions.append(
        (NID_subject_alt_name, profile.dnsNames.map { "DNS:\($0)" }.joined(separator: ",")))
    }
    for (nid, value) in extensions {
      guard let extensionHandle = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
        throw .openSSL("X509V3_EXT_conf_nid(\(nid), \(value))")
      }
      defer { X509_EXTENSION_free(extensionHandle) }
      guard X509_add_ext(x509, extensionHandle, -1) == 1 else { throw .openSSL("X509_add_ext") }
    }
    let signer = issuer?.key ?? key
    guard X509_sign(x509, signer.pkey, EVP_sha256()) > 0 else { throw .openSSL("X509_sign") }
    return certificate
  }

  // MARK: Encodings

  /// What ValidationCore reads from the certificate: its DER, its SubjectPublicKeyInfo DER
  /// (what TLSA selector 1 covers), names and dates.
  public var facts: CertificateFacts { CertificateFacts(certificate: x509, depth: 0) }

  public var pem: String {
    guard let bio = BIO_new(BIO_s_mem()) else { return "" }
    defer { BIO_free(bio) }
    PEM_write_bio_X509(bio, x509)
    return LabOpenSSL.string(from: bio)
  }

  public var privateKeyPEM: String { (try? key.pem()) ?? "" }

  /// The TLSA record data that designates this certificate with `selector` and `matching`,
  /// computed by the TLSA matcher that judges probes. A selector other than 0 selects the
  /// SubjectPublicKeyInfo, and a matching type other than 1 or 2 keeps the selected octets,
  /// so scenarios can publish records with unassigned values.
  public func tlsa(_ usage: TLSAUsage, _ selector: TLSASelector, _ matching: TLSAMatchingType)
    -> TLSAData
  {
    let facts = facts
    let known: TLSASelector =
      selector == .fullCertificate ? .fullCertificate : .subjectPublicKeyInfo
    let data =
      TLSAMatcher.associationData(of: facts, selector: known, matchingType: matching)
      ?? (known == .fullCertificate ? facts.der : facts.spkiDER)
    return TLSAData(usage: usage, selector: selector, matchingType: matching, data: data)
  }
}
