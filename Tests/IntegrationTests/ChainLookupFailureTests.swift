import Foundation
import ValidationCore
import XCTest

/// The chain engine when one of its lookups fails: libunbound forwards through a relay that
/// never answers one question (`DroppingDNSProxy`) to a real nsd serving `ResolverFixture`'s
/// zones. A lookup that fails proves nothing either way, so the part of the chain it was for is
/// indeterminate (unbound's own state for "could not tell"), never secure and never bogus, and
/// LOOKUP_FAILED names the lookup. Every zone here is validly signed: libunbound, which finds
/// the zone cuts from the signatures and not from SOA queries, says secure for the answers whose
/// DS and DNSKEY sets it can fetch.
final class ChainLookupFailureTests: XCTestCase {
  nonisolated(unsafe) private static var shared: Result<(ResolverFixture, NSDServer), Error>?
  private var proxy: DroppingDNSProxy?

  override class func setUp() {
    shared = Result {
      let fixture = try ResolverFixture()
      return (fixture, try NSDServer(zones: fixture.nsdZones))
    }
  }

  override class func tearDown() {
    if case .success(let (_, nsd))? = shared { nsd.stop() }
    shared = nil
  }

  override func tearDown() {
    proxy?.stop()
    proxy = nil
  }

  /// A chain for `name`/`type` built through a relay that drops `dropped`.
  private func chain(
    _ name: String, _ type: RRType, dropping dropped: [DroppingDNSProxy.Question],
    failing: (DNSName, RRType)? = nil
  ) async throws -> ChainReport {
    let (fixture, nsd) = try XCTUnwrap(Self.shared).get()
    let proxy = try DroppingDNSProxy(upstreamPort: nsd.port, dropping: Set(dropped))
    self.proxy = proxy
    let configuration = ResolverConfiguration.forwarders(
      [try ForwarderAddress(parsing: proxy.address)],
      trustAnchorFile: try fixture.trustAnchorFile().path)
    let resolver = try UnboundResolver(configuration, timeout: .seconds(2))
    var source: any ChainLookupSource = ResolverLookupSource(resolver)
    if let failing { source = OneFailedLookup(source, failing: failing) }
    let builder = ChainBuilder(
      source: source,
      trustAnchors: try ChainTrustAnchors.records(for: configuration), options: ChainOptions())
    let report = await builder.build(name: .of(name), type: type)
    for question in dropped {
      XCTAssertTrue(proxy.dropped.contains(question), "the relay never saw \(question)")
    }
    return report
  }

  private func codes(_ report: ChainReport) -> [String] {
    report.findings.map(\.code.rawValue)
  }

  /// LOOKUP_FAILED for `subject`, and no finding that blames a signature, a key or a proof.
  private func assertOnlyTheLookupFailed(
    _ report: ChainReport, _ subject: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    let failed = report.findings.filter { $0.code.rawValue == "LOOKUP_FAILED" }
    XCTAssertEqual(failed.map(\.subject), [subject], "\(codes(report))", file: file, line: line)
    let blaming = report.findings.filter {
      $0.code.rawValue.hasPrefix("RRSIG_") || $0.code.rawValue.hasPrefix("DNSKEY_")
        || $0.code.rawValue.hasPrefix("DS_") || $0.code.rawValue.hasPrefix("NSEC")
        || $0.code.rawValue.hasPrefix("DENIAL_")
    }
    XCTAssertEqual(blaming.map(\.code.rawValue), [], file: file, line: line)
  }

  /// The defect: with `example. SOA` unanswered the engine took the answer to be in `.` and
  /// judged the domain's signature with the root's keys (RRSIG_INVALID, bogus).
  func testUnansweredZoneCutLookupLeavesTheAnswerIndeterminate() async throws {
    let report = try await chain(
      "www.example.", .a, dropping: [.init("example.", "SOA")])
    XCTAssertEqual(report.status, .indeterminate, report.reason ?? "-")
    XCTAssertEqual(report.validatorStatus, "secure")
    assertOnlyTheLookupFailed(report, "example. SOA")
    XCTAssertEqual(report.zones.map(\.name), [.of(".")])
    XCTAssertEqual(report.zones.map(\.status), [.secure])
    XCTAssertEqual(report.answer?.status, .indeterminate)
    XCTAssertEqual(report.answer?.signatures.count, 0, "the answer was judged with some zone's keys")
    XCTAssertTrue(report.reason?.contains("the SOA lookup for example. failed") ?? false, report.reason ?? "-")
  }

