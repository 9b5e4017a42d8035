import Foundation
import XCTest

/// `danescope trace` and `danescope tlsa` run as the real binary against the in-process peer;
/// TLSA data is checked against `ldns-dane create` and an openssl pipeline.
final class ProbeCommandTests: XCTestCase {
  private func assertNoControlCharacters(
    _ text: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    let bad = text.unicodeScalars.filter {
      ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || (0x80...0x9F).contains($0.value)
    }
    XCTAssertTrue(
      bad.isEmpty, "raw control characters on the terminal: \(text.debugDescription)", file: file,
      line: line)
  }

  func testTraceStreamsTheDialogueHandshakeAndDANEDecision() throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.rsa, name: "mx.test", in: folder)
    let hex = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }

    let run = try DanescopeBinary.run(
      [
        "trace", "127.0.0.1:\(peer.port)", "--tlsa-name", "mx.test", "--tlsa-record",
        "3 1 1 \(hex)",
        "--timeout", "5",
      ])

    XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
    for expected in [
      "connecting to 127.0.0.1 port \(peer.port)", "< 220 mx.test ESMTP hostile peer",
      "> EHLO danescope.invalid", "< 250-STARTTLS", "> STARTTLS", "tls: handshake, SNI mx.test",
      "tls > ClientHello", "tls < ServerHello", "tls: established: TLSv1.3",
      "chain depth 0: CN=mx.test",
      "DNS names mx.test", "key RSA 2048 bits", "dane: verified by 3 1 1 \(hex) at depth 0",
      "danescope matcher: 3 1 1 \(hex) matches depth 0", "> QUIT", "closed",
      "result: TLS TLSv1.3 established, DANE verified by 3 1 1 \(hex) at depth 0",
    ] {
      XCTAssertTrue(run.stdout.contains(expected), "missing '\(expected)' in:\n\(run.stdout)")
    }
    XCTAssertEqual(run.stderr, "")
  }

  func testTraceWithoutRecordsAndAgainstHostileBanners() throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let plain = try HostilePeer(.wellBehaved, certificate: certificate)
    let withoutDANE = try DanescopeBinary.run(["trace", "127.0.0.1", "--port", "\(plain.port)"])
    plain.stop()
    XCTAssertEqual(withoutDANE.status, 0, withoutDANE.stdout)
    XCTAssertTrue(withoutDANE.stdout.contains("tls: handshake, SNI (none)"), withoutDANE.stdout)
    // No name: no TLSA records were looked up at all, which is not "none usable".
    XCTAssertTrue(
      withoutDANE.stdout.contains(
        "dane: not attempted (no TLSA name given, no TLSA records looked up)"),
      withoutDANE.stdout)
    XCTAssertFalse(withoutDANE.stdout.contains("no usable TLSA records"), withoutDANE.stdout)
    // An address and no --tlsa-name: nothing was looked up, and the result says so.
    XCTAssertTrue(
      withoutDANE.stdout.contains("established, without DANE (no TLSA name, nothing looked up)"),
      withoutDANE.stdout)

    let overIPv6 = try HostilePeer(
      .wellBehaved, certificate: certificate, options: .init(ipv6: true))
    let ipv6 = try DanescopeBinary.run(["trace", "[::1]:\(overIPv6.port)", "--timeout", "5"])
    overIPv6.stop()
    XCTAssertEqual(ipv6.status, 0, ipv6.stdout)
    XCTAssertTrue(ipv6.stdout.contains("connecting to ::1 port \(overIPv6.port)"), ipv6.stdout)
    XCTAssertTrue(ipv6.stdout.contains("established, without DANE"), ipv6.stdout)

    let hostile = try HostilePeer(.escapesInBanner, certificate: certificate)
    let escaped = try DanescopeBinary.run(["trace", "127.0.0.1:\(hostile.port)", "--timeout", "5"])
    hostile.stop()
    assertNoControlCharacters(escaped.stdout + escaped.stderr)
    XCTAssertTrue(
      escaped.stdout.contains("< 220 mx.test \\027[2J\\027]0;owned\\007 ESMTP"), escaped.stdout)
    XCTAssertTrue(escaped.stdout.contains("warning SMTP_CONTROL_CHARACTERS"), escaped.stdout)
    XCTAssertEqual(escaped.status, 0)

    let injecting = try HostilePeer(
      .plaintextAfterSTARTTLS("250 \u{1B}[1mfake\r\n"), certificate: certificate)
    let injected = try DanescopeBinary.run([
      "trace", "127.0.0.1:\(injecting.port)", "--timeout", "5",
    ])
    injecting.stop()
    assertNoControlCharacters(injected.stdout + injected.stderr)
    XCTAssertTrue(
      injected.stdout.contains(
        "! discarded 14 octets of plaintext sent after the 220: 250 \\027[1mfake\\013\\010"),
      injected.stdout)
    XCTAssertTrue(injected.stdout.contains("error SMTP_PLAINTEXT_AFTER_STARTTLS"), injected.stdout)
    XCTAssertEqual(injected.status, 1)

    let endless = try HostilePeer(.endlessLine, certificate: nil)
    let long = try DanescopeBinary.run(["trace", "127.0.0.1:\(endless.port)", "--timeout", "5"])
    endless.stop()
    assertNoControlCharacters(long.stdout + long.stderr)
    XCTAssertTrue(long.stdout.contains("error SMTP_LINE_TOO_LONG"), long.stdout)
    XCTAssertEqual(long.status, 1)
  }

  /// Usable records make TLS mandatory (RFC 7672 §2.2): a handshake that fails is a DANE
  /// failure, with the finding `check` gives for it, not "no DANE".
  func testTraceWithRecordsFailsWhenTheHandshakeFails() throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let hex = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 1)
    let peer = try HostilePeer(.alertMidHandshake, certificate: certificate)
    defer { peer.stop() }
    let run = try DanescopeBinary.run([
      "trace", "127.0.0.1:\(peer.port)", "--tlsa-name", "mx.test", "--tlsa-record",
      "3 1 1 \(hex)", "--timeout", "5",
    ])
    XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
    XCTAssertTrue(
      run.stdout.contains(
        "\nerror TLS_REQUIRED_NOT_AVAILABLE: mx.test. must offer TLS (it has TLSA records) but at"
          + " 127.0.0.1 the TLS handshake fails ("), run.stdout)
    XCTAssertTrue(
      run.stdout.contains(
        ", DANE failed: STARTTLS is mandatory (usable TLSA records) but the TLS handshake failed"),
      run.stdout)
    XCTAssertFalse(run.stdout.contains("no DANE"), run.stdout)
  }

  func testTraceUsageErrors() throws {
    let noHost = try DanescopeBinary.run(["trace"])
    XCTAssertEqual(noHost.status, 2)
    XCTAssertTrue(noHost.stderr.contains("trace needs exactly one HOST[:PORT]"), noHost.stderr)
    let badPort = try DanescopeBinary.run(["trace", "127.0.0.1:99999"])
    XCTAssertEqual(badPort.status, 2)
    XCTAssertTrue(
      badPort.stderr.contains("'99999' in '127.0.0.1:99999' is not a port number"), badPort.stderr)
    let badRecord = try DanescopeBinary.run(
      ["trace", "127.0.0.1:2", "--tlsa-name", "mx.test", "--tlsa-record", "1 1 1 00"])
    XCTAssertEqual(badRecord.status, 2)
    XCTAssertTrue(badRecord.stderr.contains("usage 1 is not usable for SMTP"), badRecord.stderr)
    // Full(0) data must be a DER certificate: "0000" is not one, so the record is unusable.
    let notACertificate = try DanescopeBinary.run(
      ["trace", "127.0.0.1:2", "--tlsa-name", "mx.test", "--tlsa-record", "2 0 0 0000"])
    XCTAssertEqual(notACertificate.status, 2)
    XCTAssertTrue(
      notACertificate.stderr.contains("'2 0 0 0000': the data is not a DER certificate"),
      notACertificate.stderr)
  }

  /// `ldns-dane -c CERT create NAME PORT U S M` prints `NAME TTL IN TLSA U S M HEX`.
  private func ldnsDane(_ certificate: URL, _ fields: [String]) throws -> String {
    let output = try TestProcess.check(
      "ldns-dane", ["-c", certificate.path, "create", "mx.test", "25"] + fields)
    let words = output.split(whereSeparator: \.isWhitespace)
    XCTAssertEqual(words.count, 8, output)
    return "\(words[0]) IN TLSA " + words[4...].joined(separator: " ")
  }

  func testTLSAFromAFileAgreesWithLDNSDane() throws {
    let folder = try TemporaryDirectory()
    for kind in [TestCertificates.KeyKind.rsa, .ec] {
      let certificate = try TestCertificates.selfSigned(
        kind, name: "mx.test", in: folder, label: "\(kind)")
      let byDefault = try DanescopeBinary.run(["tlsa", certificate.certificate.path])
      XCTAssertEqual(byDefault.status, 0, byDefault.stderr)
      XCTAssertEqual(
        byDefault.stdout, try ldnsDane(certificate.certificate, ["3", "1", "1"]) + "\n")
      for fields in [["3", "0", "1"], ["3", "1", "2"], ["3", "0", "0"], ["3", "1", "0"]] {
        let run = try DanescopeBinary.run(
          [
            "tlsa", certificate.certificate.path, "--usage", fields[0], "--selector", fields[1],
            "--matching-type", fields[2],
          ])
        XCTAssertEqual(
          run.stdout, try ldnsDane(certificate.certificate, fields) + "\n", "\(fields)")
      }
    }
  }

  func testTLSAForATrustAnchorAndFromAServer() throws {
    let folder = try TemporaryDirectory()
    let chain = try TestCertificates.caChain(.ec, name: "mx.test", in: folder)
    let anchor = try DanescopeBinary.run(
      ["tlsa", chain.chain.path, "--usage", "2", "--matching-type", "2", "--tlsa-name", "mx.test"])
    let intermediateHex = try TestCertificates.referenceAssociationData(
      certificate: folder.file("intermediate.crt"), selector: 1, matchingType: 2)
    XCTAssertEqual(
      anchor.stdout, "_25._tcp.mx.test. IN TLSA 2 1 2 \(intermediateHex)\n", anchor.stderr)

    let peer = try HostilePeer(.wellBehaved, certificate: chain)
    defer { peer.stop() }
    let fetched = try DanescopeBinary.run(
      ["tlsa", "--from", "127.0.0.1:\(peer.port)", "--tlsa-name", "mx.test", "--timeout", "5"])
    let leafHex = try TestCertificates.referenceAssociationData(
      certificate: chain.certificate, selector: 1, matchingType: 1)
    XCTAssertEqual(
      fetched.stdout, "_25._tcp.mx.test. IN TLSA 3 1 1 \(leafHex)\n", fetched.stderr)
    XCTAssertEqual(fetched.status, 0)

    let badSelector = try DanescopeBinary.run(["tlsa", chain.chain.path, "--selector", "5"])
    XCTAssertEqual(badSelector.status, 2)
    XCTAssertTrue(
      badSelector.stderr.contains("--selector '5' must be a number from 0 to 1"), badSelector.stderr
    )
  }

  /// A trust-anchor record (usage 2) names a CA above the leaf (RFC 7671 §5.2): a file with
  /// only a server's certificate is refused, saying what to give instead; a file with the CA
  /// certificate alone gives that CA's record.
  func testTLSAUsage2FromAFileNeedsACACertificate() throws {
    let folder = try TemporaryDirectory()
    let chain = try TestCertificates.caChain(.ec, name: "mx.test", in: folder)
    let selfSigned = try TestCertificates.selfSigned(
      .ec, name: "mx.test", in: folder, label: "self")
    // `openssl req -x509` marks its certificate CA:TRUE; it is still a server's own.
    for leaf in [chain.certificate, selfSigned.certificate] {
      let refused = try DanescopeBinary.run(["tlsa", leaf.path, "--usage", "2"])
      XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
      XCTAssertEqual(refused.stdout, "")
      XCTAssertTrue(
        refused.stderr.contains("\(leaf.path) holds one certificate, a server's (CN=mx.test)"),
        refused.stderr)
      XCTAssertTrue(refused.stderr.contains("or the CA certificate alone"), refused.stderr)
    }
    let intermediate = folder.file("intermediate.crt")
    let anchor = try DanescopeBinary.run(
      ["tlsa", intermediate.path, "--usage", "2", "--tlsa-name", "mx.test"])
    let hex = try TestCertificates.referenceAssociationData(
      certificate: intermediate, selector: 1, matchingType: 1)
    XCTAssertEqual(anchor.stdout, "_25._tcp.mx.test. IN TLSA 2 1 1 \(hex)\n", anchor.stderr)
    XCTAssertEqual(anchor.status, 0)
  }

  /// When STARTTLS fails, `tlsa --from` says why in one plain clause (no trace "result:").
  func testTLSAFromARefusingServerSaysWhyPlainly() throws {
    let peer = try HostilePeer(.refuseSTARTTLS(code: 454), certificate: nil)
    defer { peer.stop() }
    let run = try DanescopeBinary.run(
      ["tlsa", "--from", "127.0.0.1:\(peer.port)", "--tlsa-name", "mx.test", "--timeout", "5"])
    XCTAssertEqual(run.status, 3, run.stderr)
    XCTAssertEqual(run.stdout, "")
    XCTAssertEqual(
      run.stderr,
      "danescope: no certificate from 127.0.0.1:\(peer.port): STARTTLS refused with 454\n")
  }
}
