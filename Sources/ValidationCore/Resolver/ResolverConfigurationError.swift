/// A resolver configuration that cannot be used: what is wrong and in which file (and line,
/// where libunbound says). Nothing is started when one is thrown.
public struct ResolverConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Kind: Sendable, Hashable {
    /// A file named by the configuration does not exist.
    case missingFile
    /// It exists but cannot be read (permissions, a folder).
    case unreadableFile
    /// libunbound could not parse it (unbound.conf syntax, a bad trust anchor or zone file).
    case syntax
    /// libunbound read everything but refused to start with it.
    case rejected
    /// A value on the command line or in the configuration is not acceptable.
    case badValue
    /// A setting that switches DNSSEC validation off or weakens it (UnboundValidationPolicy).
    case weakensValidation
    /// The log file (`--log-file`) cannot be opened for appending, or is not a regular file: a
    /// problem with that option, not with the resolvers.
    case logFile
    /// The temporary folder (TMPDIR) cannot hold the resolver's private folder: a problem with
    /// the environment, not with the configuration (TemporaryFolder).
    case temporaryFolder
  }

  public let kind: Kind
  public let file: String?
  public let line: Int?
  public let message: String

  public init(_ kind: Kind, file: String?, line: Int? = nil, message: String) {
    self.kind = kind
    self.file = file
    self.line = line
    self.message = message
  }

  public init(_ problem: TemporaryFolder.Problem) {
    self.init(.temporaryFolder, file: nil, message: problem.description)
  }

  /// `FILE:LINE: message`, the way compilers and unbound-checkconf say it.
  public var description: String {
    switch (file, line) {
    case (let file?, let line?): return "\(file):\(line): \(message)"
    case (let file?, nil): return "\(file): \(message)"
    default: return message
    }
  }
}
