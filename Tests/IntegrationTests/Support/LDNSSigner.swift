import Foundation
import XCTest

/// Signs test zones with the real ldns tools: `ldns-keygen` makes a KSK and a ZSK once, and
/// `ldns-signzone` signs any number of versions of the zone with them (so a test can sign the
/// zone again with an expired window, or with NSEC3, and the parent's DS still matches).
///
/// Everything lives in a folder the caller owns (usually a `TemporaryDirectory`).
final class LDNSSigner {
  /// A DNSSEC algorithm as ldns-keygen names it, with the key size it needs (RSA only).
  struct Algorithm: Sendable {
    let name: String
    let number: UInt8
    let bits: Int?

    static let rsaSHA256 = Algorithm(name: "RSASHA256", number: 8, bits: 2048)
    static let rsaSHA512 = Algorithm(name: "RSASHA512", number: 10, bits: 2048)
    static let ecdsaP256SHA256 = Algorithm(name: "ECDSAP256SHA256", number: 13, bits: nil)
    static let ecdsaP384SHA384 = Algorithm(name: "ECDSAP384SHA384", number: 14, bits: nil)
    static let ed25519 = Algorithm(name: "ED25519", number: 15, bits: nil)
    static let ed448 = Algorithm(name: "ED448", number: 16, bits: nil)
  }

  /// NSEC3 parameters; `nil` in `sign` means plain NSEC.
  typealias NSEC3Options = SignerNSEC3Options

  let origin: String
  let algorithm: Algorithm
  let directory: URL
  /// Key base names (`K<origin>+<alg>+<tag>`), as ldns-signzone takes them.
  let kskBase: String
  let zskBase: String

  /// Generates a KSK and a ZSK for `origin` (absolute, with its trailing dot) in `directory`.
  init(origin: String, algorithm: Algorithm = .ecdsaP256SHA256, in directory: URL) throws {
    precondition(origin.hasSuffix("."), "origin must be absolute: \(origin)")
    self.origin = origin
    self.algorithm = algorithm
    self.directory = directory
    var common = ["-a", algorithm.name]
    if let bits = algorithm.bits { common += ["-b", String(bits)] }
    kskBase = try Self.keygen(common + ["-k", origin], in: directory)
    zskBase = try Self.keygen(common + [origin], in: directory)
  }

  private static func keygen(_ arguments: [String], in directory: URL) throws -> String {
    let output = try TestProcess.check("ldns-keygen", arguments, in: directory, timeout: 60)
    let base = output.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !base.isEmpty, !base.contains("\n") else {
      throw SignerError("ldns-keygen printed no key name: \(output)")
    }
    return base
  }

  /// The DS record of the KSK (SHA-256), one line of zone-file text, for the parent zone or a
  /// trust anchor.
  var dsRecords: [String] {
    get throws { try Self.recordLines(directory.appendingPathComponent(kskBase + ".ds")) }
  }

  /// The DNSKEY records (KSK first, then ZSK), as zone-file lines: also usable as trust anchors.
  var dnskeyRecords: [String] {
    get throws {
      try Self.recordLines(directory.appendingPathComponent(kskBase + ".key"))
        + Self.recordLines(directory.appendingPathComponent(zskBase + ".key"))
    }
  }

  /// Signs `zoneText` (the unsigned zone, `$ORIGIN`-free lines are taken relative to `origin`)
  /// and returns the path of the signed zone file, `<fileName>.signed`.
  ///
  /// `inception` and `expiration` set the RRSIG validity window; both in the past makes every
  /// signature expired. Without them ldns uses now and now + 4 weeks.
  @discardableResult
  func sign(
    _ zoneText: String, fileName: String? = nil, nsec3: NSEC3Options? = nil,
    inception: Date? = nil, expiration: Date? = nil
  ) throws -> URL {
    let name = fileName ?? (origin == "." ? "root" : String(origin.dropLast()))
    let unsigned = directory.appendingPathComponent(name + ".zone")
    try zoneText.write(to: unsigned, atomically: true, encoding: .utf8)
    let signed = directory.appendingPathComponent(name + ".signed")
    var arguments = ["-f", signed.path, "-o", origin]
    if let inception { arguments += ["-i", Self.ldnsDate(inception)] }
    if let expiration { arguments += ["-e", Self.ldnsDate(expiration)] }
    if let nsec3 {
      arguments += ["-n", "-t", String(nsec3.iterations)]
      if !nsec3.salt.isEmpty { arguments += ["-s", nsec3.salt] }
      if nsec3.optOut { arguments.append("-p") }
    }
    arguments += [unsigned.path, kskBase, zskBase]
    try TestProcess.check("ldns-signzone", arguments, in: directory, timeout: 60)
    return signed
  }

  /// ldns takes `YYYYMMDDhhmmss` in UTC (a bare number of seconds is also accepted, but a
  /// 14-digit date cannot be mistaken for anything else).
  static func ldnsDate(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMddHHmmss"
    return formatter.string(from: date)
  }

  /// Non-comment, non-empty lines of a key or DS file.
  static func recordLines(_ file: URL) throws -> [String] {
    try String(contentsOf: file, encoding: .utf8)
      .split(separator: "\n")
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty && !$0.hasPrefix(";") }
  }

  struct SignerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }
}
