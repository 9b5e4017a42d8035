import Foundation
import ValidationCore
import XCTest

/// libunbound forwarding to a real NSD on 127.0.0.1 that serves the fixture's zones, validating
/// from the fixture's root DS (the `--forwarder` + `--trust-anchor` configuration).
final class ResolverForwarderTests: XCTestCase {
  var fixture: ResolverFixture!
  var nsd: NSDServer!

  override func setUpWithError() throws {
    fixture = try ResolverFixture()
    nsd = try NSDServer(zones: fixture.nsdZones)
  }

  override func tearDown() {
    nsd?.stop()
    nsd = nil
    fixture = nil
  }

  func makeResolver(
    forwardingTo address: String, timeout: Duration = .seconds(5), events: EventLog? = nil
  ) throws -> UnboundResolver {
    try UnboundResolver(
      .forwarders(
        [ForwarderAddress(parsing: address)], trustAnchorFile: fixture.trustAnchorFile().path),
      timeout: timeout, onEvent: events?.handler)
  }

  func testSameVerdictsAsInProcess() async throws {
    let resolver = try makeResolver(forwardingTo: nsd.address)

    let secure = await resolver.query(.of("www.example."), .a)
    XCTAssertEqual(secure.status, .secure)
    XCTAssertEqual(
      secure.records(ofType: .a).map(\.rdata.presentation), [ResolverFixture.wwwExampleAddress])

    let nxdomain = await resolver.query(.of("nope.example."), .a)
    XCTAssertEqual(nxdomain.status, .secure)
    XCTAssertTrue(nxdomain.isNXDOMAIN)
    XCTAssertFalse(nxdomain.isNODATA)

    let nodata = await resolver.query(.of("www.example."), .aaaa)
    XCTAssertEqual(nodata.status, .secure)
    XCTAssertTrue(nodata.isNODATA)
    XCTAssertFalse(nodata.isNXDOMAIN)

    let insecure = await resolver.query(.of("www.insec.example."), .a)
    XCTAssertEqual(insecure.status, .insecure)
    XCTAssertEqual(
      insecure.records(ofType: .a).map(\.rdata.presentation), [ResolverFixture.wwwInsecureAddress])

    let bogus = await resolver.query(.of("www.expired."), .a)
    guard case .bogus(let reason) = bogus.status else {
      return XCTFail("expected bogus, got \(bogus.status)")
    }
    XCTAssertTrue(reason.contains("expired"), reason)
    XCTAssertEqual(bogus.records(ofType: .a), [])
    XCTAssertEqual(bogus.server, "127.0.0.1", reason)
  }

  /// The reference: BIND's delv, asking the same NSD with the same root DS, agrees with every
  /// verdict (and with the expected one).
  func testVerdictsAgreeWithDelv() async throws {
    let resolver = try makeResolver(forwardingTo: nsd.address)
    let anchors = try delvAnchorFile()
    let cases: [(String, RRType, String)] = [
      ("www.example.", .a, "secure"), ("nope.example.", .a, "secure"),
      ("www.example.", .aaaa, "secure"), ("nope.hashed.", .a, "secure"),
      ("www.insec.example.", .a, "insecure"), ("www.expired.", .a, "bogus"),
    ]
    for (name, type, expected) in cases {
      let ours = await resolver.query(.of(name), type).status.word
      let delv = try delvVerdict(name, type, anchors: anchors)
      XCTAssertEqual(ours, expected, "\(name) \(type)")
      XCTAssertEqual(delv, expected, "delv on \(name) \(type)")
    }
  }

  /// The root DS as a BIND `trust-anchors` clause (`static-ds`).
  func delvAnchorFile() throws -> URL {
    let fields = fixture.rootDS.split(whereSeparator: \.isWhitespace)
    let rdata = fields.suffix(4)
    let digest = rdata.last!
    let clause =
      "trust-anchors {\n  . static-ds \(rdata.dropLast().joined(separator: " ")) \"\(digest)\";\n};\n"
    return try fixture.folder.write("delv-anchors.conf", clause)
  }

  /// delv's verdict in danescope's words: "fully validated" is secure, "unsigned answer"
  /// insecure, a broken chain or failed signature bogus, anything else indeterminate.
  func delvVerdict(_ name: String, _ type: RRType, anchors: URL) throws -> String {
    let result = try TestProcess.run(
      "delv",
      [
        "@127.0.0.1", "-p", String(nsd.port), "-a", anchors.path, "+root=.", name, type.description,
      ],
      timeout: 30)
    let text = result.stdout + result.stderr
    if text.contains("fully validated") { return "secure" }
    if text.contains("unsigned answer") { return "insecure" }
    if text.contains("broken trust chain") || text.contains("no valid signature")
      || text.contains("RRSIG has expired")
    {
      return "bogus"
    }
    return "indeterminate"
  }

