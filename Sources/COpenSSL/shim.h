// Bridge to OpenSSL 3. Many calls are macros around SSL_ctrl/BIO_ctrl or the generic stack
// functions, which Swift cannot import; each wrapper below names the macro it stands for. They
// can go if OpenSSL turns them into functions.
#ifndef DANESCOPE_COPENSSL_SHIM_H
#define DANESCOPE_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// Why: SSL_set_tlsext_host_name is a macro over SSL_ctrl.
static inline int ds_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
  return (int)SSL_set_tlsext_host_name(ssl, name);
}

// Why: the min/max protocol setters are macros over SSL_CTX_ctrl.
static inline int ds_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
  return (int)SSL_CTX_set_min_proto_version(ctx, version);
}
static inline int ds_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
  return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

// Why: SSL_CTX_set_mode is a macro over SSL_CTX_ctrl.
static inline long ds_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
  return SSL_CTX_set_mode(ctx, mode);
}

// Why: SSL_set_msg_callback_arg is a macro over SSL_ctrl.
static inline void ds_SSL_set_msg_callback_arg(SSL *ssl, void *arg) {
  SSL_set_msg_callback_arg(ssl, arg);
}

// Why: SSL_get_negotiated_group / SSL_get_peer_signature_type_nid are macros over SSL_ctrl.
static inline int ds_SSL_get_negotiated_group(SSL *ssl) {
  return (int)SSL_get_negotiated_group(ssl);
}
static inline int ds_SSL_get_peer_signature_type_nid(const SSL *ssl, int *nid) {
  return (int)SSL_get_peer_signature_type_nid(ssl, nid);
}
static inline int ds_SSL_get_peer_signature_nid(SSL *ssl, int *nid) {
  return (int)SSL_get_peer_signature_nid(ssl, nid);
}

// Why: SSL_OP_* are macro constants built with SSL_OP_BIT, not imported as numbers.
static inline uint64_t ds_SSL_OP_NO_COMPRESSION(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t ds_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline uint64_t ds_SSL_OP_IGNORE_UNEXPECTED_EOF(void) {
  return SSL_OP_IGNORE_UNEXPECTED_EOF;
}

// Why: OPENSSL_free is a macro that passes __FILE__/__LINE__.
static inline void ds_OPENSSL_free(void *p) { OPENSSL_free(p); }

// Why: BIO_get_mem_data is a macro over BIO_ctrl.
static inline long ds_BIO_get_mem_data(BIO *bio, char **out) {
  return BIO_get_mem_data(bio, out);
}

// Why: the typed stack accessors for X509 and GENERAL_NAME are generated macros.
static inline int ds_sk_X509_num(const STACK_OF(X509) *s) { return sk_X509_num(s); }
static inline X509 *ds_sk_X509_value(const STACK_OF(X509) *s, int i) { return sk_X509_value(s, i); }
static inline STACK_OF(X509) *ds_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int ds_sk_X509_push(STACK_OF(X509) *s, X509 *x) { return sk_X509_push(s, x); }
static inline void ds_sk_X509_free(STACK_OF(X509) *s) { sk_X509_free(s); }
static inline int ds_sk_GENERAL_NAME_num(const GENERAL_NAMES *s) {
  return sk_GENERAL_NAME_num(s);
}
static inline GENERAL_NAME *ds_sk_GENERAL_NAME_value(const GENERAL_NAMES *s, int i) {
  return sk_GENERAL_NAME_value(s, i);
}
static inline void ds_GENERAL_NAMES_free(GENERAL_NAMES *s) { GENERAL_NAMES_free(s); }

// Why: the DANE usage, selector and matching-type numbers (DANETLS_USAGE_*) live in an internal
// header; these are the RFC 6698 values OpenSSL uses.
enum {
  ds_DANE_USAGE_PKIX_TA = 0,
  ds_DANE_USAGE_PKIX_EE = 1,
  ds_DANE_USAGE_DANE_TA = 2,
  ds_DANE_USAGE_DANE_EE = 3
};

// Why: EVP_PKEY_PUBLIC_KEY (the selection for EVP_PKEY_fromdata) is an OR of two macros, which
// Swift cannot import. DNSSEC builds public keys from DNSKEY fields with it.
static inline int ds_EVP_PKEY_PUBLIC_KEY(void) { return EVP_PKEY_PUBLIC_KEY; }

// Why: XN_FLAG_RFC2253 is a macro built from several ASN1_STRFLGS_* and XN_FLAG_* bits.
static inline unsigned long ds_XN_FLAG_RFC2253(void) { return XN_FLAG_RFC2253; }

// Why: DANE_FLAG_NO_DANE_EE_NAMECHECKS is a shifted long macro; RFC 7672 §3.1.1 says DANE-EE(3)
// ignores names, and OpenSSL only does so with this flag.
static inline unsigned long ds_DANE_FLAG_NO_DANE_EE_NAMECHECKS(void) {
  return DANE_FLAG_NO_DANE_EE_NAMECHECKS;
}

// Why: BIO_clear_retry_flags is a macro over BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY, an OR that
// Swift cannot import. The handshake deadline's BIO callback fails a read with it, so a stale
// "retry" flag from an earlier read cannot turn the refusal into another wait.
static inline void ds_BIO_clear_retry_flags(BIO *b) { BIO_clear_retry_flags(b); }

#endif
