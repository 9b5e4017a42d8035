import Foundation
import ValidationCore
import XCTest

/// libunbound with the fixture's zones loaded as auth-zones, validating from the fixture's root
/// DS, with no socket at all. Expected verdicts: RFC 4035 §4.3 (secure/insecure/bogus) and
/// ldns-verify-zone, which rejects the expired zone.
final class ResolverInProcessTests: XCTestCase {
  var fixture: ResolverFixture!
  var events: EventLog!
  var resolver: UnboundResolver!

  override func setUpWithError() throws {
    fixture = try ResolverFixture()
    events = EventLog()
    resolver = try UnboundResolver(
      .inProcess(zones: fixture.inProcessZones, trustAnchors: [fixture.rootDS]),
      timeout: .seconds(5), onEvent: events.handler)
  }

  override func tearDown() {
    resolver = nil
    fixture = nil
  }

  func testSignedZoneGivesSecureData() async throws {
    let answer = await resolver.query(.of("www.example."), .a)
    XCTAssertEqual(answer.status, .secure)
    XCTAssertEqual(answer.rcode, .noError)
    XCTAssertEqual(
      answer.records(ofType: .a).map(\.rdata.presentation), [ResolverFixture.wwwExampleAddress])
    XCTAssertEqual(answer.rrsigs(covering: .a).count, 1)
    XCTAssertFalse(answer.isNXDOMAIN)
    XCTAssertFalse(answer.isNODATA)
  }

  func testNXDOMAINAndNODATAAreDistinguished() async throws {
    let missingName = await resolver.query(.of("nope.example."), .a)
    XCTAssertEqual(missingName.status, .secure)
    XCTAssertEqual(missingName.rcode, .nameError)
    XCTAssertTrue(missingName.isNXDOMAIN)
    XCTAssertFalse(missingName.isNODATA)
    XCTAssertTrue(missingName.evidenceAuthority.contains { $0.type == .nsec }, "no NSEC proof")

    let missingType = await resolver.query(.of("www.example."), .aaaa)
    XCTAssertEqual(missingType.status, .secure)
    XCTAssertEqual(missingType.rcode, .noError)
    XCTAssertTrue(missingType.isNODATA)
    XCTAssertFalse(missingType.isNXDOMAIN)
    XCTAssertEqual(missingType.records(ofType: .aaaa), [])
  }

  func testNSEC3DenialsAreSecureToo() async throws {
    let missingName = await resolver.query(.of("nope.hashed."), .a)
    XCTAssertEqual(missingName.status, .secure)
    XCTAssertTrue(missingName.isNXDOMAIN)
    XCTAssertTrue(missingName.evidenceAuthority.contains { $0.type == .nsec3 }, "no NSEC3 proof")

    let missingType = await resolver.query(.of("www.hashed."), .txt)
    XCTAssertEqual(missingType.status, .secure)
    XCTAssertTrue(missingType.isNODATA)
    XCTAssertTrue(missingType.evidenceAuthority.contains { $0.type == .nsec3 }, "no NSEC3 proof")

    let present = await resolver.query(.of("www.hashed."), .a)
    XCTAssertEqual(
      present.records(ofType: .a).map(\.rdata.presentation), [ResolverFixture.wwwHashedAddress])
  }

  func testUnsignedDelegationGivesInsecure() async throws {
    let answer = await resolver.query(.of("www.insec.example."), .a)
    XCTAssertEqual(answer.status, .insecure)
    XCTAssertEqual(
      answer.records(ofType: .a).map(\.rdata.presentation), [ResolverFixture.wwwInsecureAddress])
  }

  func testExpiredSignaturesGiveBogusWithUnboundsReason() async throws {
    // The reference: ldns-verify-zone refuses the zone.
    let testZone = fixture.zones.first { $0.name == "expired." }!.file
    XCTAssertNotEqual(try TestProcess.run("ldns-verify-zone", [testZone.path]).status, 0)

    let answer = await resolver.query(.of("www.expired."), .a)
    guard case .bogus(let reason) = answer.status else {
      return XCTFail("expected bogus, got \(answer.status)")
    }
    XCTAssertTrue(reason.contains("expired"), reason)
    XCTAssertEqual(answer.records(ofType: .a), [], "a bogus answer was offered as data")
    XCTAssertEqual(answer.rrsigs(covering: .a), [])
    XCTAssertFalse(answer.isNXDOMAIN)
    XCTAssertFalse(answer.isNODATA)
    XCTAssertFalse(answer.evidenceRecords.isEmpty, "the evidence should still be there")
  }

  func testBuiltInLocalZoneNameIsServedFromItsAuthZone() async throws {
    // Without `local-zone: "test." nodefault`, libunbound would answer NXDOMAIN itself.
    let answer = await resolver.query(.of("www.test."), .a)
    XCTAssertEqual(answer.status, .secure)
    XCTAssertEqual(
      answer.records(ofType: .a).map(\.rdata.presentation), [ResolverFixture.wwwTestAddress])
  }

