import COpenSSL
import FoundationEssentials
import Glibc

/// The one client SSL_CTX every probe shares (making a context loads OpenSSL's configuration
/// and costs more than a handshake). Set up once: TLS 1.2 or later, no compression, no
/// renegotiation, DANE enabled. Only SSL objects are made from it afterwards, which OpenSSL
/// allows from any thread.
final class TLSClientContext: @unchecked Sendable {
  let context: OpaquePointer

  static let shared = Result { () throws(TLSClientSession.SetupError) -> TLSClientContext in
    try TLSClientContext()
  }

  private init() throws(TLSClientSession.SetupError) {
    ERR_clear_error()
    guard let context = SSL_CTX_new(TLS_client_method()) else {
      throw .openSSL(call: "SSL_CTX_new", errors: OpenSSLErrors.drain())
    }
    self.context = context
    // RFC 8996 retires TLS 1.0 and 1.1; Docs/Decisions.md says why danescope offers neither.
    guard ds_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
      throw .openSSL(call: "SSL_CTX_set_min_proto_version", errors: OpenSSLErrors.drain())
    }
    SSL_CTX_set_options(context, ds_SSL_OP_NO_COMPRESSION() | ds_SSL_OP_NO_RENEGOTIATION())
    guard SSL_CTX_dane_enable(context) > 0 else {
      throw .openSSL(call: "SSL_CTX_dane_enable", errors: OpenSSLErrors.drain())
    }
  }

  deinit { SSL_CTX_free(context) }

  /// Makes the shared context on a background thread, so that the first probe does not wait for
  /// it (about 0.7 ms: OpenSSL reads its configuration and fetches every algorithm). Called when
  /// a check starts, while its DNS lookups run.
  static func prepareInBackground() {
    Task.detached(priority: .utility) { _ = shared }
  }
}

/// One client TLS session over an already connected, non-blocking socket: OpenSSL's SSL, owned
/// here and freed in `deinit`. Sets SNI and DANE, taps every handshake message and alert, and
/// waits only through the socket's deadline-bounded poll.
final class TLSClientSession {
  private let context: TLSClientContext
  let connection: OpaquePointer
  private let socket: ProbeSocket
  private let tap: MessageTap
  private var readDeadline: ReadDeadline?
  /// Records OpenSSL refused to take (SSL_dane_tlsa_add returned 0 or less), with its reason.
  private(set) var rejectedRecords: [(TLSAData, String)] = []
  /// DANE-TA(2) records left out because no reference name is a host name (a name check could
  /// not be done), with the names as given.
  private(set) var uncheckableRecords: [TLSAData] = []
  private(set) var uncheckableNames: [DNSName] = []
  let serverName: String?
  /// How many TLS messages a session hands on to its observer; a handshake has about a dozen.
  static let tracedMessageLimit = 64

  enum SetupError: Error, Sendable, CustomStringConvertible {
    case openSSL(call: String, errors: [String])

    var description: String {
      switch self {
      case .openSSL(let call, let errors):
        return "\(call) failed" + (errors.isEmpty ? "" : ": " + errors.joined(separator: "; "))
      }
    }
  }

  /// Prepares a session. `dane` nil or without records means TLS without authentication.
  /// `verificationTime` is when certificate dates are judged (the injected clock's now).
  init(
    socket: ProbeSocket, serverName: DNSName?, dane: DANEConfiguration?, verificationTime: Date,
    onMessage: @escaping @Sendable (TLSMessage) -> Void
  ) throws(SetupError) {
    let context = try TLSClientContext.shared.get()
    ERR_clear_error()
    guard let connection = SSL_new(context.context) else {
      throw .openSSL(call: "SSL_new", errors: OpenSSLErrors.drain())
    }
    self.context = context
    self.connection = connection
    self.socket = socket
    self.tap = MessageTap(limit: Self.tracedMessageLimit, onMessage)
    // A name that cannot be a host name goes out as no SNI at all rather than cut short.
    self.serverName = serverName?.tlsReferenceName
    try configure(dane: dane, verificationTime: verificationTime)
  }

  deinit { SSL_free(connection) }

