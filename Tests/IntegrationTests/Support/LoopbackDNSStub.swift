import Foundation
import XCTest

/// A fake DNS server on 127.0.0.1 for failure cases no real server is made to produce: it binds
/// one port for UDP and TCP (TCP connections are left in the listen queue, never served) and
/// either never answers (`.silent`) or answers every UDP query with a fixed RCODE (`.rcode(2)`
/// for SERVFAIL). Closed on `stop()` or `deinit`.
final class LoopbackDNSStub: @unchecked Sendable {
  enum Behaviour: Sendable {
    case silent
    case rcode(UInt8)
  }

  let port: UInt16
  private let udp: Int32
  private let tcp: Int32
  private let state = State()

  /// What the serving thread shares with the owner; the thread holds this, not the stub, so
  /// dropping the stub stops it.
  private final class State: ServingThreadState, @unchecked Sendable {
    var answered = 0
  }

  /// `forwarder` form: `127.0.0.1@PORT`.
  var address: String { "127.0.0.1@\(port)" }

  /// How many queries were answered so far.
  var answeredCount: Int { state.lock.withLock { state.answered } }

  init(_ behaviour: Behaviour) throws {
    var bound: (UInt16, Int32, Int32)?
    for _ in 0..<10 {
      let port = try FreePort.next()
      guard let udp = FreePort.bindLoopback(type: Int32(SOCK_DGRAM.rawValue), port: port) else {
        continue
      }
      guard let tcp = FreePort.bindLoopback(type: Int32(SOCK_STREAM.rawValue), port: port),
        listen(tcp, 16) == 0
      else {
        close(udp)
        continue
      }
      bound = (port, udp, tcp)
      break
    }
    guard let bound else { throw FreePort.NoFreePort() }
    (port, udp, tcp) = bound
    let thread = Thread { [state, udp] in Self.serve(behaviour, udp: udp, state: state) }
    thread.start()
  }

  /// Reads UDP queries (waking every 100 ms to see whether to stop) and answers or ignores them.
  private static func serve(_ behaviour: Behaviour, udp: Int32, state: State) {
    defer { state.done.signal() }
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !state.isStopped {
      var watched = pollfd(fd: udp, events: Int16(POLLIN), revents: 0)
      guard poll(&watched, 1, 100) > 0 else { continue }
      var peer = sockaddr_in()
      var peerLength = socklen_t(MemoryLayout<sockaddr_in>.size)
      let count = withUnsafeMutablePointer(to: &peer) { peerPointer in
        peerPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          recvfrom(udp, &buffer, buffer.count, 0, $0, &peerLength)
        }
      }
      guard count >= 12, case .rcode(let rcode) = behaviour else { continue }
      let reply = reply(to: Array(buffer[0..<count]), rcode: rcode)
      _ = withUnsafePointer(to: &peer) { peerPointer in
        peerPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          sendto(udp, reply, reply.count, 0, $0, peerLength)
        }
      }
      state.lock.withLock { state.answered += 1 }
    }
  }

  /// The query's header and question, turned into a response with `rcode` and no records
  /// (RFC 1035 §4.1.1: QR set, RD copied, RA set; counts other than QDCOUNT zero).
  static func reply(to query: [UInt8], rcode: UInt8) -> [UInt8] {
    var end = 12
    if query[4] == 0 && query[5] == 1 {
      // Skip the one question: labels, then type and class.
      var index = 12
      while index < query.count && query[index] != 0 { index += Int(query[index]) + 1 }
      end = min(index + 5, query.count)
    }
    var reply = Array(query[0..<end])
    reply[2] = 0x80 | (query[2] & 0x79)  // QR, opcode and RD from the query, AA and TC clear
    reply[3] = 0x80 | (rcode & 0x0F)  // RA, rcode
    reply[5] = end > 12 ? 1 : 0
    reply[4] = 0
    for index in 6..<12 { reply[index] = 0 }
    return reply
  }

  func stop() {
    guard state.stopAndWait() else { return }
    close(udp)
    close(tcp)
  }

  deinit { stop() }
}
