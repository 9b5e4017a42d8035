import XCTest

@testable import ValidationCore

/// The IPv6 ranges of NonDestinationAddress (RFC 4291): `::` and ff00::/8, and ::/96 other than
/// `::` and `::1`, the deprecated IPv4-compatible form (§2.5.5.1; Docs/Decisions.md D-policy-7).
/// Loopback (`::1`, also written `::0.0.0.1`), mapped unicast and global addresses are
/// destinations.
final class NonDestinationAddressTests: XCTestCase {
  func testIPv6Ranges() {
    XCTAssertEqual(NonDestinationAddress("::")?.kind, .unspecified)
    XCTAssertEqual(NonDestinationAddress("ff02::1")?.kind, .multicast)
    XCTAssertEqual(NonDestinationAddress("::224.0.0.1")?.kind, .ipv4Compatible)
    XCTAssertEqual(NonDestinationAddress("::192.0.2.1")?.kind, .ipv4Compatible)
    XCTAssertEqual(NonDestinationAddress("::2")?.kind, .ipv4Compatible)
    XCTAssertEqual(NonDestinationAddress("::1:0")?.kind, .ipv4Compatible)
    XCTAssertEqual(NonDestinationAddress("::ffff:224.0.0.1")?.kind, .multicast)
    XCTAssertNil(NonDestinationAddress("::1"))
    XCTAssertNil(NonDestinationAddress("::0.0.0.1"))
    XCTAssertNil(NonDestinationAddress("::ffff:192.0.2.1"))
    XCTAssertNil(NonDestinationAddress("2001:db8::1"))
    XCTAssertNil(NonDestinationAddress("::1:0:0:0"))
  }
}
