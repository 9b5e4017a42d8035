import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// The TLSA pane's marks say what the last handshake did with each record: ✓ only for a match
/// that authenticated the server. A record no handshake tried (the probe ended before TLS, RFC
/// 7672 §2.2: STARTTLS missing or refused fails delivery) gets a neutral mark, and a DANE-TA match
/// whose leaf names none of the reference identifiers (RFC 7672 §3.2.2) says why it still failed.
final class TLSAPaneMarkTests: LabFixtureTestCase {
  private func tlsaText(_ name: String) async throws -> String {
    let engine = try await LabFixture.shared.engine()
    var state = try await LabScreenTests.checkedState(name, engine: engine)
    _ = state.apply(.showPane(.tlsa))
    // The pane's own rows, before they are folded to the screen's width.
    return TLSAPane.rows(PaneContext(state: state)).map(\.text).joined(separator: "\n")
  }

  func testRecordsOfAProbeThatEndedBeforeTLSAreNotTicked() async throws {
    for name in ["no-starttls", "starttls-refused"] {
      let text = try await tlsaText(name)
      let glyphs = Glyphs.unicode
      XCTAssertTrue(
        text.contains("\(glyphs.untried) 3 1 1"), "\(name): the record is marked untried\n\(text)")
      XCTAssertFalse(text.contains(glyphs.ok), "\(name): nothing matched\n\(text)")
      XCTAssertTrue(text.contains("not tried: the last probe ended before a TLS handshake"), text)
    }
  }

  func testADANETAMatchThatFailedTheNameCheckSaysSo() async throws {
    let text = try await tlsaText("ta-wrong-name")
    XCTAssertFalse(text.contains(Glyphs.unicode.ok), text)
    XCTAssertTrue(text.contains("\(Glyphs.unicode.bad) 2 1 1"), text)
    // The lab's address and port for the host, then why (the lab gives each MX host its own
    // loopback address: D-lab-2).
    let said = try Regex(
      #"matched depth 1 in the last handshake, but authentication failed at \[127\.0\.0\.\d+\]:\d+: "#
        + #"the leaf certificate's names \(elsewhere\.invalid\) include none of "#
        + #"mx1\.ta-wrong-name\.example\., ta-wrong-name\.example\."#)
    XCTAssertTrue(text.contains(said), text)
  }

  func testAVerifiedMatchKeepsItsTick() async throws {
    let text = try await tlsaText("ta-valid")
    XCTAssertTrue(text.contains("\(Glyphs.unicode.ok) 2 1 1"), text)
    XCTAssertFalse(text.contains(", but "), text)
  }

  /// tlsa-unsigned, nsec3-insecure, alg16: the addresses are insecure, so no TLSA lookup was
  /// made (RFC 7672 §2.2.2): the pane shows no DNSSEC status for it, as `check` says
  /// "not looked up" with no owner.
  func testATLSASetNeverLookedUpHasNoStatus() async throws {
    for name in ["tlsa-unsigned", "nsec3-insecure", "alg16"] {
      let text = try await tlsaText(name)
      let first = try XCTUnwrap(text.split(separator: "\n").first.map(String.init))
      XCTAssertTrue(first.hasSuffix("  TLSA not looked up"), "\(name): \(first)")
      XCTAssertFalse(text.contains(" TLSA insecure"), "\(name): \(text)")
      XCTAssertFalse(text.contains("_25._tcp."), "\(name): \(text)")
      XCTAssertTrue(text.contains("Why: the address records are insecure"), "\(name): \(text)")
    }
  }

  /// A host whose probes have not run yet, or reached nothing (unreachable, stopped): its usable
  /// record matched nothing and failed nothing, so it gets the neutral mark, never ✓.
  func testAUsableRecordNoHandshakeHeldAgainstAChainIsNotTicked() {
    let record = ConsoleReport.TLSARecordView(
      usage: 3, selector: 1, matchingType: 1, data: String(repeating: "ab", count: 32),
      isUsable: true, reason: "")
    let rows = TLSAPane.recordRows(record, key: "tlsa:0.0", wasMatched: false,
      wasNotTried: false, glyphs: .unicode)
    XCTAssertTrue(rows[0].text.hasPrefix("  \(Glyphs.unicode.untried) 3 1 1"), rows[0].text)
    var matched = record
    matched.matchedDepth = 0
    let ticked = TLSAPane.recordRows(matched, key: "tlsa:0.0", wasMatched: true, glyphs: .unicode)
    XCTAssertTrue(ticked[0].text.hasPrefix("  \(Glyphs.unicode.ok) 3 1 1"), ticked[0].text)
  }
}
