import COpenSSL
import Foundation

/// A small SMTP server for probe tests, run in-process on 127.0.0.1 on a port the kernel picks.
/// It behaves well (greeting, EHLO with STARTTLS, 220, a real TLS handshake through OpenSSL, EHLO,
/// QUIT) or misbehaves in one chosen way. Connections are served one after another on a thread;
/// every socket has send and receive timeouts, so a test that goes wrong cannot hang here.
final class HostilePeer: @unchecked Sendable {
  enum Behaviour: Sendable {
    case wellBehaved
    /// Plaintext sent in the same write as the 220 to STARTTLS.
    case plaintextAfterSTARTTLS(String)
    /// A greeting line that never ends.
    case endlessLine
    /// A multi-line EHLO reply of this many octets.
    case hugeReply(octets: Int)
    /// A greeting with terminal escape sequences and other control characters.
    case escapesInBanner
    /// Accepts the connection and says nothing.
    case silence
    /// Answers STARTTLS with this code.
    case refuseSTARTTLS(code: Int)
    /// Answers STARTTLS with this whole reply line (CRLF added): control characters in a
    /// refusal.
    case refuseSTARTTLSSaying(String)
    /// Reads the ClientHello, then sends a fatal handshake_failure alert and closes.
    case alertMidHandshake
    /// Greets with 554.
    case refuseGreeting
    /// Leaves STARTTLS out of the EHLO reply.
    case noSTARTTLS
    /// Sends `text` as its greeting, `octets` at a time with `interval` seconds after each: the
    /// start of one never finished (no line end), or a whole reply, after which the session goes
    /// on as `wellBehaved`'s.
    case dripGreeting(interval: Double, text: String = HostilePeer.slowGreeting, octets: Int = 1)
    /// Closes the connection right after the TLS handshake.
    case closeAfterHandshake
    /// Completes the TLS handshake, then answers EHLO over TLS with this text, which is no
    /// SMTP reply (CRLF added), and closes.
    case garbageAfterHandshake(String)
    /// Completes the TLS handshake, then refuses EHLO over TLS with this reply code (a valid
    /// SMTP reply), and closes.
    case refuseSecureEHLO(code: Int)
    /// Greets like a web server: not an SMTP reply at all.
    case notSMTP
    /// Answers the ClientHello with plaintext instead of a TLS record.
    case plaintextInsteadOfTLS
    /// Answers STARTTLS with 220, reads the ClientHello, then sends one-octet TLS handshake
    /// records (a HelloRequest type octet) as fast as it can, never finishing the handshake.
    case handshakeRecordFlood
    /// Greets with one line of `octets` octets before its line end (`220 ` and filler), sent in
    /// two writes: the line with its CR, then, after `pause` seconds, the LF. Then behaves well.
    case greetingWithPausedLineEnd(octets: Int, pause: Double)
    /// Greets with `lines` lines `220-x` and a last line `220 end`, then behaves well.
    case manyLineGreeting(lines: Int)
    /// Sends `text` in the same write as its greeting, before any command has come (replies to
    /// commands not received yet), then answers each command as `wellBehaved` does.
    case repliesBeforeCommands(String)
    /// Answers the first EHLO and, in the same write, STARTTLS, before the client has sent it;
    /// then answers each command as `wellBehaved` does.
    case startTLSReplyBeforeCommand
  }

  /// Where the peer listens and which TLS versions it speaks.
  struct Options {
    var ipv6 = false
    /// OpenSSL's version constant, e.g. TLS1_2_VERSION; nil for OpenSSL's default.
    var maxTLSVersion: Int32?
    /// The port to listen on (another peer's, on the other address family); nil: the kernel
    /// picks one.
    var port: UInt16?
  }

  /// The greeting `dripGreeting` sends by default: far longer than any step timeout at one
  /// octet every 0.1 s.
  static let slowGreeting = "220 slowly, very slowly, " + String(repeating: ".", count: 1000)

  let port: UInt16
  private let behaviour: Behaviour
  private let loop: LoopbackAcceptLoop
  private let context: OpaquePointer?
  private let lock = NSLock()
  private var commands: [String] = []

  /// Starts serving. `certificate` is needed for the behaviours that reach TLS.
  init(_ behaviour: Behaviour, certificate: TestCertificate?, options: Options = Options()) throws {
    self.behaviour = behaviour
    context = try certificate.map { try Self.makeContext($0, maxVersion: options.maxTLSVersion) }
    let (listener, port) = try Self.listen(ipv6: options.ipv6, port: options.port ?? 0)
    loop = LoopbackAcceptLoop(listener: listener)
    self.port = port
    loop.start(name: "HostilePeer") { [self] connection in serve(connection) }
  }

  deinit {
    if let context { SSL_CTX_free(context) }
  }

  /// Every command line the peer received, in order, over all connections.
  var receivedCommands: [String] { lock.withLock { commands } }

