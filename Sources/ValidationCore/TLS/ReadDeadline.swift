import COpenSSL
import FoundationEssentials

/// A deadline for the whole TLS handshake, enforced at the socket BIO. OpenSSL's SSL_connect
/// keeps reading for as long as records arrive, so a server that sends an endless stream of
/// handshake records never lets it return to the poll that checks the step's deadline. The BIO
/// callback refuses every read once the deadline has passed, which ends SSL_connect.
final class ReadDeadline {
  private var deadline: Deadline?
  /// Whether a read was refused because the deadline had passed.
  private(set) var hasRefused = false

  /// Installs the callback on `bio`; it does nothing until `arm` is called.
  init(bio: OpaquePointer) {
    let argument = Unmanaged.passUnretained(self).toOpaque()
    BIO_set_callback_arg(bio, argument.assumingMemoryBound(to: CChar.self))
    BIO_set_callback_ex(bio, readDeadlineCallback)
  }

  /// Reads after `deadline` fail from now on.
  func arm(_ deadline: Deadline) {
    self.deadline = deadline
    hasRefused = false
  }

  /// Reads are no longer limited here (each later read has its own deadline).
  func disarm() { deadline = nil }

  fileprivate func allowsRead() -> Bool {
    guard let deadline, deadline.remainingMilliseconds == 0 else { return true }
    hasRefused = true
    return false
  }
}

/// OpenSSL calls this before and after every operation on the BIO (BIO_set_callback_ex). Before
/// a read, a negative return makes BIO_read fail without reading; anything else passes `ret`
/// through unchanged.
private let readDeadlineCallback: BIO_callback_fn_ex = {
  bio, operation, _, _, _, _, ret, _ in
  guard operation == BIO_CB_READ, let bio, let argument = BIO_get_callback_arg(bio) else {
    return Int(ret)
  }
  let guardian = Unmanaged<ReadDeadline>.fromOpaque(UnsafeRawPointer(argument))
    .takeUnretainedValue()
  if guardian.allowsRead() { return Int(ret) }
  ds_BIO_clear_retry_flags(bio)
  return -1
}
