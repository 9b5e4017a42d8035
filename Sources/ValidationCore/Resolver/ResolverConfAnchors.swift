import FoundationEssentials

/// The trust anchors an unbound.conf gives libunbound: its `trust-anchor:` values and the files
/// its `trust-anchor-file:` and `auto-trust-anchor-file:` lines name, in it or in a file it
/// includes, each file found where libunbound opens it (a relative name in the last
/// `directory:`, else in the folder danescope runs in; a `chroot:` prefix cut; see
/// UnboundNamedFiles). The one reader of a configuration's anchors: the checks made before
/// libunbound starts (UnboundContext) and the chain engine (ChainTrustAnchors) both use it, so
/// the engine starts from the anchors libunbound has.
///
/// Not read: `trusted-keys-file:` (BIND's syntax, which danescope does not read).
enum ResolverConfAnchors {
  /// The keywords whose file holds anchors in zone file form.
  static let fileKeywords: Set<String> = ["trust-anchor-file", "auto-trust-anchor-file"]

  /// The anchor sources of a configuration, each file read once: the checks made before
  /// libunbound starts (UnboundContext) and the chain engine (ChainTrustAnchors) share this one
  /// reading, each taking the files that could not be read as it always has (`existingSources`,
  /// `everySource`).
  struct Reading {
    /// Each `trust-anchor:` value and each anchor file that was read, in the order given.
    let sources: [TrustAnchorUsability.Source]
    /// Each anchor file that could not be read, in the order given: the error, at the line that
    /// names the file, and whether the file does not exist.
    let failures: [(error: ResolverConfigurationError, isMissing: Bool)]

    /// The sources, or the error for the first file that exists and could not be read. A file
    /// that does not exist is left to libunbound, which refuses a configuration that names one
    /// (measured: "error opening file", "unable to open … for reading"), naming it.
    func existingSources() throws(ResolverConfigurationError) -> [TrustAnchorUsability.Source] {
      if let first = failures.first(where: { !$0.isMissing }) { throw first.error }
      return sources
    }

    /// The sources, or the error for the first file that could not be read, whether or not it
    /// exists: the engine can start from no other anchors than libunbound's.
    func everySource() throws(ResolverConfigurationError) -> [TrustAnchorUsability.Source] {
      if let first = failures.first { throw first.error }
      return sources
    }
  }

  /// The anchors of a configuration already walked, every file it names read.
  static func read(_ walked: UnboundNamedFiles) -> Reading {
    var sources = walked.inlineAnchors.map {
      TrustAnchorUsability.Source.inline($0.text, namedBy: $0.reference)
    }
    // An empty name is refused as an empty file is: no anchor would come from it.
    var failures: [(error: ResolverConfigurationError, isMissing: Bool)] =
      walked.unnamedAnchorFiles.map { reference in
        let error = ResolverConfigurationError(
          .syntax, file: reference.configFile, line: reference.line,
          message:
            "\(reference.keyword): \"\": names no file (libunbound reads no anchor from it and"
            + " says nothing)")
        return (error, false)
      }
    for reference in walked.references where fileKeywords.contains(reference.keyword) {
      let exists = FileManager.default.fileExists(atPath: reference.path)
      do throws(ResolverConfigurationError) {
        let text = try UnboundContext.readFile(
          reference.path, role: "\(reference.keyword) \(reference.name): trust anchor file")
        if reference.keyword == "auto-trust-anchor-file" {
          try checkLayout(text, of: reference)
        }
        sources.append(.file(reference.name, text: text, namedBy: reference))
      } catch {
        let located = ResolverConfigurationError(
          error.kind, file: reference.configFile, line: reference.line, message: error.message)
        failures.append((located, !exists))
      }
    }
    return Reading(sources: sources, failures: failures)
  }

  /// An `auto-trust-anchor-file` in a layout other than unbound's own (AutoTrustAnchorLayout)
  /// is refused, at the configuration's line with the file's line in the message.
  private static func checkLayout(
    _ text: String, of reference: UnboundNamedFiles.Reference
  ) throws(ResolverConfigurationError) {
    do throws(AutoTrustAnchorLayout.Problem) {
      try AutoTrustAnchorLayout.check(text)
    } catch {
      throw ResolverConfigurationError(
        .syntax, file: reference.name,
        message:
          "auto-trust-anchor-file \(reference.name):\(error.line): danescope cannot be sure it"
          + " reads this file as libunbound does: \(error.why); it takes only the layout unbound"
          + " writes, one DS or DNSKEY record a line")
    }
  }

  /// The anchors of `configFile`, walked from `workingFolder` (where libunbound starts) with
  /// each named file checked as UnboundContext checks it before reading (a regular file of a
  /// sane size: never a FIFO that would block the read).
  static func read(_ configFile: String, workingFolder: String)
    throws(ResolverConfigurationError) -> Reading
  {
    read(try UnboundContext.walkNamedFiles(of: configFile, workingFolder: workingFolder))
  }
}
