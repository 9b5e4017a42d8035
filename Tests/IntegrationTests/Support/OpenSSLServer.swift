import Foundation

/// A real `openssl s_server` on 127.0.0.1 at a free high port, speaking only the TLS version its
/// flag names (`-tls1`, `-tls1_1`), with its security level lowered to 0 so that it really
/// completes a handshake at that version (Debian 12's OpenSSL 3 refuses TLS 1.0 and 1.1 at its
/// default level). s_server has no server side of STARTTLS, so `STARTTLSFront` speaks the SMTP
/// part and hands the connection over to it after the 220. Stopped by `stop()` or when the
/// object goes away.
final class OpenSSLServer {
  let port: UInt16
  let versionFlag: String
  private let process: Process
  /// s_server reads what to send from standard input; kept open (and silent) until the end.
  private let input = Pipe()

  init(versionFlag: String, certificate: TestCertificate, readyTimeout: TimeInterval = 15) throws {
    self.versionFlag = versionFlag
    let openssl = try TestProcess.locate("openssl")
    var lastPort: UInt16 = 0
    for _ in 0..<3 {
      let port = try FreePort.next(udpToo: false)
      lastPort = port
      let process = Process()
      process.executableURL = openssl
      process.arguments = [
        "s_server", "-accept", "127.0.0.1:\(port)", versionFlag, "-cert", certificate.chain.path,
        "-key", certificate.key.path, "-cipher", "DEFAULT@SECLEVEL=0", "-quiet",
      ]
      process.standardInput = input
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.runWithEmptySignalMask()
      if waitUntil(timeout: readyTimeout, { !process.isRunning || Self.accepts(port: port) }),
        process.isRunning
      {
        self.port = port
        self.process = process
        return
      }
      process.stop()
    }
    throw StartFailed(port: lastPort)
  }

  struct StartFailed: Error, CustomStringConvertible {
    let port: UInt16
    var description: String { "openssl s_server did not start listening on 127.0.0.1:\(port)" }
  }

  func stop() {
    process.stop()
    try? input.fileHandleForWriting.close()
  }

  deinit { stop() }

  /// Whether a TCP connection to 127.0.0.1:`port` is accepted (closed again at once).
  static func accepts(port: UInt16) -> Bool {
    guard let fd = STARTTLSFront.connectLoopback(port: port) else { return false }
    close(fd)
    return true
  }
}

/// The SMTP half of a STARTTLS server, in-process on 127.0.0.1 at a port the kernel picks: a 220
/// greeting, STARTTLS in the EHLO reply, 220 to STARTTLS, and then every octet relayed both ways
/// between the client and a TLS server at `tlsPort` (an `OpenSSLServer`). One connection at a
/// time; every read and write is bounded, so a test that goes wrong cannot hang here.
final class STARTTLSFront: @unchecked Sendable {
  let port: UInt16
  private let tlsPort: UInt16
  private let loop: LoopbackAcceptLoop
  private let lock = NSLock()
  private var connections = 0

  init(tlsPort: UInt16) throws {
    self.tlsPort = tlsPort
    guard let listener = FreePort.bindLoopback(type: Int32(SOCK_STREAM.rawValue), port: 0),
      listen(listener, 8) == 0
    else { throw FreePort.NoFreePort() }
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(listener, $0, &length)
      }
    }
    loop = LoopbackAcceptLoop(listener: listener)
    port = UInt16(bigEndian: address.sin_port)
    loop.start(name: "STARTTLSFront") { [self] client in serve(client) }
  }

  /// How many connections were accepted so far.
  var connectionCount: Int { lock.withLock { connections } }

  func stop() { loop.stop() }

  deinit { stop() }

  private var stopped: Bool { loop.stopped }

  private func serve(_ client: Int32) {
    lock.withLock { connections += 1 }
    converse(client)
    close(client)
  }

  /// Greeting, EHLO, STARTTLS; after the 220, the relay. QUIT or anything unexpected ends it.
  private func converse(_ client: Int32) {
    var buffer: [UInt8] = []
    guard Self.write(client, "220 old.test ESMTP\r\n") else { return }
    while let line = Self.readLine(client, &buffer) {
      let verb = line.prefix(8).uppercased()
      if verb.hasPrefix("EHLO") {
        guard Self.write(client, "250-old.test\r\n250 STARTTLS\r\n") else { return }
      } else if verb.hasPrefix("STARTTLS") {
        guard Self.write(client, "220 2.0.0 Ready to start TLS\r\n"),
          let server = Self.connectLoopback(port: tlsPort)
        else { return }
        LoopbackAcceptLoop.setTimeouts(server)
        relay(client, server)
        close(server)
        return
      } else {
        _ = Self.write(client, "221 2.0.0 Bye\r\n")
        return
      }
    }
  }

  /// Copies octets both ways until either side closes, or nothing moves for 10 s.
  private func relay(_ client: Int32, _ server: Int32) {
    var chunk = [UInt8](repeating: 0, count: 16_384)
    while !stopped {
      var entries = [
        pollfd(fd: client, events: Int16(POLLIN), revents: 0),
        pollfd(fd: server, events: Int16(POLLIN), revents: 0),
      ]
      let ready = poll(&entries, 2, 10_000)
      guard ready > 0 else { return }
      for (index, entry) in entries.enumerated() where entry.revents != 0 {
        let from = index == 0 ? client : server
        let to = index == 0 ? server : client
        let count = read(from, &chunk, chunk.count)
        guard count > 0, Self.write(to, Array(chunk.prefix(count))) else { return }
      }
    }
  }

  static func connectLoopback(port: UInt16) -> Int32? {
    FreePort.loopbackSocket(type: Int32(SOCK_STREAM.rawValue), port: port) { connect($0, $1, $2) }
  }

  private static func write(_ fd: Int32, _ text: String) -> Bool { write(fd, Array(text.utf8)) }

  private static func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
      guard sent > 0 else { return false }
      offset += sent
    }
    return true
  }

  /// One line without its CRLF; nil when the client closed, timed out or sent 1000 octets
  /// without a line end.
  private static func readLine(_ fd: Int32, _ buffer: inout [UInt8]) -> String? {
    while true {
      if let end = buffer.firstIndex(of: 0x0A) {
        let line = buffer[..<end].filter { $0 != 0x0D }
        buffer.removeSubrange(...end)
        return String(decoding: line, as: UTF8.self)
      }
      guard buffer.count < 1000 else { return nil }
      var chunk = [UInt8](repeating: 0, count: 512)
      let count = recv(fd, &chunk, chunk.count, 0)
      guard count > 0 else { return nil }
      buffer += chunk.prefix(count)
    }
  }
}
