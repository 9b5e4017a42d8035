import Foundation

/// Signs test zones with BIND's tools: `dnssec-keygen` makes a KSK and a ZSK in a folder the
/// caller owns, and `dnssec-signzone -S` signs with the keys it finds there (NSEC by default,
/// NSEC3 when asked). The output is BIND's own zone-file style: blank owners, parentheses
/// across lines, comments.
final class BINDSigner {
  let origin: String
  let algorithm: String
  let directory: URL

  /// Generates the two keys for `origin` (absolute) with `algorithm` as BIND names it.
  init(origin: String, algorithm: String = "ECDSAP256SHA256", in directory: URL) throws {
    precondition(origin.hasSuffix("."), "origin must be absolute: \(origin)")
    self.origin = origin
    self.algorithm = algorithm
    self.directory = directory
    try TestProcess.check(
      "dnssec-keygen", ["-q", "-K", directory.path, "-a", algorithm, "-f", "KSK", origin],
      in: directory)
    try TestProcess.check(
      "dnssec-keygen", ["-q", "-K", directory.path, "-a", algorithm, origin], in: directory)
  }

  /// NSEC3 parameters for `sign`: hex salt (empty for none) and extra iterations.
  struct NSEC3Options: Sendable {
    var salt = ""
    var iterations = 0
    var optOut = false
  }

  /// Signs `zoneText` and returns the signed file's text.
  func sign(_ zoneText: String, fileName: String = "zone", nsec3: NSEC3Options? = nil) throws
    -> String
  {
    let unsigned = directory.appendingPathComponent(fileName + ".zone")
    try zoneText.write(to: unsigned, atomically: true, encoding: .utf8)
    let signed = directory.appendingPathComponent(fileName + ".signed")
    var arguments = ["-q", "-S", "-K", directory.path, "-o", origin, "-f", signed.path]
    if let nsec3 {
      arguments += ["-3", nsec3.salt.isEmpty ? "-" : nsec3.salt, "-H", String(nsec3.iterations)]
      if nsec3.optOut { arguments.append("-A") }
    }
    arguments.append(unsigned.path)
    try TestProcess.check("dnssec-signzone", arguments, in: directory)
    return try String(contentsOf: signed, encoding: .utf8)
  }
}
