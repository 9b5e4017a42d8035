import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// Each pane of a few lab scenarios, checked by the real engine against the running lab and
/// rendered headless at 80×24 and 120×40, compared with the stored screens in Screens/ (one file
/// per scenario and pane). The stored screens were read against each scenario's documented
/// verdict before they were kept; `DANESCOPE_RECORD_SCREENS=1` rewrites them.
final class LabScreenTests: LabFixtureTestCase {
  /// A verified host, a stale record that fails, a bogus zone that defers, an unsigned TLSA set
  /// (no DANE), two hosts with different verdicts, a bogus TLSA signature, an insecure
  /// delegation proven by NSEC3, and a `2 1 0` trust-anchor key the server does not send
  /// (verified, RFC 7671 §5.2.3); then every other scenario.
  static let scenarios = [
    "ee-valid", "stale-301", "ds-mismatch", "tlsa-unsigned", "two-mx", "tlsa-bogus",
    "nsec3-insecure", "ta-no-intermediate-210",
    "ta-valid", "ee-expired-selfsigned", "rollover", "mx-cname", "ta-wrong-name",
    "ta-no-intermediate", "pkix-only", "no-starttls", "starttls-refused", "selector-confusion",
    "tlsa-expired", "alg8", "alg10", "alg13", "alg14", "alg15", "alg16",
    "cname-unsigned-target",
  ]
  static let sizes = [(80, 24), (120, 40)]

  /// The shared lab is stopped once the class is done, so that its servers and its folder in
  /// /tmp do not outlive the tests.
  func testStoredScreensOfLabScenarios() async throws {
    let engine = try await LabFixture.shared.engine()
    var failures: [String] = []
    for name in Self.scenarios {
      let state = try await Self.checkedState(name, engine: engine)
      for pane in PaneKind.allCases {
        let screen = Self.screens(state, pane: pane)
        let file = Self.folder.appendingPathComponent("\(name)-\(Self.fileName(pane)).txt")
        if ProcessInfo.processInfo.environment["DANESCOPE_RECORD_SCREENS"] == "1" {
          try screen.write(to: file, atomically: true, encoding: .utf8)
          continue
        }
        let stored = (try? String(contentsOf: file, encoding: .utf8)) ?? "(missing \(file.path))"
        if stored != screen {
          failures.append("\(file.lastPathComponent) differs:\n\(Self.diff(stored, screen))")
        }
      }
    }
    XCTAssertTrue(failures.isEmpty, failures.joined(separator: "\n"))
  }

  /// The documented verdicts show in the state the panes are made from (not only in files).
  /// The DNSSEC badge is the worst status of the lookups the check acted on (MX, addresses,
  /// TLSA looked up; HeaderDNSSECBadgeTests).
  func testHeaderBadgesFollowTheDocumentedVerdicts() async throws {
    let engine = try await LabFixture.shared.engine()
    let expectations: [String: (String, String)] = [
      "ee-valid": ("secure", "verified"), "stale-301": ("secure", "failed"),
      "ds-mismatch": ("bogus", "deferred"), "tlsa-unsigned": ("insecure", "no DANE"),
      "two-mx": ("secure", "1 of 2 failed"), "tlsa-bogus": ("bogus", "deferred"),
      "nsec3-insecure": ("insecure", "no DANE"), "ta-no-intermediate-210": ("secure", "verified"),
      "ta-valid": ("secure", "verified"), "ee-expired-selfsigned": ("secure", "verified"),
      "rollover": ("secure", "verified"), "mx-cname": ("secure", "verified"),
      "ta-wrong-name": ("secure", "failed"), "ta-no-intermediate": ("secure", "failed"),
      "pkix-only": ("secure", "TLS, not authenticated"), "no-starttls": ("secure", "failed"),
      "starttls-refused": ("secure", "failed"), "selector-confusion": ("secure", "failed"),
      "tlsa-expired": ("bogus", "deferred"), "alg8": ("secure", "verified"),
      "alg10": ("secure", "verified"), "alg13": ("secure", "verified"),
      "alg14": ("secure", "verified"), "alg15": ("secure", "verified"),
      "cname-unsigned-target": ("insecure", "verified"),
    ]
    for (name, (dnssec, dane)) in expectations {
      let state = try await Self.checkedState(name, engine: engine)
      let header = Renderer().render(state).lines[0]
      XCTAssertTrue(header.contains("DNSSEC \(dnssec)"), "\(name): \(header)")
      XCTAssertTrue(header.contains("DANE \(dane)"), "\(name): \(header)")
      let expected = Lab.scenario(named: name)!.expected
      XCTAssertEqual(state.report?.mxStatus.rawValue, expected.mxStatus.rawValue, name)
      for host in expected.hosts {
        let shown = state.report?.hosts.first { $0.name == host.name.description }
        XCTAssertEqual(shown?.tlsa.status.rawValue, host.tlsaStatus.rawValue, "\(name) \(host.name)")
        XCTAssertEqual(shown?.addresses.first?.verdict.rawValue, host.verdict.rawValue,
          "\(name) \(host.name)")
      }
    }
  }

