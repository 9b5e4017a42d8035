import Foundation
import Lab
import XCTest

/// `danescope trace` against `danescope lab serve` judges every lab MX host as `check` does: the
/// verdicts are the ones the scenario catalogue documents from RFC 7672 (and that `check`, run
/// on the same lab, gives); the policy's error findings (TLS_REQUIRED_NOT_AVAILABLE, …) are the
/// ones `check` reports; the exit status is 1 exactly where a DANE sender would not deliver.
final class LabTraceTests: XCTestCase {
  /// The findings that stand for a verdict (DANEVerdict's own), by code.
  private static let verdictCodes: Set<String> = [
    "TLS_REQUIRED_NOT_AVAILABLE", "DANE_AUTHENTICATION_FAILED", "DANE_TA_NAME_MISMATCH",
    "PLAINTEXT_ONLY",
  ]

  /// The findings of a failed lookup that defers a host (DANEFindings), by code.
  private static let lookupCodes = ["ADDRESS_BOGUS", "TLSA_BOGUS", "LOOKUP_FAILED"]

  /// The findings of a JSON report with every consequence under them.
  private static func flatten(_ findings: [[String: Any]]) -> [[String: Any]] {
    findings.flatMap { [$0] + flatten($0["consequences"] as? [[String: Any]] ?? []) }
  }

