import XCTest

@testable import CommandLineInterface
@testable import ValidationCore

/// `HOST[:PORT]` as `trace` and `tlsa --from` read it.
final class ServerAddressTests: XCTestCase {
  func testAddressesNamesAndPorts() throws {
    XCTAssertEqual(
      try ServerAddress("127.0.0.1", defaultPort: 25, argument: 2).host, .address("127.0.0.1"))
    XCTAssertEqual(try ServerAddress("127.0.0.1:2525", defaultPort: 25, argument: 2).port, 2525)
    XCTAssertEqual(try ServerAddress("127.0.0.1", defaultPort: 587, argument: 2).port, 587)
    let bracketed = try ServerAddress("[::1]:2525", defaultPort: 25, argument: 2)
    XCTAssertEqual(bracketed.host, .address("::1"))
    XCTAssertEqual(bracketed.port, 2525)
    let bare = try ServerAddress("::1", defaultPort: 25, argument: 2)
    XCTAssertEqual(bare.host, .address("::1"))
    XCTAssertEqual(bare.port, 25)
    let named = try ServerAddress("mx.example.com:26", defaultPort: 25, argument: 2)
    XCTAssertEqual(named.host, .name(try DNSName("mx.example.com.")))
    XCTAssertEqual(named.port, 26)
    XCTAssertEqual(try bracketed.addresses().get(), ["::1"])
  }

  func testErrorsSayWhatAndWhere() {
    for (text, message) in [
      ("127.0.0.1:0", "'0' in '127.0.0.1:0' is not a port number (1-65535) (argument 2)"),
      ("[::1", "'[::1': missing ']' after the IPv6 address (argument 2)"),
      ("[::1]x", "'[::1]x': expected ':PORT' after ']' (argument 2)"),
      ("bad host!", "'bad host!' is neither an IP address nor a host name (argument 2)"),
      ("mx.test:smtp", "'smtp' in 'mx.test:smtp' is not a port number (1-65535) (argument 2)"),
    ] {
      XCTAssertThrowsError(try ServerAddress(text, defaultPort: 25, argument: 2), text) { error in
        XCTAssertEqual((error as? UsageError)?.description, "danescope: " + message)
      }
    }
  }
}
