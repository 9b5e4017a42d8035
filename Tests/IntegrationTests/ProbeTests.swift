import COpenSSL
import Foundation
import XCTest

@testable import ValidationCore

/// The probe against a well-behaved in-process STARTTLS server with certificates made by the
/// openssl command line; expected TLSA data comes from an openssl pipeline.
final class ProbeTests: XCTestCase {
  private let mx = try! DNSName("mx.test.")

  private func request(_ port: UInt16, _ records: [TLSAData], timeout: Double = 5) -> ProbeRequest {
    ProbeRequest(
      host: mx, address: "127.0.0.1", port: port, tlsaBaseDomain: mx, usableRecords: records,
      timeouts: .uniform(timeout))
  }

  func testDANEEEVerifiesAtTheLeafAndStreamsTheTrace() async throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.rsa, name: "mx.test", in: folder)
    let hex = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    let record = tlsaRecord(3, 1, 1, hex: hex)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let events = ProbeEvents()

    let result = await SMTPProbe.run(request(peer.port, [record]), events: events.sink)

    guard case .established(let parameters) = result.startTLS else {
      return XCTFail("no TLS: \(result.startTLS) \(result.findings.map(\.summary))")
    }
    XCTAssertTrue(["TLSv1.3", "TLSv1.2"].contains(parameters.version), parameters.version)
    XCTAssertEqual(parameters.serverName, "mx.test")
    XCTAssertNotNil(parameters.group)
    XCTAssertEqual(result.dane, .verified(record: record, depth: 0))
    XCTAssertEqual(result.tlsaMatches, [TLSAMatcher.Match(record: record, depth: 0)])
    XCTAssertEqual(result.findings, [])
    XCTAssertEqual(result.peerChain.count, 1)
    XCTAssertEqual(result.peerChain.first?.dnsNames, ["mx.test"])
    XCTAssertEqual(result.peerChain.first?.keyType, "RSA")
    XCTAssertEqual(result.peerChain.first?.keyBits, 2048)
    XCTAssertNotNil(result.secureEHLO)
    // EHLO, STARTTLS, EHLO over TLS, QUIT: never a mail command.
    XCTAssertEqual(
      peer.receivedCommands,
      ["EHLO danescope.invalid", "STARTTLS", "EHLO danescope.invalid", "QUIT"])

    let kinds = events.kinds
    XCTAssertEqual(kinds.first, .connecting)
    XCTAssertEqual(kinds.last, .closed)
    XCTAssertTrue(kinds.contains(.smtpSent(SanitizedText("STARTTLS"))))
    XCTAssertTrue(kinds.contains(.smtpReceived(SanitizedText("250-STARTTLS"))))
    let handshake = kinds.compactMap { kind -> String? in
      if case .tlsMessage(let message) = kind, case .handshake = message.content {
        return "\(message.direction == .sent ? ">" : "<") \(message)"
      }
      return nil
    }
    XCTAssertEqual(handshake.first, "> ClientHello")
    XCTAssertTrue(handshake.contains("< ServerHello"), "\(handshake)")
    XCTAssertTrue(handshake.contains("< Certificate"), "\(handshake)")
    XCTAssertTrue(
      kinds.contains(
        .daneDecision(.verified(record: record, depth: 0), matches: result.tlsaMatches)))
    let times = events.events.map(\.elapsed)
    XCTAssertEqual(times, times.sorted(), "events are not in time order")
  }

  func testWrongRecordFailsDANEButShowsTheChain() async throws {
    let folder = try TemporaryDirectory()
    let served = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder, label: "served")
    let other = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder, label: "other")
    let hex = try TestCertificates.referenceAssociationData(
      certificate: other.certificate, selector: 1, matchingType: 1)
    let peer = try HostilePeer(.wellBehaved, certificate: served)
    defer { peer.stop() }

    let result = await SMTPProbe.run(request(peer.port, [tlsaRecord(3, 1, 1, hex: hex)]))

    XCTAssertTrue(result.startTLS.isEstablished, "\(result.startTLS)")
    guard case .failed = result.dane else { return XCTFail("DANE: \(result.dane)") }
    XCTAssertEqual(result.tlsaMatches, [])
    XCTAssertEqual(result.findings.map(\.code.rawValue), ["TLS_DANE_NOT_AUTHENTICATED"])
    XCTAssertEqual(result.peerChain.first?.keyType, "EC")
    XCTAssertEqual(result.peerChain.first?.keyGroup, "prime256v1")
  }

  func testWithoutRecordsTLSIsNotAuthenticated() async throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }

    let result = await SMTPProbe.run(request(peer.port, []))

    XCTAssertTrue(result.startTLS.isEstablished, "\(result.startTLS)")
    XCTAssertEqual(result.dane, .notAttempted(.noUsableRecords))
    XCTAssertEqual(result.findings, [])
  }

  func testDANETAOnTheIntermediateAndTheRoot() async throws {
    let folder = try TemporaryDirectory()
    let chain = try TestCertificates.caChain(.rsa, name: "mx.test", in: folder)
    let intermediate = folder.file("intermediate.crt")
    let intermediateHex = try TestCertificates.referenceAssociationData(
      certificate: intermediate, selector: 1, matchingType: 2)
    let rootHex = try TestCertificates.referenceAssociationData(
      certificate: XCTUnwrap(chain.root), selector: 0, matchingType: 0)
    let onIntermediate = tlsaRecord(2, 1, 2, hex: intermediateHex)
    let onRoot = tlsaRecord(2, 0, 0, hex: rootHex)
    let peer = try HostilePeer(.wellBehaved, certificate: chain)
    defer { peer.stop() }

    let viaIntermediate = await SMTPProbe.run(request(peer.port, [onIntermediate]))
    XCTAssertEqual(viaIntermediate.dane, .verified(record: onIntermediate, depth: 1))
    XCTAssertEqual(
      viaIntermediate.tlsaMatches, [TLSAMatcher.Match(record: onIntermediate, depth: 1)])
    XCTAssertEqual(viaIntermediate.peerChain.count, 2)
    XCTAssertEqual(viaIntermediate.findings, [])

    // The root is not served: a `2 0 0` record carries it whole (RFC 7671 §5.2.2). OpenSSL
    // puts it one past the top of the served chain, where the matcher places an anchor that
    // was not sent.
    let viaRoot = await SMTPProbe.run(request(peer.port, [onRoot]))
    guard case .verified(let record, let depth) = viaRoot.dane else {
      return XCTFail("DANE: \(viaRoot.dane) \(viaRoot.findings.map(\.summary))")
    }
    XCTAssertEqual(record, onRoot)
    XCTAssertEqual(depth, 2)
    XCTAssertEqual(
      viaRoot.tlsaMatches, [TLSAMatcher.Match(record: onRoot, depth: 2, isAnchorNotSent: true)])
    XCTAssertNil(viaRoot.daneAuthorityServedDepth)
    XCTAssertNil(viaRoot.matcherDisagreement)
    XCTAssertEqual(viaRoot.findings, [])

    // The root's bare public key (`2 1 0`) is enough as well. OpenSSL then reports the depth
    // of the served certificate the key signed (1, measured with OpenSSL 3.0); the probe puts
    // it one past the top, as the matcher places the anchor that signed depth 1.
    let rootKey = tlsaRecord(
      2, 1, 0,
      hex: try TestCertificates.referenceAssociationData(
        certificate: XCTUnwrap(chain.root), selector: 1, matchingType: 0))
    let viaRootKey = await SMTPProbe.run(request(peer.port, [rootKey]))
    XCTAssertEqual(viaRootKey.dane, .verified(record: rootKey, depth: 2))
    XCTAssertEqual(
      viaRootKey.tlsaMatches, [TLSAMatcher.Match(record: rootKey, depth: 2, isAnchorNotSent: true)])
    XCTAssertNil(viaRootKey.daneAuthorityServedDepth)
    XCTAssertNil(viaRootKey.matcherDisagreement)
    XCTAssertEqual(viaRootKey.findings, [])

    // DANE-TA checks names: a base domain the leaf does not name fails.
    var wrongName = request(peer.port, [onIntermediate])
    wrongName.tlsaBaseDomain = try DNSName("other.test.")
    let misnamed = await SMTPProbe.run(wrongName)
    guard case .failed = misnamed.dane else { return XCTFail("DANE: \(misnamed.dane)") }
    XCTAssertEqual(misnamed.findings.map(\.code.rawValue), ["TLS_DANE_NOT_AUTHENTICATED"])
  }

  /// RFC 7672 §3.1.1: DANE-EE(3) ignores names and dates; DANE-TA(2) checks both, as of the
  /// injected clock.
  func testDANEEEIgnoresNamesAndDatesDANETADoesNot() async throws {
    let folder = try TemporaryDirectory()
    let chain = try TestCertificates.caChain(.ec, name: "mx.test", in: folder)
    let leafHex = try TestCertificates.referenceAssociationData(
      certificate: chain.certificate, selector: 1, matchingType: 1)
    let intermediateHex = try TestCertificates.referenceAssociationData(
      certificate: folder.file("intermediate.crt"), selector: 1, matchingType: 1)
    let onLeaf = tlsaRecord(3, 1, 1, hex: leafHex)
    let onIntermediate = tlsaRecord(2, 1, 1, hex: intermediateHex)
    let peer = try HostilePeer(.wellBehaved, certificate: chain)
    defer { peer.stop() }
    let later = FixedClock(Date().addingTimeInterval(90 * 86_400))  // past every notAfter

    var leafElsewhere = request(peer.port, [onLeaf])
    leafElsewhere.tlsaBaseDomain = try DNSName("other.test.")
    let eeResult = await SMTPProbe.run(leafElsewhere, clock: later)
    XCTAssertEqual(eeResult.dane, .verified(record: onLeaf, depth: 0))
    XCTAssertEqual(eeResult.findings, [])

    let taResult = await SMTPProbe.run(request(peer.port, [onIntermediate]), clock: later)
    XCTAssertEqual(taResult.dane, .failed(reason: "certificate has expired"))
    XCTAssertEqual(taResult.tlsaMatches, [TLSAMatcher.Match(record: onIntermediate, depth: 1)])
    XCTAssertEqual(taResult.findings.map(\.code.rawValue), ["TLS_DANE_NOT_AUTHENTICATED"])

    let taNow = await SMTPProbe.run(request(peer.port, [onIntermediate]))
    XCTAssertEqual(taNow.dane, .verified(record: onIntermediate, depth: 1))
  }

  /// The MX host name and the next-hop domain are reference identifiers too (RFC 7672 §3.2.2).
  func testDANETAAcceptsAnAdditionalReferenceName() async throws {
    let folder = try TemporaryDirectory()
    let chain = try TestCertificates.caChain(.ec, name: "mx.test", in: folder)
    let hex = try TestCertificates.referenceAssociationData(
      certificate: folder.file("intermediate.crt"), selector: 1, matchingType: 1)
    let peer = try HostilePeer(.wellBehaved, certificate: chain)
    defer { peer.stop() }
    var viaAlias = request(peer.port, [tlsaRecord(2, 1, 1, hex: hex)])
    viaAlias.tlsaBaseDomain = try DNSName("alias.test.")
    viaAlias.additionalReferenceNames = [try DNSName("mx.test.")]
    let result = await SMTPProbe.run(viaAlias)
    XCTAssertEqual(result.dane, .verified(record: tlsaRecord(2, 1, 1, hex: hex), depth: 1))
    XCTAssertEqual(result.request.tlsaBaseDomain, try DNSName("alias.test."))
    XCTAssertEqual(result.tlsParameters?.serverName, "alias.test")
  }

  func testIPv6LoopbackAndTLS12() async throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let hex = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 0, matchingType: 2)
    let record = tlsaRecord(3, 0, 2, hex: hex)
    let peer = try HostilePeer(
      .wellBehaved, certificate: certificate,
      options: .init(ipv6: true, maxTLSVersion: TLS1_2_VERSION))
    defer { peer.stop() }
    var overIPv6 = request(peer.port, [record])
    overIPv6.address = "::1"

    let result = await SMTPProbe.run(overIPv6)

    guard case .established(let parameters) = result.startTLS else {
      return XCTFail("\(result.startTLS) \(result.findings.map(\.summary))")
    }
    XCTAssertEqual(parameters.version, "TLSv1.2")
    XCTAssertEqual(parameters.cipher, "ECDHE-ECDSA-AES256-GCM-SHA384")
    XCTAssertEqual(parameters.signatureScheme, "ECDSA+SHA256")
    XCTAssertEqual(result.dane, .verified(record: record, depth: 0))
    XCTAssertEqual(result.findings, [])
  }

  func testAServerOfferingOnlyTLS11IsRefused() async throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let peer = try HostilePeer(
      .wellBehaved, certificate: certificate, options: .init(maxTLSVersion: TLS1_1_VERSION))
    defer { peer.stop() }
    let result = await SMTPProbe.run(request(peer.port, []))
    guard case .handshakeFailed(let reason) = result.startTLS else {
      return XCTFail("\(result.startTLS)")
    }
    XCTAssertTrue(reason.contains("offers only protocol versions older than TLS 1.2"), reason)
    XCTAssertEqual(result.findings.map(\.code.rawValue), ["TLS_PROTOCOL_VERSION_TOO_OLD"])
  }

  /// A server may send extra or misordered certificates: OpenSSL's depth counts the chain it
  /// built, danescope's matcher the chain as served. They must still agree.
  func testMisorderedChainStillAgrees() async throws {
    let folder = try TemporaryDirectory()
    let chain = try TestCertificates.caChain(.ec, name: "mx.test", in: folder)
    let stray = try TestCertificates.selfSigned(.ec, name: "stray.test", in: folder, label: "stray")
    let served = folder.file("misordered.pem")
    let text =
      try String(contentsOf: chain.certificate, encoding: .utf8)
      + String(contentsOf: stray.certificate, encoding: .utf8)
      + String(contentsOf: folder.file("intermediate.crt"), encoding: .utf8)
    try text.write(to: served, atomically: true, encoding: .utf8)
    let misordered = TestCertificate(
      certificate: chain.certificate, key: chain.key, chain: served, root: chain.root)
    let record = tlsaRecord(
      2, 1, 1,
      hex: try TestCertificates.referenceAssociationData(
        certificate: folder.file("intermediate.crt"), selector: 1, matchingType: 1))
    let peer = try HostilePeer(.wellBehaved, certificate: misordered)
    defer { peer.stop() }

    let result = await SMTPProbe.run(request(peer.port, [record]))

    XCTAssertEqual(result.peerChain.count, 3)
    XCTAssertEqual(result.dane, .verified(record: record, depth: 1))
    XCTAssertEqual(result.tlsaMatches, [TLSAMatcher.Match(record: record, depth: 2)])
    XCTAssertEqual(result.daneAuthorityServedDepth, 2)
    XCTAssertNil(result.matcherDisagreement)
    XCTAssertEqual(result.findings, [], "\(result.findings.map(\.summary))")
  }
}
