import Console
import Foundation

/// `danescope [DOMAIN]` and `danescope --lab`: the console.
enum ConsoleCommand {
  static func run(_ domain: String?, _ parsed: ParsedArguments, output: TextOutput) async
    -> ExitCode
  {
    let environment = ProcessInfo.processInfo.environment
    let noColor = parsed.has("--no-color") || !(environment["NO_COLOR"] ?? "").isEmpty
    let options = ConsoleOptions(isASCII: parsed.has("--ascii"), isMonochrome: noColor)
    let catalog = ThemeCatalog.standard(environment: environment)
    var themeName = parsed.value("--theme") ?? ThemeCatalog.defaultName
    if noColor, parsed.value("--theme") == nil { themeName = ThemeCatalog.monochromeName }
    if let domain, let problem = ConsoleState.domainProblem(domain) {
      output.error(UsageError("'\(domain)' is not a domain name: \(problem)").description)
      return .usage
    }
    let source: ConsoleSource
    if parsed.has("--lab") {
      source = LabConsoleSource()
    } else {
      switch settings(parsed) {
      case .success(let settings): source = NetworkConsoleSource(settings)
      case .failure(let error):
        output.error(error.description)
        return .usage
      }
    }
    let app = ConsoleApp(
      ConsoleApp.Configuration(
        source: source, domain: domain, themeName: themeName, options: options, catalog: catalog))
    switch await app.run() {
    case .quit:
      return .ok
    case .interrupted:
      return .incomplete
    case .failed(let reason):
      output.error("danescope: \(reason)")
      return .usage
    }
  }

  /// The resolver and probe options of the network console, checked before curses starts so
  /// that a mistake is a plain usage error.
  static func settings(_ parsed: ParsedArguments) -> Result<NetworkConsoleSource.Settings, UsageError>
  {
    var settings = NetworkConsoleSource.Settings()
    settings.resolverConf = parsed.value("--resolver-conf")
    settings.forwarders = parsed.allValues("--forwarder")
    settings.trustAnchor = parsed.value("--trust-anchor")
    settings.isRecursive = parsed.has("--recursive")
    if let text = parsed.value("--timeout") {
      guard let seconds = Double(text), seconds > 0, seconds <= 600 else {
        return .failure(UsageError("--timeout wants seconds between 0 and 600, not '\(text)'"))
      }
      settings.timeout = seconds
    }
    if let text = parsed.value("--port") {
      guard let port = UInt16(text), port > 0 else {
        return .failure(UsageError("--port wants a port number (1-65535), not '\(text)'"))
      }
      settings.port = port
    }
    for file in [settings.resolverConf, settings.trustAnchor].compactMap({ $0 })
    where !FileManager.default.isReadableFile(atPath: file) {
      return .failure(UsageError("cannot read '\(file)'"))
    }
    return .success(settings)
  }
}
