import FoundationEssentials
import Glibc

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

  /// The anchors of a configuration already walked, every file it names read once (a file
  /// named on several lines is read and parsed once), and all of them together held to
  /// TrustAnchorBounds: the `trust-anchor:` values first, then the files in the order named,
  /// each counted once for every line that names it. Past a bound, the rest is not read, and
  /// the error is at the line where it was passed.
  static func read(_ walked: UnboundNamedFiles) -> Reading {
    var sources: [TrustAnchorUsability.Source] = []
    var records = 0
    for (text, reference) in walked.inlineAnchors {
      let source = TrustAnchorUsability.Source.inline(
        text, namedBy: reference, maximumRecords: TrustAnchorBounds.maximumRecords - records)
      if let passed = source.passedRecordBound {
        let error = TrustAnchorBounds.recordsError(source, at: passed, isTotal: true)
        return Reading(sources: sources, failures: [(error, false)])
      }
      records += source.recordCount
      sources.append(source)
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
    var bytes = 0
    // Each file read so far, by keyword (the two keywords read a file differently) and path.
    var readBefore: [String: TrustAnchorUsability.Source] = [:]
    for reference in walked.references where fileKeywords.contains(reference.keyword) {
      let key = reference.keyword + " " + reference.path
      let source: TrustAnchorUsability.Source
      if let earlier = readBefore[key] {
        source = earlier.named(by: reference)
      } else {
        // The size is judged before the file is read; what was read is counted below.
        let size = fileSize(reference.path)
        if bytes + size > TrustAnchorBounds.maximumBytes {
          let error = TrustAnchorBounds.bytesError(reference, size: size, total: bytes + size)
          return Reading(sources: sources, failures: failures + [(error, false)])
        }
        do throws(ResolverConfigurationError) {
          source = try readSource(
            reference, maximumRecords: TrustAnchorBounds.maximumRecords - records)
        } catch {
          failures.append((error, !FileManager.default.fileExists(atPath: reference.path)))
          continue
        }
        readBefore[key] = source
      }
      if let passed = source.passedRecordBound {
        let error = TrustAnchorBounds.recordsError(source, at: passed, isTotal: true)
        return Reading(sources: sources, failures: failures + [(error, false)])
      }
      let size = source.text.utf8.count
      guard bytes + size <= TrustAnchorBounds.maximumBytes else {
        let error = TrustAnchorBounds.bytesError(reference, size: size, total: bytes + size)
        return Reading(sources: sources, failures: failures + [(error, false)])
      }
      guard records + source.recordCount <= TrustAnchorBounds.maximumRecords else {
        let error = TrustAnchorBounds.repeatedRecordsError(
          source, total: records + source.recordCount)
        return Reading(sources: sources, failures: failures + [(error, false)])
      }
      bytes += size
      records += source.recordCount
      sources.append(source)
    }
    return Reading(sources: sources, failures: failures)
  }

  /// One anchor file, read and parsed with at most `maximumRecords` records; an error is at the
  /// line that names the file.
  private static func readSource(
    _ reference: UnboundNamedFiles.Reference, maximumRecords: Int
  ) throws(ResolverConfigurationError) -> TrustAnchorUsability.Source {
    do throws(ResolverConfigurationError) {
      let text = try UnboundContext.readFile(
        reference.path, role: "\(reference.keyword) \(reference.name): trust anchor file")
      if reference.keyword == "auto-trust-anchor-file" {
        try checkLayout(text, of: reference)
      }
      return .file(reference.name, text: text, namedBy: reference, maximumRecords: maximumRecords)
    } catch {
      throw ResolverConfigurationError(
        error.kind, file: reference.configFile, line: reference.line, message: error.message)
    }
  }

  /// A file's size as stat gives it, 0 when it cannot be had (the read then says why).
  private static func fileSize(_ path: String) -> Int {
    var facts = stat()
    guard stat(path, &facts) == 0 else { return 0 }
    return Int(facts.st_size)
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
