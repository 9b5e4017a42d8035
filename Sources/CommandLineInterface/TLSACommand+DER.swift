import FoundationEssentials
import ValidationCore

extension TLSACommand {
  /// For a DER certificate given where PEM is read: the openssl command that converts it, with
  /// the file name quoted for a shell when it needs to be.
  static func derHint(_ error: CertificateReadError, path: String) -> String {
    guard case .derNotPEM = error else { return "" }
    let input = ShellWord.quoted(path)
    let output = ShellWord.quoted(path + ".pem")
    return "; convert it with: openssl x509 -inform DER -in \(input) -out \(output)"
  }
}
