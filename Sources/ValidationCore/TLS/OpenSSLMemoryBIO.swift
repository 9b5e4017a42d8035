import COpenSSL

/// What OpenSSL wrote into a memory BIO (`BIO_s_mem`), read in one place for the certificate
/// printing here and the lab's PEM writing.
public enum OpenSSLMemoryBIO {
  /// Everything written to `bio` so far.
  public static func bytes(of bio: OpaquePointer) -> [UInt8] {
    var pointer: UnsafeMutablePointer<CChar>?
    let length = ds_BIO_get_mem_data(bio, &pointer)
    guard let pointer, length > 0 else { return [] }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
      Array(UnsafeBufferPointer(start: $0, count: length))
    }
  }
}
