import Foundation
import ValidationCore
import XCTest

@testable import Lab

/// The lab's SMTP and DNS-over-TCP servers bound each connection in time as a whole: a client
/// that sends one octet at a time, or a valid command now and then, or nothing, is dropped, and
/// its place goes to the next client. The limits are made short here (seconds, not tens of
/// seconds) so the tests stay quick; the bounds the tests wait for are generous, and only say
/// that the server ended the connection at all.
final class LabServerDeadlineTests: XCTestCase {
  static let shortSMTP = LabSMTPConnection.Limits(stepSeconds: 1, sessionSeconds: 3)
  static let shortDNS = LabDNSServer.Limits(requestSeconds: 1, connectionSeconds: 3)
  /// How long a test waits for the server to act before it fails: far above the limits.
  static let patience: TimeInterval = 20

  private func makeSMTP() throws -> (LabSMTPServers, LabEndpoint) {
    let build = try Lab.build(clock: SystemClock())
    let host = try XCTUnwrap(build.hosts.first { $0.scenario == "ee-valid" })
    let servers = try LabSMTPServers(hosts: [host], port: 0, limits: Self.shortSMTP)
    return (servers, try XCTUnwrap(servers.endpoints.first?.endpoint))
  }

  func testSMTPClientDrippingOneOctetAtATimeIsDropped() throws {
    let (servers, endpoint) = try makeSMTP()
    defer { servers.stop() }
    let client = try DripClient(address: endpoint.address, port: endpoint.port)
    XCTAssertTrue(client.readAvailable(waiting: 5).hasPrefix("220 "))
    // "EHLO x" never finished: one octet every 0.2 s, each read resetting any per-read timeout.
    let heard = client.drip(Array("EHLO xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".utf8),
      every: 0.2, until: Self.patience)
    XCTAssertTrue(heard.closed, "the server kept a dripping client for \(Self.patience) s")
    XCTAssertTrue(heard.text.hasPrefix("421 4.4.2 mx1.ee-valid.example timed out"), heard.text)
  }

  func testSMTPSessionOfValidCommandsEndsAtTheSessionLimit() throws {
    let (servers, endpoint) = try makeSMTP()
    defer { servers.stop() }
    let client = try DripClient(address: endpoint.address, port: endpoint.port)
    XCTAssertTrue(client.readAvailable(waiting: 5).hasPrefix("220 "))
    var replies = ""
    let deadline = Date().addingTimeInterval(Self.patience)
    // A NOOP every half second: each step is quick, 29 of them would stay under the 30-command
    // bound; only the session limit ends this.
    for _ in 0..<29 where Date() < deadline {
      guard client.write(Array("NOOP\r\n".utf8)) else { break }
      replies += client.readAvailable(waiting: 0.5)
      // The pause reads too: what the server says while the client waits is not lost to the
      // reset a write into a closed connection would bring.
      Thread.sleep(forTimeInterval: 0.4)
      replies += client.readAvailable(waiting: 0)
      if client.isClosed { break }
    }
    XCTAssertTrue(client.isClosed, replies)
    // The client was never late: the reply names the session's limit, not a slow command.
    XCTAssertTrue(
      replies.contains("421 4.4.2 mx1.ee-valid.example session time limit reached"), replies)
  }

  func testSilentSMTPClientsGiveTheirPlacesBack() throws {
    let (servers, endpoint) = try makeSMTP()
    defer { servers.stop() }
    var silent: [DripClient] = []
    for _ in 0..<LabSMTPServers.maximumClients {
      let client = try DripClient(address: endpoint.address, port: endpoint.port)
      XCTAssertTrue(client.readAvailable(waiting: 5).hasPrefix("220 "))
      silent.append(client)
    }
    XCTAssertTrue(
      try DripClient(address: endpoint.address, port: endpoint.port).readAvailable(waiting: 5)
        .hasPrefix("421 4.3.2 too many connections"))
    // Once the silent ones are dropped, a new client is greeted.
    var greeted = false
    let deadline = Date().addingTimeInterval(Self.patience)
    while !greeted, Date() < deadline {
      let text = try DripClient(address: endpoint.address, port: endpoint.port)
        .readAvailable(waiting: 5)
      greeted = text.hasPrefix("220 ")
      if !greeted { Thread.sleep(forTimeInterval: 0.2) }
    }
    XCTAssertTrue(greeted, "the silent clients kept every place")
    XCTAssertEqual(silent[0].readAvailable(waiting: 5).prefix(9), "421 4.4.2")
  }

  // MARK: DNS over TCP

