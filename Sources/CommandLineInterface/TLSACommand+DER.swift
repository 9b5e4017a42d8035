import FoundationEssentials
import ValidationCore

extension TLSACommand {
  /// For a DER certificate given where PEM is read: the openssl command that converts it, with
  /// the file name quoted for a shell when it needs to be.
  static func derHint(_ error: CertificateReadError, path: String) -> String {
    guard case .derNotPEM = error else { return "" }
    let safe = path.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII
        && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
          || ("0"..."9").contains(scalar) || "/._-+,:@%".unicodeScalars.contains(scalar))
    }
    // Every quote, scalar by scalar: one followed by a combining mark is still a quote to a shell.
    let escaped = path.unicodeScalars.map { $0 == "'" ? #"'\''"# : String($0) }.joined()
    let quoted = safe ? path : "'" + escaped + "'"
    let pem = safe ? path + ".pem" : "'" + escaped + ".pem'"
    return "; convert it with: openssl x509 -inform DER -in \(quoted) -out \(pem)"
  }
}
