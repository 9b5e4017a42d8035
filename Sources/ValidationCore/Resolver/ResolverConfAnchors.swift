import Foundation

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

  /// The anchors of a configuration already walked. A file that does not exist is skipped when
  /// `skippingMissing` (libunbound reports it, naming the line), else refused.
  static func sources(of walked: UnboundNamedFiles, skippingMissing: Bool)
    throws(ResolverConfigurationError) -> [TrustAnchorUsability.Source]
  {
    var sources = walked.inlineAnchors.map {
      TrustAnchorUsability.Source.inline($0.text, namedBy: $0.reference)
    }
    for reference in walked.references where fileKeywords.contains(reference.keyword) {
      let exists = FileManager.default.fileExists(atPath: reference.path)
      if skippingMissing, !exists { continue }
      let text: String
      do throws(ResolverConfigurationError) {
        text = try UnboundContext.readFile(
          reference.path, role: "\(reference.keyword) \(reference.path): trust anchor file")
      } catch {
        throw ResolverConfigurationError(
          error.kind, file: reference.configFile, line: reference.line, message: error.message)
      }
      sources.append(.file(reference.path, text: text, namedBy: reference))
    }
    return sources
  }

  /// The anchors of `configFile`, walked from `workingFolder` (where libunbound starts) with
  /// each named file checked as UnboundContext checks it before reading (a regular file of a
  /// sane size: never a FIFO that would block the read).
  static func sources(of configFile: String, workingFolder: String)
    throws(ResolverConfigurationError) -> [TrustAnchorUsability.Source]
  {
    let walked = try UnboundContext.walkNamedFiles(of: configFile, workingFolder: workingFolder)
    return try sources(of: walked, skippingMissing: false)
  }
}
