import Foundation

/// A hostile forwarder on 127.0.0.1 for the failures only one question gets: it relays every UDP
/// query to a real server the test started (unbound on loopback) and relays the answer back,
/// except queries for one name and type, which it drops without a word. A validator behind it
/// then gets every RRset but that one, which times out. TCP is bound (so the port is free for
/// both) and left in the listen queue, as in `LoopbackDNSStub`. Closed on `stop()` or `deinit`.
final class DroppingDNSProxy: @unchecked Sendable {
  let port: UInt16
  private let udp: Int32
  private let tcp: Int32
  private let state = State()

  /// What the serving thread shares with the owner.
  private final class State: @unchecked Sendable {
    let lock = NSLock()
    var stopped = false
    var dropped = 0
    let done = DispatchSemaphore(value: 0)
  }

  /// `forwarder` form: `127.0.0.1@PORT`.
  var address: String { "127.0.0.1@\(port)" }

  /// How many queries were dropped so far.
  var droppedCount: Int { state.lock.withLock { state.dropped } }

  /// Relays to 127.0.0.1:`upstreamPort`; drops queries whose question is `name` (presentation
  /// form, with the final dot, compared without regard to case) and `type`.
  init(upstreamPort: UInt16, dropping name: String, type: UInt16) throws {
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
    let dropped = (name.lowercased(), type)
    let thread = Thread { [state, udp] in
      Self.serve(udp: udp, upstreamPort: upstreamPort, dropping: dropped, state: state)
    }
    thread.start()
  }

  /// Reads queries (waking every 100 ms to see whether to stop) and relays them one at a time;
  /// the upstream is a loopback server answering from memory, so one at a time is quick.
  private static func serve(
    udp: Int32, upstreamPort: UInt16, dropping: (String, UInt16), state: State
  ) {
    defer { state.done.signal() }
    var buffer = [UInt8](repeating: 0, count: 65_535)
    while !state.lock.withLock({ state.stopped }) {
      var watched = pollfd(fd: udp, events: Int16(POLLIN), revents: 0)
      guard poll(&watched, 1, 100) > 0 else { continue }
      var peer = sockaddr_in()
      var peerLength = socklen_t(MemoryLayout<sockaddr_in>.size)
      let count = withUnsafeMutablePointer(to: &peer) { peerPointer in
        peerPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          recvfrom(udp, &buffer, buffer.count, 0, $0, &peerLength)
        }
      }
      guard count >= 12 else { continue }
      let query = Array(buffer[0..<count])
      if let question = question(of: query), question == dropping {
        state.lock.withLock { state.dropped += 1 }
        continue
      }
      guard let reply = try? UDPExchange.send(query, port: upstreamPort, timeout: 2) else {
        continue
      }
      _ = withUnsafePointer(to: &peer) { peerPointer in
        peerPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          sendto(udp, reply, reply.count, 0, $0, peerLength)
        }
      }
    }
  }

  /// The first question's name (lower case, presentation form with the final dot; labels are
  /// taken as plain text, which is enough for the names tests use) and type (RFC 1035 §4.1.2),
  /// or nil when the message holds none or is cut short.
  static func question(of message: [UInt8]) -> (String, UInt16)? {
    guard message.count > 12, message[4] == 0, message[5] >= 1 else { return nil }
    var labels: [String] = []
    var index = 12
    while index < message.count, message[index] != 0 {
      let length = Int(message[index])
      guard length < 64, index + 1 + length < message.count else { return nil }
      labels.append(String(decoding: message[(index + 1)...(index + length)], as: UTF8.self))
      index += length + 1
    }
    guard index + 2 < message.count else { return nil }
    let type = UInt16(message[index + 1]) << 8 | UInt16(message[index + 2])
    return (labels.map { $0 + "." }.joined().lowercased().nonEmpty ?? ".", type)
  }

  func stop() {
    let first = state.lock.withLock { () -> Bool in
      defer { state.stopped = true }
      return !state.stopped
    }
    guard first else { return }
    state.done.wait()
    close(udp)
    close(tcp)
  }

  deinit { stop() }
}

extension String {
  fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
