import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// The chain pane shows the chains the check built (the MX chain, and the chain of each failed
/// host lookup, D-report-3) as the report has them, and the console builds only those the check
/// did not: no chain is built twice for one check.
final class ChainReuseTests: LabFixtureTestCase {
  /// Every lab scenario through the console's own source, with the chain engine counted
  /// wherever the check and the console build with it: `CheckEngine.chain`, and the builder
  /// whose copy sharing its walks builds the MX chain summary (`CheckEngine.chainBuilder`,
  /// `DANECheck.zoneWalks`). Each name and type is built once, and every RRset the pane shows a
  /// chain for (MX, each host's A, AAAA and TLSA) is built.
  func testNoChainIsBuiltTwiceForOneCheck() async throws {
    let engine = try await LabFixture.shared.engine()
    let inner = try XCTUnwrap(engine.chain)
    let builder = try XCTUnwrap(engine.chainBuilder)
    for scenario in Lab.scenarios {
      let builds = BuildRecorder()
      var counted = engine
      counted.chain = { name, type in
        builds.add("\(name) \(type)")
        return await inner(name, type)
      }
      counted.chainBuilder = builder.observingBuilds { name, type in
        builds.add("\(name) \(type)")
      }
      let prepared = counted
      let source = CheckConsoleSource(label: "lab") { prepared }
      await source.check(domain: scenario.domain.description, emit: { _ in })
      let all = builds.all
      XCTAssertEqual(
        all.count, Set(all).count, "\(scenario.name): a chain built twice: \(all)")
      let report = await FindingsPaneNestingTests.domainReport(scenario, engine: engine)
      let wanted = ["\(scenario.domain) MX"]
        + CheckConsoleSource.chainTargets(report).map { "\($0.name) \($0.type)" }
      for target in wanted {
        XCTAssertTrue(all.contains(target), "\(scenario.name): no chain for \(target): \(all)")
      }
    }
  }

  /// A healthy scenario and two with a bogus TLSA set: the pane's nodes for the report's chains
  /// carry those chains' statuses and reasons, and for the bogus ones the TLSA chain the pane
  /// shows is the one the check built to explain TLSA_BOGUS (the same value, not a second walk).
  func testThePanesNodesAreThoseOfTheReportsChains() async throws {
    let engine = try await LabFixture.shared.engine()
    for name in ["ee-valid", "tlsa-bogus", "tlsa-expired"] {
      let scenario = try XCTUnwrap(Lab.scenario(named: name))
      let report = await FindingsPaneNestingTests.domainReport(scenario, engine: engine)
      let shown = CheckConsoleSource.paneChains(report, built: [:])
      let mx = try XCTUnwrap(report.chainOfTrust, name)
      XCTAssertEqual(shown, [mx] + report.explainingChains, name)
      if name == "ee-valid" {
        XCTAssertTrue(report.explainingChains.isEmpty, "a healthy check builds no more chains")
      } else {
        let owner = "_25._tcp.mx1.\(scenario.domain)"
        let tlsa = try XCTUnwrap(
          report.explainingChains.first { $0.name.description == owner && $0.type == .tlsa },
          "\(name): the check's TLSA chain")
        XCTAssertEqual(tlsa.status, .bogus, name)
      }
      let nodes = ConsoleReport(report, chains: shown).chain.flatMap { $0.flattened() }
      for chain in shown {
        for zone in chain.zones {
          let node = try XCTUnwrap(nodes.first { $0.id == "zone \(zone.name)" }, "\(name)")
          XCTAssertEqual(node.status.rawValue, zone.status.word, "\(name) \(zone.name)")
          XCTAssertEqual(
            node.notes.first { $0.hasPrefix("Why: ") }, zone.reason.map { "Why: " + $0 },
            "\(name) \(zone.name)")
        }
        let answer = try XCTUnwrap(chain.answer, "\(name) \(chain.name) \(chain.type)")
        let node = try XCTUnwrap(nodes.first { $0.id == "rrset \(answer.key)" }, name)
        XCTAssertEqual(node.status.rawValue, chain.ownVerdict.status.word, "\(name) \(answer.key)")
        XCTAssertEqual(
          node.notes.first { $0.hasPrefix("Why: ") }, chain.ownVerdict.reason.map { "Why: " + $0 },
          "\(name) \(answer.key)")
      }
      // The engine's root cause the report lists over TLSA_BOGUS is on the pane's nodes too.
      let causes = report.findings.filter {
        $0.consequences.contains { $0.code.rawValue == "TLSA_BOGUS" }
      }
      for cause in causes {
        let onNode = nodes.contains {
          $0.findings.contains { $0.code == cause.code && $0.subject == cause.subject }
        }
        XCTAssertTrue(onNode, "\(name): \(cause.code) on no node")
      }
      XCTAssertEqual(causes.isEmpty, name == "ee-valid", name)
    }
  }
}

/// The chains built, in order, from whichever task builds them.
private final class BuildRecorder: @unchecked Sendable {
  // @unchecked: `builds` is guarded by `lock`.
  private let lock = NSLock()
  private var builds: [String] = []

  func add(_ build: String) { lock.withLock { builds.append(build) } }
  var all: [String] { lock.withLock { builds } }
}

/// `--at TIME`: the check walks the chain of every secure lookup to judge it as of TIME; the
/// pane shows those walks (held to the lookups) and walks no host chain again.
final class ChainReuseAtTimeTests: LabFixtureTestCase {
  func testAHostChainWalkedToJudgeAsOfTimeIsNotWalkedAgain() async throws {
    let engine = try await LabFixture.shared.engine()
    let inner = try XCTUnwrap(engine.chain)
    let builder = try XCTUnwrap(engine.chainBuilder)
    for name in ["ee-valid", "tlsa-expired", "two-mx"] {
      let scenario = try XCTUnwrap(Lab.scenario(named: name))
      let builds = BuildRecorder()
      var counted = engine
      counted.judgesAsOfClock = true
      counted.chain = { name, type in
        builds.add("\(name) \(type)")
        return await inner(name, type)
      }
      counted.chainBuilder = builder.observingBuilds { name, type in
        builds.add("\(name) \(type)")
      }
      let prepared = counted
      let source = CheckConsoleSource(label: "lab") { prepared }
      let events = EventRecorder()
      await source.check(domain: scenario.domain.description, emit: events.record)
      let all = builds.all
      // The check itself walks the MX chain twice under --at (its as-of-time MX lookup, then
      // its chain summary); that is the check's, left as it is. No other chain is walked twice.
      let mx = "\(scenario.domain) MX"
      XCTAssertEqual(all.filter { $0 == mx }.count, 2, "\(name): \(all)")
      let others = all.filter { $0 != mx }
      XCTAssertEqual(others.count, Set(others).count, "\(name): a chain walked twice: \(all)")
      for host in Lab.scenario(named: name)!.expected.hosts {
        XCTAssertTrue(others.contains("\(host.name) A"), "\(name): \(host.name) A: \(all)")
      }
      // Every host chain is in the pane.
      let reports = events.all.compactMap { event -> ConsoleReport? in
        if case .report(let report) = event { return report }
        return nil
      }
      let ids = Set(try XCTUnwrap(reports.last).chain.flatMap { $0.flattened() }.map(\.id))
      for host in Lab.scenario(named: name)!.expected.hosts {
        XCTAssertTrue(
          ids.contains { $0.hasPrefix("rrset \(host.name) A") },
          "\(name): no node for \(host.name) A")
      }
    }
  }
}
