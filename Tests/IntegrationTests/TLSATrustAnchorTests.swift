import Foundation
import XCTest

/// DANE-TA(2) records name a CA certificate above the leaf (RFC 7671 §5.2). `danescope tlsa`
/// never makes one from a lone leaf, and danescope's matcher counts a record only where its usage
/// lets it match, as OpenSSL does: `openssl s_client -dane_tlsa_rrdata` is the reference for
/// what authenticates, run against `danescope lab serve`'s servers and an in-process peer; the
/// certificates and their digests come from `openssl s_client -showcerts` and openssl pipelines.
final class TLSATrustAnchorTests: XCTestCase {
  /// The certificates a STARTTLS server sends, as PEM files in `folder`, leaf first.
  private func servedCertificates(_ server: String, in folder: TemporaryDirectory, label: String)
    throws -> [URL]
  {
    let output = try TestProcess.run(
      "openssl", ["s_client", "-starttls", "smtp", "-connect", server, "-showcerts"],
      timeout: 20, stdin: Data("QUIT\r\n".utf8)
    ).stdout
    return try TestCertificates.split(output, in: folder, as: label)
  }

  /// OpenSSL's own DANE decision for `record` at `server`.
  private func openSSLVerifies(_ server: String, name: String, record: String) throws -> Bool {
    try TestCertificates.openSSLDANEDecision(server, name: name, record: record) != nil
  }

  /// `lab serve` on free loopback ports, and its SMTP servers by host name.
  private func labServe() throws -> (LabServeProcess, [String: String]) {
    let serve = try LabServeProcess(
      port: try FreePort.next(), extraArguments: ["--port", "\(try FreePort.next(udpToo: false))"])
    return (serve, LabTraceTests.servers(serve.output))
  }

  private func spki(_ certificate: URL) throws -> String {
    try TestCertificates.referenceAssociationData(
      certificate: certificate, selector: 1, matchingType: 1)
  }

  func testUsage2FromAServerTakesItsCAAndRefusesALoneLeaf() throws {
    let (serve, servers) = try labServe()
    defer { serve.stop() }
    let folder = try TemporaryDirectory()

    // ta-no-intermediate sends only its leaf: there is no CA certificate to name.
    let leafOnly = try XCTUnwrap(servers["mx1.ta-no-intermediate.example."])
    XCTAssertEqual(try servedCertificates(leafOnly, in: folder, label: "leaf-only").count, 1)
    let refused = try DanescopeBinary.run(
      ["tlsa", "--from", leafOnly, "--usage", "2", "--timeout", "5"])
    XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
    XCTAssertEqual(refused.stdout, "")
    XCTAssertTrue(
      refused.stderr.contains("\(leafOnly) sent only its own certificate"), refused.stderr)
    XCTAssertTrue(refused.stderr.contains("publish the leaf itself with usage 3"), refused.stderr)

    // ta-valid sends leaf and intermediate: the record names the intermediate, and OpenSSL
    // authenticates the server with it.
    let withCA = try XCTUnwrap(servers["mx1.ta-valid.example."])
    let served = try servedCertificates(withCA, in: folder, label: "with-ca")
    XCTAssertEqual(served.count, 2)
    let made = try DanescopeBinary.run(["tlsa", "--from", withCA, "--usage", "2", "--timeout", "5"])
    XCTAssertEqual(made.status, 0, made.stderr)
    let record = "2 1 1 \(try spki(served[1]))"
    XCTAssertEqual(made.stdout, "_25._tcp.mx1.ta-valid.example. IN TLSA \(record)\n")
    XCTAssertTrue(try openSSLVerifies(withCA, name: "mx1.ta-valid.example", record: record))
  }

