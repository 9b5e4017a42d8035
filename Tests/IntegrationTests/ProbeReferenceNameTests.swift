import Foundation
import XCTest

@testable import ValidationCore

/// Reference names that are no host names never reach OpenSSL's name checks or the SNI: as a C
/// string, `a\000b.example` would be checked as `a`, and the one label `a\.b` would read as two.
/// Each case has a control that verifies, so what makes the difference is the name alone.
final class ProbeReferenceNameTests: XCTestCase {
  private func request(_ port: UInt16, base: DNSName, _ record: TLSAData) -> ProbeRequest {
    ProbeRequest(
      host: base, address: "127.0.0.1", port: port, tlsaBaseDomain: base, usableRecords: [record],
      timeouts: .uniform(5))
  }

  private func name(_ labels: [String]) throws -> DNSName {
    try DNSName(labels: labels.map { Array($0.utf8) })
  }

  func testANameCutShortByANULNeverVerifiesDANETA() async throws {
    let folder = try TemporaryDirectory()
    let chain = try TestCertificates.rootAndLeaf(.ec, names: ["a"], in: folder)
    let record = tlsaRecord(2, 0, 1, hex: try chain.rootSHA256())
    let peer = try HostilePeer(.wellBehaved, certificate: chain)
    defer { peer.stop() }

    let control = await SMTPProbe.run(request(peer.port, base: try name(["a"]), record))
    XCTAssertEqual(control.dane, .verified(record: record, depth: 1))

    let withNUL = try name(["a\u{0}b", "example"])
    let result = await SMTPProbe.run(request(peer.port, base: withNUL, record))
    XCTAssertFalse(result.dane.isVerified, "\(result.dane)")
    XCTAssertNil(result.tlsParameters?.serverName, "no SNI for a name that is no host name")
    let unchecked = result.findings.first {
      $0.code.rawValue == "TLS_REFERENCE_NAME_NOT_A_HOST_NAME"
    }
    XCTAssertNotNil(unchecked, "\(result.findings.map(\.code))")
    // The name is shown escaped, never as the raw octets that cut it short.
    XCTAssertTrue(unchecked?.summary.contains("a\\000b.example.") ?? false, unchecked?.summary ?? "")
  }

  func testAnEscapedDotIsNotALabelBoundary() async throws {
    let folder = try TemporaryDirectory()
    let chain = try TestCertificates.rootAndLeaf(.ec, names: ["a.b.example"], in: folder)
    let record = tlsaRecord(2, 0, 1, hex: try chain.rootSHA256())
    let peer = try HostilePeer(.wellBehaved, certificate: chain)
    defer { peer.stop() }

    let control = await SMTPProbe.run(request(peer.port, base: try name(["a", "b", "example"]), record))
    XCTAssertEqual(control.dane, .verified(record: record, depth: 1))

    let oneLabel = try name(["a.b", "example"])
    let result = await SMTPProbe.run(request(peer.port, base: oneLabel, record))
    XCTAssertFalse(result.dane.isVerified, "\(result.dane)")
  }

  /// DANE-EE(3) checks no name (RFC 7672 §3.1.1): the odd name changes nothing there.
  func testDANEEEStillVerifiesWhateverTheName() async throws {
    let folder = try TemporaryDirectory()
    let chain = try TestCertificates.rootAndLeaf(.ec, names: ["a"], in: folder)
    let hex = try TestCertificates.referenceAssociationData(
      certificate: chain.certificate, selector: 1, matchingType: 1)
    let record = tlsaRecord(3, 1, 1, hex: hex)
    let peer = try HostilePeer(.wellBehaved, certificate: chain)
    defer { peer.stop() }
    let result = await SMTPProbe.run(request(peer.port, base: try name(["a\u{0}b", "example"]), record))
    XCTAssertEqual(result.dane, .verified(record: record, depth: 0))
  }
}
