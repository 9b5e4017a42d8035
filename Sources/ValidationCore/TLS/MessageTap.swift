import COpenSSL
import Foundation

/// Receives OpenSSL's message callback for one session and hands each decoded message on. The
/// session keeps it alive; OpenSSL gets an unretained pointer to it as the callback argument.
final class MessageTap: @unchecked Sendable {
  private let onMessage: @Sendable (TLSMessage) -> Void
  private let lock = NSLock()
  private var fatalAlert: TLSMessage?

  init(_ onMessage: @escaping @Sendable (TLSMessage) -> Void) {
    self.onMessage = onMessage
  }

  /// The last fatal alert seen in either direction, for explaining a failed handshake.
  var lastFatalAlert: TLSMessage? { lock.withLock { fatalAlert } }

  func record(_ message: TLSMessage) {
    if message.isFatalAlert { lock.withLock { fatalAlert = message } }
    onMessage(message)
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
      tap.record(message)
    }
  }
