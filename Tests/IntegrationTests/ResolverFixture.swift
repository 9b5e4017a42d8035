import Foundation
import ValidationCore
import XCTest

/// A small signed hierarchy for the resolver tests, signed here by ldns-signzone:
///
/// - `.` (signed) delegates `example.` and `test.` with DS records;
/// - `example.` (signed, NSEC) has `www` (A only), and delegates `insec.example.` with no DS;
/// - `insec.example.` is unsigned;
/// - `hashed.` (signed, NSEC3, no salt, 0 iterations) has `www` (A only);
/// - `expired.` has valid keys but every signature expired a week ago (re-signed that way), so
///   its answers are bogus;
/// - `test.` (signed) is one of libunbound's built-in local zones (RFC 6761): only the
///   in-process configuration lifts it, so only the in-process tests ask for it.
final class ResolverFixture {
  let folder: TemporaryDirectory
  let zones: [(name: String, file: URL)]
  /// The root's DS record: the one trust anchor.
  let rootDS: String
  /// The DS record of `example.`, for tests that anchor there instead.
  let exampleDS: String

  static let wwwExampleAddress = "192.0.2.1"
  static let wwwInsecureAddress = "192.0.2.2"
  static let wwwTestAddress = "192.0.2.4"
  static let wwwHashedAddress = "192.0.2.5"

  init() throws {
    folder = try TemporaryDirectory("danescope-resolver")
    let root = try LDNSSigner(origin: ".", in: folder.url)
    let example = try LDNSSigner(origin: "example.", in: folder.url)
    let expired = try LDNSSigner(origin: "expired.", in: folder.url)
    let hashed = try LDNSSigner(origin: "hashed.", in: folder.url)
    let test = try LDNSSigner(origin: "test.", in: folder.url)

    let exampleFile = try example.sign(
      Self.soa("example.") + """
        www.example. IN A \(Self.wwwExampleAddress)
        insec.example. IN NS ns.insec.example.
        ns.insec.example. IN A 127.0.0.1

        """)
    let weekAgo = Date().addingTimeInterval(-7 * 86400)
    let expiredFile = try expired.sign(
      Self.soa("expired.") + "www.expired. IN A 192.0.2.3\n",
      inception: weekAgo.addingTimeInterval(-14 * 86400), expiration: weekAgo)
    let hashedFile = try hashed.sign(
      Self.soa("hashed.") + "www.hashed. IN A \(Self.wwwHashedAddress)\n", nsec3: .init())
    let testFile = try test.sign(Self.soa("test.") + "www.test. IN A \(Self.wwwTestAddress)\n")
    let insecureFile = try folder.write(
      "insec.example.zone",
      Self.soa("insec.example.") + "www.insec.example. IN A \(Self.wwwInsecureAddress)\n")
    let rootFile = try root.sign(
      Self.soa(".") + """
        example. IN NS ns.example.
        ns.example. IN A 127.0.0.1
        expired. IN NS ns.expired.
        ns.expired. IN A 127.0.0.1
        hashed. IN NS ns.hashed.
        ns.hashed. IN A 127.0.0.1
        test. IN NS ns.test.
        ns.test. IN A 127.0.0.1

        """
        + (try example.dsRecords + expired.dsRecords + hashed.dsRecords + test.dsRecords).joined(
          separator: "\n")
        + "\n")
    rootDS = try root.dsRecords[0]
    exampleDS = try example.dsRecords[0]
    zones = [
      (".", rootFile), ("example.", exampleFile), ("insec.example.", insecureFile),
      ("expired.", expiredFile), ("hashed.", hashedFile), ("test.", testFile),
    ]
  }

  static func soa(_ origin: String) -> String {
    let host = origin == "." ? "ns.root." : "ns.\(origin)"
    return """
      $TTL 3600
      \(origin) IN SOA \(host) hostmaster.\(origin == "." ? "root." : origin) 1 7200 3600 1209600 3600
      \(origin) IN NS \(host)
      \(origin == "." ? "ns.root. IN A 127.0.0.1\n" : "ns.\(origin) IN A 127.0.0.1\n")
      """
  }

  var inProcessZones: [InProcessZone] {
    get throws {
      try zones.map { InProcessZone(name: try DNSName($0.name), zoneFile: $0.file.path) }
    }
  }

  func trustAnchorFile() throws -> URL {
    try folder.write("root-anchor.ds", rootDS + "\n")
  }

  var nsdZones: [NSDServer.Zone] { zones.map { NSDServer.Zone($0.name, file: $0.file) } }
}

/// Collects resolver events for assertions.
final class EventLog: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [ResolverEvent] = []

  var handler: ResolverEventHandler { { [self] event in lock.withLock { stored.append(event) } } }
  var events: [ResolverEvent] { lock.withLock { stored } }
}

extension DNSName {
  /// Test shorthand for a name known to be valid.
  static func of(_ text: String) -> DNSName { try! DNSName(text) }
}
