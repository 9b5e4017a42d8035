import COpenSSL

/// The OpenSSL server context of one lab host: its leaf, key and the chain it sends.
enum LabTLSContext {
  /// A TLS 1.2+ server context presenting `chain` (leaf first). The caller frees it.
  static func make(chain: [LabCertificate]) throws(LabError) -> OpaquePointer {
    guard let leaf = chain.first else { throw .zone("a lab host has no certificate") }
    guard let context = SSL_CTX_new(TLS_server_method()) else { throw .openSSL("SSL_CTX_new") }
    guard ds_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
      SSL_CTX_free(context)
      throw .openSSL("SSL_CTX_set_min_proto_version")
    }
    guard let extra = ds_sk_X509_new_null() else {
      SSL_CTX_free(context)
      throw .openSSL("sk_X509_new_null")
    }
    defer { ds_sk_X509_free(extra) }
    for certificate in chain.dropFirst() { _ = ds_sk_X509_push(extra, certificate.x509) }
    // SSL_CTX_use_cert_and_key takes its own references to the leaf, key and chain.
    guard SSL_CTX_use_cert_and_key(context, leaf.x509, leaf.key.pkey, extra, 1) == 1 else {
      SSL_CTX_free(context)
      throw .openSSL("SSL_CTX_use_cert_and_key for \(leaf.subjectName)")
    }
    return context
  }
}
