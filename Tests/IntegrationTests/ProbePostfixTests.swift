import Foundation
import XCTest

@testable import ValidationCore

/// The probe against a real Postfix (smtpd with STARTTLS) on loopback, IPv4 and IPv6. Postfix's
/// own log says which commands it received: EHLO twice, STARTTLS and QUIT, nothing else.
final class ProbePostfixTests: XCTestCase {
  func testDANEEEAndDANETAAgainstPostfix() async throws {
    let folder = try TemporaryDirectory()
    let chain = try TestCertificates.caChain(.rsa, name: "mx.test", in: folder)
    let postfix = try PostfixServer(tls: .init(chain: chain.chain, key: chain.key))
    defer { postfix.stop() }
    let leaf = tlsaRecord(
      3, 1, 1,
      hex: try TestCertificates.referenceAssociationData(
        certificate: chain.certificate, selector: 1, matchingType: 1))
    let intermediate = tlsaRecord(
      2, 0, 1,
      hex: try TestCertificates.referenceAssociationData(
        certificate: folder.file("intermediate.crt"), selector: 0, matchingType: 1))
    let mx = try DNSName("mx.test.")

    for (address, record, depth) in [("127.0.0.1", leaf, 0), ("::1", intermediate, 1)] {
      let result = await SMTPProbe.run(
        ProbeRequest(
          host: mx, address: address, port: postfix.port, tlsaBaseDomain: mx,
          usableRecords: [record], timeouts: .uniform(10)))
      XCTAssertTrue(result.startTLS.isEstablished, "\(address): \(result.startTLS)")
      XCTAssertEqual(result.dane, .verified(record: record, depth: depth), address)
      XCTAssertEqual(result.tlsaMatches, [TLSAMatcher.Match(record: record, depth: depth)])
      XCTAssertEqual(result.findings, [], "\(address): \(result.findings.map(\.summary))")
      XCTAssertEqual(result.peerChain.count, 2)
      XCTAssertTrue(result.ehlo?.advertises("STARTTLS") ?? false)
      XCTAssertFalse(result.secureEHLO?.advertises("STARTTLS") ?? true)
      XCTAssertEqual(result.greeting?.code, 220)
    }

    // Postfix logs each session's command counts when the client disconnects; the log is
    // written asynchronously, so it is read again (at most 5 s) until both sessions are there.
    var disconnects: [Substring] = []
    var log = ""
    _ = waitUntil(timeout: 5, interval: 0.1) {
      log = postfix.log
      disconnects = log.split(separator: "\n").filter { $0.contains("disconnect from") }
      return disconnects.count >= 2
    }
    XCTAssertEqual(disconnects.count, 2, log)
    for line in disconnects {
      XCTAssertTrue(line.hasSuffix("ehlo=2 starttls=1 quit=1 commands=4"), String(line))
    }
  }
}
