/// One TLS record-layer message seen by OpenSSL's message callback: a handshake message, an
/// alert or a change-cipher-spec, in either direction.
public struct TLSMessage: Sendable, Hashable, CustomStringConvertible {
  public enum Direction: Sendable, Hashable {
    case sent, received
  }

  public enum Content: Sendable, Hashable {
    case handshake(type: UInt8)
    case alert(level: UInt8, description: UInt8)
    case changeCipherSpec
    case other(contentType: Int32)
  }

  public let direction: Direction
  public let content: Content
  /// Octets of the message body.
  public let length: Int

  public init(direction: Direction, content: Content, length: Int) {
    self.direction = direction
    self.content = content
    self.length = length
  }

  /// TLS content types (RFC 8446 §5.1).
  static let changeCipherSpecType: Int32 = 20
  static let alertType: Int32 = 21
  static let handshakeType: Int32 = 22

  /// Decodes what OpenSSL passes the message callback; nil for its pseudo content types (record
  /// headers, inner content types) and for bodies too short to name.
  init?(isWrite: Bool, contentType: Int32, body: UnsafeRawBufferPointer) {
    direction = isWrite ? .sent : .received
    length = body.count
    switch contentType {
    case Self.handshakeType:
      guard let type = body.first else { return nil }
      content = .handshake(type: type)
    case Self.alertType:
      guard body.count >= 2 else { return nil }
      content = .alert(level: body[0], description: body[1])
    case Self.changeCipherSpecType:
      content = .changeCipherSpec
    default:
      return nil
    }
  }

  public var isFatalAlert: Bool {
    if case .alert(let level, _) = content { return level == 2 }
    return false
  }

  /// `ClientHello`, `alert fatal handshake_failure(40)`, `ChangeCipherSpec`.
  public var description: String {
    switch content {
    case .handshake(let type): return Self.handshakeName(type)
    case .alert(let level, let code):
      let levelName = level == 2 ? "fatal" : level == 1 ? "warning" : "level \(level)"
      return "alert \(levelName) \(Self.alertName(code))(\(code))"
    case .changeCipherSpec: return "ChangeCipherSpec"
    case .other(let type): return "content type \(type)"
    }
  }

  /// Handshake message names (RFC 8446 §4 and RFC 5246 §7.4).
  public static func handshakeName(_ type: UInt8) -> String {
    switch type {
    case 0: return "HelloRequest"
    case 1: return "ClientHello"
    case 2: return "ServerHello"
    case 4: return "NewSessionTicket"
    case 5: return "EndOfEarlyData"
    case 8: return "EncryptedExtensions"
    case 11: return "Certificate"
    case 12: return "ServerKeyExchange"
    case 13: return "CertificateRequest"
    case 14: return "ServerHelloDone"
    case 15: return "CertificateVerify"
    case 16: return "ClientKeyExchange"
    case 20: return "Finished"
    case 22: return "CertificateStatus"
    case 24: return "KeyUpdate"
    case 254: return "MessageHash"
    default: return "handshake type \(type)"
    }
  }

  /// Alert names (RFC 8446 §6).
  public static func alertName(_ code: UInt8) -> String {
    switch code {
    case 0: return "close_notify"
    case 10: return "unexpected_message"
    case 20: return "bad_record_mac"
    case 22: return "record_overflow"
    case 40: return "handshake_failure"
    case 42: return "bad_certificate"
    case 43: return "unsupported_certificate"
    case 44: return "certificate_revoked"
    case 45: return "certificate_expired"
    case 46: return "certificate_unknown"
    case 47: return "illegal_parameter"
    case 48: return "unknown_ca"
    case 49: return "access_denied"
    case 50: return "decode_error"
    case 51: return "decrypt_error"
    case 70: return "protocol_version"
    case 71: return "insufficient_security"
    case 80: return "internal_error"
    case 86: return "inappropriate_fallback"
    case 90: return "user_canceled"
    case 109: return "missing_extension"
    case 110: return "unsupported_extension"
    case 112: return "unrecognized_name"
    case 113: return "bad_certificate_status_response"
    case 115: return "unknown_psk_identity"
    case 116: return "certificate_required"
    case 120: return "no_application_protocol"
    default: return "alert"
    }
  }
}

/// What a TLS session negotiated.
public struct TLSParameters: Sendable, Hashable {
  /// `TLSv1.3`, `TLSv1.2`.
  public let version: String
  /// OpenSSL's cipher suite name, e.g. `TLS_AES_256_GCM_SHA384`.
  public let cipher: String
  /// The key exchange group, e.g. `x25519`; nil when OpenSSL does not say.
  public let group: String?
  /// The server's signature scheme, e.g. `RSA-PSS+SHA256`; nil when OpenSSL does not say.
  public let signatureScheme: String?
  /// The SNI name sent, if any.
  public let serverName: String?

  public init(
    version: String, cipher: String, group: String?, signatureScheme: String?, serverName: String?
  ) {
    self.version = version
    self.cipher = cipher
    self.group = group
    self.signatureScheme = signatureScheme
    self.serverName = serverName
  }
}
