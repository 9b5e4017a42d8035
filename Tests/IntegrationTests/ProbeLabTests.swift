import Foundation
import Lab
import ValidationCore
import XCTest

/// danescope's probe against every STARTTLS server of the lab (another implementation of the
/// server side), each with the usable TLSA records the lab publishes for it. The reference is
/// `openssl s_client -starttls smtp` with its own DANE check fed the same records.
final class ProbeLabTests: XCTestCase {
  private static let lab = LabHolder()

  override class func tearDown() {
    lab.stop()
    super.tearDown()
  }

  func testProbeAgreesWithOpenSSLSClientOnEveryLabHost() async throws {
    let running = try await Self.lab.get()
    var compared = 0
    var verified = 0
    for host in running.build.hosts {
      let endpoint = try XCTUnwrap(running.endpoints[host.name], "no server for \(host.name)")
      let records = usableRecords(running, host: host.name)
      let result = await SMTPProbe.run(
        ProbeRequest(
          host: host.name, address: endpoint.address, port: endpoint.port,
          tlsaBaseDomain: host.name, usableRecords: records, timeouts: .uniform(10)))
      XCTAssertNil(result.matcherDisagreement, "\(host.name)")
      guard !records.isEmpty else {
        XCTAssertEqual(
          result.dane,
          result.startTLS.isEstablished
            ? .notAttempted(.noUsableRecords) : .notAttempted(.noTLSSession))
        continue
      }
      let reference = try sClient(endpoint, host: host.name, records: records)
      let referenceVerified =
        reference.contains("Verification: OK") && reference.contains("DANE TLSA")
      XCTAssertEqual(
        result.dane.isVerified, referenceVerified,
        "\(host.name): \(result.startTLS) \(result.dane)\n\(reference.suffix(1200))")
      compared += 1
      if referenceVerified { verified += 1 }
    }
    // The lab has hosts that verify and hosts that do not; both kinds were compared.
    XCTAssertGreaterThan(verified, 0)
    XCTAssertGreaterThan(compared, verified)
  }

  private func usableRecords(_ lab: RunningLab, host: DNSName) -> [TLSAData] {
    let owner = "_25._tcp.\(host)"
    return lab.build.zones.flatMap(\.records).compactMap { record -> TLSAData? in
      guard record.name.description == owner, case .tlsa(let data) = record.rdata else {
        return nil
      }
      return AssessedTLSARecord(data).isUsable ? data : nil
    }
  }

  private func sClient(_ endpoint: LabEndpoint, host: DNSName, records: [TLSAData]) throws
    -> String
  {
    var arguments = [
      "s_client", "-starttls", "smtp", "-connect", "\(endpoint.address):\(endpoint.port)",
      "-dane_tlsa_domain", String(host.description.dropLast()), "-dane_ee_no_namechecks",
      "-brief",
    ]
    for record in records { arguments += ["-dane_tlsa_rrdata", record.zoneText] }
    let result = try TestProcess.run(
      "openssl", arguments, timeout: 20, stdin: Data("QUIT\r\n".utf8))
    return result.stdout + result.stderr
  }
}
