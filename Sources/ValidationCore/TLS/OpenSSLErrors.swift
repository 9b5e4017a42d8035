import COpenSSL

/// OpenSSL's thread-local error queue, read and emptied in one place for the whole package (TLS,
/// the DNSSEC engine and the lab).
public enum OpenSSLErrors {
  /// Every queued error as OpenSSL's one-line text, oldest first; the queue is left empty.
  public static func drain() -> [String] {
    var messages: [String] = []
    while true {
      let code = ERR_get_error()
      guard code != 0 else { break }
      var buffer = [CChar](repeating: 0, count: 256)
      ERR_error_string_n(code, &buffer, buffer.count)
      messages.append(buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }
    return messages
  }
}
