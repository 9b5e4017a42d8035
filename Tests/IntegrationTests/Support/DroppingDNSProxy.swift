import Foundation
import XCTest

/// A UDP relay on 127.0.0.1 in front of a real server (nsd) that passes every query on unchanged
/// except the questions it is told to drop, which it never answers: a lookup that fails for one
/// name and type only, every time, where a short timeout fails one at random. Answers go back to
/// whoever asked, matched on the query ID and question. Stopped by `stop()` or `deinit`.
final class DroppingDNSProxy: @unchecked Sendable {
  /// One question to drop: a name in presentation form (`example.`) and a type (`SOA`).
  struct Question: Hashable, Sendable {
    let name: String
    let type: String

    init(_ name: String, _ type: String) {
      self.name = name.lowercased()
      self.type = type.uppercased()
    }
  }

  struct SocketFailed: Error, CustomStringConvertible {
    let description: String
  }

  let port: UInt16
  private let listener: Int32
  private let upstream: Int32
  private let state = State()

  /// What the relay thread shares with the owner.
  private final class State: ServingThreadState, @unchecked Sendable {
    var dropped: [Question] = []
  }

  /// `forwarder` form: `127.0.0.1@PORT`.
  var address: String { "127.0.0.1@\(port)" }

  /// The questions dropped so far, in order (a resolver may ask one several times).
  var dropped: [Question] { state.lock.withLock { state.dropped } }

  /// The type names the relay knows (RFC 1035, RFC 4034); others read `TYPE<number>`.
  private static let typeNames: [UInt16: String] = [
    1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 15: "MX", 28: "AAAA", 39: "DNAME", 43: "DS",
    46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 50: "NSEC3", 52: "TLSA",
  ]

  init(upstreamPort: UInt16, dropping: Set<Question>) throws {
    guard let listener = FreePort.bindLoopback(type: Int32(SOCK_DGRAM.rawValue), port: 0) else {
      throw SocketFailed(description: "could not bind a UDP port on 127.0.0.1")
    }
    guard let upstream = FreePort.bindLoopback(type: Int32(SOCK_DGRAM.rawValue), port: 0) else {
      close(listener)
      throw SocketFailed(description: "could not bind the relay's upstream socket")
    }
    var server = Self.loopback(upstreamPort)
    let connected = withUnsafePointer(to: &server) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    var bound = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &bound) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
    }
    guard connected == 0, bound.sin_port != 0 else {
      close(listener)
      close(upstream)
      throw SocketFailed(description: "could not set up the relay to 127.0.0.1:\(upstreamPort)")
    }
    self.listener = listener
    self.upstream = upstream
    port = UInt16(bigEndian: bound.sin_port)
    let thread = Thread { [state] in
      Self.relay(listener: listener, upstream: upstream, dropping: dropping, state: state)
    }
    thread.start()
  }

  /// One question, its type as a number (`dropping: "example.", type: 6` for SOA).
  convenience init(upstreamPort: UInt16, dropping name: String, type: UInt16) throws {
    let typeName = Self.typeNames[type] ?? "TYPE\(type)"
    try self.init(upstreamPort: upstreamPort, dropping: [Question(name, typeName)])
  }

  /// How many queries were dropped so far.
  var droppedCount: Int { dropped.count }

  private static func loopback(_ port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
  }

  /// Waits on both sockets (waking every 100 ms to see whether to stop): a query is passed on or
  /// dropped, an answer goes back to the client whose query had the same ID and question.
  private static func relay(
    listener: Int32, upstream: Int32, dropping: Set<Question>, state: State
  ) {
    defer { state.done.signal() }
    var waiting: [[UInt8]: sockaddr_in] = [:]
    var buffer = [UInt8](repeating: 0, count: 65_535)
    while !state.isStopped {
      var watched = [
        pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
        pollfd(fd: upstream, events: Int16(POLLIN), revents: 0),
      ]
      guard poll(&watched, 2, 100) > 0 else { continue }
      if watched[0].revents & Int16(POLLIN) != 0 {
        var client = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &client) {
          $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            recvfrom(listener, &buffer, buffer.count, 0, $0, &length)
          }
        }
        if count > 0, let (key, question) = Self.question(Array(buffer[0..<count])) {
          if dropping.contains(question) {
            state.lock.withLock { state.dropped.append(question) }
          } else {
            waiting[key] = client
            _ = send(upstream, buffer, count, 0)
          }
        }
      }
      if watched[1].revents & Int16(POLLIN) != 0 {
        let count = recv(upstream, &buffer, buffer.count, 0)
        if count > 0, let (key, _) = Self.question(Array(buffer[0..<count])),
          var client = waiting.removeValue(forKey: key)
        {
          _ = withUnsafePointer(to: &client) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
              sendto(listener, buffer, count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
          }
        }
      }
    }
  }

  /// The message's ID and question octets (what matches an answer to its query), and the
  /// question as a name and type. Nil when the message has no complete single question
  /// (RFC 1035 §4.1.2: labels, then QTYPE and QCLASS).
  static func question(_ message: [UInt8]) -> ([UInt8], Question)? {
    guard message.count >= 12, message[4] == 0, message[5] == 1 else { return nil }
    var labels: [String] = []
    var index = 12
    while index < message.count, message[index] != 0 {
      let length = Int(message[index])
      guard length < 64, index + 1 + length < message.count else { return nil }
      let octets = message[(index + 1)...(index + length)]
      labels.append(String(decoding: octets, as: UTF8.self).lowercased())
      index += length + 1
    }
    guard index + 4 < message.count else { return nil }
    let type = UInt16(message[index + 1]) << 8 | UInt16(message[index + 2])
    let key = Array(message[0..<2]) + Array(message[12...(index + 4)])
    let name = labels.isEmpty ? "." : labels.joined(separator: ".") + "."
    return (key, Question(name, Self.typeNames[type] ?? "TYPE\(type)"))
  }

  func stop() {
    guard state.stopAndWait() else { return }
    close(listener)
    close(upstream)
  }

  deinit { stop() }
}