  /// A record whose usage does not fit where its data sits in the chain: OpenSSL does not
  /// authenticate with it, danescope's matcher finds no match and says why; the right record
  /// for the same certificate authenticates, and the matcher finds it.
  func testTheMatcherCountsARecordOnlyWhereOpenSSLDoes() throws {
    let (serve, servers) = try labServe()
    defer { serve.stop() }
    let folder = try TemporaryDirectory()
    let leafOnly = try XCTUnwrap(servers["mx1.ta-no-intermediate.example."])
    let leaf = try spki(try servedCertificates(leafOnly, in: folder, label: "leaf-only")[0])
    let withCA = try XCTUnwrap(servers["mx1.ta-valid.example."])
    let intermediate = try spki(try servedCertificates(withCA, in: folder, label: "ca")[1])
    let cases: [(server: String, name: String, record: String, depth: Int?)] = [
      (leafOnly, "mx1.ta-no-intermediate.example", "2 1 1 \(leaf)", nil),
      (leafOnly, "mx1.ta-no-intermediate.example", "3 1 1 \(leaf)", 0),
      (withCA, "mx1.ta-valid.example", "3 1 1 \(intermediate)", nil),
      (withCA, "mx1.ta-valid.example", "2 1 1 \(intermediate)", 1),
    ]
    for (server, name, record, depth) in cases {
      let reference = try openSSLVerifies(server, name: name, record: record)
      XCTAssertEqual(reference, depth != nil, "openssl: \(record) at \(name)")
      let trace = try DanescopeBinary.run(
        ["trace", server, "--tlsa-name", name, "--tlsa-record", record, "--timeout", "5"])
      let output = trace.stdout
      XCTAssertFalse(output.contains("TLS_MATCHER_DISAGREES"), output)
      if let depth {
        XCTAssertEqual(trace.status, 0, output)
        XCTAssertTrue(output.contains("dane: verified by \(record) at depth \(depth)"), output)
        XCTAssertTrue(
          output.contains("danescope matcher: \(record) matches depth \(depth)"), output)
        XCTAssertFalse(output.contains("TLS_TLSA_RECORD_AT_WRONG_DEPTH"), output)
      } else {
        XCTAssertEqual(trace.status, 1, output)
        XCTAssertTrue(output.contains("dane: not authenticated"), output)
        XCTAssertFalse(output.contains("danescope matcher: \(record) matches"), output)
        XCTAssertTrue(
          output.contains("danescope matcher: no record matches any certificate of the chain"),
          output)
        XCTAssertTrue(
          output.contains("warning TLS_TLSA_RECORD_AT_WRONG_DEPTH: TLSA record \(record) has"),
          output)
      }
    }
  }

  /// The one place a trust-anchor record may describe the leaf: a bare public key (`2 1 0`)
  /// that signed a self-issued leaf is a trust anchor of its own to OpenSSL.
  func testABarePublicKeyAnchorsASelfIssuedLeafAsOpenSSLSays() throws {
    let folder = try TemporaryDirectory()
    let certificate = try TestCertificates.selfSigned(.ec, name: "mx.test", in: folder)
    let key = try TestCertificates.referenceAssociationData(
      certificate: certificate.certificate, selector: 1, matchingType: 0)
    let peer = try HostilePeer(.wellBehaved, certificate: certificate)
    defer { peer.stop() }
    let server = "127.0.0.1:\(peer.port)"
    let record = "2 1 0 \(key)"
    // OpenSSL: "DANE TLSA 2 1 0 … signed the certificate at depth 0".
    let reference = try openSSLVerifies(server, name: "mx.test", record: record)
    XCTAssertTrue(reference, "openssl s_client did not verify \(record)")
    let trace = try DanescopeBinary.run(
      ["trace", server, "--tlsa-name", "mx.test", "--tlsa-record", record, "--timeout", "5"])
    XCTAssertEqual(trace.status, reference ? 0 : 1, trace.stdout)
    XCTAssertEqual(trace.stdout.contains("dane: verified by \(record)"), reference, trace.stdout)
    XCTAssertEqual(
      trace.stdout.contains("danescope matcher: \(record) matches depth 0"), reference,
      trace.stdout)
    XCTAssertFalse(trace.stdout.contains("TLS_MATCHER_DISAGREES"), trace.stdout)
  }

