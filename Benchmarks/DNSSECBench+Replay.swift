import Foundation
import ValidationCore

/// Passes lookups through and keeps every answer.
final class RecordingSource: ChainLookupSource, @unchecked Sendable {
  // @unchecked: `answers` is only touched under `lock`.
  private let inner: any ChainLookupSource
  private let lock = NSLock()
  private var answers: [String: ChainLookup] = [:]

  init(_ inner: any ChainLookupSource) { self.inner = inner }

  func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup {
    let answer = await inner.lookup(name, type)
    lock.withLock { answers["\(name) \(type)"] = answer }
    return answer
  }

  var recorded: [String: ChainLookup] { lock.withLock { answers } }
}

/// Answers from a recording, at no cost.
struct ReplaySource: ChainLookupSource {
  let answers: [String: ChainLookup]

  init(_ answers: [String: ChainLookup]) { self.answers = answers }

  func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup {
    answers["\(name) \(type)"]
      ?? ChainLookup(rcode: -1, answer: [], authority: [], failure: "not recorded")
  }
}

/// The crypto one chain build does, replayed on its own: each zone's keys read into OpenSSL,
/// every signature checked, every DS digest computed.
struct CryptoReplay {
  struct Check {
    let rrsig: RRSIGData
    let owner: DNSName
    let records: [ResourceRecord]
  }

  let keys: [(zone: DNSName, key: DNSKEYData)]
  let checks: [Check]
  let digests: [(owner: DNSName, key: DNSKEYData, type: DSDigestType)]

  init(_ report: ChainReport) {
    keys = report.zones.flatMap { zone in zone.keys.map { (zone.name, $0.key) } }
    var rrsets: [RRsetReport] = []
    for zone in report.zones {
      rrsets += [zone.dsSet, zone.dnskeySet].compactMap { $0 } + (zone.dsDenial?.rrsets ?? [])
    }
    rrsets += [report.answer].compactMap { $0 } + (report.denial?.rrsets ?? [])
    checks = rrsets.flatMap { rrset in
      rrset.signatures.filter { $0.verdict != nil }.map {
        Check(rrsig: $0.rrsig, owner: rrset.key.name, records: rrset.records)
      }
    }
    digests = report.zones.flatMap { zone in
      zone.ds.compactMap { ds -> (DNSName, DNSKEYData, DSDigestType)? in
        guard let key = zone.keys.first(where: { $0.keyTag == ds.ds.keyTag })?.key else {
          return nil
        }
        return (zone.name, key, ds.ds.digestType)
      }
    }
  }

  func secondsPerChain(rounds: Int) -> Double {
    let start = CPUTime.now()
    for _ in 0..<rounds { once() }
    return (CPUTime.now() - start) / Double(rounds)
  }

  private func once() {
    var parsed: [(zone: DNSName, tag: UInt16, key: DNSKEYPublicKey)] = []
    for (zone, data) in keys {
      if let key = try? DNSKEYPublicKey(data) { parsed.append((zone, data.keyTag, key)) }
    }
    for check in checks {
      guard
        let key = parsed.first(where: {
          $0.zone == check.rrsig.signerName && $0.tag == check.rrsig.keyTag
        })?.key
      else { continue }
      let input = SignatureInput.make(
        rrsig: check.rrsig, owner: check.owner, records: check.records)
      _ = SignatureVerifier.verify(signature: check.rrsig.signature, over: input, with: key)
    }
    for digest in digests {
      _ = try? DSDigest.compute(owner: digest.owner, key: digest.key, type: digest.type)
    }
  }
}
