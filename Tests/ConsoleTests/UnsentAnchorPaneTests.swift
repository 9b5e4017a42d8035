import Foundation
import Lab
import ValidationCore
import XCTest

@testable import Console

/// The lab's `2 1 0` scenario: the record is the key of an intermediate the server does not
/// send (OpenSSL verifies with it, TLSAUnsentAnchorTests shows). The TLSA pane and the
/// handshake pane say what the text report says: it matched the trust-anchor key, not sent,
/// that signed depth 0; never "matched nothing".
final class UnsentAnchorPaneTests: XCTestCase {
  func testThePanesPlaceTheUnsentAnchorAsTheReportDoes() async throws {
    let engine = try await LabFixture.shared.engine()
    let state = try await LabScreenTests.checkedState("ta-no-intermediate-210", engine: engine)
    let address = try XCTUnwrap(state.report?.hosts.first?.addresses.first)
    XCTAssertEqual(address.verdict, .verified)
    XCTAssertTrue(
      address.reason.hasSuffix("matched the trust-anchor key, not sent, that signed depth 0"),
      address.reason)
    let place = "the trust-anchor key, not sent, that signed depth 0"
    var tlsa = state
    tlsa.resize(width: 240, height: 60)
    _ = tlsa.apply(.showPane(.tlsa))
    let tlsaScreen = Renderer().render(tlsa).lines.joined(separator: "\n")
    XCTAssertTrue(tlsaScreen.contains("matched \(place) in the last handshake"), tlsaScreen)
    XCTAssertFalse(tlsaScreen.contains("matched nothing"), tlsaScreen)
    var handshake = state
    handshake.resize(width: 240, height: 60)
    _ = handshake.apply(.showPane(.handshake))
    _ = handshake.apply(.bottom)
    let handshakeScreen = Renderer().render(handshake).lines.joined(separator: "\n")
    XCTAssertTrue(handshakeScreen.contains("matches \(place)"), handshakeScreen)
    XCTAssertFalse(handshakeScreen.contains("no record matches"), handshakeScreen)
  }
}
