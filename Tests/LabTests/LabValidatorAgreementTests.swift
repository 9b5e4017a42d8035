import Foundation
import ValidationCore
import XCTest

@testable import Lab

/// libunbound (in-process, over the lab's auth-zones) and danescope's own chain engine agree on
/// every lab zone: its SOA, a name it does not have (denial proofs), and each scenario's MX and
/// TLSA sets. The one known disagreement is the Ed448 zone: Debian 12 builds libunbound with
/// nettle, which has no Ed448, so libunbound calls it insecure while the engine (OpenSSL)
/// validates it; the engine must then say so with VALIDATOR_DISAGREEMENT.
final class LabValidatorAgreementTests: XCTestCase {
  func testEngineAndLibunboundAgreeOnEveryZone() async throws {
    let lab = try await Lab.start(clock: SystemClock())
    defer { lab.stop() }
    let resolver = try UnboundResolver(lab.resolverConfiguration)
    let anchors = try ChainTrustAnchors.records(for: lab.resolverConfiguration)
    let builder = ChainBuilder(
      source: ResolverLookupSource(resolver), trustAnchors: anchors, options: ChainOptions())
    var questions: [(DNSName, RRType)] = []
    for zone in lab.build.zones {
      questions.append((zone.origin, .soa))
      questions.append((try zone.origin.prepending("absent-name"), .a))
    }
    for scenario in Lab.scenarios {
      questions.append((scenario.domain, .mx))
      for host in lab.build.hosts where host.scenario == scenario.name {
        questions.append((Lab.child("_25", of: Lab.child("_tcp", of: host.name)), .tlsa))
      }
    }
    let ed448Zone = Lab.domain(for: "alg16")
    var compared = 0
    for (name, type) in questions {
      let report = await builder.build(name: name, type: type)
      let codes = report.findings.map(\.code.rawValue)
      if name.isSubdomain(of: ed448Zone) {
        XCTAssertEqual(report.status, .secure, "\(name) \(type)")
        XCTAssertEqual(report.validatorStatus, "insecure", "\(name) \(type)")
        XCTAssertTrue(codes.contains("VALIDATOR_DISAGREEMENT"), "\(name) \(type): \(codes)")
      } else {
        XCTAssertEqual(
          report.status.rawValue, report.validatorStatus, "\(name) \(type): \(codes)")
        XCTAssertNotEqual(report.status, .indeterminate, "\(name) \(type): \(codes)")
        XCTAssertFalse(codes.contains("VALIDATOR_DISAGREEMENT"), "\(name) \(type): \(codes)")
      }
      compared += 1
    }
    XCTAssertGreaterThan(compared, 2 * lab.build.zones.count)
  }
}