  func testTraceGivesEveryLabHostTheVerdictCheckGives() throws {
    let (serve, dnsPort, smtpPort) = try Self.labServe()
    defer { serve.stop() }
    let servers = Self.servers(serve.output)
    let resolver = [
      "--forwarder", "127.0.0.1@\(dnsPort)", "--trust-anchor", serve.folder + "/trust-anchor.ds",
    ]
    var seen: Set<String> = []
    var aliases: Set<String> = []
    var deferredCodes: Set<String> = []
    for scenario in Lab.scenarios {
      let check = try DanescopeBinary.run(
        ["check", "\(scenario.domain)", "--port", "\(smtpPort)", "--json", "--timeout", "5"]
          + resolver)
      let report = try XCTUnwrap(
        JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any],
        "\(scenario.name): \(check.stderr)")
      let hosts = (report["mx"] as? [String: Any])?["hosts"] as? [[String: Any]] ?? []
      let findings = report["findings"] as? [[String: Any]] ?? []
      XCTAssertEqual(hosts.count, scenario.expected.hosts.count, scenario.name)
      for (host, expected) in zip(hosts, scenario.expected.hosts) {
        let name = expected.name.description
        let label = "\(scenario.name) \(name)"
        let probe = (host["probes"] as? [[String: Any]])?.first
        XCTAssertEqual(probe?["verdict"] as? String, expected.verdict.rawValue, "check: \(label)")
        let tlsa = host["tlsa"] as? [String: Any]
        // trace is given the MX host name, as the MX record gives it: an alias (mx-cname's
        // mail) is expanded by trace itself, as check expands it (RFC 7672 §2.2.2).
        let server = try XCTUnwrap(servers[name], "\(label): no server in the banner")
        let trace = try DanescopeBinary.run(
          ["trace", server, "--tlsa-name", name, "--timeout", "5"] + resolver)
        let output = trace.stdout
        // Where check took the TLSA records from (the CNAME target for mx-cname): trace says it
        // looked there, and that the name given stays a reference identifier.
        if let owner = tlsa?["owner"] as? String, let records = tlsa?["records"] as? [Any],
          !records.isEmpty
        {
          XCTAssertTrue(output.contains("\ntlsa: \(owner) secure, "), "\(label):\n\(output)")
          let base = String(owner.dropFirst("_25._tcp.".count))
          XCTAssertTrue(
            output.contains("\nnames: \(base) is the TLSA base domain"), "\(label):\n\(output)")
          if base != name {
            aliases.insert(name)
            XCTAssertTrue(output.contains("; also accepted: \(name)\n"), "\(label):\n\(output)")
            XCTAssertTrue(output.contains("tls: handshake, SNI \(base.dropLast())"), output)
          }
        }
        let result = output.split(separator: "\n").last { $0.hasPrefix("result: ") } ?? ""
        switch expected.verdict {
        case .verified: XCTAssertTrue(result.contains(", DANE verified by "), "\(label): \(result)")
        case .failed: XCTAssertTrue(result.contains(", DANE failed: "), "\(label): \(result)")
        case .tlsUnauthenticated:
          XCTAssertTrue(
            result.contains("established, not authenticated: a secure TLSA set"),
            "\(label): \(result)")
        case .noDANE:
          XCTAssertTrue(result.contains("without DANE ("), "\(label): \(result)")
        case .deferred:
          XCTAssertTrue(
            result.contains(", delivery deferred: the TLSA lookup at "), "\(label): \(result)")
        case .unreachable:
          XCTFail("\(label): no lab host is meant to be unreachable")
        }
        // Records were found: the result never says there were none.
        if let records = tlsa?["records"] as? [Any], !records.isEmpty {
          XCTAssertFalse(result.contains("no TLSA records"), "\(label): \(result)")
          XCTAssertFalse(result.contains("no DANE"), "\(label): \(result)")
        }
        // Usable records or a failed lookup: a DANE sender does not deliver (RFC 7672 §2.2,
        // §2.1.1), and trace says so with its exit status.
        let refuses = expected.verdict == .failed || expected.verdict == .deferred
        XCTAssertEqual(trace.status, refuses ? 1 : 0, "\(label):\n\(output)\(trace.stderr)")
        // check's verdict finding for this host, with its severity, is trace's too.
        for finding in findings where (finding["subject"] as? String) == name {
          guard let code = finding["code"] as? String, Self.verdictCodes.contains(code),
            let severity = finding["severity"] as? String
          else { continue }
          seen.insert(code)
          XCTAssertTrue(output.contains("\n\(severity) \(code): "), "\(label): \(code)\n\(output)")
        }
        for code in Self.verdictCodes where output.contains(" \(code): ") {
          XCTAssertTrue(
            findings.contains {
              ($0["code"] as? String) == code && ($0["subject"] as? String) == name
            }, "\(label): trace gives \(code), check does not")
        }
        // A deferred host: trace prints the failed lookup's finding, one of check's.
        if expected.verdict == .deferred {
          let printed = Self.lookupCodes.filter { output.contains("\nerror \($0): ") }
          XCTAssertEqual(printed.count, 1, "\(label):\n\(output)")
          let checkCodes = Set(Self.flatten(findings).compactMap { $0["code"] as? String })
          XCTAssertTrue(checkCodes.isSuperset(of: printed), "\(label): \(printed) \(checkCodes)")
          deferredCodes.formUnion(printed)
        }
      }
    }
    // The lab exercises the downgrade cases this test is for, and an MX host behind a CNAME.
    XCTAssertTrue(
      seen.isSuperset(of: ["TLS_REQUIRED_NOT_AVAILABLE", "DANE_AUTHENTICATION_FAILED"]), "\(seen)")
    XCTAssertEqual(aliases, ["mail.mx-cname.example."])
    XCTAssertTrue(deferredCodes.contains("TLSA_BOGUS"), "\(deferredCodes)")
  }

  /// Lookups that get no answer (the forwarder is a port nobody serves) are a failure, not "no
  /// records": the address lookup before the TLSA one fails, and the sender defers (RFC 7672
  /// §2.1.1, §2.2.2).
  func testAnUnansweredLookupDefers() throws {
    let (serve, _, _) = try Self.labServe()
    defer { serve.stop() }
    let server = try XCTUnwrap(Self.servers(serve.output)["mx1.ee-valid.example."])
    let silent = try FreePort.next()
    let trace = try DanescopeBinary.run([
      "trace", server, "--tlsa-name", "mx1.ee-valid.example", "--forwarder",
      "127.0.0.1@\(silent)", "--trust-anchor", serve.folder + "/trust-anchor.ds", "--timeout", "2",
    ])
    XCTAssertTrue(
      trace.stdout.contains(
        "tlsa: not looked up: the address lookup of mx1.ee-valid.example. is indeterminate ("),
      trace.stdout)
    XCTAssertTrue(
      trace.stdout.contains(
        "result: TLS TLSv1.3 established, delivery deferred: the address lookup is"
          + " indeterminate\n"), trace.stdout)
    XCTAssertEqual(trace.status, 1, trace.stdout + trace.stderr)
  }

  /// HOST given as a name, with a resolver: its address comes from that resolver, validated,
  /// not from the system's (which knows nothing of the lab, and is not on loopback here).
  func testAHostNameIsResolvedThroughTheValidatingResolver() throws {
    let (serve, dnsPort, smtpPort) = try Self.labServe()
    defer { serve.stop() }
    let server = try XCTUnwrap(Self.servers(serve.output)["mx1.ee-valid.example."])
    let address = String(server.split(separator: ":")[0])
    let trace = try DanescopeBinary.run([
      "trace", "mx1.ee-valid.example:\(smtpPort)", "--forwarder", "127.0.0.1@\(dnsPort)",
      "--trust-anchor", serve.folder + "/trust-anchor.ds", "--timeout", "5",
    ])
    XCTAssertEqual(trace.status, 0, trace.stdout + trace.stderr)
    XCTAssertTrue(
      trace.stdout.contains(
        "mx1.ee-valid.example. has \(address) (through the resolver); tracing \(address)"),
      trace.stdout)
    XCTAssertTrue(trace.stdout.contains("DANE verified by 3 1 1"), trace.stdout)
  }

  /// `lab serve` with its DNS and SMTP servers on free loopback ports.
  static func labServe() throws -> (LabServeProcess, dnsPort: UInt16, smtpPort: UInt16) {
    let dnsPort = try FreePort.next()
    let smtpPort = try FreePort.next(udpToo: false)
    let serve = try LabServeProcess(port: dnsPort, extraArguments: ["--port", "\(smtpPort)"])
    return (serve, dnsPort, smtpPort)
  }

  /// The banner's host list: `  mx1.ee-valid.example.   127.0.0.2:PORT`, by host name.
  static func servers(_ banner: String) -> [String: String] {
    var servers: [String: String] = [:]
    for line in banner.split(separator: "\n") where line.hasPrefix("  ") {
      let words = line.split(separator: " ")
      guard words.count == 2, words[0].hasSuffix("."), words[1].hasPrefix("127.") else { continue }
      servers[String(words[0])] = String(words[1])
    }
    return servers
  }
}
