import Foundation
import ValidationCore
import XCTest

@testable import Lab

/// `check` walks down to the zones of its hosts' records that its chain summary does not list
/// (DANECheck.hostZoneFindings). Hosts in the MX RRset's own zones, the usual case and the
/// benchmark's two-mx.example, must cost nothing for it: no libunbound query beyond those of the
/// check without these walks. Counted with the resolver's events over the real lab.
final class CheckHostZoneCostTests: XCTestCase {
  final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [String] = []
    func note(_ event: ResolverEvent) {
      lock.withLock { asked.append("\(event.name) \(event.type)") }
    }
    var all: [String] { lock.withLock { asked } }
  }

  /// The questions libunbound was asked by one check of `domain`, with or without the walks.
  func questions(_ lab: RunningLab, _ domain: DNSName, walking: Bool) async throws -> [String] {
    let counter = Counter()
    let resolver = try UnboundResolver(lab.resolverConfiguration, onEvent: counter.note)
    let anchors = try ChainTrustAnchors.records(for: lab.resolverConfiguration)
    let builder = ChainBuilder(
      source: ResolverLookupSource(resolver), trustAnchors: anchors, options: ChainOptions())
    var check = DANECheck(
      lookup: DANECheck.lookup(through: resolver),
      probe: { request in
        ProbeObservation(
          address: request.address, port: request.port, stage: .tlsEstablished,
          tlsSummary: "", daneDecision: nil, matcherMatches: [])
      })
    check.chainOfTrust = { name, type in await builder.build(name: name, type: type) }
    if walking { check.zoneWalks = builder.sharingWalks() }
    let report = await check.run(domain: domain)
    XCTAssertEqual(report.chainOfTrust?.status, .secure, "\(domain)")
    XCTAssertEqual(report.mx.hosts.count, 2, "\(domain)")
    return counter.all
  }

  func testHostsInTheMXZoneCostNoExtraQuery() async throws {
    let lab = try await Lab.start(clock: SystemClock())
    defer { lab.stop() }
    let domain = Lab.domain(for: "two-mx")
    let before = try await questions(lab, domain, walking: false)
    let after = try await questions(lab, domain, walking: true)
    XCTAssertFalse(before.isEmpty)
    XCTAssertEqual(after.sorted(), before.sorted())
  }
}
