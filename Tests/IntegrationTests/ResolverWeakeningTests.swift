import Foundation
import XCTest

/// `--resolver-conf` files that switch DNSSEC validation off or weaken it are refused as a
/// resolver configuration error naming the file and line (exit 2), before any query: with
/// `val-permissive-mode: yes` libunbound hands over a bogus MX without calling it bogus, and a
/// DANE sender that must defer (RFC 7672 §2.2.1) would go on. Harmless settings still work.
///
/// The upstream is a real unbound serving, as auth-zones, a signed root and a signed `example.`
/// to which an MX record was added after signing (so its MX set no longer matches its RRSIG);
/// it has no trust anchor itself and passes the data on. danescope validates from the root DS.
final class ResolverWeakeningTests: XCTestCase {
  nonisolated(unsafe) static var shared:
    (folder: TemporaryDirectory, unbound: UnboundServer, rootDS: String, example: URL)?
  nonisolated(unsafe) static var setUpError: Error?

  override class func setUp() {
    super.setUp()
    do {
      let folder = try TemporaryDirectory("danescope-weakening")
      let root = try LDNSSigner(origin: ".", in: folder.url)
      let example = try LDNSSigner(origin: "example.", in: folder.url)
      let signed = try example.sign(
        ResolverFixture.soa("example.") + "example. IN MX 10 mx.example.\n"
          + "mx.example. IN A 192.0.2.25\n")
      // Added after signing: the MX set now has two records, its RRSIG covers one.
      let handle = try FileHandle(forWritingTo: signed)
      handle.seekToEndOfFile()
      handle.write(Data("example. 3600 IN MX 20 evil.example.\n".utf8))
      try handle.close()
      let rootFile = try root.sign(
        ResolverFixture.soa(".") + "example. IN NS ns.example.\nns.example. IN A 127.0.0.1\n"
          + (try example.dsRecords).joined(separator: "\n") + "\n")
      let unbound = try UnboundServer(
        authZones: [
          UnboundServer.AuthZone(name: ".", file: rootFile),
          UnboundServer.AuthZone(name: "example.", file: signed),
        ], trustAnchorFile: nil)
      let rootDS = try root.dsRecords[0].replacingOccurrences(of: "\t", with: " ")
      shared = (folder, unbound, rootDS, signed)
    } catch {
      setUpError = error
    }
  }

  override class func tearDown() {
    shared?.unbound.stop()
    if let folder = shared?.folder { try? FileManager.default.removeItem(at: folder.url) }
    shared = nil
    super.tearDown()
  }

  /// An unbound.conf forwarding everything to the test's unbound, anchored at the root DS,
  /// with `serverLines` added to its server clause (after line 4).
  private func conf(_ name: String, _ serverLines: [String], tail: [String] = []) throws
    -> URL
  {
    if let error = Self.setUpError { throw error }
    let shared = try XCTUnwrap(Self.shared)
    let text =
      ([
        "server:",
        "  trust-anchor: \"\(shared.rootDS)\"",
        "  do-not-query-localhost: no",
        "  verbosity: 1",
      ] + serverLines.map { "  " + $0 } + [
        "forward-zone:",
        "  name: \".\"",
        "  forward-addr: \(shared.unbound.forwarderAddress)",
      ] + tail).joined(separator: "\n") + "\n"
    return try shared.folder.write(name, text)
  }

  private func chainMX(_ conf: URL) throws -> DanescopeBinary.Result {
    try DanescopeBinary.run(
      ["--timeout", "5", "chain", "example.", "MX", "--json", "--resolver-conf", conf.path])
  }

  func testHarmlessSettingsAreAcceptedAndTheAddedMXIsBogus() throws {
    // verbosity (above), a stricter skew, the default module list: all accepted; the MX set
    // with a record added after signing is bogus, as libunbound and RFC 4035 §5.3 say.
    let result = try chainMX(
      try conf(
        "harmless.conf",
        [
          "val-sig-skew-max: 3600", "module-config: \"validator iterator\"",
          "harden-glue: yes", "val-permissive-mode: no", "local-zone: \"test.\" nodefault",
        ]))
    XCTAssertEqual(result.status, 1, result.stderr)
    let top = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(top["status"] as? String, "bogus", result.stdout)
    XCTAssertEqual(top["validatorStatus"] as? String, "bogus", result.stdout)
  }

  func testPermissiveModeIsRefusedWithFileAndLine() throws {
    for (name, line) in [("val-permissive-mode: yes", 5), ("val-permissive-mode:yes", 5)] {
      let file = try conf("permissive.conf", ["# the tester's setting", name])
      let result = try chainMX(file)
      XCTAssertEqual(result.status, 2, result.stdout)
      XCTAssertEqual(result.stdout, "")
      XCTAssertTrue(
        result.stderr.hasPrefix(
          "danescope: resolver configuration: \(file.path):\(line + 1): val-permissive-mode:"
            + " yes makes libunbound hand over bogus answers"),
        result.stderr)
      XCTAssertTrue(
        result.stderr.contains("danescope does not run with validation weakened"), result.stderr)
    }
  }