  func testQueryInAnAlreadyCancelledTaskEndsAtOnce() async throws {
    let resolver = try XCTUnwrap(resolver)
    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      return await resolver.query(.of("www.example."), .a)
    }
    let answer = await task.value
    XCTAssertEqual(answer.status, .indeterminate(reason: "the query was cancelled"))
    XCTAssertEqual(answer.records(ofType: .a), [])
    XCTAssertEqual(events.events.map(\.status.word), ["indeterminate"])
    let next = await resolver.query(.of("www.example."), .a)
    XCTAssertEqual(next.status, .secure, "the resolver stopped working after a cancellation")
  }

  func testEveryQueryEmitsOneEvent() async throws {
    _ = await resolver.query(.of("www.example."), .a)
    _ = await resolver.query(.of("www.expired."), .a)
    let seen = events.events
    XCTAssertEqual(seen.map(\.name), [.of("www.example."), .of("www.expired.")])
    XCTAssertEqual(seen.map(\.type), [.a, .a])
    XCTAssertEqual(seen.map(\.status.word), ["secure", "bogus"])
    XCTAssertEqual(seen.first?.rcode, .noError)
    for event in seen { XCTAssertLessThanOrEqual(event.start, event.end) }
  }

  func testLogFileReceivesLibunboundsMessages() async throws {
    let log = fixture.folder.file("unbound.log").path
    let logged = try UnboundResolver(
      .inProcess(zones: fixture.inProcessZones, trustAnchors: [fixture.rootDS]), logFile: log)
    let answer = await logged.query(.of("www.expired."), .a)
    XCTAssertTrue(answer.status.isBogus)
    let text = try String(contentsOfFile: log, encoding: .utf8)
    XCTAssertTrue(
      text.contains("resolving www.expired. A IN"),
      "the query is not in \(log): \(text.suffix(500))")
  }

  /// Without the root zone, a name outside the loaded zones has nowhere to go: libunbound may
  /// query no address, so it fails at once (SERVFAIL) instead of asking the root servers.
  func testWithoutRootZoneOtherNamesFailInsteadOfGoingOut() async throws {
    let zones = try fixture.inProcessZones.filter { $0.name == .of("example.") }
    let isolated = try UnboundResolver(
      .inProcess(zones: zones, trustAnchors: [fixture.exampleDS]),
      timeout: .seconds(20))
    let inside = await isolated.query(.of("www.example."), .a)
    XCTAssertEqual(inside.status, .secure)
    let outside = await isolated.query(.of("www.example.org."), .a)
    XCTAssertEqual(outside.status, .indeterminate(reason: "the server failed (SERVFAIL)"))
    XCTAssertEqual(outside.rcode, .serverFailure)
  }

  /// No network socket is opened: no UDP or TCP socket of this process exists after the
  /// resolver has answered (including a name it had to give up on) that did not exist before.
  /// (libunbound's internal pipes are local socket pairs, not counted.)
  func testInProcessOpensNoNetworkSocket() async throws {
    let before = try Self.openIPSockets()
    let zones = try fixture.inProcessZones.filter { $0.name == .of("example.") }
    let isolated = try UnboundResolver(.inProcess(zones: zones, trustAnchors: [fixture.exampleDS]))
    _ = await isolated.query(.of("www.example."), .a)
    _ = await isolated.query(.of("www.example.org."), .a)
    let after = try Self.openIPSockets()
    XCTAssertEqual(after.subtracting(before), [], "network sockets opened in-process")
  }

  /// The inodes of this process's open UDP and TCP sockets (IPv4 and IPv6), from Linux /proc.
  static func openIPSockets() throws -> Set<String> {
    var ipInodes: Set<String> = []
    for table in ["udp", "udp6", "tcp", "tcp6"] {
      let text = try String(contentsOfFile: "/proc/self/net/\(table)", encoding: .utf8)
      for line in text.split(separator: "\n").dropFirst() {
        let fields = line.split(separator: " ")
        if fields.count > 9 { ipInodes.insert(String(fields[9])) }
      }
    }
    var sockets: Set<String> = []
    let folder = "/proc/self/fd"
    for entry in try FileManager.default.contentsOfDirectory(atPath: folder) {
      guard
        let target = try? FileManager.default.destinationOfSymbolicLink(
          atPath: "\(folder)/\(entry)"),
        target.hasPrefix("socket:[")
      else { continue }
      let inode = String(target.dropFirst("socket:[".count).dropLast())
      if ipInodes.contains(inode) { sockets.insert(inode) }
    }
    return sockets
  }

  func testNameOutsideTheZonesFailsWithoutLeavingTheProcess() async throws {
    // The root zone is loaded, so a name under a TLD that does not exist is a proven NXDOMAIN.
    let answer = await resolver.query(.of("mail.nosuchtld."), .mx)
    XCTAssertEqual(answer.status, .secure)
    XCTAssertTrue(answer.isNXDOMAIN)
  }
}
