import Foundation
import XCTest

/// `chain --lab NAME DS` for the lab's unsigned delegations: the signed parent proves that it
/// holds no DS (RFC 4035 §5.2), so the DS question is a secure NODATA, as libunbound says.
final class ChainDSLabTests: XCTestCase {
  func testDSOfAnUnsignedLabDelegationIsASecureNoData() throws {
    // hosts.tlsa-unsigned.example. is denied by an NSEC, nsec3-insecure.example. by an NSEC3.
    let cases = [("hosts.tlsa-unsigned.example", "NSEC"), ("nsec3-insecure.example", "NSEC3")]
    for (name, kind) in cases {
      let result = try DanescopeBinary.run(["chain", "--lab", name, "DS", "--json"])
      XCTAssertEqual(result.status, 0, "\(name): \(result.stdout)\(result.stderr)")
      let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
      let chain = try XCTUnwrap(json as? [String: Any], result.stdout)
      XCTAssertEqual(chain["validatorStatus"] as? String, "secure", name)
      XCTAssertEqual(chain["status"] as? String, "secure", name)
      let denial = try XCTUnwrap(chain["denial"] as? [String: Any], name)
      XCTAssertEqual(denial["kind"] as? String, kind, name)
      XCTAssertEqual(denial["proven"] as? Bool, true, name)
      let findings = chain["findings"] as? [[String: Any]] ?? []
      XCTAssertEqual(findings.compactMap { $0["code"] as? String }, [], name)
    }
  }
}
