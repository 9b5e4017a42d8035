import XCTest

@testable import ValidationCore

/// What each configuration asks of libunbound, read without creating a context. The system
/// configuration is tested only this way: no test sends a query off this machine.
final class ResolverSetupTests: XCTestCase {
  func files(present: Set<String>) -> UnboundSetup.SystemFiles {
    var files = UnboundSetup.SystemFiles()
    files.exists = { present.contains($0) }
    return files
  }

  func testSystemForwardsToResolvConfWithTheDebianRootKey() {
    let setup = UnboundSetup.make(
      for: .system(recursive: false), files: files(present: ["/usr/share/dns/root.key"]))
    XCTAssertEqual(
      setup.steps,
      [
        .trustAnchorFile("/usr/share/dns/root.key"), .resolvConf("/etc/resolv.conf"),
        .option("val-log-level", "2"),
        .option("trust-anchor-signaling", "no"),
      ])
  }

  func testSystemWithoutRootKeyUsesTheBuiltInRootDS() {
    let setup = UnboundSetup.make(for: .system(recursive: false), files: files(present: []))
    let anchors = setup.steps.compactMap { step -> String? in
      if case .trustAnchor(let record) = step { return record }
      return nil
    }
    XCTAssertEqual(anchors.count, 2)
    // IANA root-anchors: KSK-2017 and KSK-2024, RSASHA256, SHA-256 digests.
    XCTAssertTrue(anchors[0].hasPrefix(". IN DS 20326 8 2 E06D44B8"))
    XCTAssertTrue(anchors[1].hasPrefix(". IN DS 38696 8 2 683D2D0A"))
    XCTAssertTrue(setup.steps.contains(.resolvConf("/etc/resolv.conf")))
  }

  func testBuiltInRootDSMatchesDebiansCopyWhenPresent() throws {
    let path = "/usr/share/dns/root.ds"
    guard FileManager.default.isReadableFile(atPath: path) else {
      return XCTFail("dns-root-data is not installed: run `make test-deps`")
    }
    let debian = try String(contentsOfFile: path, encoding: .utf8)
      .split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ").uppercased() }
    for record in RootTrustAnchor.dsRecords {
      XCTAssertTrue(debian.contains(record.uppercased()), "\(record) not in \(path)")
    }
  }

  func testRecursiveUsesRootHintsAndNoForwarders() {
    let setup = UnboundSetup.make(
      for: .system(recursive: true),
      files: files(present: ["/usr/share/dns/root.key", "/usr/share/dns/root.hints"]))
    XCTAssertEqual(
      setup.steps,
      [
        .trustAnchorFile("/usr/share/dns/root.key"),
        .option("root-hints", "/usr/share/dns/root.hints"), .option("val-log-level", "2"),
        .option("trust-anchor-signaling", "no"),
      ])
  }

  func testForwardersWithAndWithoutTrustAnchor() throws {
    let servers = [
      try ForwarderAddress(parsing: "127.0.0.1@5353"), try ForwarderAddress(parsing: "::1"),
    ]
    let own = UnboundSetup.make(for: .forwarders(servers, trustAnchorFile: "/tmp/x/ta.ds"))
    XCTAssertEqual(
      own.steps,
      [
        .forwarder("127.0.0.1@5353"), .forwarder("::1@53"), .trustAnchorFile("/tmp/x/ta.ds"),
        .option("val-log-level", "2"),
        .option("trust-anchor-signaling", "no"),
      ])
    let root = UnboundSetup.make(
      for: .forwarders(servers, trustAnchorFile: nil),
      files: files(present: ["/usr/share/dns/root.key"]))
    XCTAssertTrue(root.steps.contains(.trustAnchorFile("/usr/share/dns/root.key")))
  }

  func testCustomLoadsTheFileAsIs() {
    let setup = UnboundSetup.make(for: .custom(configFile: "/etc/danescope/unbound.conf"))
    XCTAssertEqual(
      setup.steps,
      [
        .configFile("/etc/danescope/unbound.conf"), .option("val-log-level", "2"),
        .option("trust-anchor-signaling", "no"),
      ])
  }