  /// A server name that does not resolve: the message names the host alone, not HOST:PORT, and
  /// gives the resolver's reason. Run in a namespace of its own whose resolv.conf names its own
  /// loopback, where nothing answers, so the lookup fails there and goes nowhere else.
  func testAServerNameThatDoesNotResolveIsNamedWithoutItsPort() throws {
    let namespace = try NetworkNamespace()
    defer { namespace.remove() }
    let folder = try TemporaryDirectory("tlsa-unresolved")
    let resolvConf = try folder.write("resolv.conf", "nameserver 127.0.0.1\noptions attempts:1\n")
    let result = try namespace.runWithResolvConf(
      resolvConf, DanescopeBinary.url.path,
      ["tlsa", "--from", "nosuch.test:2525", "--timeout", "5"], timeout: 30)
    XCTAssertEqual(result.status, 3, result.stderr)
    let line = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
    XCTAssertTrue(line.hasPrefix("danescope: cannot resolve 'nosuch.test': "), line)
    XCTAssertFalse(line.contains("2525"), line)
    XCTAssertGreaterThan(line.count, "danescope: cannot resolve 'nosuch.test': ".count, line)
    XCTAssertEqual(result.stdout, "")
  }

  /// A DANE-EE record made from a CA certificate (one that names no host) matches only a server
  /// presenting that CA certificate as its own: the record is printed, with a warning that points
  /// at usage 2. A leaf, or the CA with --usage 2, gets no warning.
  func testAnEndEntityRecordForACACertificateIsPrintedWithAWarning() throws {
    let folder = try TemporaryDirectory("tlsa-ee-for-ca")
    let chain = try TestCertificates.caChain(.ec, name: "mx.tlsa-ee.test", in: folder)
    let root = try XCTUnwrap(chain.root)
    let expected = try TestCertificates.referenceAssociationData(
      certificate: root, selector: 1, matchingType: 1)

    let forCA = try DanescopeBinary.run(["tlsa", root.path, "--tlsa-name", "mx.tlsa-ee.test"])
    XCTAssertEqual(forCA.status, 0, forCA.stderr)
    XCTAssertEqual(
      forCA.stdout, "_25._tcp.mx.tlsa-ee.test. IN TLSA 3 1 1 \(expected.lowercased())\n")
    XCTAssertTrue(forCA.stderr.hasPrefix("danescope: warning: "), forCA.stderr)
    XCTAssertTrue(forCA.stderr.contains("danescope test root"), forCA.stderr)
    XCTAssertTrue(forCA.stderr.contains("--usage 2"), forCA.stderr)

    // A whole-key record for the CA: no warning (a digest of a root gets one, see
    // TLSAUnsentAnchorTests).
    let asAnchor = try DanescopeBinary.run(
      ["tlsa", root.path, "--usage", "2", "--matching-type", "0", "--tlsa-name", "mx.tlsa-ee.test"])
    XCTAssertEqual(asAnchor.status, 0, asAnchor.stderr)
    XCTAssertEqual(asAnchor.stderr, "")
    let forLeaf = try DanescopeBinary.run(["tlsa", chain.certificate.path])
    XCTAssertEqual(forLeaf.status, 0, forLeaf.stderr)
    XCTAssertEqual(forLeaf.stderr, "")
  }