  /// `d nosuch.example` in the lab: the name is made fully qualified, and the proven NXDOMAIN
  /// (the lab's example. zone is signed) shows as such.
  func testNonexistentDomainShowsNXDOMAIN() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = await stateAfterTyping("nosuch.example", engine: engine, width: 100, height: 24)
    XCTAssertEqual(state.domain, "nosuch.example.")
    let header = Renderer().render(state).lines[0]
    XCTAssertTrue(header.contains(" nosuch.example.  DNSSEC NXDOMAIN (proven)"), header)
    XCTAssertFalse(header.contains("secure"), header)
  }

  /// A check the user has moved on from (its task cancelled) says nothing more about its
  /// lookups in the header: that line belongs to the check now running.
  func testACancelledCheckReportsNoMoreProgress() async throws {
    let engine = try await LabFixture.shared.engine()
    let source = CheckConsoleSource(label: "lab", scenarios: []) { engine }
    let running = EventRecorder()
    await source.check(domain: "two-mx.example.", emit: running.record)
    let lookups = { (recorder: EventRecorder) in
      recorder.all.filter {
        if case .progress(let text?) = $0 { return text.hasPrefix("looking up ") }
        return false
      }.count
    }
    XCTAssertGreaterThan(lookups(running), 1, "a running check names its lookups")
    let cancelled = EventRecorder()
    let task = Task {
      withUnsafeCurrentTask { $0?.cancel() }
      await source.check(domain: "ta-valid.example.", emit: cancelled.record)
    }
    await task.value
    XCTAssertLessThanOrEqual(lookups(cancelled), 1, "only the first, before the check began")
  }

  // MARK: Helpers

  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Screens")

  static func fileName(_ pane: PaneKind) -> String {
    switch pane {
    case .chain: return "chain"
    case .tlsa: return "tlsa"
    case .handshake: return "handshake"
    case .findings: return "findings"
    }
  }

  /// Checks a scenario's domain through the console's own source and applies every event, as
  /// the run loop would.
  static func checkedState(_ name: String, engine: CheckEngine) async throws -> ConsoleState {
    let scenario = try XCTUnwrap(Lab.scenario(named: name))
    let events = EventRecorder()
    let source = CheckConsoleSource(label: "lab", scenarios: [ScenarioEntry(scenario)]) { engine }
    var state = ConsoleState(sourceLabel: "lab")
    state.resize(width: 80, height: 24)
    _ = state.apply(.scenarios(Lab.scenarios.map(ScenarioEntry.init)))
    _ = state.open(domain: scenario.domain.description)
    await source.check(domain: scenario.domain.description, emit: events.record)
    // The Handshake pane shows the address the console chooses by itself, as a user sees it.
    for event in events.all { _ = state.apply(event) }
    return state
  }

  /// The pane at every size, one block per size.
  static func screens(_ state: ConsoleState, pane: PaneKind) -> String {
    var blocks: [String] = []
    for (width, height) in sizes {
      var sized = ScreenMask.state(state)
      sized.resize(width: width, height: height)
      _ = sized.apply(.showPane(pane))
      if pane == .handshake { _ = sized.apply(.bottom) }
      let lines = Renderer().render(sized).lines
      blocks.append("== \(width)x\(height)\n" + lines.joined(separator: "\n"))
    }
    return blocks.joined(separator: "\n") + "\n"
  }

  static func diff(_ stored: String, _ actual: String) -> String {
    let old = stored.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var lines: [String] = []
    for index in 0..<max(old.count, new.count) {
      let before = index < old.count ? String(old[index]) : ""
      let after = index < new.count ? String(new[index]) : ""
      if before != after { lines.append("  line \(index + 1):\n  - \(before)\n  + \(after)") }
    }
    return lines.prefix(12).joined(separator: "\n")
  }
}

/// A test class that drives the console against the shared lab, and stops the lab when the
/// class is done.
class LabFixtureTestCase: XCTestCase {
  override class func tearDown() {
    let done = DispatchSemaphore(value: 0)
    Task {
      await LabFixture.shared.stop()
      done.signal()
    }
    done.wait()
    super.tearDown()
  }
}

/// One lab for all the screen tests (it takes a second to start).
actor LabFixture {
  static let shared = LabFixture()
  private var started: CheckEngine?

  func engine() async throws -> CheckEngine {
    if let started { return started }
    let engine = try await CheckEngine.lab()
    started = engine
    return engine
  }

  func stop() {
    started?.stop()
    started = nil
  }
}

/// The console's state after `d DOMAIN`, Enter, and the check that starts through `engine`,
/// every event of it applied.
func stateAfterTyping(
  _ domain: String, engine: CheckEngine, label: String = "lab", width: Int = 120, height: Int = 30
) async -> ConsoleState {
  let source = CheckConsoleSource(label: label, scenarios: []) { engine }
  var state = ConsoleState(sourceLabel: label)
  state.resize(width: width, height: height)
  _ = state.handle(.character("d"))
  for character in domain { _ = state.handle(.character(character)) }
  _ = state.handle(.enter)
  let events = EventRecorder()
  await source.check(domain: state.domain ?? domain, emit: events.record)
  for event in events.all { _ = state.apply(event) }
  return state
}

final class EventRecorder: @unchecked Sendable {
  // @unchecked: `events` is guarded by `lock`.
  private let lock = NSLock()
  private var events: [ConsoleEvent] = []

  var record: EventSink { { event in self.lock.withLock { self.events.append(event) } } }
  var all: [ConsoleEvent] { lock.withLock { events } }
}