  func testInProcessConfigServesZonesUpstreamOnlyAndQueriesNoAddress() throws {
    let zones = [
      InProcessZone(name: try DNSName("."), zoneFile: "/lab/root.signed"),
      InProcessZone(name: try DNSName("test."), zoneFile: "/lab/test.signed"),
    ]
    let setup = UnboundSetup.make(
      for: .inProcess(zones: zones, trustAnchors: [". IN DS 1 13 2 AB"]))
    guard case .generatedConfig(let text) = setup.steps.first else {
      return XCTFail("no generated configuration: \(setup.steps)")
    }
    XCTAssertEqual(setup.steps.dropFirst().first, .trustAnchor(". IN DS 1 13 2 AB"))
    let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    XCTAssertTrue(lines.contains("do-not-query-address: 0.0.0.0/0"))
    XCTAssertTrue(lines.contains("do-not-query-address: ::/0"))
    XCTAssertTrue(lines.contains("local-zone: \"test.\" nodefault"))
    XCTAssertEqual(lines.filter { $0 == "auth-zone:" }.count, 2)
    XCTAssertEqual(lines.filter { $0 == "for-upstream: yes" }.count, 2)
    XCTAssertEqual(lines.filter { $0 == "for-downstream: no" }.count, 2)
    XCTAssertEqual(lines.filter { $0 == "fallback-enabled: no" }.count, 2)
    XCTAssertTrue(lines.contains("zonefile: \"/lab/test.signed\""))
  }

  func testForwarderAddressParsing() throws {
    XCTAssertEqual(try ForwarderAddress(parsing: "127.0.0.1@5353").description, "127.0.0.1@5353")
    XCTAssertEqual(try ForwarderAddress(parsing: "192.0.2.53").port, 53)
    XCTAssertEqual(try ForwarderAddress(parsing: "2001:db8::53@8053").host, "2001:db8::53")
    XCTAssertTrue(try ForwarderAddress(parsing: "::1").isLoopback)
    XCTAssertThrowsError(try ForwarderAddress(parsing: "resolver.example")) {
      XCTAssertEqual($0 as? ForwarderAddressError, .notAnAddress("resolver.example"))
    }
    XCTAssertThrowsError(try ForwarderAddress(parsing: "127.0.0.1@0")) {
      XCTAssertEqual($0 as? ForwarderAddressError, .badPort("0"))
    }
    XCTAssertThrowsError(try ForwarderAddress(parsing: "127.0.0.1@99999"))
    XCTAssertThrowsError(try ForwarderAddress(parsing: "127.0.0.1@53@54"))
    XCTAssertThrowsError(try ForwarderAddress(parsing: ""))
  }
}

/// Which configurations get the upstream check, and how the upstream is named.
final class ResolverUpstreamNamingTests: XCTestCase {
  func testCheckAppliesOnlyWhenForwardingWithTheRootAnchor() throws {
    let server = try ForwarderAddress(parsing: "127.0.0.1")
    XCTAssertTrue(UpstreamCheck.applies(to: .system(recursive: false)))
    XCTAssertFalse(UpstreamCheck.applies(to: .system(recursive: true)))
    XCTAssertTrue(UpstreamCheck.applies(to: .forwarders([server], trustAnchorFile: nil)))
    XCTAssertFalse(UpstreamCheck.applies(to: .forwarders([server], trustAnchorFile: "a.ds")))
    XCTAssertFalse(UpstreamCheck.applies(to: .custom(configFile: "u.conf")))
    XCTAssertFalse(UpstreamCheck.applies(to: .inProcess(zones: [], trustAnchors: [])))
  }

  func testSystemUpstreamIsNamedWithItsNameservers() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-resolv-\(UUID().uuidString.prefix(8)).conf")
    try "# comment\nsearch example\nnameserver 192.0.2.53\nnameserver 2001:db8::53\n"
      .write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    XCTAssertEqual(
      UpstreamCheck.upstreamDescription(for: .system(recursive: false), resolvConf: file.path),
      "the resolvers in \(file.path) (192.0.2.53, 2001:db8::53)")
    XCTAssertEqual(
      UpstreamCheck.upstreamDescription(
        for: .forwarders([try ForwarderAddress(parsing: "127.0.0.1@5353")], trustAnchorFile: nil)),
      "127.0.0.1@5353")
  }
}
