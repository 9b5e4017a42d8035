import COpenSSL
import FoundationEssentials

/// Receives OpenSSL's message callback for one session and hands each decoded message on. The
/// session keeps it alive; OpenSSL gets an unretained pointer to it as the callback argument.
/// Only the first `limit` messages are handed on: a server can send handshake records without
/// end, and every consumer (the trace, the console, `check`) keeps what it is given.
final class MessageTap: @unchecked Sendable {
  private let onMessage: @Sendable (TLSMessage) -> Void
  let limit: Int
  private let lock = Lock()
  private var fatalAlert: TLSMessage?
  private var serverHello: UInt16?
  private var hasSentClientHello = false
  private var seen = 0

  init(limit: Int, _ onMessage: @escaping @Sendable (TLSMessage) -> Void) {
    self.limit = limit
    self.onMessage = onMessage
  }

  /// The last fatal alert seen in either direction, for explaining a failed handshake.
  var lastFatalAlert: TLSMessage? { lock.withLock { fatalAlert } }

  /// The protocol version in the server's ServerHello (legacy_version, RFC 8446 §4.1.3: 0x0303
  /// also for TLS 1.3), nil before one came.
  var serverHelloVersion: UInt16? { lock.withLock { serverHello } }

  /// Whether danescope's ClientHello went out.
  var didSendClientHello: Bool { lock.withLock { hasSentClientHello } }

  /// Called from the message callback with the raw body of a received ServerHello.
  func noteServerHello(version: UInt16) { lock.withLock { serverHello = version } }

  /// How many messages were seen but not handed on.
  var omittedCount: Int { lock.withLock { max(0, seen - limit) } }

  func record(_ message: TLSMessage) {
    let isWithinLimit = lock.withLock {
      if message.isFatalAlert { fatalAlert = message }
      if message.direction == .sent, message.content == .handshake(type: 1) {
        hasSentClientHello = true
      }
      seen += 1
      return seen <= limit
    }
    if isWithinLimit { onMessage(message) }
  }
}

/// OpenSSL calls this for every protocol message it sends or receives (SSL_set_msg_callback).
/// It cannot capture anything, so the tap arrives through `argument`.
let messageCallback:
  @convention(c) (
    Int32, Int32, Int32, UnsafeRawPointer?, Int, OpaquePointer?, UnsafeMutableRawPointer?
  ) -> Void = { isWrite, _, contentType, body, length, _, argument in
    guard let argument, let body else { return }
    let tap = Unmanaged<MessageTap>.fromOpaque(argument).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: body, count: length)
    if let message = TLSMessage(isWrite: isWrite != 0, contentType: contentType, body: bytes) {
      // A ServerHello's body: type (1 octet), length (3), legacy_version (2).
      if message.direction == .received, message.content == .handshake(type: 2),
        bytes.count >= 6
      {
        tap.noteServerHello(version: UInt16(bytes[4]) << 8 | UInt16(bytes[5]))
      }
      tap.record(message)
    }
  }
