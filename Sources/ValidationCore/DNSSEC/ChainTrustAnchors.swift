import FoundationEssentials

/// The trust anchors the chain engine starts from: the same ones libunbound is given, read as
/// DS or DNSKEY records.
public enum ChainTrustAnchors {
  public struct Problem: Error, Sendable, CustomStringConvertible {
    public let description: String
  }

  /// The anchors for a resolver configuration. For an unbound.conf, its `trust-anchor:` lines
  /// and `trust-anchor-file:` / `auto-trust-anchor-file:` files, found as libunbound finds them
  /// (ResolverConfAnchors).
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

  /// The anchors for the configuration `resolver` was made with. A `--trust-anchor` file, or
  /// the anchors of a `--resolver-conf` file, are not read again: the engine takes the reading
  /// the checks before libunbound made (which succeeded, or there would be no resolver), so a
  /// configuration is walked and its anchor files read and parsed once a run.
  public static func records(
    for resolver: UnboundResolver, rootKeyFile: String = "/usr/share/dns/root.key"
  ) throws(Problem) -> [ResourceRecord] {
    if let source = resolver.trustAnchorFile { return try records(in: source) }
    if let reading = resolver.resolverConfAnchors { return try records(in: reading) }
    return try records(for: resolver.configuration, rootKeyFile: rootKeyFile)
  }

  /// The anchors in `texts` (records, one or more a text), as libunbound reads them.
  static func lines(_ texts: [String], from source: String) throws(Problem) -> [ResourceRecord] {
    do {
      return try TrustAnchorText.read(
        texts.joined(separator: "\n"), fileName: source, isAutoTrust: false
      ).filter { $0.ignored == nil }.map(\.record)
    } catch {
      throw Problem(description: error.description)
    }
  }

  static func file(_ path: String) throws(Problem) -> [ResourceRecord] {
    let text: String
    do throws(ResolverConfigurationError) {
      text = try UnboundContext.readFile(path, role: "trust anchor file")
    } catch {
      throw Problem(description: error.description)
    }
    return try records(in: .file(path, text: text, namedBy: nil))
  }

  /// The anchors libunbound takes from one source: records it ignores (another class than IN,
  /// an RFC 5011 state it does not trust) are left out (TrustAnchorText).
  static func records(in source: TrustAnchorUsability.Source) throws(Problem) -> [ResourceRecord]
  {
    do {
      return try source.anchors().filter { $0.ignored == nil }.map(\.record)
    } catch {
      throw Problem(description: source.place(of: error))
    }
  }

  /// The anchors libunbound has from an unbound.conf, read by the reader the checks before
  /// libunbound starts use (ResolverConfAnchors), from the folder libunbound starts in.
  static func unboundConf(
    _ path: String, workingFolder: String = FileManager.default.currentDirectoryPath
  ) throws(Problem) -> [ResourceRecord] {
    let reading: ResolverConfAnchors.Reading
    do {
      reading = try ResolverConfAnchors.read(path, workingFolder: workingFolder)
    } catch {
      throw Problem(description: error.description)
    }
    return try records(in: reading)
  }

  /// The anchors of a configuration's sources, refusing it when an anchor file it names does
  /// not exist: the engine has no other anchors to start from.
  static func records(in reading: ResolverConfAnchors.Reading) throws(Problem) -> [ResourceRecord]
  {
    let sources: [TrustAnchorUsability.Source]
    do {
      sources = try reading.everySource()
    } catch {
      throw Problem(description: error.description)
    }
    var records: [ResourceRecord] = []
    for source in sources {
      records += try self.records(in: source)
    }
    return records
  }
}
