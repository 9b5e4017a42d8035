import Foundation
import XCTest

/// A hostile insecure zone with more MX hosts, and more addresses per host, than any sender
/// would try, one of them named with a 190-octet name: `check` must resolve and probe at most
/// 16 hosts and 8 addresses per host, say what it left out (MX_HOSTS_LIMITED,
/// MX_HOST_ADDRESSES_LIMITED), and keep its text tables narrow.
///
/// The zone is served by a real unbound on loopback (its signed root delegates `hostile.` with
/// no DS, so the zone is provably insecure), which danescope uses as its only forwarder. The
/// addresses are all 127.0.1.x and the SMTP port is a free high port where nothing listens, so
/// every probe is refused at once on this machine.
final class CheckHostileZoneTests: XCTestCase {
  static let hostCount = 20
  static let addressesPerHost = 10
  static let longName =
    (0..<3).map { String(repeating: Character(UnicodeScalar(UInt8(97 + $0))), count: 60) }
    .joined(separator: ".") + ".hostile."

  private static func zoneLines() -> String {
    var lines = ""
    for host in 0..<hostCount {
      let name = host == 0 ? longName : String(format: "mx%02d.hostile.", host)
      lines += "hostile. IN MX \(host) \(name)\n"
      for address in 0..<addressesPerHost {
        lines += "\(name) IN A 127.0.1.\(host * addressesPerHost + address + 1)\n"
      }
    }
    return lines
  }

  func testHostsAndAddressesAreBoundedAndSaidSo() throws {
    let folder = try TemporaryDirectory("danescope-hostile-mx")
    let root = try LDNSSigner(origin: ".", in: folder.url)
    let rootFile = try root.sign(
      ResolverFixture.soa(".") + "hostile. IN NS ns.hostile.\nns.hostile. IN A 127.0.0.1\n")
    let hostileFile = try folder.write(
      "hostile.zone", ResolverFixture.soa("hostile.") + Self.zoneLines())
    let anchor = try folder.write("root.ds", try root.dsRecords[0] + "\n")
    let unbound = try UnboundServer(
      authZones: [.init(name: ".", file: rootFile), .init(name: "hostile.", file: hostileFile)],
      trustAnchorFile: anchor)
    defer { unbound.stop() }
    let port = try FreePort.next(udpToo: false)
    let common = [
      "check", "hostile.", "--forwarder", unbound.forwarderAddress, "--trust-anchor", anchor.path,
      "--port", String(port), "--timeout", "5",
    ]

    let json = try DanescopeBinary.run(common + ["--json"], timeout: 120)
    let top = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.stderr)
    let mx = try XCTUnwrap(top["mx"] as? [String: Any], json.stdout)
    let hosts = try XCTUnwrap(mx["hosts"] as? [[String: Any]], json.stdout)
    XCTAssertEqual(hosts.count, 16)
    let probes = hosts.map { ($0["probes"] as? [Any])?.count ?? -1 }
    XCTAssertEqual(probes, [Int](repeating: 8, count: 16))
    let findings = try XCTUnwrap(top["findings"] as? [[String: Any]])
    let codes = findings.compactMap { $0["code"] as? String }
    XCTAssertEqual(codes.filter { $0 == "MX_HOSTS_LIMITED" }.count, 1, "\(codes)")
    XCTAssertEqual(codes.filter { $0 == "MX_HOST_ADDRESSES_LIMITED" }.count, 16, "\(codes)")
    let limited = try XCTUnwrap(findings.first { $0["code"] as? String == "MX_HOSTS_LIMITED" })
    XCTAssertEqual(
      limited["summary"] as? String,
      "hostile. lists 20 MX hosts; only the first 16 by preference were checked"
        + " (next: 16 mx16.hostile.).")

    let text = try DanescopeBinary.run(common, timeout: 120)
    let lines = text.stdout.split(separator: "\n").map(String.init)
    XCTAssertTrue(
      // unbound rotates the A set: which address comes ninth varies.
      lines.contains { $0.contains("[warning] MX_HOST_ADDRESSES_LIMITED: MX host mx01.hostile."
        + " has 10 addresses; only the first 8 were probed (next: 127.0.1.") },
      text.stdout)
    // The long name wraps in its own rows instead of padding every row to 190 columns.
    let verdictRow = try XCTUnwrap(lines.first { $0.hasPrefix("  mx01.hostile. ") }, text.stdout)
    XCTAssertLessThan(verdictRow.count, 150, verdictRow)
    let mxRow = try XCTUnwrap(lines.first { $0.hasPrefix("  1     mx01.hostile.") }, text.stdout)
    // At most 8 addresses, then how many more; the cell wraps onto the next lines.
    let rowIndex = try XCTUnwrap(lines.firstIndex(of: mxRow))
    let block = lines[rowIndex...(rowIndex + 2)].joined(separator: " ")
    XCTAssertTrue(block.contains("+2") && block.contains("more"), block)
    XCTAssertEqual(block.matches(of: /127\.0\.1\./).count, 8, block)
    XCTAssertLessThan(mxRow.count, 150, mxRow)
    XCTAssertLessThan(lines.map(\.count).max() ?? 0, 400)
  }
}
