import Foundation
import Lab
import ValidationCore
import XCTest

/// The lab's STARTTLS servers, judged by `openssl s_client` with its own DANE verification fed
/// the TLSA records the lab published: OpenSSL, not danescope, says whether they match.
final class LabSMTPServerTests: XCTestCase {
  private static let lab = LabHolder()

  override class func tearDown() {
    lab.stop()
    super.tearDown()
  }

  func testOpenSSLDANEAgreesWithTheScenarios() async throws {
    let running = try await Self.lab.get()
    // Scenario → whether OpenSSL's DANE check of mx1's first address must succeed.
    let cases: [(String, Bool)] = [
      ("ee-valid", true), ("ta-valid", true), ("ee-expired-selfsigned", true),
      ("ta-no-intermediate-210", true), ("rollover", true), ("stale-301", false),
      ("ta-wrong-name", false), ("ta-no-intermediate", false), ("selector-confusion", false),
    ]
    for (scenario, shouldVerify) in cases {
      let host = Lab.name(forTest: "mx1.\(scenario).example.")
      let output = try sClient(running, host: host)
      let verified = output.contains("Verification: OK") && output.contains("DANE TLSA")
      XCTAssertEqual(verified, shouldVerify, "\(scenario):\n\(output.suffix(1500))")
    }
  }

  func testServerWithoutSTARTTLSAndRefusingServer() async throws {
    let running = try await Self.lab.get()
    let hidden = try sClient(running, host: Lab.name(forTest: "mx1.no-starttls.example."))
    XCTAssertTrue(hidden.contains("STARTTLS"), hidden)  // s_client reports it found none
    XCTAssertFalse(hidden.contains("Verification: OK"), hidden)
    let refused = try sClient(running, host: Lab.name(forTest: "mx1.starttls-refused.example."))
    XCTAssertFalse(refused.contains("Verification: OK"), refused)
  }

  /// Runs s_client against the host's lab server with DANE on, given the lab's TLSA records.
  private func sClient(_ lab: RunningLab, host: DNSName) throws -> String {
    let endpoint = try XCTUnwrap(lab.endpoints[host], "no server for \(host)")
    let tlsaName = "_25._tcp.\(host)"
    let records = lab.build.zones.flatMap(\.records).filter {
      $0.type == .tlsa && $0.name.description == tlsaName
    }
    var arguments = [
      "s_client", "-starttls", "smtp", "-connect", "\(endpoint.address):\(endpoint.port)",
      "-dane_tlsa_domain", String(host.description.dropLast()), "-brief",
    ]
    for record in records {
      guard case .tlsa(let tlsa) = record.rdata else { continue }
      arguments += [
        "-dane_tlsa_rrdata",
        "\(tlsa.usage.rawValue) \(tlsa.selector.rawValue) \(tlsa.matchingType.rawValue) "
          + tlsa.data.map { String(format: "%02x", $0) }.joined(),
      ]
    }
    let result = try TestProcess.run(
      "openssl", arguments, timeout: 20, stdin: Data("QUIT\r\n".utf8))
    return result.stdout + result.stderr
  }
}

/// One lab shared by the tests of a class, started on first use and stopped in tearDown.
final class LabHolder: @unchecked Sendable {
  private let lock = NSLock()
  private var running: RunningLab?

  func get() async throws -> RunningLab {
    if let existing = lock.withLock({ running }) { return existing }
    let started = try await Lab.start(clock: SystemClock())
    lock.withLock { running = started }
    return started
  }

  func stop() {
    lock.withLock { running }?.stop()
  }
}

extension Lab {
  static func name(forTest text: String) -> DNSName {
    guard let name = try? DNSName(text) else { preconditionFailure("bad test name \(text)") }
    return name
  }
}
