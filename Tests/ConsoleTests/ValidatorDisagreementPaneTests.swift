import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// The lab's `alg16` zone is signed with Ed448 only, which Debian 12's libunbound does not
/// implement: libunbound calls every RRset in it insecure (RFC 4035 §5.2, Docs/Lab.md), while
/// danescope's chain engine validates it. libunbound's verdict is the one the check acts on, so
/// no node of the Chain of trust pane for a record the check used may read better than it, and
/// the engine's own verdict must still show as the evidence of the disagreement.
final class ValidatorDisagreementPaneTests: XCTestCase {
  override class func tearDown() {
    let done = DispatchSemaphore(value: 0)
    Task {
      await LabFixture.shared.stop()
      done.signal()
    }
    done.wait()
    super.tearDown()
  }

  func testAlg16RecordsUsedReadNoBetterThanLibunbound() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = try await LabScreenTests.checkedState("alg16", engine: engine)
    let report = try XCTUnwrap(state.report)
    // The documented outcome (Docs/Lab.md: MX insecure, addresses insecure, no TLSA lookup),
    // which LabValidatorAgreementTests compares with the unbound daemon and delv.
    XCTAssertEqual(report.mxStatus, .insecure)
    let host = try XCTUnwrap(report.hosts.first { $0.name == "mx1.alg16.example." })
    XCTAssertEqual(host.addressStatus, .insecure)

    let used = ["alg16.example. MX", "mx1.alg16.example. A"]
    var shown: [String: ChainNode] = [:]
    func walk(_ node: ChainNode) {
      if node.kind == .rrset, used.contains(node.title) { shown[node.title] = node }
      node.children.forEach(walk)
    }
    report.chain.forEach(walk)
    for title in used {
      let node = try XCTUnwrap(shown[title], "no node for \(title) in the chain pane")
      XCTAssertEqual(node.status, .insecure, "\(title) reads \(node.status) over libunbound's insecure")
      XCTAssertTrue(
        node.notes.contains { $0.contains("found it secure") },
        "\(title): the chain engine's own verdict is not shown: \(node.notes)")
    }
    // Nothing on the pane's screen says a used record is secure: its line is the title and the
    // status word.
    var screen = ScreenMask.state(state)
    screen.resize(width: 120, height: 40)
    _ = screen.apply(.showPane(.chain))
    let lines = Renderer().render(screen).lines
    for title in used {
      for line in lines where line.contains(title) {
        XCTAssertFalse(line.contains("secure") && !line.contains("insecure"), line)
      }
    }
    // The A node's detail says why it reads insecure, and what the engine found.
    _ = screen.apply(.focusPane)
    while screen.selectedKey != "chain:rrset mx1.alg16.example. A",
      screen.position(of: .chain).cursor + 1 < screen.content(of: .chain).count
    {
      _ = screen.apply(.down)
    }
    XCTAssertEqual(screen.selectedKey, "chain:rrset mx1.alg16.example. A")
    let detail = Renderer().render(screen).lines.joined(separator: "\n")
    XCTAssertTrue(detail.contains("acts on its own A lookup of mx1.alg16.example."), detail)
    XCTAssertTrue(detail.contains("libunbound says: insecure"), detail)
  }
}
