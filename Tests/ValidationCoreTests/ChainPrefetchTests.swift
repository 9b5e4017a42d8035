import Foundation
import ValidationCore
import XCTest

/// The chain engine asks for its lookups ahead of need (all SOA queries of the lineage at once,
/// then DS and DNSKEY of every zone cut at once), but still asks each question once, and the
/// check starts its chain summary only when every MX host's own lookups are done.
final class ChainPrefetchTests: XCTestCase {
  /// Answers after a short wait, counting questions and how many wait at the same time.
  final class SlowSource: ChainLookupSource, @unchecked Sendable {
    private let lock = NSLock()
    private var inFlight = 0
    private(set) var maxInFlight = 0
    private(set) var asked: [String] = []
    let zones: Set<DNSName>

    init(zones: [String]) { self.zones = Set(zones.map { try! DNSName($0) }) }

    func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup {
      lock.withLock {
        asked.append("\(name) \(type)")
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
      }
      try? await Task.sleep(nanoseconds: 20_000_000)
      lock.withLock { inFlight -= 1 }
      // An SOA owned by the name marks a zone apex; everything else is an empty answer.
      guard type == .soa, zones.contains(name) else {
        return ChainLookup(rcode: 0, answer: [], authority: [], validatorStatus: "insecure")
      }
      let soa = SOAData(
        mname: name, rname: name, serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1)
      return ChainLookup(
        rcode: 0, answer: [ResourceRecord(name: name, ttl: 60, rdata: .soa(soa))], authority: [],
        validatorStatus: "insecure")
    }
  }

  func testLookupsAreAskedOnceAndAheadOfNeed() async {
    let source = SlowSource(zones: ["example.", "mail.example."])
    let anchor = ResourceRecord(
      name: .root, ttl: 0,
      rdata: .ds(
        DSData(keyTag: 1, algorithm: .ecdsaP256SHA256, digestType: .sha256, digest: [UInt8](
          repeating: 7, count: 32))))
    let report = await ChainBuilder(
      source: source, trustAnchors: [anchor], options: ChainOptions()
    ).build(name: try! DNSName("host.mail.example."), type: .a)

    XCTAssertEqual(source.asked.count, Set(source.asked).count, "asked twice: \(source.asked)")
    for question in ["example. SOA", "mail.example. SOA", "host.mail.example. SOA", ". DNSKEY"] {
      XCTAssertTrue(source.asked.contains(question), "\(question) not asked: \(source.asked)")
    }
    // The three SOA questions, the root DNSKEY set and the answer went out together.
    XCTAssertGreaterThanOrEqual(source.maxInFlight, 4)
    // The root's keys cannot match the made-up anchor, so nothing below is secure.
    XCTAssertNotEqual(report.status, .secure)
  }

  func testTheCheckStartsItsChainSummaryAfterEveryHostsLookups() async {
    typealias T = DANETestAnswers
    let answers = T()
    answers.set(
      "example.org.", .mx, .secure, [T.mx(10, "mx1.example.org."), T.mx(20, "mx2.example.org.")])
    for host in ["mx1", "mx2"] {
      answers.set("\(host).example.org.", .a, .secure, [T.a("192.0.2.\(host == "mx1" ? 1 : 2)")])
      answers.set("\(host).example.org.", .aaaa, .secure)
      answers.set(
        "_25._tcp.\(host).example.org.", .tlsa, .secure, [.tlsa(T.tlsa(3, 1, 1, length: 32))])
    }
    let askedFirst = Box()
    var check = DANECheck(lookup: answers.lookup, probe: RecordingProbe().probe)
    check.chainOfTrust = { name, type in
      askedFirst.set(answers.asked)
      return await ChainBuilder(
        source: SlowSource(zones: []), trustAnchors: [], options: ChainOptions()
      ).build(name: name, type: type)
    }
    let report = await check.run(domain: T.name("example.org."))

    XCTAssertNotNil(report.chainOfTrust)
    let before = askedFirst.value
    for host in ["mx1", "mx2"] {
      for question in ["\(host).example.org. A", "\(host).example.org. AAAA",
        "_25._tcp.\(host).example.org. TLSA"]
      {
        XCTAssertTrue(before.contains(question), "\(question) came after the chain: \(before)")
      }
    }
  }

  final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func set(_ value: [String]) { lock.withLock { stored = value } }
    var value: [String] { lock.withLock { stored } }
  }
}
