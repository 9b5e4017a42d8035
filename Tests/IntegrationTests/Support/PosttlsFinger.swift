import Foundation
import XCTest

/// Runs Postfix's posttls-finger inside a check world's namespace, with the world's unbound as
/// its (glibc) resolver, and returns what it printed (both streams).
enum PosttlsFinger {
  /// With `chat`, the SMTP dialogue is printed too (`< 250-STARTTLS`, …).
  static func run(_ world: CheckWorld, destination: String, level: String, chat: Bool = false)
    throws -> String
  {
    // posttls-finger reads a main.cf; an almost empty one keeps the defaults.
    let config = world.folder.file("posttls-finger")
    try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
    try "compatibility_level = 3.6\nmyhostname = client.danescope.invalid\n".write(
      to: config.appendingPathComponent("main.cf"), atomically: true, encoding: .utf8)
    let result = try world.namespace.runWithResolvConf(
      world.resolvConf, "posttls-finger",
      (chat ? [] : ["-c"]) + ["-l", level, "-t", "10", "-T", "10", destination],
      environment: ["MAIL_CONFIG": config.path], timeout: 60)
    return result.stdout + result.stderr
  }
}
