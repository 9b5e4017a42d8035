import Foundation
import ValidationCore
import XCTest

@testable import Console

/// A whole check is bounded (DANECheck.timeLimit, twelve times the step timeout), not only each
/// step: 16 MX hosts of 8 addresses each, all at a real server that accepts and never greets.
/// With 8 probes at a time and each greeting waited for 0.05 s, the probes alone need at least
/// 16 × 0.05 s = 0.8 s, past the 0.6 s limit: the check stops there, says it is incomplete, and
/// the probes it stopped are "incomplete", not "unreachable".
final class CheckTimeLimitTests: XCTestCase {
  func testTheWholeCheckStopsAtItsTimeLimitAndSaysSo() async throws {
    let peer = try HostilePeer(.silence, certificate: nil)
    defer { peer.stop() }
    let domain = try DNSName("slow.test.")
    let hosts = try (1...16).map { try DNSName("mx\($0).slow.test.") }
    let lookup: DANELookupFunction = { name, type in
      switch type {
      case .mx where name == domain:
        let records = hosts.enumerated().map { index, host in
          ResourceRecord(
            name: domain, ttl: 60,
            rdata: .mx(MXData(preference: UInt16(index + 1), exchange: host)))
        }
        return RRsetLookup(name: name, type: type, security: .insecure, records: records)
      case .a:
        // 127.H.0.1 to 127.H.0.8 for host mxH: every address is one host's.
        let host = UInt8(hosts.firstIndex(of: name).map { $0 + 1 } ?? 0)
        let records = (1...8).map { octet in
          ResourceRecord(
            name: name, ttl: 60, rdata: .a(IPv4Address(octets: [127, host, 0, UInt8(octet)])!))
        }
        return RRsetLookup(name: name, type: type, security: .insecure, records: records)
      default:
        return RRsetLookup(name: name, type: type, security: .insecure)
      }
    }
    var check = DANECheck(lookup: lookup, probe: DANECheck.liveProbe())
    check.timeouts = .uniform(0.05)
    check.endpoints = Dictionary(
      uniqueKeysWithValues: hosts.map {
        ($0, DANECheck.Endpoint(address: "127.0.0.1", port: peer.port))
      })
    XCTAssertEqual(check.timeLimit, 0.6, accuracy: 1e-9)

    let report = await check.run(domain: domain)
    let reason = try XCTUnwrap(report.incompleteReason)
    XCTAssertTrue(reason.contains("time limit of 0.6 s was reached"), reason)
    let probes = report.mx.hosts.flatMap(\.probes)
    XCTAssertEqual(probes.count, 16 * 8)
    XCTAssertFalse(probes.contains { $0.verdict.word == "verified" })
    // The probes the limit stopped are "incomplete", never "unreachable": the server was not
    // shown to be down, and no finding blames it.
    let stopped = probes.filter { $0.verdict.word == "incomplete" }
    XCTAssertFalse(stopped.isEmpty, probes.map(\.verdict.word).joined(separator: " "))
    for probe in probes where probe.verdict.word == "unreachable" {
      XCTAssertFalse(probe.verdict.reason.contains("cancelled"), probe.verdict.reason)
    }
    // MX_UNREACHABLE names, per host, exactly the addresses whose probes ended unreachable
    // (here all at 127.0.0.1, the test's one server): none of those the limit stopped.
    let unreachable = ChainFindings.flatten(report.findings)
      .filter { $0.code.rawValue == "MX_UNREACHABLE" }
    for host in report.mx.hosts {
      let ended = host.probes.filter { $0.verdict.word == "unreachable" }.count
      let named = unreachable.filter { $0.subject == host.target.name.description }
        .flatMap { $0.evidence.filter { $0.label == "addresses" } }
        .map { $0.value.components(separatedBy: ", ").count }
        .reduce(0, +)
      XCTAssertEqual(named, ended, "\(host.target.name): \(host.probes.map(\.verdict.word))")
    }
    // The console's header says what `check` says: incomplete, not "partial" (no address was
    // reached to the end of its dialogue: each is unreachable or stopped).
    let shown = ConsoleReport(report, chains: [])
    XCTAssertEqual(HeaderBadges.dane(shown, traces: [:]).0, "incomplete")
  }
}
