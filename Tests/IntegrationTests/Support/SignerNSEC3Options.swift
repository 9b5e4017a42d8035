/// NSEC3 parameters for the real signers (RFC 5155 §3.1): `ldns-signzone -n -t ITERATIONS -s
/// SALT [-p]` and `dnssec-signzone -3 SALT -H ITERATIONS [-A]` take the same three values.
struct SignerNSEC3Options: Sendable {
  var iterations = 0
  /// Hex salt; empty for none.
  var salt = ""
  var optOut = false
}