  /// Stops accepting and waits (boundedly) for the serving thread to end. A second call does
  /// nothing.
  func stop() { loop.stop() }

  private var stopped: Bool { loop.stopped }

  private func serve(_ connection: Int32) {
    var session = PeerSession(descriptor: connection, peer: self)
    session.run()
    session.close()
  }

  fileprivate func record(_ command: String) { lock.withLock { commands.append(command) } }
  fileprivate var script: Behaviour { behaviour }
  fileprivate var tlsContext: OpaquePointer? { context }
  fileprivate var shouldStop: Bool { stopped }

  /// A listening socket on 127.0.0.1 or ::1, on `port` (0: a port the kernel picks).
  private static func listen(ipv6: Bool, port: UInt16) throws -> (Int32, UInt16) {
    let listener = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard listener >= 0 else { throw PeerError("socket: \(String(cString: strerror(errno)))") }
    var storage = sockaddr_storage()
    var length: socklen_t
    if ipv6 {
      var address = sockaddr_in6()
      address.sin6_family = sa_family_t(AF_INET6)
      address.sin6_addr = in6addr_loopback
      address.sin6_port = port.bigEndian
      withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address, as: sockaddr_in6.self) }
      length = socklen_t(MemoryLayout<sockaddr_in6>.size)
    } else {
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      address.sin_port = port.bigEndian
      withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address, as: sockaddr_in.self) }
      length = socklen_t(MemoryLayout<sockaddr_in>.size)
    }
    let bound = withUnsafeMutablePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, length) == 0 && Glibc.listen(listener, 16) == 0
          && getsockname(listener, $0, &length) == 0
      }
    }
    guard bound else {
      close(listener)
      throw PeerError("bind/listen: \(String(cString: strerror(errno)))")
    }
    let port = withUnsafeBytes(of: storage) { raw in
      ipv6
        ? raw.load(as: sockaddr_in6.self).sin6_port : raw.load(as: sockaddr_in.self).sin_port
    }
    return (listener, UInt16(bigEndian: port))
  }

  private static func makeContext(_ certificate: TestCertificate, maxVersion: Int32?) throws
    -> OpaquePointer
  {
    guard let context = SSL_CTX_new(TLS_server_method()) else { throw PeerError("SSL_CTX_new") }
    if let maxVersion { _ = ds_SSL_CTX_set_max_proto_version(context, maxVersion) }
    guard SSL_CTX_use_certificate_chain_file(context, certificate.chain.path) == 1,
      SSL_CTX_use_PrivateKey_file(context, certificate.key.path, SSL_FILETYPE_PEM) == 1
    else {
      SSL_CTX_free(context)
      throw PeerError("cannot load \(certificate.chain.path)")
    }
    return context
  }

  struct PeerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }
}

/// One connection to the peer: a line reader and writer over the plain socket, then over TLS.
private struct PeerSession {
  let descriptor: Int32
  let peer: HostilePeer
  var ssl: OpaquePointer?
  var pending: [UInt8] = []
  /// Whether `startTLSReplyBeforeCommand` has sent its early 220.
  var hasAnsweredEarly = false

  init(descriptor: Int32, peer: HostilePeer) {
    self.descriptor = descriptor
    self.peer = peer
  }

  mutating func run() {
    switch peer.script {
    case .silence:
      _ = readLine()  // returns when the client gives up and closes, or after 10 s
      return
    case .refuseGreeting:
      write("554 5.7.1 no SMTP service here\r\n")
    case .notSMTP:
      write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
      return
    case .endlessLine:
      write("220 ")
      let chunk = String(repeating: "A", count: 16_384)
      while write(chunk) && !peer.shouldStop {}
      return
    case .greetingWithPausedLineEnd(let octets, let pause):
      write("220 " + String(repeating: "A", count: octets - 4) + "\r")
      usleep(useconds_t(pause * 1_000_000))
      write("\n")
    case .manyLineGreeting(let lines):
      write(String(repeating: "220-x\r\n", count: lines) + "220 end\r\n")
    case .repliesBeforeCommands(let text):
      write("220 mx.test ESMTP hostile peer\r\n" + text)
    case .escapesInBanner:
      write("220 mx.test \u{1B}[2J\u{1B}]0;owned\u{07} ESMTP\u{1B}[31m red\r\n")
    case .dripGreeting(let interval, let text, let octets):
      // `octets` at a time, a pause after each; a greeting that got out whole goes on as a
      // well-behaved server (its client may still be waiting).
      var rest = Array(text.utf8)[...]
      while !rest.isEmpty {
        let piece = Array(rest.prefix(octets))
        rest = rest.dropFirst(piece.count)
        guard send(descriptor, piece, piece.count, Int32(MSG_NOSIGNAL)) == piece.count,
          !peer.shouldStop
        else { return }
        usleep(useconds_t(interval * 1_000_000))
      }
    default:
      write("220 mx.test ESMTP hostile peer\r\n")
    }
    while let line = readLine() {
      peer.record(line)
      let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
      switch verb {
      case "EHLO": if !answerEHLO() { return }
      case "STARTTLS": if !answerSTARTTLS() { return }
      case "QUIT":
        write("221 2.0.0 bye\r\n")
        return
      default: write("502 5.5.2 not implemented\r\n")
      }
    }
  }

