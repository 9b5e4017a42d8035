import COpenSSL
import Foundation

/// One accepted client of a lab SMTP server: line-oriented reads and writes over the socket,
/// then over TLS after STARTTLS. Reads are bounded in size and time (the socket has receive and
/// send timeouts), so a silent or endless client cannot hold a server thread.
final class LabSMTPConnection {
  /// RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with CRLF; a little slack is kept.
  static let maximumLineLength = 1000
  static let timeoutSeconds = 10

  private let socket: Int32
  private var ssl: OpaquePointer?
  private var buffer: [UInt8] = []

  init(socket: Int32) {
    self.socket = socket
    var timeout = timeval(tv_sec: Self.timeoutSeconds, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    // Replies are small writes answering small reads: without TCP_NODELAY each waits ~40 ms for
    // the client's delayed ACK (Nagle), which slows every lab handshake.
    var noDelay: Int32 = 1
    setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
  }

  deinit {
    if let ssl {
      SSL_shutdown(ssl)
      SSL_free(ssl)
    }
    close(socket)
  }

  enum ReadResult: Equatable {
    case line(String)
    case tooLong
    case closed
  }

  /// The next CRLF- (or LF-) terminated line, without its terminator.
  func readLine() -> ReadResult {
    while true {
      if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        var line = Array(buffer[..<end])
        buffer.removeSubrange(...end)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return .line(String(decoding: line, as: UTF8.self))
      }
      if buffer.count > Self.maximumLineLength { return .tooLong }
      var chunk = [UInt8](repeating: 0, count: 1024)
      let count = receive(into: &chunk)
      if count <= 0 { return .closed }
      buffer += chunk[0..<count]
    }
  }

  /// Writes `text` plus CRLF; false when the client has gone.
  @discardableResult
  func send(_ text: String) -> Bool {
    let bytes = Array((text + "\r\n").utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { raw -> Int in
        if let ssl { return Int(SSL_write(ssl, raw.baseAddress, Int32(raw.count))) }
        return SocketCalls.send(socket, raw.baseAddress, raw.count)
      }
      if written <= 0 { return false }
      offset += written
    }
    return true
  }

  /// Runs the server side of the TLS handshake with `context`. Any plaintext the client sent
  /// after STARTTLS is thrown away first (RFC 3207 §4.2).
  func startTLS(_ context: OpaquePointer) -> Bool {
    buffer.removeAll()
    guard let ssl = SSL_new(context) else { return false }
    self.ssl = ssl
    guard SSL_set_fd(ssl, socket) == 1 else { return false }
    let accepted = SSL_accept(ssl) == 1
    if !accepted { _ = LabOpenSSL.drainErrors() }
    return accepted
  }

  private func receive(into chunk: inout [UInt8]) -> Int {
    chunk.withUnsafeMutableBytes { raw -> Int in
      if let ssl { return Int(SSL_read(ssl, raw.baseAddress, Int32(raw.count))) }
      return recv(socket, raw.baseAddress, raw.count, 0)
    }
  }
}

/// `send(2)` without SIGPIPE, under a name that does not clash with the method above.
enum SocketCalls {
  static func send(_ socket: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.send(socket, pointer, count, Int32(MSG_NOSIGNAL))
  }
}