  /// A CA certificate made by openssl names no host, so the record's owner (`_25._tcp.HOST`)
  /// cannot come from it: without --tlsa-name, `tlsa` prints no record and one error (exit 2)
  /// asking for the host, never a warning about a record it then does not print; the error
  /// points at usage 2 where another usage was asked for. With the host named, the CA's
  /// `2 1 0` record holds the key openssl gives.
  func testACACertificateAloneAsksForTheHostInOneError() throws {
    let folder = try TemporaryDirectory("tlsa-ca-alone")
    let chain = try TestCertificates.caChain(.ec, name: "mx.tlsa-ca.test", in: folder)
    let root = try XCTUnwrap(chain.root)
    for (arguments, suggestsUsage) in [
      ([String](), true), (["--usage", "1"], true), (["--usage", "2", "--matching-type", "0"], false),
    ] {
      let run = try DanescopeBinary.run(["tlsa", root.path] + arguments)
      XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)")
      XCTAssertEqual(run.stdout, "", "\(arguments)")
      let lines = run.stderr.split(separator: "\n")
      XCTAssertEqual(lines.count, 1, "\(arguments): \(run.stderr)")
      let line = String(lines.first ?? "")
      XCTAssertFalse(line.contains("warning"), line)
      XCTAssertTrue(line.contains("CA certificate (CN=danescope test root)"), line)
      XCTAssertTrue(line.contains("--tlsa-name HOST"), line)
      XCTAssertEqual(line.contains("--usage 2"), suggestsUsage, line)
    }
    let named = try DanescopeBinary.run([
      "tlsa", root.path, "--usage", "2", "--matching-type", "0", "--tlsa-name", "mx.tlsa-ca.test",
    ])
    XCTAssertEqual(named.status, 0, named.stderr)
    let key = try TestCertificates.referenceAssociationData(
      certificate: root, selector: 1, matchingType: 0)
    XCTAssertEqual(named.stdout, "_25._tcp.mx.tlsa-ca.test. IN TLSA 2 1 0 \(key.lowercased())\n")
  }

  /// RFC 7672 §3.1.3: SMTP clients treat PKIX-TA(0) and PKIX-EE(1) records as unusable. The
  /// record asked for is still printed (the data is right; openssl computes the same), with one
  /// warning saying so; a usage-1 record made from a CA certificate gets one warning, not two.
  func testPKIXUsagesArePrintedWithOneWarningThatSMTPCannotUseThem() throws {
    let folder = try TemporaryDirectory("tlsa-pkix")
    let chain = try TestCertificates.caChain(.ec, name: "mx.tlsa-pkix.test", in: folder)
    let root = try XCTUnwrap(chain.root)
    let leafData = try TestCertificates.referenceAssociationData(
      certificate: chain.certificate, selector: 1, matchingType: 1)
    let intermediate = try XCTUnwrap(
      try splitPEM(chain.chain, in: folder).last, "the chain file holds the intermediate")
    let caData = try TestCertificates.referenceAssociationData(
      certificate: intermediate, selector: 1, matchingType: 1)
    let cases: [(usage: String, file: URL, data: String, suggests: String)] = [
      ("0", chain.chain, caData, "--usage 2"),
      ("1", chain.chain, leafData, "--usage 3"),
      ("1", root, try spki(root), "--usage 2"),
    ]
    for (usage, file, data, suggests) in cases {
      let run = try DanescopeBinary.run(
        ["tlsa", file.path, "--usage", usage, "--tlsa-name", "mx.tlsa-pkix.test"])
      XCTAssertEqual(run.status, 0, run.stderr)
      XCTAssertTrue(
        run.stdout.hasSuffix(" IN TLSA \(usage) 1 1 \(data.lowercased())\n"), run.stdout)
      let warnings = run.stderr.split(separator: "\n")
      XCTAssertEqual(warnings.count, 1, run.stderr)
      let warning = warnings.first.map(String.init) ?? ""
      XCTAssertTrue(warning.hasPrefix("danescope: warning: "), warning)
      XCTAssertTrue(warning.contains("not usable for SMTP (RFC 7672 §3.1.3)"), warning)
      XCTAssertTrue(warning.contains(suggests), warning)
      XCTAssertFalse(warning.contains(suggests == "--usage 2" ? "--usage 3" : "--usage 2"))
    }
    for usage in ["2", "3"] {
      let run = try DanescopeBinary.run(["tlsa", chain.chain.path, "--usage", usage])
      XCTAssertEqual(run.status, 0, run.stderr)
      XCTAssertEqual(run.stderr, "", "usage \(usage)")
    }
  }

  private func splitPEM(_ file: URL, in folder: TemporaryDirectory) throws -> [URL] {
    try TestCertificates.split(
      try String(contentsOf: file, encoding: .utf8), in: folder, as: "split")
  }
}
