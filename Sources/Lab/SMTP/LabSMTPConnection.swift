import COpenSSL
import FoundationEssentials
import Glibc
import ValidationCore

/// One accepted client of a lab SMTP server: line-oriented reads and writes over the socket,
/// then over TLS after STARTTLS. Reads are bounded in size, and every wait in time by a
/// deadline for the whole step, not for each read: a command line must arrive whole, a reply be
/// taken and a TLS handshake finish within `Limits.stepSeconds`, and the whole session ends
/// after `Limits.sessionSeconds`. The socket is non-blocking, so no read or write can wait
/// past its deadline, also inside OpenSSL.
final class LabSMTPConnection {
  /// RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with CRLF; a little slack is kept.
  static let maximumLineLength = 1000

  /// How long a client may take (Docs/Lab.md).
  struct Limits: Sendable {
    /// For one command line to arrive whole, one reply to be sent, or the TLS handshake.
    var stepSeconds: Double = 10
    /// For the whole session, greeting to QUIT.
    var sessionSeconds: Double = 60
  }

  private let socket: Int32
  private let limits: Limits
  private let sessionEnd: Deadline
  private var ssl: OpaquePointer?
  private var buffer: [UInt8] = []

  init(socket: Int32, limits: Limits = Limits()) {
    self.socket = socket
    self.limits = limits
    sessionEnd = Deadline(seconds: limits.sessionSeconds)
    LabSocket.makeNonBlocking(socket)
    // Replies are small writes answering small reads: without TCP_NODELAY each waits ~40 ms for
    // the client's delayed ACK (Nagle), which slows every lab handshake.
    var noDelay: Int32 = 1
    setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
  }

  deinit {
    if let ssl {
      // Non-blocking: one try at the close_notify, no wait for the client's.
      SSL_shutdown(ssl)
      SSL_free(ssl)
    }
    close(socket)
  }

  /// The deadline for the next step: `stepSeconds` from now, or the end of the session.
  /// The whole session's time is up (as opposed to one slow step).
  var isSessionOver: Bool { sessionEnd.hasPassed }

  private func stepDeadline() -> Deadline {
    Deadline(seconds: limits.stepSeconds).capped(by: sessionEnd)
  }

  enum ReadResult: Equatable {
    case line(String)
    case tooLong
    case closed
    /// The line did not arrive whole before its deadline (or the session's end).
    case timedOut
  }

  /// The next CRLF- (or LF-) terminated line, without its terminator.
  func readLine() -> ReadResult {
    let deadline = stepDeadline()
    while true {
      if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        var line = Array(buffer[..<end])
        buffer.removeSubrange(...end)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return .line(String(escapingInvalidUTF8: line))
      }
      if buffer.count > Self.maximumLineLength { return .tooLong }
      var chunk = [UInt8](repeating: 0, count: 1024)
      switch receive(into: &chunk, by: deadline) {
      case .some(let count) where count > 0: buffer += chunk[0..<count]
      case .some: return .closed
      case .none: return .timedOut
      }
    }
  }

  /// Writes `text` plus CRLF; false when the client has gone or did not take it in time.
  @discardableResult
  func send(_ text: String) -> Bool {
    let bytes = Array((text + "\r\n").utf8)
    let deadline = stepDeadline()
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { raw -> Int in
        if let ssl { return Int(SSL_write(ssl, raw.baseAddress, Int32(raw.count))) }
        return SocketCalls.send(socket, raw.baseAddress, raw.count)
      }
      if written > 0 {
        offset += written
      } else if !waitToRetry(written, reading: false, by: deadline) {
        return false
      }
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
    let deadline = stepDeadline()
    while true {
      let result = SSL_accept(ssl)
      if result == 1 { return true }
      guard waitToRetry(Int(result), reading: true, by: deadline) else {
        _ = LabOpenSSL.drainErrors()
        return false
      }
    }
  }

  /// The number of octets read (0 at the end of the stream or on an error), or nil when the
  /// deadline passed first.
  private func receive(into chunk: inout [UInt8], by deadline: Deadline) -> Int? {
    while true {
      let count = chunk.withUnsafeMutableBytes { raw -> Int in
        if let ssl { return Int(SSL_read(ssl, raw.baseAddress, Int32(raw.count))) }
        return recv(socket, raw.baseAddress, raw.count, 0)
      }
      if count > 0 { return count }
      if ssl == nil, count == 0 { return 0 }
      guard waitToRetry(count, reading: true, by: deadline) else {
        return deadline.hasPassed ? nil : 0
      }
    }
  }

  /// After a read, write or handshake call returned `result` (not a success): true when the
  /// call only has to wait for the socket (plain EAGAIN, or OpenSSL's WANT_READ / WANT_WRITE)
  /// and the socket became ready before `deadline`; false for an error or a passed deadline.
  /// `reading` says which way a plain socket call went (OpenSSL says it itself).
  private func waitToRetry(_ result: Int, reading: Bool, by deadline: Deadline) -> Bool {
    let events: Int16
    if let ssl {
      switch SSL_get_error(ssl, Int32(result)) {
      case SSL_ERROR_WANT_READ: events = Int16(POLLIN)
      case SSL_ERROR_WANT_WRITE: events = Int16(POLLOUT)
      default: return false
      }
    } else {
      guard result < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else {
        return false
      }
      events = Int16(reading ? POLLIN : POLLOUT)
    }
    return deadline.wait(socket, for: events)
  }
}

/// `send(2)` without SIGPIPE, under a name that does not clash with the method above.
enum SocketCalls {
  static func send(_ socket: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.send(socket, pointer, count, Int32(MSG_NOSIGNAL))
  }
}
