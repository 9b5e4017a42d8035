import FoundationEssentials
import ValidationCore

/// The lab's certificate authority (a root and one intermediate) and the certificates it makes
/// for MX hosts. Certificates are issued afresh at every start (their validity follows the
/// clock), but their keys come from the per-user cache: a host keeps its key, and so its
/// `3 1 1` TLSA data, from one start to the next, and an exported certificate matches the
/// servers of any later start.
struct LabPKI: Sendable {
  /// The longest validity the lab gives a certificate (its CA's), counted from the clock.
  static let authorityValidityDays = 3650

  let authority: LabCertificate
  let intermediate: LabCertificate
  let now: Date
  private let keys: LabKeyCache
  private let serials: SerialCounter

  init(now: Date, keys: LabKeyCache) throws(LabError) {
    self.now = now
    self.keys = keys
    serials = SerialCounter()
    authority = try LabCertificate.make(
      .init(
        commonName: "danescope lab CA", isCA: true, validFromDays: -30,
        validUntilDays: Self.authorityValidityDays, serial: 1),
      key: try keys.certificateKey("cert-authority"), issuer: nil, now: now)
    intermediate = try LabCertificate.make(
      .init(
        commonName: "danescope lab intermediate", isCA: true, validFromDays: -30,
        validUntilDays: 1825, serial: 2),
      key: try keys.certificateKey("cert-intermediate"), issuer: authority, now: now)
  }

  /// What a host's server presents, plus what its TLSA records may describe.
  struct HostMaterial: Sendable {
    /// Leaf first, then the intermediate when the server sends it.
    let chain: [LabCertificate]
    /// The leaf the server had before a renewal (same key), for stale-record scenarios.
    let previousLeaf: LabCertificate?
    /// A certificate on the key planned for the next renewal, for rollover scenarios.
    let nextLeaf: LabCertificate

    var leaf: LabCertificate { chain[0] }
  }

  func material(for host: String, kind: CertificateKind) throws(LabError) -> HostMaterial {
    let key = try keys.certificateKey("cert-\(host)")
    let nextKey = try keys.certificateKey("cert-\(host)-next")
    let profile = LabCertificate.Profile(
      commonName: host, dnsNames: [host], serial: serials.next())
    let next = try LabCertificate.make(
      .init(commonName: host, dnsNames: [host], serial: serials.next()), key: nextKey,
      issuer: intermediate, now: now)
    switch kind {
    case .issuedByIntermediate:
      let leaf = try LabCertificate.make(profile, key: key, issuer: intermediate, now: now)
      return HostMaterial(chain: [leaf, intermediate], previousLeaf: nil, nextLeaf: next)
    case .wrongName:
      let other = "elsewhere.invalid"
      let leaf = try LabCertificate.make(
        .init(commonName: other, dnsNames: [other], serial: serials.next()), key: key,
        issuer: intermediate, now: now)
      return HostMaterial(chain: [leaf, intermediate], previousLeaf: nil, nextLeaf: next)
    case .selfSigned:
      let leaf = try LabCertificate.make(profile, key: key, issuer: nil, now: now)
      return HostMaterial(chain: [leaf], previousLeaf: nil, nextLeaf: next)
    case .expiredSelfSigned:
      var expired = profile
      expired.validFromDays = -400
      expired.validUntilDays = -35
      let leaf = try LabCertificate.make(expired, key: key, issuer: nil, now: now)
      return HostMaterial(chain: [leaf], previousLeaf: nil, nextLeaf: next)
    case .renewed:
      var old = profile
      old.validFromDays = -120
      old.validUntilDays = -30
      let previous = try LabCertificate.make(old, key: key, issuer: intermediate, now: now)
      var renewed = profile
      renewed.serial = serials.next()
      let leaf = try LabCertificate.make(renewed, key: key, issuer: intermediate, now: now)
      return HostMaterial(chain: [leaf, intermediate], previousLeaf: previous, nextLeaf: next)
    }
  }

  /// The TLSA record data for `spec` against a host's material.
  func tlsa(_ spec: TLSASpec, for material: HostMaterial) -> TLSAData {
    let subject: LabCertificate
    switch spec.subject {
    case .leaf: subject = material.leaf
    case .previousLeaf: subject = material.previousLeaf ?? material.leaf
    case .nextKey: subject = material.nextLeaf
    case .intermediate: subject = intermediate
    case .authority: subject = authority
    }
    var data = subject.tlsa(spec.usage, spec.dataSelector ?? spec.selector, spec.matching)
    data.selector = spec.selector
    return data
  }
}

extension LabKeyCache {
  /// The P-256 key of a lab certificate, kept under `slot` (ECDSA keys are fast to make, but a
  /// new key per start would change every `3 1 1` TLSA record the user has seen).
  func certificateKey(_ slot: String) throws(LabError) -> LabKey {
    try key(slot, .ecdsaP256SHA256, flags: 0)
  }
}

/// Hands out certificate serial numbers, unique within one lab.
final class SerialCounter: @unchecked Sendable {
  // @unchecked: the counter is guarded by the lock.
  private let lock = Lock()
  private var value = 100

  func next() -> Int {
    lock.withLock {
      value += 1
      return value
    }
  }
}

extension Lab {
  /// The latest clock the lab can be built at. Its CA certificate ends `authorityValidityDays`
  /// after the clock, and an X.509 time ends at 9999-12-31T23:59:59Z (GeneralizedTime's four
  /// digit year, RFC 5280 §4.1.2.5.2): later, OpenSSL cannot write the certificate at all.
  public static let latestClockTime = Date(
    timeIntervalSince1970: 253_402_300_799 - Double(LabPKI.authorityValidityDays) * 86_400)
}
