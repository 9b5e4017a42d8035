import Dispatch
import FoundationEssentials
import Glibc

/// A point in monotonic time by which a step must be done.
public struct Deadline: Sendable {
  let uptimeNanoseconds: UInt64
  /// The span it was made with, for messages ("within 10 s").
  public let seconds: Double

  public init(seconds: Double) {
    self.seconds = seconds
    let span = UInt64(max(0, seconds) * 1_000_000_000)
    uptimeNanoseconds = DispatchTime.now().uptimeNanoseconds &+ span
  }

  private init(uptimeNanoseconds: UInt64, seconds: Double) {
    self.uptimeNanoseconds = uptimeNanoseconds
    self.seconds = seconds
  }

  /// Milliseconds left, for poll(2), rounded up so that a wait never spins on 0; 0 once the
  /// deadline has passed.
  public var remainingMilliseconds: Int32 {
    let now = DispatchTime.now().uptimeNanoseconds
    guard uptimeNanoseconds > now else { return 0 }
    return Int32(min(UInt64(Int32.max), (uptimeNanoseconds - now + 999_999) / 1_000_000))
  }

  public var hasPassed: Bool { DispatchTime.now().uptimeNanoseconds >= uptimeNanoseconds }

  /// The earlier of the two (a step's deadline within a whole session's).
  public func capped(by other: Deadline) -> Deadline {
    uptimeNanoseconds <= other.uptimeNanoseconds ? self : other
  }
}

/// A non-blocking TCP socket to an IP address literal. Every wait goes through poll(2) with the
/// time left to a deadline, so nothing here can block longer than the step's timeout.
final class ProbeSocket {
  let descriptor: Int32
  private let cancellation: ProbeCancellation?

  private init(descriptor: Int32, cancellation: ProbeCancellation?) {
    self.descriptor = descriptor
    self.cancellation = cancellation
    cancellation?.attach(descriptor)
  }

  deinit {
    cancellation?.detach(descriptor)
    close(descriptor)
  }

  /// Connects to `address` (IPv4 or IPv6 literal) and `port` within `deadline`.
  static func connect(
    address: String, port: UInt16, deadline: Deadline, cancellation: ProbeCancellation? = nil
  ) -> Result<ProbeSocket, ProbeFailure> {
    var storage = sockaddr_storage()
    let length: socklen_t
    let family: Int32
    if let v4 = ipv4(address, port) {
      withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: v4, as: sockaddr_in.self) }
      length = socklen_t(MemoryLayout<sockaddr_in>.size)
      family = AF_INET
    } else if let v6 = ipv6(address, port) {
      withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: v6, as: sockaddr_in6.self) }
      length = socklen_t(MemoryLayout<sockaddr_in6>.size)
      family = AF_INET6
    } else {
      return .failure(.system(call: "connect", message: "'\(address)' is not an IP address"))
    }
    let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { return .failure(systemFailure("socket")) }
    let connection = ProbeSocket(descriptor: descriptor, cancellation: cancellation)
    guard fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) == 0 else {
      return .failure(systemFailure("fcntl"))
    }
    var noDelay: Int32 = 1
    _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, 4)
    let started = withUnsafePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, length) }
    }
    if started != 0 {
      guard errno == EINPROGRESS else { return .failure(systemFailure("connect")) }
      if let failure = connection.wait(for: Int16(POLLOUT), until: deadline) {
        return .failure(failure)
      }
      var error: Int32 = 0
      var size = socklen_t(4)
      getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &size)
      guard error == 0 else {
        return .failure(.system(call: "connect", message: String(cString: strerror(error))))
      }
    }
    return .success(connection)
  }

  /// Waits until the socket is readable or writable (`events`), or the deadline passes.
  func wait(for events: Int16, until deadline: Deadline) -> ProbeFailure? {
    if events & Int16(POLLIN) != 0 { acknowledgeQuickly() }
    while true {
      var entry = pollfd(fd: descriptor, events: events, revents: 0)
      let ready = poll(&entry, 1, deadline.remainingMilliseconds)
      if ready > 0 { return nil }
      if ready == 0 { return .timedOut(seconds: deadline.seconds) }
      if errno != EINTR { return Self.systemFailure("poll") }
    }
  }

  /// Sends all of `bytes` before the deadline.
  func send(_ bytes: [UInt8], until deadline: Deadline) -> ProbeFailure? {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if written > 0 {
        offset += written
      } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
        if let failure = wait(for: Int16(POLLOUT), until: deadline) { return failure }
      } else {
        return errno == EPIPE || errno == ECONNRESET ? .closedByPeer : Self.systemFailure("send")
      }
    }
    return nil
  }

  /// Receives what is there (up to `limit` octets), waiting until the deadline for something.
  func receive(limit: Int = 4096, until deadline: Deadline) -> Result<[UInt8], ProbeFailure> {
    var buffer = [UInt8](repeating: 0, count: limit)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if count > 0 { return .success(Array(buffer.prefix(count))) }
      if count == 0 { return .failure(.closedByPeer) }
      if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
        if let failure = wait(for: Int16(POLLIN), until: deadline) { return .failure(failure) }
      } else {
        return .failure(errno == ECONNRESET ? .closedByPeer : Self.systemFailure("recv"))
      }
    }
  }

  /// What has already arrived, without waiting (at most `limit` octets).
  func drainAvailable(limit: Int = 65_536) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: limit)
    let count = buffer.withUnsafeMutableBytes {
      recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
    }
    return count > 0 ? Array(buffer.prefix(count)) : []
  }

  /// Asks Linux to acknowledge what arrives at once rather than after its delayed-ACK pause.
  /// A server whose small writes wait for acknowledgement (Nagle's algorithm, typically right
  /// after the TLS 1.3 session tickets) would otherwise answer about 40 ms late. The kernel
  /// drops the setting after a while, so it is renewed before every wait for input.
  private func acknowledgeQuickly() {
    var enabled: Int32 = 1
    _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_QUICKACK, &enabled, 4)
  }

  private static func systemFailure(_ call: String) -> ProbeFailure {
    .system(call: call, message: String(cString: strerror(errno)))
  }

  private static func ipv4(_ address: String, _ port: UInt16) -> sockaddr_in? {
    var socketAddress = sockaddr_in()
    guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else { return nil }
    socketAddress.sin_family = sa_family_t(AF_INET)
    socketAddress.sin_port = port.bigEndian
    return socketAddress
  }

  private static func ipv6(_ address: String, _ port: UInt16) -> sockaddr_in6? {
    var socketAddress = sockaddr_in6()
    guard inet_pton(AF_INET6, address, &socketAddress.sin6_addr) == 1 else { return nil }
    socketAddress.sin6_family = sa_family_t(AF_INET6)
    socketAddress.sin6_port = port.bigEndian
    return socketAddress
  }
}
