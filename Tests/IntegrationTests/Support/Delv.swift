import Foundation
import XCTest

/// BIND's delv, asked about a name served on a loopback port and validating from a DS trust
/// anchor: the reference validator that applies RFC 4509 §3 (libunbound does not).
enum Delv {
  /// delv's `trust-anchors` statement for a DS record line (`owner [TTL] IN DS tag alg type hex`).
  static func anchorStatement(ds line: String) throws -> String {
    let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
    guard let type = fields.firstIndex(of: "DS"), fields.count > type + 4 else {
      throw BINDSignerError("not a DS record line: \(line)")
    }
    let digest = fields[(type + 4)...].joined()
    return "trust-anchors { \"\(fields[0])\" static-ds \(fields[type + 1]) \(fields[type + 2])"
      + " \(fields[type + 3]) \"\(digest)\"; };\n"
  }

  /// delv's whole output (stdout and stderr) for `name`/`type`, asking 127.0.0.1 at `port`,
  /// with the trust anchors in `anchors` and `.` as the root of the chain.
  static func ask(_ name: String, _ type: String, port: UInt16, anchors: URL) throws -> String {
    let result = try TestProcess.run(
      "delv", ["@127.0.0.1", "-p", "\(port)", "-a", anchors.path, "+root=.", name, type],
      timeout: 30)
    return result.stdout + result.stderr
  }

  /// delv validated the answer (secure).
  static func isFullyValidated(_ output: String) -> Bool {
    output.contains("; fully validated")
  }
}
