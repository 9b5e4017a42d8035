import COpenSSL
import Dispatch
import FoundationEssentials
import Glibc
import ValidationCore

/// Where a lab MX host listens.
public struct LabEndpoint: Sendable, Hashable, CustomStringConvertible {
  public let address: String
  public let port: UInt16

  public var description: String { "\(address):\(port)" }
}

/// The lab's STARTTLS servers: one per MX host, each on its own 127.0.0.x address, all on one
/// shared high port. One thread polls the listening sockets; each client gets its own thread, at
/// most `maximumClients` at once, for a bounded time (`LabSMTPConnection.Limits`: a slow client
/// is dropped, so it cannot keep its place). `stop()` closes everything and waits for the
/// threads.
public final class LabSMTPServers: @unchecked Sendable {
  // @unchecked: the mutable state (clients, running) is guarded by `lock`; the listeners and
  // contexts are set in init and only read afterwards.
  public static let maximumClients = 32

  public let port: UInt16
  private let listeners: [Listener]
  private let wakeUp: [Int32]  // a pipe: writing to [1] wakes the poll loop
  private let lock = Lock()
  private var running = true
  private var clients: Set<Int32> = []
  private let finished = DispatchGroup()
  private let limits: LabSMTPConnection.Limits

  private struct Listener: @unchecked Sendable {
    // @unchecked: the SSL_CTX is configured before any thread sees it, then only used by
    // SSL_new, which OpenSSL allows from several threads.
    let socket: Int32
    let host: LabHost
    let context: OpaquePointer
  }

  /// Binds every host's address on one port (chosen by the kernel for the first host, retried a
  /// few times if another host's address already has it taken) and starts serving.
  public convenience init(hosts: [LabHost], port requested: UInt16 = 0) throws(LabError) {
    try self.init(hosts: hosts, port: requested, limits: LabSMTPConnection.Limits())
  }

  init(hosts: [LabHost], port requested: UInt16, limits: LabSMTPConnection.Limits)
    throws(LabError)
  {
    self.limits = limits
    var contexts: [OpaquePointer] = []
    do throws(LabError) {
      for host in hosts { contexts.append(try LabTLSContext.make(chain: host.chain)) }
      let (port, sockets) = try Self.bindWithRetries(hosts.map(\.address), port: requested)
      var pipeEnds: [Int32] = [0, 0]
      guard pipe(&pipeEnds) == 0 else {
        sockets.forEach { close($0) }
        throw LabError.socket("pipe", errno: errno)
      }
      self.port = port
      wakeUp = pipeEnds
      listeners = zip(zip(sockets, hosts), contexts).map {
        Listener(socket: $0.0, host: $0.1, context: $1)
      }
    } catch {
      contexts.forEach { SSL_CTX_free($0) }
      throw error
    }
    startPolling()
  }

  /// With port 0 the kernel picks a port for the first address; another address may already
  /// have that port taken, so a few picks are tried.
  private static func bindWithRetries(_ addresses: [String], port: UInt16) throws(LabError)
    -> (UInt16, [Int32])
  {
    guard !addresses.isEmpty else { throw .socket("no lab hosts to serve", errno: EINVAL) }
    var lastError = LabError.socket("no free shared port", errno: EADDRINUSE)
    for _ in 0..<10 {
      do throws(LabError) {
        return try bindAll(addresses, port: port)
      } catch {
        lastError = error
        if port != 0 { break }
      }
    }
    throw lastError
  }

  deinit { stop() }

  /// Each host name with where its server listens.
  public var endpoints: [(host: LabHost, endpoint: LabEndpoint)] {
    listeners.map { ($0.host, LabEndpoint(address: $0.host.address, port: port)) }
  }

  /// Closes the listeners and every client, then waits for all server threads to end.
  public func stop() {
    let wasRunning = lock.withLock {
      defer { running = false }
      for client in clients { shutdown(client, Int32(SHUT_RDWR)) }
      return running
    }
    guard wasRunning else { return }
    var byte: UInt8 = 1
    _ = write(wakeUp[1], &byte, 1)
    _ = finished.wait(timeout: .now() + limits.stepSeconds + 2)
    for listener in listeners {
      close(listener.socket)
      SSL_CTX_free(listener.context)
    }
    close(wakeUp[0])
    close(wakeUp[1])
  }