  private func configure(dane: DANEConfiguration?, verificationTime: Date) throws(SetupError) {
    guard SSL_set_fd(connection, socket.descriptor) == 1 else {
      throw .openSSL(call: "SSL_set_fd", errors: OpenSSLErrors.drain())
    }
    readDeadline = SSL_get_rbio(connection).map(ReadDeadline.init(bio:))
    if let serverName, ds_SSL_set_tlsext_host_name(connection, serverName) != 1 {
      throw .openSSL(call: "SSL_set_tlsext_host_name", errors: OpenSSLErrors.drain())
    }
    // Verification failures must not abort the handshake: DANE decides afterwards, and the
    // chain is worth showing even when nothing matches. PKIX is not used (no CA store loaded).
    SSL_set_verify(connection, SSL_VERIFY_NONE, nil)
    if let parameters = SSL_get0_param(connection) {
      X509_VERIFY_PARAM_set_time(parameters, time_t(verificationTime.timeIntervalSince1970))
    }
    SSL_set_msg_callback(connection, messageCallback)
    ds_SSL_set_msg_callback_arg(connection, Unmanaged.passUnretained(tap).toOpaque())
    if let dane, !dane.records.isEmpty { try enableDANE(dane) }
  }

  private func enableDANE(_ dane: DANEConfiguration) throws(SetupError) {
    // Only names a certificate can carry are checked. With none left, OpenSSL would do no name
    // check at all (a NULL base domain clears them), so DANE-TA(2) records are then not given
    // to it: DANE-EE(3) ignores names and still works (RFC 7672 §3.1.1).
    let names = dane.referenceNames.compactMap(\.tlsReferenceName)
    var records = dane.records
    if names.isEmpty {
      uncheckableRecords = records.filter { $0.usage == .daneTA }
      uncheckableNames = dane.referenceNames
      records.removeAll { $0.usage == .daneTA }
    }
    guard SSL_dane_enable(connection, names.first) > 0 else {
      throw .openSSL(call: "SSL_dane_enable", errors: OpenSSLErrors.drain())
    }
    // SSL_dane_enable makes its base domain the SNI when none is set: the base domain that is
    // no host name still goes out as no SNI.
    if serverName == nil, ds_SSL_set_tlsext_host_name(connection, nil) != 1 {
      throw .openSSL(call: "SSL_set_tlsext_host_name", errors: OpenSSLErrors.drain())
    }
    for name in names.dropFirst() where SSL_add1_host(connection, name) != 1 {
      throw .openSSL(call: "SSL_add1_host", errors: OpenSSLErrors.drain())
    }
    // A `*` is a whole leftmost label or nothing (RFC 7672 §3.2.3, RFC 6125 §6.4.3): OpenSSL
    // would otherwise let `m*.example` or `*l.example` stand for `mail.example`. Postfix sets
    // the same flag; LeafNameMismatch.matches applies the same rule.
    SSL_set_hostflags(connection, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
    _ = SSL_dane_set_flags(connection, ds_DANE_FLAG_NO_DANE_EE_NAMECHECKS())
    for record in records {
      let added = record.data.withUnsafeBufferPointer { data in
        SSL_dane_tlsa_add(
          connection, record.usage.rawValue, record.selector.rawValue,
          record.matchingType.rawValue, data.baseAddress, data.count)
      }
      if added <= 0 {
        let reason = OpenSSLErrors.drain().first ?? "unusable"
        rejectedRecords.append((record, reason))
      }
    }
  }

  /// How the handshake ended when it did not succeed.
  enum HandshakeFailure: Equatable {
    /// The deadline for the whole handshake passed.
    case timedOut(seconds: Double)
    /// The server speaks only protocol versions older than TLS 1.2, which danescope does not
    /// offer: it answered the ClientHello with a protocol_version alert (`serverVersion` nil),
    /// or chose an older version in its ServerHello. `detail` is what OpenSSL said.
    case olderProtocolOnly(serverVersion: UInt16?, detail: String)
    /// Anything else, said in one line.
    case failed(String)
  }

  /// TLS messages seen but not handed on to the observer (beyond `tracedMessageLimit`).
  var omittedMessageCount: Int { tap.omittedCount }

  /// Runs the handshake to its end or the deadline, which bounds the whole handshake: reads
  /// fail once it has passed, however fast the server sends. Nil on success.
  func handshake(until deadline: Deadline) -> HandshakeFailure? {
    readDeadline?.arm(deadline)
    defer { readDeadline?.disarm() }
    let timedOut = HandshakeFailure.timedOut(seconds: deadline.seconds)
    while true {
      ERR_clear_error()
      let result = SSL_connect(connection)
      if result == 1 { return nil }
      let error = SSL_get_error(connection, result)
      if readDeadline?.hasRefused == true || deadline.remainingMilliseconds == 0 {
        ERR_clear_error()
        return timedOut
      }
      switch error {
      case SSL_ERROR_WANT_READ:
        if let failure = socket.wait(for: Int16(POLLIN), until: deadline) {
          if case .timedOut = failure { return timedOut }
          return .failed(failure.description)
        }
      case SSL_ERROR_WANT_WRITE:
        if let failure = socket.wait(for: Int16(POLLOUT), until: deadline) {
          if case .timedOut = failure { return timedOut }
          return .failed(failure.description)
        }
      default:
        let systemErrno = errno
        if let older = olderProtocolOnly(error: error, systemErrno: systemErrno) { return older }
        return .failed(describeFailure(error: error, systemErrno: systemErrno))
      }
    }
  }

  /// TLS 1.2 is the lowest version danescope offers. A server below it either answers the
  /// ClientHello with alert protocol_version(70) (RFC 8446 §4.2.1, RFC 5246 §E.1) before any
  /// ServerHello, or names its older version in the ServerHello, and OpenSSL then sends that
  /// alert itself.
  private func olderProtocolOnly(error: Int32, systemErrno: Int32) -> HandshakeFailure? {
    let protocolVersionAlert: UInt8 = 70
    guard let alert = tap.lastFatalAlert,
      case .alert(_, let code) = alert.content, code == protocolVersionAlert
    else { return nil }
    let lowest: UInt16 = 0x0303  // TLS 1.2
    let serverVersion = tap.serverHelloVersion
    switch (alert.direction, serverVersion) {
    case (.received, nil) where tap.didSendClientHello:
      break
    case (.sent, let version?) where version < lowest:
      break
    default:
      return nil
    }
    return .olderProtocolOnly(
      serverVersion: serverVersion, detail: describeFailure(error: error, systemErrno: systemErrno))
  }

  private func describeFailure(error: Int32, systemErrno: Int32) -> String {
    var parts: [String] = []
    if let alert = tap.lastFatalAlert {
      let who = alert.direction == .received ? "the server sent" : "danescope sent"
      parts.append("\(who) \(alert)")
    }
    let queued = OpenSSLErrors.drain()
    parts.append(contentsOf: queued)
    if error == SSL_ERROR_SYSCALL && queued.isEmpty {
      parts.append(
        systemErrno == 0
          ? "the server closed the connection" : String(cString: strerror(systemErrno)))
    }
    if error == SSL_ERROR_ZERO_RETURN { parts.append("the server closed the TLS session") }
    return parts.isEmpty ? "SSL_connect failed (SSL error \(error))" : parts.joined(separator: "; ")
  }

  /// Writes all of `bytes` through TLS before the deadline.
  func send(_ bytes: [UInt8], until deadline: Deadline) -> ProbeFailure? {
    var offset = 0
    while offset < bytes.count {
      ERR_clear_error()
      let written = bytes[offset...].withUnsafeBytes {
        SSL_write(connection, $0.baseAddress, Int32($0.count))
      }
      if written > 0 {
        offset += Int(written)
        continue
      }
      if let failure = waitAfter(result: written, until: deadline) { return failure }
    }
    return nil
  }

  /// Reads what TLS has (up to `limit` octets), waiting until the deadline for something.
  func receive(limit: Int = 4096, until deadline: Deadline) -> Result<[UInt8], ProbeFailure> {
    var buffer = [UInt8](repeating: 0, count: limit)
    while true {
      ERR_clear_error()
      let count = buffer.withUnsafeMutableBytes {
        SSL_read(connection, $0.baseAddress, Int32($0.count))
      }
      if count > 0 { return .success(Array(buffer.prefix(Int(count)))) }
      if let failure = waitAfter(result: count, until: deadline) { return .failure(failure) }
    }
  }

  private func waitAfter(result: Int32, until deadline: Deadline) -> ProbeFailure? {
    switch SSL_get_error(connection, result) {
    case SSL_ERROR_WANT_READ: return socket.wait(for: Int16(POLLIN), until: deadline)
    case SSL_ERROR_WANT_WRITE: return socket.wait(for: Int16(POLLOUT), until: deadline)
    case SSL_ERROR_ZERO_RETURN: return .closedByPeer
    case SSL_ERROR_SYSCALL:
      let errors = OpenSSLErrors.drain()
      return errors.isEmpty
        ? .closedByPeer : .system(call: "SSL", message: errors.joined(separator: "; "))
    default:
      return .system(call: "SSL", message: OpenSSLErrors.drain().joined(separator: "; "))
    }
  }

  /// Sends close_notify without waiting for the server's.
  func shutdown() {
    ERR_clear_error()
    _ = SSL_shutdown(connection)
    ERR_clear_error()
  }
}
