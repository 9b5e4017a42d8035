import Foundation

/// The trust anchors the chain engine starts from: the same ones libunbound is given, read as
/// DS or DNSKEY records.
public enum ChainTrustAnchors {
  public struct Problem: Error, Sendable, CustomStringConvertible {
    public let description: String
  }

  /// The anchors for a resolver configuration. For an unbound.conf, its `trust-anchor:` lines
  /// and `trust-anchor-file:` / `auto-trust-anchor-file:` files are read.
  public static func records(
    for configuration: ResolverConfiguration, rootKeyFile: String = "/usr/share/dns/root.key"
  ) throws(Problem) -> [ResourceRecord] {
    switch configuration {
    case .system:
      if FileManager.default.fileExists(atPath: rootKeyFile) { return try file(rootKeyFile) }
      return try lines(RootTrustAnchor.dsRecords, from: "the built-in root anchors")
    case .forwarders(_, let trustAnchorFile):
      if let trustAnchorFile { return try file(trustAnchorFile) }
      return try records(for: .system(recursive: false), rootKeyFile: rootKeyFile)
    case .inProcess(_, let trustAnchors):
      return try lines(trustAnchors, from: "the in-process trust anchors")
    case .custom(let configFile):
      return try unboundConf(configFile)
    }
  }

  static func lines(_ texts: [String], from source: String) throws(Problem) -> [ResourceRecord] {
    do {
      // Anchor lines usually carry no TTL; it does not matter for an anchor.
      let text = "$TTL 0\n" + texts.joined(separator: "\n") + "\n"
      return try ZoneFile.parse(text: text, fileName: source)
        .filter { $0.type == .ds || $0.type == .dnskey }
    } catch {
      throw Problem(description: "\(source): \(error)")
    }
  }

  static func file(_ path: String) throws(Problem) -> [ResourceRecord] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw Problem(description: "cannot read the trust anchor file \(path)")
    }
    // unbound's auto-trust-anchor-file keeps state in comments and ";;" lines.
    return try lines(text.components(separatedBy: "\n"), from: path)
  }

  static func unboundConf(_ path: String) throws(Problem) -> [ResourceRecord] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw Problem(description: "cannot read \(path)")
    }
    var records: [ResourceRecord] = []
    let folder = (path as NSString).deletingLastPathComponent
    for raw in text.components(separatedBy: "\n") {
      let line = raw.trimmingCharacters(in: .whitespaces)
      guard !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
      let key = line[..<colon]
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
      switch key {
      case "trust-anchor": records += try lines([value], from: path)
      case "trust-anchor-file", "auto-trust-anchor-file":
        records += try file(value.hasPrefix("/") ? value : folder + "/" + value)
      default: continue
      }
    }
    return records
  }
}