  // MARK: Serving

  private func startPolling() {
    finished.enter()
    DetachedThread.start(name: "danescope-lab-smtp") { [self] in
      pollLoop()
      finished.leave()
    }
  }

  private func pollLoop() {
    var descriptors = listeners.map { pollfd(fd: $0.socket, events: Int16(POLLIN), revents: 0) }
    descriptors.append(pollfd(fd: wakeUp[0], events: Int16(POLLIN), revents: 0))
    while lock.withLock({ running }) {
      guard poll(&descriptors, nfds_t(descriptors.count), 1000) > 0 else { continue }
      for (index, descriptor) in descriptors.enumerated().dropLast()
      where descriptor.revents & Int16(POLLIN) != 0 {
        let client = accept(descriptor.fd, nil, nil)
        if client >= 0 { serve(client, listeners[index]) }
      }
    }
  }

  private func serve(_ client: Int32, _ listener: Listener) {
    let admitted = lock.withLock {
      guard running, clients.count < Self.maximumClients else { return false }
      clients.insert(client)
      return true
    }
    guard admitted else {
      // On the accepting thread: one short step, so a client that takes nothing cannot hold it.
      let connection = LabSMTPConnection(
        socket: client, limits: LabSMTPConnection.Limits(stepSeconds: 1, sessionSeconds: 1))
      connection.send("421 4.3.2 too many connections to the lab, try again")
      return
    }
    finished.enter()
    DetachedThread.start(name: "danescope-lab-smtp-client") { [self] in
      Self.converse(LabSMTPConnection(socket: client, limits: limits), listener)
      lock.withLock { _ = clients.remove(client) }
      finished.leave()
    }
  }

  /// The dialogue: greeting, then one action per client line until QUIT, an error or a limit.
  private static func converse(_ connection: LabSMTPConnection, _ listener: Listener) {
    let name = String(listener.host.name.description.dropLast())
    var session = LabSMTPSession(hostName: name, behaviour: listener.host.behaviour)
    guard connection.send(session.greeting) else { return }
    while true {
      switch connection.readLine() {
      case .closed: return
      case .timedOut:
        // RFC 5321 §4.5.3.2 lets a server end a session that waits too long; 421 says so, and
        // says which limit it was: one slow command, or the session's whole time.
        connection.send(
          connection.isSessionOver
            ? "421 4.4.2 \(name) session time limit reached, closing"
            : "421 4.4.2 \(name) timed out waiting for a command, closing")
        return
      case .tooLong:
        connection.send("500 5.5.2 line too long")
        return
      case .line(let line):
        switch session.handle(line) {
        case .reply(let text):
          guard connection.send(text) else { return }
        case .replyThenClose(let text):
          connection.send(text)
          return
        case .replyThenStartTLS(let text):
          guard connection.send(text), connection.startTLS(listener.context) else { return }
          session.didStartTLS()
        }
      }
    }
  }

  // MARK: Sockets

  private static func bindAll(_ addresses: [String], port: UInt16) throws(LabError)
    -> (UInt16, [Int32])
  {
    var sockets: [Int32] = []
    var chosen = port
    do {
      for address in addresses {
        let socket = try listen(on: address, port: chosen)
        sockets.append(socket)
        if chosen == 0 { chosen = try boundPort(socket) }
      }
    } catch {
      sockets.forEach { close($0) }
      throw error
    }
    return (chosen, sockets)
  }

  private static func listen(on address: String, port: UInt16) throws(LabError) -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw .socket("socket()", errno: errno) }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var socketAddress = sockaddr_in()
    socketAddress.sin_family = sa_family_t(AF_INET)
    socketAddress.sin_port = port.bigEndian
    guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else {
      close(fd)
      throw .notLoopback(address)
    }
    let bound = withUnsafePointer(to: &socketAddress) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, Glibc.listen(fd, 16) == 0 else {
      let code = errno
      close(fd)
      throw .socket("cannot listen on \(address):\(port)", errno: code)
    }
    return fd
  }

  private static func boundPort(_ fd: Int32) throws(LabError) -> UInt16 {
    var socketAddress = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let status = withUnsafeMutablePointer(to: &socketAddress) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard status == 0 else { throw .socket("getsockname", errno: errno) }
    return UInt16(bigEndian: socketAddress.sin_port)
  }
}
