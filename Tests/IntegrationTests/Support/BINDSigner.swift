import Foundation
import XCTest

/// Signs test zones with BIND's tools: `dnssec-keygen` makes a KSK and a ZSK once, and
/// `dnssec-signzone` signs versions of the zone with them (NSEC or NSEC3, any window), so a test
/// can break a zone and re-sign it while the parent's DS still names the same KSK.
///
/// Files live in a folder the caller owns (a `TemporaryDirectory`).
final class BINDSigner {
  /// An algorithm as dnssec-keygen names it, with its number and key size (RSA only).
  struct Algorithm: Sendable, CustomStringConvertible {
    let name: String
    let number: UInt8
    let bits: Int?

    static let rsaSHA1 = Algorithm(name: "RSASHA1", number: 5, bits: 2048)
    static let rsaSHA1NSEC3 = Algorithm(name: "NSEC3RSASHA1", number: 7, bits: 2048)
    static let rsaSHA256 = Algorithm(name: "RSASHA256", number: 8, bits: 2048)
    static let rsaSHA512 = Algorithm(name: "RSASHA512", number: 10, bits: 2048)
    static let ecdsaP256SHA256 = Algorithm(name: "ECDSAP256SHA256", number: 13, bits: nil)
    static let ecdsaP384SHA384 = Algorithm(name: "ECDSAP384SHA384", number: 14, bits: nil)
    static let ed25519 = Algorithm(name: "ED25519", number: 15, bits: nil)
    static let ed448 = Algorithm(name: "ED448", number: 16, bits: nil)

    var description: String { "\(name)(\(number))" }
  }

  /// NSEC3 parameters; `nil` in `sign` means plain NSEC.
  typealias NSEC3Options = SignerNSEC3Options

  let origin: String
  let algorithm: Algorithm
  let directory: URL
  /// Key base names (`K<origin>+<alg>+<tag>`).
  let kskBase: String
  let zskBase: String

  init(origin: String, algorithm: Algorithm = .ecdsaP256SHA256, in directory: URL) throws {
    precondition(origin.hasSuffix("."), "origin must be absolute: \(origin)")
    self.origin = origin
    self.algorithm = algorithm
    self.directory = directory
    var common = ["-q", "-K", directory.path, "-a", algorithm.name, "-n", "ZONE"]
    if let bits = algorithm.bits { common += ["-b", String(bits)] }
    kskBase = try Self.keygen(common + ["-f", "KSK", origin], in: directory)
    zskBase = try Self.keygen(common + [origin], in: directory)
  }

  private static func keygen(_ arguments: [String], in directory: URL) throws -> String {
    let output = try TestProcess.check("dnssec-keygen", arguments, in: directory, timeout: 120)
    let base = output.trimmingCharacters(in: .whitespacesAndNewlines)
    guard base.hasPrefix("K"), !base.contains("\n") else {
      throw BINDSignerError("dnssec-keygen printed no key name: \(output)")
    }
    return base
  }

  /// The KSK's DS record (SHA-256) as one zone-file line.
  func dsRecord(digest: String = "-2") throws -> String {
    let output = try TestProcess.check(
      "dnssec-dsfromkey", [digest, directory.appendingPathComponent(kskBase + ".key").path],
      in: directory)
    return output.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The DNSKEY records (KSK, then ZSK) as zone-file lines.
  func dnskeyRecords() throws -> [String] {
    try [kskBase, zskBase].map { base in
      let text = try String(
        contentsOf: directory.appendingPathComponent(base + ".key"), encoding: .utf8)
      return text.split(separator: "\n").first { !$0.hasPrefix(";") }.map(String.init) ?? ""
    }
  }

  /// Signs `zoneText` and returns the signed file `<fileName>.signed`. `inception` and
  /// `expiration` set the window (both in the past: every signature expired).
  @discardableResult
  func sign(
    _ zoneText: String, fileName: String, nsec3: NSEC3Options? = nil, inception: Date? = nil,
    expiration: Date? = nil
  ) throws -> URL {
    let keys = [kskBase, zskBase].map {
      "$INCLUDE \(directory.appendingPathComponent($0 + ".key").path)"
    }
    let unsigned = try write(zoneText + "\n" + keys.joined(separator: "\n") + "\n", to: fileName)
    let signed = directory.appendingPathComponent(fileName + ".signed")
    // -P: no post-sign verification (a test may sign deliberately broken windows); -O full:
    // one record a line, so that a test can edit the signed zone line by line.
    var arguments = [
      "-q", "-P", "-O", "full", "-K", directory.path, "-o", origin, "-f", signed.path,
    ]
    if let inception { arguments += ["-s", Self.stamp(inception)] }
    if let expiration { arguments += ["-e", Self.stamp(expiration)] }
    if let nsec3 {
      arguments += ["-3", nsec3.salt.isEmpty ? "-" : nsec3.salt, "-H", String(nsec3.iterations)]
      if nsec3.optOut { arguments.append("-A") }
    }
    arguments += ["-k", kskBase, unsigned.path, zskBase]
    try TestProcess.check("dnssec-signzone", arguments, in: directory, timeout: 120)
    return signed
  }

  private func write(_ text: String, to name: String) throws -> URL {
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  /// `YYYYMMDDHHMMSS` in UTC, as dnssec-signzone takes it.
  static func stamp(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMddHHmmss"
    return formatter.string(from: date)
  }
}

struct BINDSignerError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
