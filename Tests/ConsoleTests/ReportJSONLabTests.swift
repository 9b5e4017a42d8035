import Foundation
import Lab
import XCTest

@testable import Console
@testable import ValidationCore

/// `check --json` and `chain --json` of real lab checks print what Foundation printed before
/// they had their own writer (Docs/Decisions.md, D-report-6), byte for byte: the report against
/// `JSONEncoder` over the same wire structs, the chain against `JSONSerialization` over the same
/// tree (when the chain's writer changed, its output for every lab chain was also compared with
/// the old `[String: Any]` code's, and was the same). ReportJSONWriterTests covers crafted
/// values and hand-made reports.
final class ReportJSONLabTests: LabFixtureTestCase {
  /// Besides every scenario (verified, failed, deferred, no DANE, two hosts, an MX behind a
  /// CNAME, ...): a name with no MX (its own address, the implicit MX) and one that does not
  /// exist.
  static let otherDomains = ["mx1.ee-valid.example.", "no-such-name.example."]

  func testLabReportsAndChainsAreWrittenAsFoundationWroteThem() async throws {
    let engine = try await LabFixture.shared.engine()
    let chain = try XCTUnwrap(engine.chain)
    var domains = Lab.scenarios.map(\.domain)
    domains += try Self.otherDomains.map { try DNSName($0) }
    var keys: Set<String> = []
    var verdicts: Set<String> = []
    var chains = 0
    for domain in domains {
      let check = CheckConsoleSource.makeCheck(
        engine, lookup: engine.lookup, probe: DANECheck.liveProbe(clock: engine.clock))
      let report = await check.run(domain: domain)
      XCTAssertEqual(report.jsonText(), try Self.encoderText(report), "\(domain)")
      keys.formUnion(JSONReport(report).json.keys)
      verdicts.formUnion(report.probes.map(\.verdict.word))
      let targets = [ChainTarget(name: domain, type: .mx)] + CheckConsoleSource.chainTargets(report)
      for target in targets {
        let built = await chain(target.name, target.type)
        chains += 1
        XCTAssertEqual(
          built.jsonText(), try Self.serializationText(built.json), "\(target.name) \(target.type)")
      }
    }
    XCTAssertTrue(
      verdicts.isSuperset(of: ["verified", "failed", "deferred", "no-dane"]), "\(verdicts)")
    XCTAssertGreaterThan(chains, 20)
    // The lab gave what the hand-made reports do not: a chain of trust and an alias target.
    XCTAssertTrue(keys.isSuperset(of: ["chainOfTrust", "expandedName", "zones"]), "\(keys)")
  }

  // MARK: References

  static func encoderText(_ report: DomainReport) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(JSONReport(report))
    return JSONTerminalSafety.escape(String(decoding: data, as: UTF8.self))
  }

  /// What `chain --json` printed before: `JSONSerialization` over dictionaries and arrays (its
  /// key order differs from `JSONEncoder`'s in general, not for the chain's keys).
  static func serializationText(_ json: JSONValue) throws -> String {
    let options: JSONSerialization.WritingOptions = [
      .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
    ]
    let data = try JSONSerialization.data(withJSONObject: foundationObject(json), options: options)
    return JSONTerminalSafety.escape(String(decoding: data, as: UTF8.self))
  }

  static func foundationObject(_ json: JSONValue) -> Any {
    switch json {
    case .object(let members):
      var dictionary: [String: Any] = [:]
      for member in members { dictionary[member.key] = foundationObject(member.value) }
      return dictionary
    case .array(let elements): return elements.map(foundationObject)
    case .string(let text): return text
    case .int(let number): return number
    case .bool(let isTrue): return isTrue
    case .null: return NSNull()
    }
  }
}