  func testForwarderThatNeverAnswersIsIndeterminateAfterTheTimeout() async throws {
    let silent = try LoopbackDNSStub(.silent)
    let events = EventLog()
    let resolver = try makeResolver(
      forwardingTo: silent.address, timeout: .seconds(2), events: events)
    let answer = await resolver.query(.of("www.example."), .a)
    XCTAssertEqual(answer.status, .indeterminate(reason: "no answer within 2 s"))
    XCTAssertNil(answer.rcode)
    XCTAssertEqual(answer.records(ofType: .a), [])
    XCTAssertFalse(answer.isNXDOMAIN)
    XCTAssertFalse(answer.isNODATA)
    XCTAssertEqual(events.events.map(\.status.word), ["indeterminate"])
  }

  func testSERVFAILIsIndeterminateNeverNoRecords() async throws {
    let failing = try LoopbackDNSStub(.rcode(2))
    let resolver = try makeResolver(forwardingTo: failing.address, timeout: .seconds(8))
    let answer = await resolver.query(.of("www.example."), .a)
    XCTAssertTrue(answer.status.isIndeterminate, "\(answer.status)")
    XCTAssertEqual(answer.rcode, .serverFailure)
    XCTAssertEqual(answer.status.reason, "the server failed (SERVFAIL)")
    XCTAssertEqual(answer.records(ofType: .a), [])
    XCTAssertFalse(answer.isNODATA, "SERVFAIL read as 'no records'")
    XCTAssertFalse(answer.isNXDOMAIN)
    XCTAssertGreaterThan(failing.answeredCount, 0, "the stub was never asked")
  }

  func testTwentyQueriesInFlightAllComplete() async throws {
    let events = EventLog()
    let resolver = try makeResolver(forwardingTo: nsd.address, events: events)
    let names = (1...18).map { "missing\($0).example." } + ["www.example.", "www.insec.example."]
    let answers = await withTaskGroup(of: (String, DNSAnswer).self) { group in
      for name in names {
        group.addTask { (name, await resolver.query(.of(name), .a)) }
      }
      var collected: [String: DNSAnswer] = [:]
      for await (name, answer) in group { collected[name] = answer }
      return collected
    }
    XCTAssertEqual(answers.count, 20)
    for index in 1...18 {
      let answer = answers["missing\(index).example."]
      XCTAssertEqual(answer?.status, .secure)
      XCTAssertEqual(answer?.isNXDOMAIN, true)
    }
    XCTAssertEqual(answers["www.example."]?.status, .secure)
    XCTAssertEqual(answers["www.insec.example."]?.status, .insecure)
    XCTAssertEqual(events.events.count, 20)
  }

  /// `slow.example.` is forwarded to a server that never answers, everything else to NSD (a
  /// `--resolver-conf` file): cancelling the stuck query ends it alone.
  func testCancellingOneQueryLeavesTheOthersAlone() async throws {
    let silent = try LoopbackDNSStub(.silent)
    let config = try fixture.folder.write(
      "unbound.conf",
      """
      server:
        trust-anchor-file: "\(try fixture.trustAnchorFile().path)"
        do-not-query-localhost: no
      forward-zone:
        name: "slow.example."
        forward-addr: \(silent.address)
      forward-zone:
        name: "."
        forward-addr: \(nsd.address)

      """)
    let resolver = try UnboundResolver(.custom(configFile: config.path), timeout: .seconds(30))

    let stuck = Task { await resolver.query(.of("www.slow.example."), .a) }
    let others = (1...5).map { index in
      Task { await resolver.query(.of(index == 1 ? "www.example." : "gone\(index).example."), .a) }
    }
    stuck.cancel()
    let cancelled = await stuck.value
    XCTAssertEqual(cancelled.status, .indeterminate(reason: "the query was cancelled"))

    var finished: [DNSAnswer] = []
    for task in others { finished.append(await task.value) }
    XCTAssertEqual(finished.map(\.status), Array(repeating: .secure, count: 5))
    XCTAssertEqual(
      finished[0].records(ofType: .a).map(\.rdata.presentation), [ResolverFixture.wwwExampleAddress]
    )
    XCTAssertTrue(finished.dropFirst().allSatisfy(\.isNXDOMAIN))

    let after = await resolver.query(.of("www.insec.example."), .a)
    XCTAssertEqual(after.status, .insecure, "the resolver stopped working after a cancellation")
  }
}