  /// The SOA lookup for the name itself: whether it is an apex is unknown, so `example.`'s keys
  /// may not judge it either (they would say secure here, by chance of the fixture).
  func testUnansweredSOALookupForTheNameLeavesTheAnswerIndeterminate() async throws {
    let report = try await chain(
      "www.example.", .a, dropping: [.init("www.example.", "SOA")])
    XCTAssertEqual(report.status, .indeterminate, report.reason ?? "-")
    assertOnlyTheLookupFailed(report, "www.example. SOA")
    XCTAssertEqual(report.zones.map(\.status), [.secure, .secure])
    XCTAssertEqual(report.answer?.status, .indeterminate)
  }

  /// A denial below an unknown cut: the NSEC records of `example.` judged with the root's keys
  /// would be a broken proof.
  func testUnansweredZoneCutLookupLeavesADenialIndeterminate() async throws {
    let report = try await chain(
      "nope.example.", .a, dropping: [.init("example.", "SOA")])
    XCTAssertEqual(report.status, .indeterminate, report.reason ?? "-")
    XCTAssertEqual(report.validatorStatus, "secure")
    assertOnlyTheLookupFailed(report, "example. SOA")
    XCTAssertNil(report.denial, "the proof was judged with some zone's keys")
  }

  /// Dropping `example. DS` or `example. DNSKEY` makes every lookup below `example.` fail in
  /// libunbound (it cannot validate them), the engine's `example. SOA` first: the chain is
  /// indeterminate from there, and neither the DS set nor the keys are blamed.
  func testUnansweredDSOrDNSKEYLookupLeavesTheChainIndeterminate() async throws {
    for type in ["DS", "DNSKEY"] {
      let report = try await chain("www.example.", .a, dropping: [.init("example.", type)])
      XCTAssertEqual(report.status, .indeterminate, "\(type): \(report.reason ?? "-")")
      assertOnlyTheLookupFailed(report, "example. SOA")
      XCTAssertNotEqual(report.answer?.status, .secure, type)
      XCTAssertNotEqual(report.answer?.status, .bogus, type)
      proxy?.stop()
    }
  }

  /// A delegation whose DS cannot be fetched is not an insecure one: only a proof of no DS is.
  func testUnansweredDSLookupIsNotAnInsecureDelegation() async throws {
    let report = try await chain(
      "www.insec.example.", .a, dropping: [.init("insec.example.", "DS")])
    XCTAssertEqual(report.status, .indeterminate, report.reason ?? "-")
    assertOnlyTheLookupFailed(report, "insec.example. SOA")
    XCTAssertFalse(codes(report).contains("INSECURE_DELEGATION"), "\(codes(report))")
  }

  /// The engine's own DS or DNSKEY lookup failing while the SOA lookups before it were
  /// answered: a timeout that hits one lookup of the walk (as `--timeout 0.003` does at
  /// random). The lookups are the real resolver's; only the one named fails, as the resolver
  /// reports a lookup it gave up on.
  func testOneFailedDSOrDNSKEYLookupOfTheWalkLeavesTheZoneIndeterminate() async throws {
    for (name, type, zones) in [
      ("example.", RRType.ds, ChainStatus.indeterminate),
      ("example.", .dnskey, .indeterminate),
    ] {
      let report = try await chain(
        "www.example.", .a, dropping: [], failing: (.of(name), type))
      XCTAssertEqual(report.status, .indeterminate, "\(type): \(report.reason ?? "-")")
      assertOnlyTheLookupFailed(report, "\(name) \(type)")
      XCTAssertEqual(report.zones.map(\.status), [.secure, zones], "\(type)")
      XCTAssertNotEqual(report.answer?.status, .secure, "\(type)")
      XCTAssertNotEqual(report.answer?.status, .bogus, "\(type)")
      proxy?.stop()
    }
    let insecure = try await chain(
      "www.insec.example.", .a, dropping: [], failing: (.of("insec.example."), .ds))
    XCTAssertEqual(insecure.status, .indeterminate, insecure.reason ?? "-")
    assertOnlyTheLookupFailed(insecure, "insec.example. DS")
    XCTAssertFalse(codes(insecure).contains("INSECURE_DELEGATION"), "\(codes(insecure))")
  }

