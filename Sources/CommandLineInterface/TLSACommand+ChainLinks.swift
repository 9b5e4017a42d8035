import ValidationCore

extension TLSACommand {
  /// Why no trust-anchor record (usage 2 or 0) can be made from a chain of several certificates
  /// that does not lead from the leaf up to its last certificate, or nil when it does. The
  /// record names the last certificate; when some certificate was not issued by the next one,
  /// that certificate is no ancestor of the leaf and the record would match nothing the server's
  /// chain leads to (RFC 7671 §5.2.2).
  static func brokenChainRefusal(_ usage: TLSAUsage, chain: [CertificateFacts], source: Source)
    -> String?
  {
    guard usage == .daneTA || usage == .pkixTA,
      let broken = CertificateIssuance.firstBrokenLink(in: chain)
    else { return nil }
    let lower = chain[broken.certificate]
    let upper = chain[broken.issuer]
    let link =
      "certificate \(broken.issuer + 1) of \(chain.count) (\(upper.subject)) did not issue"
      + " certificate \(broken.certificate + 1) (\(lower.subject)): \(broken.reason)."
    let rule =
      " A \(usage) record names the last certificate, which must be the CA that the chain"
      + " leads up to from the leaf, each certificate issued by the next (RFC 7671 §5.2.2)."
    let usageThree = " Or publish the leaf itself with usage 3 (leave out --usage)."
    switch source {
    case .server(let server):
      return "danescope: in the chain \(server) sent, " + link + rule
        + " Fix the server's chain (its certificate, then each issuer in order), or give the"
        + " CA certificate's file: danescope tlsa --usage \(usage.rawValue) CA.pem." + usageThree
    case .file(let path):
      return "danescope: \(path): " + link + rule
        + " Give the leaf followed by the CA certificates that issued it, in order, or the CA"
        + " certificate alone." + usageThree
    }
  }
}
