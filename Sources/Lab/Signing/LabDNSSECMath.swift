import ValidationCore

/// The DS record the lab publishes in a parent for a child's key.
enum LabDNSSECMath {
  static func ds(for key: DNSKEYData, owner: DNSName, digestType: DSDigestType = .sha256)
    throws(LabError) -> DSData
  {
    let digest: [UInt8]?
    do {
      digest = try DSDigest.compute(owner: owner, key: key, type: digestType)
    } catch {
      throw .openSSL("DS digest for \(owner): \(error)")
    }
    guard let digest else { throw .zone("the lab makes no DS with digest type \(digestType)") }
    return DSData(
      keyTag: key.keyTag, algorithm: key.algorithm, digestType: digestType, digest: digest)
  }
}
