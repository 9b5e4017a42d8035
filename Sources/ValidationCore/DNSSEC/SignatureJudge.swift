import Foundation

/// A zone key read once: its DNSKEY, tag, and the OpenSSL key (nil when it cannot be read).
struct ZoneKey: Sendable {
  let data: DNSKEYData
  let tag: UInt16
  let publicKey: DNSKEYPublicKey?
  let problem: String?

  init(_ data: DNSKEYData) {
    self.data = data
    tag = data.keyTag
    do {
      publicKey = try DNSKEYPublicKey(data)
      problem = nil
    } catch {
      DNSSECCrypto.clearErrors()
      publicKey = nil
      problem = error.description
    }
  }

  /// A key may validate only if it is a zone key and not revoked (RFC 4035 §5.3.1, RFC 5011).
  var mayValidate: Bool { data.isZoneKey && !data.isRevoked }
}

/// Judges the RRSIGs over one RRset: which key made each, whether it verifies, and where its
/// validity window stands against the clock.
struct SignatureJudge: Sendable {
  let clock: any Clock

  /// RRSIG times are seconds modulo 2^32 (RFC 4034 §3.1.5): the value meant is the one within
  /// 68 years of now.
  func date(_ stamp: UInt32) -> Date {
    let now = clock.now.timeIntervalSince1970
    let nowStamp = UInt32(truncatingIfNeeded: Int64(now.rounded(.down)))
    let offset = Int32(bitPattern: stamp &- nowStamp)
    return Date(timeIntervalSince1970: now.rounded(.down) + Double(offset))
  }

  func window(_ rrsig: RRSIGData) -> (inception: Date, expiration: Date, window: SignatureWindow) {
    let inception = date(rrsig.inception)
    let expiration = date(rrsig.expiration)
    let now = clock.now
    if now < inception {
      return (inception, expiration, .notYetValid(startsIn: inception.timeIntervalSince(now)))
    }
    if now > expiration {
      return (inception, expiration, .expired(since: now.timeIntervalSince(expiration)))
    }
    return (inception, expiration, .valid(expiresIn: expiration.timeIntervalSince(now)))
  }

  /// Checks every RRSIG over `records` (one RRset owned by `owner`) made by `zone`'s `keys`.
  func check(
    records: [ResourceRecord], owner: DNSName, signatures: [RRSIGData], zone: DNSName,
    keys: [ZoneKey]
  ) -> [SignatureReport] {
    signatures.map { rrsig in
      let (inception, expiration, window) = window(rrsig)
      let isWildcard = Int(rrsig.labels) < owner.labelCount && !owner.isWildcard
      let verdict = verify(rrsig, records: records, owner: owner, zone: zone, keys: keys)
      return SignatureReport(
        rrsig: rrsig, inception: inception, expiration: expiration, window: window,
        verdict: verdict, isWildcardExpansion: isWildcard)
    }
  }

  private func verify(
    _ rrsig: RRSIGData, records: [ResourceRecord], owner: DNSName, zone: DNSName, keys: [ZoneKey]
  ) -> SignatureVerdict? {
    guard rrsig.signerName == zone else {
      return .invalid(reason: "signer \(rrsig.signerName) is not the zone \(zone)")
    }
    let ownLabels = owner.isWildcard ? owner.labelCount - 1 : owner.labelCount
    guard Int(rrsig.labels) <= ownLabels else {
      return .invalid(
        reason: "labels field \(rrsig.labels) exceeds the owner's \(ownLabels) labels")
    }
    let candidates = keys.filter {
      $0.tag == rrsig.keyTag && $0.data.algorithm == rrsig.algorithm && $0.mayValidate
    }
    guard !candidates.isEmpty else {
      if !rrsig.algorithm.isSupportedByEngine { return .unsupportedAlgorithm(rrsig.algorithm) }
      return nil
    }
    let input = SignatureInput.make(rrsig: rrsig, owner: owner, records: records)
    var last: SignatureVerdict?
    for key in candidates {
      guard let publicKey = key.publicKey else {
        last = .unusableKey(reason: key.problem ?? "unreadable key")
        continue
      }
      let verdict = SignatureVerifier.verify(
        signature: rrsig.signature, over: input, with: publicKey)
      if verdict == .valid { return .valid }
      last = verdict
    }
    return last
  }
}

/// Text forms for times and durations in findings and the tree.
enum ChainText {
  static func timestamp(_ date: Date) -> String {
    UTCTimestamp.text(date)
  }

  /// `3 d 4 h`, `5 h 12 min`, `40 s`. Truncated, never rounded up: a signature that expires
  /// in 29 d 23 h 59 min 59.6 s does not read "30 d", which a second later would be "29 d 23 h".
  static func duration(_ seconds: TimeInterval) -> String {
    let total = Int(seconds.rounded(.towardZero))
    let days = total / 86_400
    let hours = (total % 86_400) / 3_600
    let minutes = (total % 3_600) / 60
    if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
    if hours > 0 { return minutes > 0 ? "\(hours) h \(minutes) min" : "\(hours) h" }
    if minutes > 0 { return "\(minutes) min" }
    return "\(total) s"
  }
}
