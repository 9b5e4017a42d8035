import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// An MX host behind a CNAME, in the Chain of trust pane: the CNAME's node says what the CNAME
/// RRset is, the target's node what the target is, each as libunbound answers for that name and
/// type alone; only the chain for the name asked about combines them (RFC 4035 §5: a signed
/// RRset in a zone with a chain of trust is secure; its target in an unsigned child is not).
final class CNAMEChainNodeTests: LabFixtureTestCase {
  /// The lesson: a secure CNAME whose target lies in a zone delegated without DS.
  func testASignedAliasOfAnUnsignedHostIsSecureAndItsTargetInsecure() async throws {
    try await checkAlias(
      scenario: "cname-unsigned-target", alias: "mail.cname-unsigned-target.example.",
      target: "mx1.hosts.cname-unsigned-target.example.",
      expected: (alias: .secure, target: .insecure, combined: .insecure))
  }

  /// Both in the signed zone: both nodes secure, as before.
  func testASignedAliasOfASignedHostIsSecureThroughout() async throws {
    try await checkAlias(
      scenario: "mx-cname", alias: "mail.mx-cname.example.", target: "mx1.mx-cname.example.",
      expected: (alias: .secure, target: .secure, combined: .secure))
  }

  private func checkAlias(
    scenario: String, alias: String, target: String,
    expected: (alias: ConsoleReport.Status, target: ConsoleReport.Status,
      combined: ConsoleReport.Status)
  ) async throws {
    let engine = try await LabFixture.shared.engine()
    let aliasName = try DNSName(alias)
    let targetName = try DNSName(target)

    // The reference: libunbound, asked for the CNAME alone, the target alone, and the name
    // with its CNAME followed.
    let aliasLookup = await engine.lookup(aliasName, .cname)
    let targetLookup = await engine.lookup(targetName, .a)
    let combinedLookup = await engine.lookup(aliasName, .a)
    XCTAssertEqual(aliasLookup.security.word, expected.alias.rawValue, "libunbound, \(alias) CNAME")
    XCTAssertEqual(targetLookup.security.word, expected.target.rawValue, "libunbound, \(target) A")
    XCTAssertEqual(
      combinedLookup.security.word, expected.combined.rawValue, "libunbound, \(alias) A")

    let state = try await LabScreenTests.checkedState(scenario, engine: engine)
    let nodes = state.report?.chain ?? []
    let cname = try XCTUnwrap(find("rrset \(alias) CNAME", in: nodes), tree(nodes))
    let address = try XCTUnwrap(find("rrset \(target) A", in: nodes), tree(nodes))
    XCTAssertEqual(cname.status, expected.alias, tree([cname]))
    XCTAssertEqual(address.status, expected.target, tree([address]))
    if expected.alias == .secure {
      XCTAssertFalse(
        cname.notes.contains { $0.hasPrefix("Why:") }, "no reason for a status it does not have")
    }

    // The chain for the name asked about still combines the two.
    let chain = try XCTUnwrap(engine.chain)
    let report = await chain(aliasName, .a)
    XCTAssertEqual(report.status.word, expected.combined.rawValue)
    XCTAssertEqual(report.ownVerdict.status.word, expected.alias.rawValue)
    XCTAssertEqual(report.cnameTargets.map(\.ownVerdict.status.word), [expected.target.rawValue])
  }

  private func find(_ id: String, in nodes: [ChainNode]) -> ChainNode? {
    for node in nodes {
      if node.id == id { return node }
      if let found = find(id, in: node.children) { return found }
    }
    return nil
  }

  private func tree(_ nodes: [ChainNode], indent: String = "") -> String {
    nodes.map {
      indent + "\($0.id): \($0.status)\n" + tree($0.children, indent: indent + "  ")
    }.joined()
  }
}