  /// The answer's own lookup.
  func testUnansweredAnswerLookupIsIndeterminate() async throws {
    let report = try await chain("www.example.", .a, dropping: [.init("www.example.", "A")])
    XCTAssertEqual(report.status, .indeterminate, report.reason ?? "-")
    assertOnlyTheLookupFailed(report, "www.example. A")
    XCTAssertEqual(report.zones.map(\.status), [.secure, .secure])
    XCTAssertNil(report.answer)
  }

  /// A CNAME's target is walked as a chain of its own: its answer lookup failing, or the SOA
  /// lookup that finds its zone, leaves the target (and so the answer) indeterminate, while the
  /// alias keeps its own secure CNAME. In-process zones (`ChainFixture`), one lookup failing.
  func testFailedLookupsOfACNAMETargetLeaveTheTargetIndeterminate() async throws {
    let fixture = try ChainFixture(leaves: [ChainFixture.signedLeaf("leaf.tld.")])
    let resolver = try fixture.makeResolver()
    let anchors = try ChainTrustAnchors.records(
      for: .inProcess(zones: [], trustAnchors: [fixture.rootDS]))
    for (name, type) in [("www.leaf.tld.", RRType.a), ("www.leaf.tld.", .soa)] {
      let builder = ChainBuilder(
        source: OneFailedLookup(ResolverLookupSource(resolver), failing: (.of(name), type)),
        trustAnchors: anchors, options: ChainOptions(clock: FixedClock(fixture.judgedAt)))
      let report = await builder.build(name: .of("alias.leaf.tld."), type: .a)
      XCTAssertEqual(report.status, .indeterminate, "\(type): \(report.reason ?? "-")")
      XCTAssertEqual(report.answer?.key.type, .cname, "\(type)")
      XCTAssertEqual(report.answer?.status, .secure, "\(type)")
      let target = try XCTUnwrap(report.cnameTargets.first, "\(type)")
      XCTAssertEqual(target.name, .of("www.leaf.tld."))
      XCTAssertEqual(target.status, .indeterminate, "\(type): \(target.reason ?? "-")")
      assertOnlyTheLookupFailed(target, "\(name) \(type)")
      XCTAssertNotEqual(target.answer?.status, .secure, "\(type)")
      XCTAssertNotEqual(target.answer?.status, .bogus, "\(type)")
    }
  }

  /// `danescope chain` exits 3 (User Guide: a lookup failed, the chain is indeterminate) and
  /// says which lookup, not 1 with a signature blamed.
  func testChainCommandExitsIndeterminateWhenTheZoneCutLookupFails() throws {
    let (fixture, nsd) = try XCTUnwrap(Self.shared).get()
    let proxy = try DroppingDNSProxy(upstreamPort: nsd.port, dropping: "example.", type: 6)
    self.proxy = proxy
    let result = try DanescopeBinary.run([
      "chain", "--forwarder", proxy.address, "--trust-anchor", try fixture.trustAnchorFile().path,
      "--timeout", "2", "www.example.", "A",
    ])
    XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
    XCTAssertTrue(result.stdout.contains("LOOKUP_FAILED"), result.stdout)
    XCTAssertTrue(result.stdout.contains("example. SOA"), result.stdout)
    XCTAssertFalse(result.stdout.contains("RRSIG_INVALID"), result.stdout)
    XCTAssertFalse(result.stdout.contains("BOGUS"), result.stdout)
    // The engine's walk did not finish: that is not a disagreement with libunbound, which
    // needed no answer to the dropped question (D-report-2).
    XCTAssertFalse(result.stdout.contains("VALIDATOR_DISAGREEMENT"), result.stdout)
    XCTAssertGreaterThan(proxy.droppedCount, 0)
  }
}

/// The resolver's lookups, but for one question, which fails as a lookup the resolver gave up
/// on does (`ResolverLookupSource`: `failure` set, the verdict indeterminate, no packet).
private struct OneFailedLookup: ChainLookupSource {
  let source: any ChainLookupSource
  let failing: (name: DNSName, type: RRType)

  init(_ source: any ChainLookupSource, failing: (DNSName, RRType)) {
    self.source = source
    self.failing = failing
  }

  func lookup(_ name: DNSName, _ type: RRType) async -> ChainLookup {
    guard name == failing.name, type == failing.type else { return await source.lookup(name, type) }
    return ChainLookup(
      rcode: -1, answer: [], authority: [], validatorStatus: "indeterminate",
      validatorReason: "no answer within 2 s", failure: "no answer within 2 s")
  }
}
