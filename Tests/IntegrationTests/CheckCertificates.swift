import Foundation
import XCTest

/// Certificates for the check world, made by the real `openssl` command: a self-signed CA and a
/// leaf it signs for several names, EC P-256 keys, and the TLSA association data computed by
/// openssl too (never by danescope's own code, so that expectations come from the reference tool).
final class CheckCertificates {
  let folder: URL
  let caCertificate: URL
  let leafCertificate: URL
  let leafKey: URL
  /// The leaf followed by the CA: what a server sends when it includes its issuer.
  let chainWithCA: URL

  /// Makes the CA and a leaf valid for `names` (subjectAltName dNSName entries).
  init(names: [String], in folder: URL, days: Int = 30) throws {
    self.folder = folder
    caCertificate = folder.appendingPathComponent("ca.pem")
    leafCertificate = folder.appendingPathComponent("leaf.pem")
    leafKey = folder.appendingPathComponent("leaf.key")
    chainWithCA = folder.appendingPathComponent("chain.pem")
    let caKey = folder.appendingPathComponent("ca.key")
    try Self.openssl([
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", caKey.path, "-out", caCertificate.path, "-days", String(days),
      "-subj", "/CN=danescope test CA", "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ])
    let request = folder.appendingPathComponent("leaf.csr")
    try Self.openssl([
      "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", leafKey.path, "-out", request.path, "-subj", "/CN=\(names.first ?? "leaf")",
    ])
    let extensions = folder.appendingPathComponent("leaf.ext")
    try
      ("basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n"
      + "subjectAltName=" + names.map { "DNS:\($0)" }.joined(separator: ",") + "\n").write(
        to: extensions, atomically: true, encoding: .utf8)
    try Self.openssl([
      "x509", "-req", "-in", request.path, "-CA", caCertificate.path, "-CAkey", caKey.path,
      "-CAcreateserial", "-out", leafCertificate.path, "-days", String(days),
      "-extfile", extensions.path,
    ])
    let chain =
      try String(contentsOf: leafCertificate, encoding: .utf8)
      + String(contentsOf: caCertificate, encoding: .utf8)
    try chain.write(to: chainWithCA, atomically: true, encoding: .utf8)
  }

  /// SHA-256 of the leaf's SubjectPublicKeyInfo, hex: the data of a `3 1 1` record.
  func leafSPKISHA256() throws -> String {
    let spki = folder.appendingPathComponent("leaf-spki.der")
    try Self.openssl([
      "x509", "-in", leafCertificate.path, "-noout", "-pubkey", "-out", spki.path + ".pem",
    ])
    try Self.openssl([
      "pkey", "-pubin", "-in", spki.path + ".pem", "-outform", "DER", "-out", spki.path,
    ])
    return try Self.sha256(spki)
  }

  /// SHA-256 of the CA certificate's DER: the data of a `2 0 1` record.
  func caCertificateSHA256() throws -> String {
    let der = folder.appendingPathComponent("ca.der")
    try Self.openssl(["x509", "-in", caCertificate.path, "-outform", "DER", "-out", der.path])
    return try Self.sha256(der)
  }

  static func sha256(_ file: URL) throws -> String {
    let output = try TestProcess.check("openssl", ["dgst", "-sha256", "-r", file.path])
    guard let hex = output.split(separator: " ").first, hex.count == 64 else {
      throw TestProcess.ToolFailed(command: "openssl dgst", status: 0, output: output)
    }
    return String(hex)
  }

  @discardableResult
  static func openssl(_ arguments: [String]) throws -> String {
    try TestProcess.check("openssl", arguments, timeout: 30)
  }
}