  private func makeDNS() throws -> LabDNSServer {
    let build = try Lab.build(clock: SystemClock())
    for _ in 0..<10 {
      let port = try freeLoopbackPort()
      if let server = try? LabDNSServer(
        zones: build.zones, listen: LabListenAddress(address: "127.0.0.1", port: port),
        limits: Self.shortDNS)
      {
        return server
      }
    }
    throw POSIXError(.EADDRINUSE)
  }

  func testDNSClientDrippingAHugeMessageIsDropped() throws {
    let server = try makeDNS()
    defer { server.stop() }
    let client = try DripClient(address: "127.0.0.1", port: server.listen.port)
    // A length of 65535, then one octet every 0.2 s.
    let heard = client.drip(
      [0xFF, 0xFF] + [UInt8](repeating: 0, count: 200), every: 0.2, until: Self.patience)
    XCTAssertTrue(heard.closed, "the server kept a dripping client for \(Self.patience) s")
    XCTAssertEqual(heard.text, "")
  }

  func testIdleDNSConnectionsGiveTheirPlacesBack() throws {
    let server = try makeDNS()
    defer { server.stop() }
    var idle: [DripClient] = []
    for _ in 0..<(LabDNSServer.maximumTCPClients + 4) {
      idle.append(try DripClient(address: "127.0.0.1", port: server.listen.port))
    }
    // A query for the root SOA, as drill or dig would send it over TCP.
    let query: [UInt8] = [0x12, 0x34, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0x00, 0, 6, 0, 1]
    var answered = false
    let deadline = Date().addingTimeInterval(Self.patience)
    while !answered, Date() < deadline {
      let client = try DripClient(address: "127.0.0.1", port: server.listen.port)
      _ = client.write([0, UInt8(query.count)] + query)
      let reply = client.readAvailable(waiting: 2).utf8
      answered = reply.count > 4 && Array(reply)[2...3] == [0x12, 0x34]
      if !answered { Thread.sleep(forTimeInterval: 0.2) }
    }
    XCTAssertTrue(answered, "idle connections kept every place")
    XCTAssertTrue(idle.allSatisfy { $0.readAvailable(waiting: 5).isEmpty && $0.isClosed })
  }
}

/// A raw loopback TCP client that can send slowly and read what has come.
final class DripClient {
  private let fd: Int32
  private(set) var isClosed = false

  init(address: String, port: UInt16) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var target = sockaddr_in()
    target.sin_family = sa_family_t(AF_INET)
    target.sin_port = port.bigEndian
    inet_pton(AF_INET, address, &target.sin_addr)
    let status = withUnsafePointer(to: &target) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard status == 0 else {
      close(fd)
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
  }

  deinit { close(fd) }

  func write(_ bytes: [UInt8]) -> Bool {
    send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
  }

  /// What arrives within `seconds` (returning once a line has come, or something has come and
  /// then stopped),
  /// as Latin-1 text so that DNS octets survive; notes an end of stream.
  func readAvailable(waiting seconds: TimeInterval) -> String {
    var collected: [UInt8] = []
    var wait = Int32(seconds * 1000)
    while !isClosed {
      var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&descriptor, 1, wait) > 0 else { break }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let count = recv(fd, &chunk, chunk.count, 0)
      if count <= 0 {
        isClosed = true
      } else {
        collected += chunk[0..<count]
        // A whole SMTP line has come: no need to wait for more.
        if collected.last == UInt8(ascii: "\n") { break }
        wait = 100
      }
    }
    return String(collected.map { Character(Unicode.Scalar($0)) })
  }

  /// Sends `bytes` one at a time, `every` seconds apart, until the server closes the connection
  /// or `until` seconds pass; what it said and whether it closed.
  func drip(_ bytes: [UInt8], every interval: TimeInterval, until patience: TimeInterval)
    -> (text: String, closed: Bool)
  {
    let deadline = Date().addingTimeInterval(patience)
    var text = ""
    for byte in bytes where Date() < deadline {
      guard write([byte]) else { break }
      text += readAvailable(waiting: interval)
      if isClosed { break }
    }
    text += readAvailable(waiting: 0.2)
    return (text, isClosed)
  }
}

/// A loopback TCP port free at the moment.
func freeLoopbackPort() throws -> UInt16 {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(fd) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let status = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      bind(fd, $0, length) == 0 ? getsockname(fd, $0, &length) : -1
    }
  }
  guard status == 0 else { throw POSIXError(.EADDRINUSE) }
  return UInt16(bigEndian: address.sin_port)
}
