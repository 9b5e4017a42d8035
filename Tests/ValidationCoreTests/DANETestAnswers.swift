import Foundation
import ValidationCore

/// Hand-built DNS answers for the DANE policy tests: a table from (name, type) to an answer,
/// served as a `DANELookupFunction`. A question missing from the table is a test bug and answers
/// indeterminate, so it can never pass as "secure".
final class DANETestAnswers: @unchecked Sendable {
  private var table: [String: RRsetLookup] = [:]
  private let lock = NSLock()
  private(set) var asked: [String] = []

  static func name(_ text: String) -> DNSName { try! DNSName(text) }

  func set(
    _ name: String, _ type: RRType, _ security: RRsetLookup.Security, _ data: [RData] = [],
    cname: [(String, String)] = [], nxdomain: Bool = false
  ) {
    var records = cname.map {
      ResourceRecord(name: Self.name($0.0), ttl: 300, rdata: .cname(Self.name($0.1)))
    }
    let owner = cname.last.map { Self.name($0.1) } ?? Self.name(name)
    records += data.map { ResourceRecord(name: owner, ttl: 300, rdata: $0) }
    table[key(Self.name(name), type)] = RRsetLookup(
      name: Self.name(name), type: type, security: security, records: records,
      isNXDOMAIN: nxdomain)
  }

  private func key(_ name: DNSName, _ type: RRType) -> String {
    "\(name.lowercased) \(type)"
  }

  var lookup: DANELookupFunction {
    { [self] name, type in
      lock.withLock {
        asked.append(key(name, type))
        return table[key(name, type)]
          ?? RRsetLookup(name: name, type: type, security: .indeterminate(reason: "not in table"))
      }
    }
  }

  func wasAsked(_ name: String, _ type: RRType) -> Bool {
    lock.withLock { asked.contains(key(Self.name(name), type)) }
  }

  static func mx(_ preference: UInt16, _ host: String) -> RData {
    .mx(MXData(preference: preference, exchange: name(host)))
  }

  static func a(_ text: String) -> RData {
    .a(IPv4Address(octets: text.split(separator: ".").map { UInt8($0)! })!)
  }

  static func aaaaLoopback() -> RData {
    .aaaa(IPv6Address(octets: [UInt8](repeating: 0, count: 15) + [1])!)
  }

  static func tlsa(
    _ usage: UInt8, _ selector: UInt8, _ matching: UInt8, length: Int, fill: UInt8 = 0xAB
  )
    -> TLSAData
  {
    TLSAData(
      usage: TLSAUsage(rawValue: usage), selector: TLSASelector(rawValue: selector),
      matchingType: TLSAMatchingType(rawValue: matching),
      data: [UInt8](repeating: fill, count: length))
  }
}

/// A probe that answers from a table by address, recording every request it gets.
final class RecordingProbe: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var requests: [ProbeRequest] = []
  private var inFlight = 0
  private(set) var maxInFlight = 0
  let answer: @Sendable (ProbeRequest) -> ProbeObservation.Stage
  let decision: @Sendable (ProbeRequest) -> ProbeObservation.DANEDecision?

  init(
    answer: @escaping @Sendable (ProbeRequest) -> ProbeObservation.Stage = { _ in .tlsEstablished },
    decision: @escaping @Sendable (ProbeRequest) -> ProbeObservation.DANEDecision? = { _ in nil }
  ) {
    self.answer = answer
    self.decision = decision
  }

  var probe: DANEProbeFunction {
    { [self] request in
      lock.withLock {
        requests.append(request)
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
      }
      // Give other probes the chance to start, so that the bound is really exercised.
      try? await Task.sleep(nanoseconds: 2_000_000)
      lock.withLock { inFlight -= 1 }
      let decision = self.decision(request)
      var matches: [ProbeObservation.MatcherMatch] = []
      if case .matched(let record, let depth)? = decision {
        matches.append(.init(record: record, depth: depth))
      }
      return ProbeObservation(
        address: request.address, port: request.port, stage: answer(request),
        tlsSummary: "TLSv1.3 TLS_AES_256_GCM_SHA384", daneDecision: decision,
        matcherMatches: matches)
    }
  }
}
