import Foundation
import ValidationCore
import XCTest

@testable import Lab

/// The lab's SMTP servers over real loopback sockets: they take no mail, cut endless lines,
/// refuse clients beyond their bound, and stop with clients still connected.
final class LabSMTPServerLimitsTests: XCTestCase {
  private func makeServers() throws -> (LabSMTPServers, LabEndpoint) {
    let build = try Lab.build(clock: SystemClock())
    let host = try XCTUnwrap(build.hosts.first { $0.scenario == "ee-valid" })
    let servers = try LabSMTPServers(hosts: [host])
    return (servers, try XCTUnwrap(servers.endpoints.first?.endpoint))
  }

  func testNoMailAndEndlessLines() throws {
    let (servers, endpoint) = try makeServers()
    defer { servers.stop() }
    let client = try RawClient(endpoint)
    XCTAssertTrue(try client.readReply().hasPrefix("220 mx1.ee-valid.example "))
    try client.send("MAIL FROM:<learner@ee-valid.example>\r\n")
    XCTAssertTrue(try client.readReply().hasPrefix("502 "))
    try client.send(String(repeating: "A", count: 5000))
    XCTAssertEqual(try client.readReply(), "500 5.5.2 line too long")
    XCTAssertEqual(try client.readReply(), "", "the server should close after an endless line")
  }

  func testClientsBeyondTheBoundAreTurnedAway() throws {
    let (servers, endpoint) = try makeServers()
    var clients: [RawClient] = []
    for _ in 0..<LabSMTPServers.maximumClients {
      let client = try RawClient(endpoint)
      XCTAssertTrue(try client.readReply().hasPrefix("220 "))
      clients.append(client)
    }
    let extra = try RawClient(endpoint)
    XCTAssertTrue(try extra.readReply().hasPrefix("421 "))
    // Stopping with every client still connected returns (it shuts their sockets down).
    servers.stop()
    XCTAssertEqual(try clients[0].readReply(), "")
  }
}

/// A blocking TCP client with a 5-second receive timeout, for the tests above.
final class RawClient {
  private let fd: Int32

  init(_ endpoint: LabEndpoint) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = endpoint.port.bigEndian
    inet_pton(AF_INET, endpoint.address, &address.sin_addr)
    let status = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard status == 0 else { throw LabError.socket("connect \(endpoint)", errno: errno) }
  }

  deinit { close(fd) }

  func send(_ text: String) throws {
    let bytes = Array(text.utf8)
    guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
      throw LabError.socket("send", errno: errno)
    }
  }

  /// One line without CRLF; "" when the server closed the connection (a reset counts: a server
  /// that closes with unread input in its buffer makes the kernel send RST).
  func readReply() throws -> String {
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      let got = recv(fd, &byte, 1, 0)
      if got == 0 || (got < 0 && errno == ECONNRESET) {
        return String(decoding: line, as: UTF8.self)
      }
      guard got == 1 else { throw LabError.socket("recv", errno: errno) }
      if byte == UInt8(ascii: "\n") { break }
      if byte != UInt8(ascii: "\r") { line.append(byte) }
    }
    return String(decoding: line, as: UTF8.self)
  }
}
