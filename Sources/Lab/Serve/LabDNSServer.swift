import Dispatch
import FoundationEssentials
import Glibc
import ValidationCore

/// `lab serve`'s DNS server: every lab zone, authoritatively, over UDP and TCP on one loopback
/// address and port. One thread polls both sockets; each TCP client gets a thread (at most
/// `maximumTCPClients`). A TCP connection is bounded in time as a whole, not read by read: each
/// query (its length and message) must arrive within `Limits.requestSeconds` of the server
/// starting to wait for it, each answer must be taken within the same, and the connection ends
/// after `Limits.connectionSeconds` or 100 queries, whichever comes first.
public final class LabDNSServer: @unchecked Sendable {
  // @unchecked: `running` and `tcpClients` are guarded by `lock`; the rest is set in init.
  static let maximumTCPClients = 16
  static let maximumQueriesPerConnection = 100

  /// How long a TCP client may take (Docs/Lab.md).
  public struct Limits: Sendable {
    /// For one query to arrive whole (also the idle time allowed between queries), and for
    /// one answer to be sent.
    public var requestSeconds: Double = 5
    /// For the whole connection.
    public var connectionSeconds: Double = 30

    public init(requestSeconds: Double = 5, connectionSeconds: Double = 30) {
      self.requestSeconds = requestSeconds
      self.connectionSeconds = connectionSeconds
    }
  }

  let limits: Limits

  public let listen: LabListenAddress
  private let authority: LabAuthority
  private let udp: Int32
  private let tcp: Int32
  private let lock = Lock()
  private var running = true
  private var tcpClients = 0
  private let finished = DispatchGroup()

  /// Binds UDP and TCP on `listen`, which must be a loopback address.
  public init(
    zones: [LabZone], listen: LabListenAddress, limits: Limits = Limits()
  ) throws(LabError) {
    guard LabListenAddress.isLoopback(listen.address) else { throw .notLoopback(listen.address) }
    self.listen = listen
    self.limits = limits
    authority = LabAuthority(zones: zones)
    udp = try LabSocket.bound(listen, type: Int32(SOCK_DGRAM.rawValue))
    do {
      tcp = try LabSocket.bound(listen, type: Int32(SOCK_STREAM.rawValue))
    } catch {
      close(udp)
      throw error
    }
    guard Glibc.listen(tcp, 16) == 0 else {
      let code = errno
      close(udp)
      close(tcp)
      throw .socket("cannot listen on \(listen) (TCP)", errno: code)
    }
    finished.enter()
    DetachedThread.start(name: "danescope-lab-dns") { [self] in
      pollLoop()
      finished.leave()
    }
  }

  deinit { stop() }

  /// Stops serving and waits for the threads (a TCP client's thread ends within one request's
  /// deadline).
  public func stop() {
    let wasRunning = lock.withLock {
      defer { running = false }
      return running
    }
    guard wasRunning else { return }
    _ = finished.wait(timeout: .now() + limits.requestSeconds + 2)
    close(udp)
    close(tcp)
  }

  /// The answer bytes for one query message; nil to stay silent (not even an ID to answer to).
  func respond(to bytes: [UInt8], overUDP: Bool) -> [UInt8]? {
    LabDNSExchange.respond(to: bytes, authority: authority, overUDP: overUDP)
  }

  private func pollLoop() {
    var descriptors = [
      pollfd(fd: udp, events: Int16(POLLIN), revents: 0),
      pollfd(fd: tcp, events: Int16(POLLIN), revents: 0),
    ]
    var buffer = [UInt8](repeating: 0, count: 4096)
    while lock.withLock({ running }) {
      guard poll(&descriptors, 2, 250) > 0 else { continue }
      if descriptors[0].revents & Int16(POLLIN) != 0 {
        var peer = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let count = withUnsafeMutablePointer(to: &peer) {
          $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            recvfrom(udp, &buffer, buffer.count, 0, $0, &length)
          }
        }
        if count > 0, let reply = respond(to: Array(buffer[0..<count]), overUDP: true) {
          _ = withUnsafePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
              sendto(udp, reply, reply.count, 0, $0, length)
            }
          }
        }
      }
      if descriptors[1].revents & Int16(POLLIN) != 0 {
        let client = accept(tcp, nil, nil)
        if client >= 0 { serveTCP(client) }
      }
    }
  }

  private func serveTCP(_ client: Int32) {
    let admitted = lock.withLock {
      guard tcpClients < Self.maximumTCPClients else { return false }
      tcpClients += 1
      return true
    }
    guard admitted else {
      close(client)
      return
    }
    LabSocket.makeNonBlocking(client)
    finished.enter()
    DetachedThread.start(name: "danescope-lab-dns-tcp") { [self] in
      let connectionEnd = Deadline(seconds: limits.connectionSeconds)
      // RFC 7766 §6.2.1: several queries may come on one connection, each with a 2-octet length.
      for _ in 0..<Self.maximumQueriesPerConnection {
        let request = Deadline(seconds: limits.requestSeconds).capped(by: connectionEnd)
        guard lock.withLock({ running }),
          let prefix = LabSocket.read(client, count: 2, by: request),
          let query = LabSocket.read(
            client, count: Int(prefix[0]) << 8 | Int(prefix[1]), by: request),
          let reply = respond(to: query, overUDP: false)
        else { break }
        let framed = [UInt8(reply.count >> 8), UInt8(reply.count & 0xFF)] + reply
        let answer = Deadline(seconds: limits.requestSeconds).capped(by: connectionEnd)
        guard LabSocket.writeAll(client, framed, by: answer) else { break }
      }
      close(client)
      lock.withLock { tcpClients -= 1 }
      finished.leave()
    }
  }
}

/// Socket calls shared by the lab's servers.
enum LabSocket {
  /// A socket of `type` bound to a loopback IPv4 or IPv6 address and port.
  static func bound(_ listen: LabListenAddress, type: Int32) throws(LabError) -> Int32 {
    let isIPv6 = listen.address.contains(":")
    let fd = socket(isIPv6 ? AF_INET6 : AF_INET, type, 0)
    guard fd >= 0 else { throw .socket("socket()", errno: errno) }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var status: Int32 = -1
    if isIPv6 {
      var address = sockaddr_in6()
      address.sin6_family = sa_family_t(AF_INET6)
      address.sin6_port = listen.port.bigEndian
      inet_pton(AF_INET6, listen.address, &address.sin6_addr)
      status = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
      }
    } else {
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = listen.port.bigEndian
      inet_pton(AF_INET, listen.address, &address.sin_addr)
      status = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
    }
    guard status == 0 else {
      let code = errno
      close(fd)
      throw .socket("cannot bind \(listen)", errno: code)
    }
    return fd
  }
}
