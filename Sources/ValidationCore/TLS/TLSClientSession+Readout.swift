import COpenSSL

/// What a finished handshake negotiated and what OpenSSL's DANE decided.
extension TLSClientSession {
  var parameters: TLSParameters {
    let version = SSL_get_version(connection).map { String(cString: $0) } ?? "unknown"
    let cipher =
      SSL_get_current_cipher(connection).flatMap { SSL_CIPHER_get_name($0) }
      .map { String(cString: $0) } ?? "unknown"
    return TLSParameters(
      version: version, cipher: cipher, group: group, signatureScheme: signatureScheme,
      serverName: serverName)
  }

  private var group: String? {
    let id = ds_SSL_get_negotiated_group(connection)
    guard id > 0 else { return nil }
    if let name = SSL_group_to_name(connection, id) { return String(cString: name) }
    return OBJ_nid2sn(id).map { String(cString: $0) }
  }

  /// The server's signature: key type and digest, e.g. `RSA-PSS+SHA256`, `ECDSA+SHA256`.
  private var signatureScheme: String? {
    var typeNID: Int32 = 0
    var digestNID: Int32 = 0
    guard ds_SSL_get_peer_signature_type_nid(connection, &typeNID) == 1 else { return nil }
    let type: String
    switch typeNID {
    case EVP_PKEY_RSA: type = "RSA-PKCS1"
    case EVP_PKEY_RSA_PSS: type = "RSA-PSS"
    case EVP_PKEY_EC: type = "ECDSA"
    default: type = OBJ_nid2sn(typeNID).map { String(cString: $0) } ?? "type \(typeNID)"
    }
    guard ds_SSL_get_peer_signature_nid(connection, &digestNID) == 1, digestNID != NID_undef,
      let digest = OBJ_nid2sn(digestNID)
    else { return type }
    return type + "+" + String(cString: digest).uppercased()
  }

  /// The chain as the server sent it, leaf first.
  var peerChain: [CertificateFacts] {
    guard let chain = SSL_get_peer_cert_chain(connection) else { return [] }
    return (0..<ds_sk_X509_num(chain)).compactMap { index in
      ds_sk_X509_value(chain, index).map { CertificateFacts(certificate: $0, depth: Int(index)) }
    }
  }

  /// The certificate OpenSSL's DANE matched (DER), nil when none matched or the match was a bare
  /// public key from the record. Its depth counts the chain OpenSSL built, which can differ
  /// from the chain as served (extra or misordered certificates); the DER says which it was.
  var daneAuthorityDER: [UInt8]? {
    var certificate: OpaquePointer?
    var key: OpaquePointer?
    guard SSL_get0_dane_authority(connection, &certificate, &key) >= 0, let certificate else {
      return nil
    }
    return CertificateFacts(certificate: certificate, depth: 0).der
  }

  /// OpenSSL's DANE decision: the record that authenticated the chain and its depth, or the
  /// verification error.
  var daneOutcome: DANEOutcome {
    guard SSL_get0_dane(connection) != nil else { return .notAttempted(.noUsableRecords) }
    let result = SSL_get_verify_result(connection)
    var usage: UInt8 = 0
    var selector: UInt8 = 0
    var matchingType: UInt8 = 0
    var data: UnsafePointer<UInt8>?
    var length = 0
    let depth = SSL_get0_dane_tlsa(connection, &usage, &selector, &matchingType, &data, &length)
    guard result == X509_V_OK, depth >= 0, let data else {
      let reason = X509_verify_cert_error_string(result).map { String(cString: $0) }
      return .failed(reason: reason ?? "verification error \(result)")
    }
    let record = TLSAData(
      usage: TLSAUsage(rawValue: usage), selector: TLSASelector(rawValue: selector),
      matchingType: TLSAMatchingType(rawValue: matchingType),
      data: Array(UnsafeBufferPointer(start: data, count: length)))
    return .verified(record: record, depth: Int(depth))
  }
}
