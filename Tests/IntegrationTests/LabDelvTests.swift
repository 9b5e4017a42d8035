import Foundation
import Lab
import ValidationCore
import XCTest

/// `danescope lab export` gives an unbound.conf; a real unbound daemon loaded with it, asked
/// through BIND's delv (with the exported trust anchor), must give every scenario's documented
/// DNSSEC statuses. delv and unbound share no code with danescope.
final class LabDelvTests: XCTestCase {
  func testRealUnboundAndDelvGiveTheDocumentedStatuses() throws {
    let folder = try TemporaryDirectory("danescope-lab-export")
    let (export, port, unbound) = try ExportedUnbound.exportingLab(into: folder)
    defer { unbound.stop() }
    let anchor = export.appendingPathComponent("trust-anchor.bind").path
    for scenario in Lab.scenarios {
      let mx = try LabDelv.status("\(scenario.domain)", "MX", port: port, anchor: anchor)
      // delv and the unbound daemon implement every lab algorithm (libunbound lacks Ed448).
      let supported = scenario.expected.statusWhereAlgorithmSupported
      XCTAssertEqual(mx, supported ?? scenario.expected.mxStatus, "\(scenario.name): MX")
      for host in scenario.expected.hosts {
        // TLSA at the CNAME target, or at the MX name itself when the target is insecure.
        let target =
          host.behindSecureAlias
          ? host.name : try LabDelv.cnameTarget(host.name, port: port) ?? host.name
        let tlsa = try LabDelv.status("_25._tcp.\(target)", "TLSA", port: port, anchor: anchor)
        XCTAssertEqual(tlsa, supported ?? host.tlsaStatus, "\(scenario.name): TLSA of \(target)")
      }
    }
  }
}

/// unbound started on the exported configuration, ready once it answers a query for the lab
/// TLD over its port; killed by `stop()` and in `deinit`.
final class ExportedUnbound {
  private let process = Process()

  /// `danescope lab export` into `folder`/lab, listening on 127.0.0.1 at a free port, and
  /// unbound started on the exported unbound.conf. The caller stops `unbound`.
  static func exportingLab(
    into folder: TemporaryDirectory, file: StaticString = #filePath, line: UInt = #line
  ) throws -> (export: URL, port: UInt16, unbound: ExportedUnbound) {
    let export = folder.url.appendingPathComponent("lab")
    let port = try FreePort.next()
    let exported = try DanescopeBinary.run([
      "lab", "export", export.path, "--listen", "127.0.0.1@\(port)",
    ])
    XCTAssertEqual(exported.status, 0, exported.stderr, file: file, line: line)
    let unbound = try ExportedUnbound(
      conf: export.appendingPathComponent("unbound.conf"), port: port)
    return (export, port, unbound)
  }

  /// With a `namespace`, unbound runs (and is asked) inside it.
  init(conf: URL, port: UInt16, namespace: NetworkNamespace? = nil) throws {
    let check = try TestProcess.run("unbound-checkconf", [conf.path], timeout: 20)
    XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    if let namespace {
      let wrapped = try namespace.command("unbound", ["-d", "-c", conf.path])
      process.executableURL = try TestProcess.locate(wrapped.tool)
      process.arguments = wrapped.arguments
    } else {
      process.executableURL = try TestProcess.locate("unbound")
      process.arguments = ["-d", "-c", conf.path]
    }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Ready once it answers; drill may wait its own timeout while unbound is still loading.
    let answering = waitUntil(timeout: 30, interval: 0.1) {
      let arguments = ["-p", "\(port)", "@127.0.0.1", "example.", "SOA"]
      let probe =
        try? namespace?.run("drill", arguments, timeout: 10)
        ?? TestProcess.run("drill", arguments, timeout: 10)
      return probe?.stdout.contains("rcode: NOERROR") == true
    }
    if answering { return }
    stop()
    throw TestProcess.TimedOut(command: "unbound -d -c \(conf.path)", seconds: 30)
  }

  func stop() {
    process.stop()
  }

  deinit { stop() }
}

/// Asks delv (and drill, for the unvalidated view) about lab names on a loopback port.
enum LabDelv {
  /// delv's verdict: "fully validated" is secure, "unsigned answer" insecure; a failure is bogus
  /// only if the same question with CD set (no validation) gets the data: otherwise the lookup
  /// itself failed (indeterminate).
  static func status(_ name: String, _ type: String, port: UInt16, anchor: String) throws
    -> ExpectedStatus
  {
    let result = try TestProcess.run(
      "delv", ["@127.0.0.1", "-p", "\(port)", "-a", anchor, "+root=.", name, type], timeout: 20)
    let text = result.stdout + result.stderr
    if text.contains("; fully validated") { return .secure }
    if text.contains("; unsigned answer") || text.contains("; negative response, unsigned") {
      return .insecure
    }
    let unchecked = try TestProcess.run(
      "drill", ["-p", "\(port)", "-o", "CD", "@127.0.0.1", name, type], timeout: 20)
    if unchecked.stdout.contains("rcode: NOERROR") && unchecked.stdout.contains("ANSWER: ")
      && !unchecked.stdout.contains("ANSWER: 0")
    {
      return .bogus
    }
    return .indeterminate
  }

  static func cnameTarget(_ name: DNSName, port: UInt16) throws -> DNSName? {
    let result = try TestProcess.run(
      "drill", ["-p", "\(port)", "@127.0.0.1", name.description, "CNAME"], timeout: 20)
    let line = result.stdout.split(separator: "\n").first {
      $0.hasPrefix(name.description) && $0.contains("\tCNAME\t")
    }
    return line.flatMap { try? DNSName(String($0.split(separator: "\t").last ?? "")) }
  }
}