  private mutating func answerEHLO() -> Bool {
    if ssl != nil {
      if case .garbageAfterHandshake(let text) = peer.script {
        write(text + "\r\n")
        return false
      }
      if case .refuseSecureEHLO(let code) = peer.script {
        write("\(code) 5.7.0 no mail over this session\r\n")
        return false
      }
      return write("250-mx.test\r\n250 PIPELINING\r\n")
    }
    switch peer.script {
    case .hugeReply(let octets):
      // Lines of 2000 octets: the size limit is reached long before the limit on lines.
      let line = "250-" + String(repeating: "x", count: 1994) + "\r\n"
      var sent = 0
      while sent < octets {
        guard write(String(repeating: line, count: 100)) else { return false }
        sent += line.utf8.count * 100
      }
      return write("250 END\r\n")
    case .noSTARTTLS:
      return write("250-mx.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n")
    case .startTLSReplyBeforeCommand where !hasAnsweredEarly:
      hasAnsweredEarly = true
      return write("250-mx.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n220 2.0.0 early go ahead\r\n")
    default:
      return write("250-mx.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n")
    }
  }

  private mutating func answerSTARTTLS() -> Bool {
    switch peer.script {
    case .refuseSTARTTLS(let code):
      return write("\(code) 4.7.0 TLS not available now\r\n")
    case .refuseSTARTTLSSaying(let line):
      return write(line + "\r\n")
    case .plaintextAfterSTARTTLS(let text):
      write("220 2.0.0 go ahead\r\n" + text)
    case .plaintextInsteadOfTLS:
      write("220 2.0.0 go ahead\r\n")
      var hello = [UInt8](repeating: 0, count: 4096)
      _ = recv(descriptor, &hello, hello.count, 0)
      write("500 5.5.1 what is this?\r\n")
      return false
    case .handshakeRecordFlood:
      write("220 2.0.0 go ahead\r\n")
      var hello = [UInt8](repeating: 0, count: 4096)
      _ = recv(descriptor, &hello, hello.count, 0)
      // A TLS 1.2 record: handshake (22), length 1, one octet of type 0 (HelloRequest).
      let record: [UInt8] = [0x16, 0x03, 0x03, 0x00, 0x01, 0x00]
      let burst = Array([[UInt8]](repeating: record, count: 1024).joined())
      while !peer.shouldStop, send(descriptor, burst, burst.count, Int32(MSG_NOSIGNAL)) > 0 {}
      return false
    case .alertMidHandshake:
      write("220 2.0.0 go ahead\r\n")
      var hello = [UInt8](repeating: 0, count: 4096)
      _ = recv(descriptor, &hello, hello.count, 0)
      // A TLS 1.2 alert record: fatal (2), handshake_failure (40).
      let alert: [UInt8] = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]
      _ = send(descriptor, alert, alert.count, Int32(MSG_NOSIGNAL))
      return false
    default:
      write("220 2.0.0 go ahead\r\n")
    }
    return startTLS()
  }

  private mutating func startTLS() -> Bool {
    guard let context = peer.tlsContext, let ssl = SSL_new(context) else { return false }
    self.ssl = ssl
    pending = []
    SSL_set_fd(ssl, descriptor)
    guard SSL_accept(ssl) == 1 else { return false }
    if case .closeAfterHandshake = peer.script { return false }
    return true
  }

  @discardableResult
  private func write(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written: Int = bytes[offset...].withUnsafeBytes { buffer in
        if let ssl { return Int(SSL_write(ssl, buffer.baseAddress, Int32(buffer.count))) }
        return send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
      }
      guard written > 0 else { return false }
      offset += written
    }
    return true
  }

  /// One line without CR LF; nil when the client closed, failed or stayed silent too long.
  private mutating func readLine() -> String? {
    while true {
      if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
        var line = Array(pending[..<end])
        pending.removeSubrange(...end)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
      }
      var buffer = [UInt8](repeating: 0, count: 4096)
      let count: Int = buffer.withUnsafeMutableBytes { raw in
        if let ssl { return Int(SSL_read(ssl, raw.baseAddress, Int32(raw.count))) }
        return recv(descriptor, raw.baseAddress, raw.count, 0)
      }
      guard count > 0, pending.count < 65_536 else { return nil }
      pending += buffer.prefix(count)
    }
  }

  mutating func close() {
    if let ssl {
      SSL_shutdown(ssl)
      SSL_free(ssl)
    }
    ssl = nil
    Glibc.close(descriptor)
  }
}
