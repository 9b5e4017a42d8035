import Foundation
import ValidationCore

/// Lab keys kept per user so that the lab starts fast (RSA key generation alone takes longer than
/// the whole start-up budget) and stays the same from one start to the next: the DNSSEC keys keep
/// the trust anchor, the certificate keys keep every SPKI TLSA record. The folder is `$XDG_CACHE_HOME/danescope/lab-keys` or
/// `~/.cache/danescope/lab-keys`, mode 0700, each key a 0600 PEM file. Keys are never committed
/// anywhere: they sign only lab zones, which nothing outside the lab trusts.
public struct LabKeyCache: Sendable {
  /// Where the keys live; nil keeps no cache (every start generates fresh keys).
  public let folder: URL?

  public init(folder: URL?) {
    self.folder = folder
  }

  /// The per-user default, or no cache when neither XDG_CACHE_HOME nor HOME is set.
  public static var userDefault: LabKeyCache {
    let environment = ProcessInfo.processInfo.environment
    let base: URL?
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      base = URL(fileURLWithPath: xdg)
    } else if let home = environment["HOME"], home.hasPrefix("/") {
      base = URL(fileURLWithPath: home).appendingPathComponent(".cache")
    } else {
      base = nil
    }
    return LabKeyCache(
      folder: base?.appendingPathComponent("danescope").appendingPathComponent("lab-keys"))
  }

  /// The key stored under `slot` for `algorithm`, made (and stored) when missing or unreadable.
  /// A cache that cannot be written is not an error: the key is then used for this run only.
  public func key(_ slot: String, _ algorithm: DNSSECAlgorithm, flags: UInt16) throws(LabError)
    -> LabKey
  {
    guard let folder else { return try LabKey.generate(algorithm, flags: flags) }
    let file = folder.appendingPathComponent("\(slot)-alg\(algorithm.rawValue).pem")
    // Read as a key file given on the command line would be (bounded, never a FIFO): anything
    // else in its place is not a key, and is replaced.
    if let pem = try? InputFile.readText(file.path),
      let key = try? LabKey.load(pem: pem, algorithm: algorithm, flags: flags)
    {
      return key
    }
    let key = try LabKey.generate(algorithm, flags: flags)
    try? store(key, at: file, in: folder)
    return key
  }

  private func store(_ key: LabKey, at file: URL, in folder: URL) throws {
    let manager = FileManager.default
    try manager.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
    // Written under a unique name, then renamed: two labs starting at once never read half a key.
    let temporary = folder.appendingPathComponent(".\(UUID().uuidString).tmp")
    guard
      manager.createFile(
        atPath: temporary.path, contents: Data(try key.pem().utf8),
        attributes: [.posixPermissions: 0o600])
    else { return }
    if rename(temporary.path, file.path) != 0 { try? manager.removeItem(at: temporary) }
  }
}
