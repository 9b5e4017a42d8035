import Foundation
import ValidationCore
import XCTest

/// The upstream check against real servers on 127.0.0.1: an upstream that passes DNSSEC through
/// gives no finding; one that serves the root without signatures gives UPSTREAM_STRIPS_DNSSEC
/// (suggesting --recursive); one that never answers gives UPSTREAM_UNREACHABLE.
final class ResolverUpstreamCheckTests: XCTestCase {
  func testUpstreamPassingDNSSECGivesNoFinding() async throws {
    let fixture = try ResolverFixture()
    let nsd = try NSDServer(zones: fixture.nsdZones)
    let resolver = try UnboundResolver(
      .forwarders(
        [ForwarderAddress(parsing: nsd.address)], trustAnchorFile: fixture.trustAnchorFile().path))
    let finding = await UpstreamCheck.run(resolver, upstream: nsd.address)
    XCTAssertNil(finding, finding?.summary ?? "")
  }

  /// The real root trust anchor (as `--forwarder` without `--trust-anchor` uses it) against an
  /// upstream whose root zone carries no DNSSEC records at all.
  func testUpstreamStrippingDNSSECIsOneFindingSuggestingRecursive() async throws {
    let folder = try TemporaryDirectory("danescope-stripped")
    let root = try folder.write("root.zone", ResolverFixture.soa(".") + "example. IN NS ns.root.\n")
    let nsd = try NSDServer(zones: [.init(".", file: root)])
    let configuration = ResolverConfiguration.forwarders(
      [try ForwarderAddress(parsing: nsd.address)], trustAnchorFile: nil)
    XCTAssertTrue(UpstreamCheck.applies(to: configuration))
    let resolver = try UnboundResolver(configuration, timeout: .seconds(5))

    let finding = try await XCTUnwrapAsync(await UpstreamCheck.run(resolver, upstream: nsd.address))
    XCTAssertEqual(finding.code, .upstreamStripsDNSSEC)
    XCTAssertEqual(finding.severity, .error)
    XCTAssertEqual(finding.subject, ". DNSKEY")
    XCTAssertEqual(finding.evidence.first, Evidence("upstream", nsd.address))
    XCTAssertTrue(
      finding.summary.hasPrefix("The root DNSKEY set cannot be validated through \(nsd.address): "),
      finding.summary)
    XCTAssertTrue(finding.entry.fix.contains("--recursive"))
  }

  func testSilentUpstreamIsUnreachable() async throws {
    let silent = try LoopbackDNSStub(.silent)
    let resolver = try UnboundResolver(
      .forwarders([try ForwarderAddress(parsing: silent.address)], trustAnchorFile: nil),
      timeout: .seconds(2))
    let finding = try await XCTUnwrapAsync(
      await UpstreamCheck.run(resolver, upstream: silent.address))
    XCTAssertEqual(finding.code, .upstreamUnreachable)
    XCTAssertEqual(
      finding.summary,
      "No answer came from \(silent.address) to a query for the root DNSKEY set: no answer within"
        + " 2 s.")
  }

  private func XCTUnwrapAsync<T>(
    _ value: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line
  ) async throws -> T {
    let result = try await value()
    return try XCTUnwrap(result, "no finding", file: file, line: line)
  }
}
