import Lab
import XCTest

@testable import Console

/// The `d` prompt of the lab console follows `--lab`'s rule on the command line: a scenario's
/// short name opens its domain, names at or below a scenario's domain are checked, and a name
/// outside the lab is refused (the lab's root would otherwise "prove" it does not exist).
final class LabPromptTests: XCTestCase {
  func labState() -> ConsoleState {
    var state = ConsoleState(sourceLabel: "lab")
    state.resize(width: 120, height: 30)
    _ = state.apply(.scenarios(Lab.scenarios.map(ScenarioEntry.init)))
    return state
  }

  func typed(_ text: String, into state: inout ConsoleState) -> Reaction {
    _ = state.handle(.character("d"))
    for character in text { _ = state.handle(.character(character)) }
    return state.handle(.enter)
  }

  func testAShortNameOpensItsScenario() {
    var state = labState()
    let reaction = typed("two-mx", into: &state)
    XCTAssertTrue(reaction.contains(.check))
    XCTAssertEqual(state.domain, "two-mx.example.")
  }

  func testANameBelowAScenarioIsChecked() {
    var state = labState()
    XCTAssertTrue(typed("mx1.ee-valid.example", into: &state).contains(.check))
    XCTAssertEqual(state.domain, "mx1.ee-valid.example.")
  }

  func testANameOutsideTheLabIsRefused() {
    var state = labState()
    let reaction = typed("example.org", into: &state)
    XCTAssertFalse(reaction.contains(.check))
    XCTAssertNil(state.domain)
    XCTAssertTrue(state.statusIsError)
    XCTAssertTrue(state.statusMessage?.contains("is not in the lab") ?? false,
      state.statusMessage ?? "-")
  }

  /// Outside the lab (no scenarios), any mail domain goes.
  func testWithoutTheLabAnyMailDomainIsChecked() {
    var state = ConsoleState(sourceLabel: "system resolver")
    state.resize(width: 120, height: 30)
    XCTAssertTrue(typed("example.org", into: &state).contains(.check))
  }

  /// A very long name is quoted shortened, so that the reason still fits on screen.
  func testALongNameIsQuotedShortSoTheReasonShows() {
    var state = ConsoleState(sourceLabel: "system resolver")
    state.resize(width: 120, height: 30)
    let long = Array(repeating: "a", count: 120).joined(separator: ".") + ".-bad"
    _ = typed(long, into: &state)
    let message = state.statusMessage ?? ""
    XCTAssertTrue(message.contains("…"), message)
    XCTAssertTrue(message.contains("starts or ends with a hyphen"), message)
    XCTAssertLessThan(message.count, 160, message)
  }
}