  /// A backslash-escaped quote in a value must not hide the lines after it: unbound's lexer
  /// keeps `\"` inside the word (or string), so what comes next is read as settings. The
  /// reference is unbound-checkconf, which must read the hidden setting; danescope must refuse
  /// it, naming its line, and must also see a hidden include of a FIFO (never waiting on it).
  func testAnEscapedQuoteHidesNoSetting() throws {
    for (escape, setting, says, line) in [
      ("identity: x\\\"", "val-override-date: \"-1\"", "val-override-date", 6),
      ("identity: \"a\\\"b\"", "val-permissive-mode: yes", "val-permissive-mode", 6),
    ] {
      let file = try conf("escaped.conf", [escape, setting, "# \""])
      let reference = try TestProcess.run(
        "unbound-checkconf", ["-o", says, file.path], timeout: 20)
      XCTAssertFalse(
        ["", "0", "no"].contains(reference.stdout.trimmingCharacters(in: .whitespacesAndNewlines)),
        "unbound-checkconf does not read \(says): \(reference.stdout)\(reference.stderr)")
      let result = try chainMX(file)
      XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
      XCTAssertTrue(
        result.stderr.hasPrefix(
          "danescope: resolver configuration: \(file.path):\(line): \(says)"), result.stderr)
    }
    let fifo = try XCTUnwrap(Self.shared).folder.file("hidden.fifo")
    XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
    let hiding = try conf(
      "fifo.conf", ["identity: x\\\"", "include: \"\(fifo.path)\"", "# \""])
    let result = try chainMX(hiding)
    XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
    XCTAssertTrue(result.stderr.contains("not a regular file"), result.stderr)
  }

  /// Each setting that weakens validation, with the words its refusal must hold. Refused before
  /// libunbound starts, so no query is made.
  func testEverySettingThatWeakensValidationIsRefused() throws {
    let cases: [(setting: String, says: String)] = [
      ("module-config: \"iterator\"", "module-config without 'validator'"),
      ("module-config: \"iterator validator\"", "puts 'iterator' before 'validator'"),
      ("domain-insecure: \"example.\"", "domain-insecure: example. switches validation off"),
      ("val-override-date: \"-1\"", "val-override-date makes libunbound judge"),
      ("val-override-date: 20300101000000", "val-override-date makes libunbound judge"),
      ("insecure-lan-zones: yes", "insecure-lan-zones: yes"),
      ("harden-dnssec-stripped: no", "harden-dnssec-stripped: no"),
      ("val-clean-additional: no", "val-clean-additional: no"),
      ("val-sig-skew-min: 99999999", "val-sig-skew-min: 99999999 would accept"),
      ("val-sig-skew-max: 86401", "val-sig-skew-max: 86401 would accept"),
      ("val-nsec3-keysize-iterations: \"1024 0\"", "with 0 iterations"),
      ("local-zone: \"example.\" static", "local-zone: example. static answers names"),
      ("local-data: \"example. MX 10 evil.example.\"", "local-data answers a name"),
      ("server:domain-insecure:example.", "domain-insecure: example."),
      ("module-config: \"respip validator iterator\"", "lists 'respip', which can answer"),
    ]
    for (setting, says) in cases {
      let file = try conf("weak.conf", [setting])
      let result = try chainMX(file)
      XCTAssertEqual(result.status, 2, "\(setting): \(result.stdout)")
      XCTAssertTrue(
        result.stderr.hasPrefix("danescope: resolver configuration: \(file.path):5: "),
        "\(setting): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains(says), "\(setting): \(result.stderr)")
    }
  }

  /// A setting in an included file is refused with that file's name and line.
  func testSettingInAnIncludedFileNamesThatFile() throws {
    let shared = try XCTUnwrap(Self.shared)
    let included = try shared.folder.write(
      "weak-include.conf", "server:\n\n  val-permissive-mode: \"yes\"\n")
    let result = try chainMX(try conf("including.conf", ["include: \"\(included.path)\""]))
    XCTAssertEqual(result.status, 2, result.stdout)
    XCTAssertTrue(
      result.stderr.hasPrefix("danescope: resolver configuration: \(included.path):3: "),
      result.stderr)
  }

  /// An auth-zone is answered by libunbound itself, unvalidated, unless `for-downstream: no`
  /// sends its answers through the validator (for-upstream).
  func testAuthZoneMustGoThroughTheValidator() throws {
    let shared = try XCTUnwrap(Self.shared)
    let zone = [
      "auth-zone:", "  name: \"example.\"", "  zonefile: \"\(shared.example.path)\"",
      "  for-upstream: yes", "  fallback-enabled: no",
    ]
    for downstream in [[], ["  for-downstream: yes"]] {
      let file = try conf("auth.conf", [], tail: zone + downstream)
      let result = try chainMX(file)
      XCTAssertEqual(result.status, 2, result.stdout)
      XCTAssertTrue(
        result.stderr.hasPrefix(
          "danescope: resolver configuration: \(file.path):8: an auth-zone without"
            + " 'for-downstream: no'"),
        result.stderr)
    }
    let through = try chainMX(
      try conf("auth-validated.conf", [], tail: zone + ["  for-downstream: no"]))
    XCTAssertEqual(through.status, 1, through.stderr)
    let top = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(through.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(top["validatorStatus"] as? String, "bogus", through.stdout)
  }
}
