import Foundation
import ValidationCore
import XCTest

/// `danescope tlsa FILE` on files that are not plain PEM: a DER certificate gets the command that
/// converts it; text outside the PEM blocks is skipped as `openssl x509` skips it; anything in a
/// certificate block besides one certificate is refused with the block's line. Certificates and
/// reference records come from the openssl command line.
final class TLSAFileFormatTests: XCTestCase {
  var folder: TemporaryDirectory!
  var certificate: TestCertificate!
  /// The leaf's PEM lines, BEGIN and END included.
  var lines: [String] = []

  override func setUpWithError() throws {
    folder = try TemporaryDirectory("danescope-tlsa-file")
    certificate = try TestCertificates.caChain(.ec, name: "mx.example", in: folder)
    lines = try String(contentsOf: certificate.certificate, encoding: .utf8)
      .split(separator: "\n").map(String.init)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder.url)
  }

  private func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
    let url = folder.file(name)
    try Data(bytes).write(to: url)
    return url
  }

  private func write(_ name: String, lines: [String]) throws -> URL {
    try write(name, Array((lines.joined(separator: "\n") + "\n").utf8))
  }

  /// Whether `openssl x509` reads a certificate from the file.
  private func opensslReads(_ file: URL) throws -> Bool {
    try TestProcess.run("openssl", ["x509", "-in", file.path, "-noout"]).status == 0
  }

  func testDERCertificateGetsTheCommandThatConvertsIt() throws {
    let der = folder.file("leaf.der")
    try TestProcess.check(
      "openssl", ["x509", "-in", certificate.certificate.path, "-outform", "DER", "-out", der.path])
    let refused = try DanescopeBinary.run(["tlsa", der.path])
    XCTAssertEqual(refused.status, 2, refused.stderr)
    XCTAssertTrue(
      refused.stderr.contains("looks like a DER (binary) certificate, and a PEM file is expected"),
      refused.stderr)
    let command = "openssl x509 -inform DER -in \(der.path) -out \(der.path).pem"
    XCTAssertTrue(refused.stderr.contains(command), refused.stderr)

    // The suggested command works, and its output is read.
    try TestProcess.check("sh", ["-c", command])
    let converted = try DanescopeBinary.run(["tlsa", der.path + ".pem"])
    XCTAssertEqual(converted.status, 0, converted.stderr)
    XCTAssertTrue(
      converted.stdout.contains("IN TLSA 3 1 1 \(try certificate.leafSPKISHA256())"),
      converted.stdout)
  }

  func testTextOutsideTheBlocksIsSkippedAsOpenSSLSkipsIt() throws {
    let text = try TestProcess.check(
      "openssl", ["x509", "-in", certificate.certificate.path, "-text"])
    let latin1Comment = Array("# caf".utf8) + [0xE9] + Array("\n".utf8)
    let files = [
      try write("comment.pem", lines: ["# the leaf of mx.example", ""] + lines),
      try write("trailing.pem", lines: lines + ["trailing words, not a block"]),
      try write("text.pem", Array(text.utf8)),
      try write("latin1.pem", latin1Comment + Array((lines.joined(separator: "\n") + "\n").utf8)),
      try write("crlf.pem", Array((lines.joined(separator: "\r\n") + "\r\n").utf8)),
    ]
    let expected = "IN TLSA 3 1 1 \(try certificate.leafSPKISHA256())"
    for file in files {
      XCTAssertTrue(try opensslReads(file), "openssl x509 refuses \(file.lastPathComponent)")
      let result = try DanescopeBinary.run(["tlsa", file.path])
      XCTAssertEqual(result.status, 0, "\(file.lastPathComponent): \(result.stderr)")
      XCTAssertTrue(result.stdout.contains(expected), "\(file.lastPathComponent): \(result.stdout)")
    }
  }

  /// A UTF-8 byte-order mark before the first line, as some editors write it: openssl x509 reads
  /// past it, and so does danescope. Only there: after another line openssl refuses it too.
  func testByteOrderMarkAtTheStartIsSkippedAsOpenSSLSkipsIt() throws {
    let pem = Array((lines.joined(separator: "\n") + "\n").utf8)
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let first = try write("bom.pem", bom + pem)
    XCTAssertTrue(try opensslReads(first), "openssl x509 refuses bom.pem")
    let result = try DanescopeBinary.run(["tlsa", first.path])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(
      result.stdout.contains("IN TLSA 3 1 1 \(try certificate.leafSPKISHA256())"), result.stdout)

    let later = try write("bom-later.pem", Array("# comment\n".utf8) + bom + pem)
    XCTAssertFalse(try opensslReads(later), "openssl x509 reads bom-later.pem")
    let refused = try DanescopeBinary.run(["tlsa", later.path])
    XCTAssertEqual(refused.status, 2, refused.stderr)
    XCTAssertEqual(refused.stdout, "")
  }

  /// `openssl x509 -trustout` writes a TRUSTED CERTIFICATE block: the certificate, then
  /// OpenSSL's trust settings. The record is made from the certificate alone (the trust settings
  /// are no part of its DER), the same as from the plain file, by openssl's own pipeline.
  func testTrustedCertificateBlockIsReadForItsCertificate() throws {
    let trusted = folder.file("trusted-leaf.pem")
    try TestProcess.check(
      "openssl",
      [
        "x509", "-in", certificate.certificate.path, "-trustout", "-addtrust", "serverAuth",
        "-addreject", "emailProtection", "-out", trusted.path,
      ])
    let text = try String(contentsOf: trusted, encoding: .utf8)
    XCTAssertTrue(text.hasPrefix("-----BEGIN TRUSTED CERTIFICATE-----"), text)
    XCTAssertTrue(try opensslReads(trusted), "openssl x509 refuses the -trustout file")
    for selector in [0, 1] {
      let expected = try TestCertificates.referenceAssociationData(
        certificate: certificate.certificate, selector: selector, matchingType: 1)
      let result = try DanescopeBinary.run(["tlsa", trusted.path, "--selector", "\(selector)"])
      XCTAssertEqual(result.status, 0, result.stderr)
      XCTAssertTrue(
        result.stdout.contains("IN TLSA 3 \(selector) 1 \(expected)"), result.stdout)
    }

    // A line inserted by mistake into such a block is named, as in a CERTIFICATE block.
    var inserted = text.split(separator: "\n").map(String.init)
    inserted.insert("abcd", at: 4)
    let broken = try write("trusted-inserted.pem", lines: inserted)
    XCTAssertFalse(try opensslReads(broken), "openssl x509 reads trusted-inserted.pem")
    let refused = try DanescopeBinary.run(["tlsa", broken.path])
    XCTAssertEqual(refused.status, 2, refused.stderr)
    XCTAssertTrue(
      refused.stderr.contains(
        "line 5 does not belong in it: without that line the block holds a whole certificate"),
      refused.stderr)

    // A chain file of such blocks (leaf, then intermediate): a 2 0 1 record is made from the
    // top of the chain, the intermediate's certificate.
    let plain = try TestCertificates.split(
      String(contentsOf: certificate.chain, encoding: .utf8), in: folder, as: "plain")
    XCTAssertEqual(plain.count, 2)
    var chain: [UInt8] = []
    for (index, file) in plain.enumerated() {
      let out = folder.file("trusted-\(index).pem")
      try TestProcess.check(
        "openssl", ["x509", "-in", file.path, "-trustout", "-addtrust", "anyExtendedKeyUsage",
          "-out", out.path])
      chain += Array(try Data(contentsOf: out))
    }
    let file = try write("trusted-chain.pem", chain)
    let expected = try TestCertificates.referenceAssociationData(
      certificate: plain[1], selector: 0, matchingType: 1)
    let anchored = try DanescopeBinary.run(["tlsa", file.path, "--usage", "2", "--selector", "0"])
    XCTAssertEqual(anchored.status, 0, anchored.stderr)
    XCTAssertTrue(anchored.stdout.contains("IN TLSA 2 0 1 \(expected)"), anchored.stdout)
  }

  /// The certificate file's bound (Docs/UserGuide.md, "Timeouts, logs and errors"): a file of
  /// exactly 1 MiB, a comment before the certificate filling it, is read; one byte more is
  /// refused with the bound, though openssl x509 would read it.
  func testCertificateFileIsReadUpToItsBound() throws {
    let pem = Array((lines.joined(separator: "\n") + "\n").utf8)
    let comment = { (size: Int) -> [UInt8] in
      Array(repeating: UInt8(ascii: "#"), count: size - pem.count - 1) + [UInt8(ascii: "\n")]
    }
    let bound = InputFile.maximumSize
    XCTAssertEqual(bound, 1 << 20)
    let full = try write("full.pem", comment(bound) + pem)
    let read = try DanescopeBinary.run(["tlsa", full.path])
    XCTAssertEqual(read.status, 0, read.stderr)
    XCTAssertTrue(
      read.stdout.contains("IN TLSA 3 1 1 \(try certificate.leafSPKISHA256())"), read.stdout)

    let over = try write("over.pem", comment(bound + 1) + pem)
    XCTAssertTrue(try opensslReads(over), "openssl x509 refuses over.pem")
    let refused = try DanescopeBinary.run(["tlsa", over.path])
    XCTAssertEqual(refused.status, 2, refused.stderr)
    XCTAssertEqual(refused.stderr, "danescope: \(over.path): too large (more than 1048576 bytes)\n")
  }

  func testAnythingButOneCertificateInsideABlockIsRefusedWithItsLine() throws {
    let end = lines.count - 1
    var junkLine = lines
    junkLine.insert("junk! junk", at: end)
    var junkAppended = lines
    junkAppended[end - 1] += "!!junk"
    var header = lines
    header.insert("Proc-Type: 4,ENCRYPTED", at: 1)
    let refusedByOpenSSL: [(String, [String])] = [
      ("junk-line.pem", junkLine),
      ("junk-appended.pem", junkAppended),
      ("header.pem", header),
      ("no-end.pem", Array(lines.dropLast())),
    ]
    for (name, text) in refusedByOpenSSL {
      let file = try write(name, lines: ["# comment"] + text)
      XCTAssertFalse(try opensslReads(file), "openssl x509 reads \(name)")
      let result = try DanescopeBinary.run(["tlsa", file.path])
      XCTAssertEqual(result.status, 2, "\(name): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains("the PEM block at line 2 "), "\(name): \(result.stderr)")
    }

    // Bytes after the certificate inside the block: openssl x509 reads the certificate and
    // ignores them, but they are not part of it, and a file that holds them is not what it
    // claims to be.
    let padded = try Data(contentsOf: try derFile()) + Data("JUNKJUNKJUNK".utf8)
    let encoded = padded.base64EncodedString(
      options: [.lineLength64Characters, .endLineWithLineFeed])
    let trailing = try write(
      "trailing-der.pem",
      lines: ["-----BEGIN CERTIFICATE-----", encoded, "-----END CERTIFICATE-----"])
    let result = try DanescopeBinary.run(["tlsa", trailing.path])
    XCTAssertEqual(result.status, 2, result.stderr)
    XCTAssertTrue(
      result.stderr.contains("the PEM block at line 1 holds 12 bytes of data after its certificate"),
      result.stderr)
  }

  /// Base64 that decodes to something other than a certificate: openssl x509 refuses it (the
  /// reference); danescope says so once, in plain words, without OpenSSL's repeated ASN.1
  /// errors, and names the line at fault when one can be found: an inserted line (without it
  /// the block holds a whole certificate) or a line of another length than the others.
  func testABlockThatDecodesToNoCertificateNamesTheLineAtFault() throws {
    var inserted = lines
    inserted.insert("abcd", at: 5)
    var cut = lines
    cut[3] = String(cut[3].dropFirst(4))
    // "M" encodes the DER SEQUENCE tag the certificate starts with; "N" makes it another tag.
    var changed = lines
    changed[1] = "N" + changed[1].dropFirst()
    let cases: [(name: String, text: [String], says: String)] = [
      (
        "inserted.pem", inserted,
        "line 6 does not belong in it: without that line the block holds a whole certificate"
      ),
      ("cut.pem", cut, "line 4 is 60 characters long where the block's other full lines are 64"),
      ("changed.pem", changed, "(a character changed, or lines missing or out of order)"),
    ]
    XCTAssertTrue(lines[1].hasPrefix("M"), lines[1])
    for (name, text, says) in cases {
      let file = try write(name, lines: text)
      XCTAssertFalse(try opensslReads(file), "openssl x509 reads \(name)")
      let result = try DanescopeBinary.run(["tlsa", file.path])
      XCTAssertEqual(result.status, 2, "\(name): \(result.stderr)")
      XCTAssertEqual(result.stdout, "", name)
      let errors = result.stderr.split(separator: "\n")
      XCTAssertEqual(errors.count, 1, "\(name): \(result.stderr)")
      XCTAssertTrue(
        result.stderr.contains(
          "the PEM block at line 1 does not hold a certificate: its base64 decodes, but not to a"
            + " DER certificate"), "\(name): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains(says), "\(name): \(result.stderr)")
      XCTAssertFalse(result.stderr.contains("asn1"), "\(name): \(result.stderr)")
      XCTAssertFalse(result.stderr.contains("error:"), "\(name): \(result.stderr)")
    }
  }

  /// A NUL or an ESC in place of a base64 character: openssl x509 refuses the file (the
  /// reference); danescope says the base64 is invalid and where, not that it "decodes, but not
  /// to a DER certificate" (OpenSSL's reader turns control characters into blanks).
  func testControlCharactersInTheBase64AreNamedWithTheirLine() throws {
    let cases: [(name: String, line: Int, column: Int, octet: UInt8, shown: String)] = [
      ("escape.pem", 2, 10, 0x1B, "\\027"),
      ("nul.pem", 3, 5, 0x00, "\\000"),
      ("high.pem", 4, 1, 0xE9, "\\233"),
    ]
    for (name, line, column, octet, shown) in cases {
      var bytes = lines.map { Array($0.utf8) }
      bytes[line][column - 1] = octet
      let file = try write(name, Array(bytes.map { $0 + [0x0A] }.joined()))
      XCTAssertFalse(try opensslReads(file), "openssl x509 reads \(name)")
      let result = try DanescopeBinary.run(["tlsa", file.path])
      XCTAssertEqual(result.status, 2, "\(name): \(result.stderr)")
      XCTAssertEqual(result.stdout, "", name)
      XCTAssertTrue(
        result.stderr.contains(
          "the PEM block at line 1 has invalid base64: line \(line + 1), column \(column) holds"
            + " \(shown), which is not a base64 character"), "\(name): \(result.stderr)")
      XCTAssertFalse(result.stderr.contains("decodes"), "\(name): \(result.stderr)")
    }
  }

  /// A chain file whose second certificate is broken: before, the broken block ended the chain
  /// quietly, and `--usage 2` took the leaf as the trust anchor.
  func testBrokenSecondCertificateOfAChainIsRefused() throws {
    var broken = try String(contentsOf: certificate.chain, encoding: .utf8)
      .split(separator: "\n").map(String.init)
    let secondEnd = try XCTUnwrap(broken.lastIndex { $0.hasPrefix("-----END ") })
    broken.insert("junk", at: secondEnd)
    let file = try write("chain.pem", lines: broken)
    for usage in ["2", "3"] {
      let result = try DanescopeBinary.run(["tlsa", file.path, "--usage", usage])
      XCTAssertEqual(result.status, 2, result.stderr)
      XCTAssertTrue(
        result.stderr.contains("the PEM block at line \(lines.count + 1) "),
        result.stderr)
    }
  }

  private func derFile() throws -> URL {
    let der = folder.file("leaf-for-padding.der")
    try TestProcess.check(
      "openssl", ["x509", "-in", certificate.certificate.path, "-outform", "DER", "-out", der.path])
    return der
  }
}
