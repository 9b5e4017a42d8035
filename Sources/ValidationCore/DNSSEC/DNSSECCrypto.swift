import COpenSSL

/// An OpenSSL call that failed while DNSSEC material was being read or checked: which call, and
/// what OpenSSL's error queue said.
public struct DNSSECCryptoError: Error, Sendable, Hashable, CustomStringConvertible {
  public let call: String
  public let detail: String

  public var description: String { detail.isEmpty ? "\(call) failed" : "\(call) failed: \(detail)" }
}

/// The one place that checks OpenSSL return codes for the DNSSEC code. Every call into OpenSSL
/// goes through `check`, which turns a failure into a `DNSSECCryptoError` carrying OpenSSL's
/// error queue (and empties the queue, so one failure never leaks into the next report).
enum DNSSECCrypto {
  /// Most OpenSSL calls return 1 on success.
  static func check(_ result: Int32, _ call: String) throws(DNSSECCryptoError) {
    guard result == 1 else { throw failure(call) }
  }

  /// Constructors return NULL on failure.
  static func check<T>(_ pointer: T?, _ call: String) throws(DNSSECCryptoError) -> T {
    guard let pointer else { throw failure(call) }
    return pointer
  }

  /// Reads and clears OpenSSL's error queue.
  static func failure(_ call: String) -> DNSSECCryptoError {
    DNSSECCryptoError(call: call, detail: OpenSSLErrors.drain().joined(separator: "; "))
  }

  /// Clears whatever an expected failure (a signature that does not verify) left in the queue.
  static func clearErrors() { ERR_clear_error() }
}
