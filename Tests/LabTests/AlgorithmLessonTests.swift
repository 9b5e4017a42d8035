@testable import ValidationCore
import XCTest

@testable import Lab

/// The alg scenarios teach what RFC 8624 §3.1 asks of validators. Its table has two columns that
/// differ for several algorithms (ED448: MAY for signing, RECOMMENDED for validation), and a
/// lesson that quoted the signing column as the validation one taught the wrong rule.
final class AlgorithmLessonTests: XCTestCase {
  /// RFC 8624 §3.1, "DNSSEC Validation" column, copied here by hand from the RFC's table so the
  /// test does not read the code's own table.
  private let validationColumn: [UInt8: String] = [
    8: "MUST", 10: "MUST", 13: "MUST", 14: "RECOMMENDED", 15: "RECOMMENDED", 16: "RECOMMENDED",
  ]

  func testEveryAlgorithmLessonQuotesTheValidationColumn() throws {
    let algScenarios = Lab.scenarios.filter { $0.name.hasPrefix("alg") }
    XCTAssertEqual(algScenarios.map(\.name), ["alg8", "alg10", "alg13", "alg14", "alg15", "alg16"])
    for scenario in algScenarios {
      let number = try XCTUnwrap(UInt8(scenario.name.dropFirst(3)))
      let mnemonic = DNSSECAlgorithm(rawValue: number).mnemonic
      let required = try XCTUnwrap(validationColumn[number])
      let why = scenario.expected.reasoning
      XCTAssertTrue(why.contains("RFC 8624 §3.1"), "\(scenario.name): \(why)")
      XCTAssertTrue(
        why.contains("validating \(mnemonic) \(required == "MUST" ? "a MUST" : required)"),
        "\(scenario.name) must say validating \(mnemonic) is \(required): \(why)")
      XCTAssertFalse(why.contains("validation is a MAY"), "\(scenario.name): \(why)")
    }
  }

  /// The Ed448 lesson says why the zone is insecure here although validating it is RECOMMENDED.
  func testEd448LessonNamesDebiansLibunbound() throws {
    let alg16 = try XCTUnwrap(Lab.scenarios.first { $0.name == "alg16" })
    XCTAssertTrue(alg16.expected.reasoning.contains("Debian 12's libunbound lacks it"))
    XCTAssertTrue(alg16.expected.reasoning.contains("signing with it is a MAY"))
  }
}

/// The findings about forbidden algorithms and digests say what RFC 8624 asks of validators,
/// not more: ECC-GOST (12) and the GOST DS digest (3) are MUST NOT for signing and publishing
/// but MAY for validation, so "validators do not check it" was wrong for them.
final class AlgorithmFindingWordingTests: XCTestCase {
  func testProhibitedAlgorithmAndDigestSayValidatingGOSTIsAMay() throws {
    let algorithm = try XCTUnwrap(FindingCatalog.all.first { $0.code == .algorithmProhibited })
    XCTAssertFalse(algorithm.explanation.contains("Validators do not check it"))
    XCTAssertTrue(algorithm.explanation.contains("need not check ECC-GOST (a MAY)"))
    XCTAssertTrue(algorithm.explanation.contains("must not"))
    let digest = try XCTUnwrap(FindingCatalog.all.first { $0.code == .digestProhibited })
    XCTAssertFalse(digest.explanation.contains("Validators ignore them"))
    XCTAssertTrue(digest.explanation.contains("need not check it (a MAY)"))
  }
}
