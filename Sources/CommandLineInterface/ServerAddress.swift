import Dispatch
import FoundationEssentials
import Glibc
import ValidationCore

/// `HOST[:PORT]` from the command line: an IPv4 literal, an IPv6 literal (`[::1]:2525`, or bare
/// `::1` without a port) or a host name. Names are resolved with the system's getaddrinfo, and
/// only because the user typed one.
struct ServerAddress: Equatable {
  enum Host: Equatable {
    case address(String)
    case name(DNSName)
  }

  let host: Host
  let port: UInt16
  /// Whether `text` named the port itself (`HOST:PORT`) rather than taking `defaultPort`.
  let namesPort: Bool

  /// Parses `text`; `defaultPort` applies when it names no port.
  init(_ text: String, defaultPort: UInt16, argument: Int?) throws(UsageError) {
    var hostText = text
    var portText: String?
    if text.hasPrefix("[") {
      guard let close = text.firstIndex(of: "]") else {
        throw UsageError("'\(text)': missing ']' after the IPv6 address", at: argument)
      }
      hostText = String(text[text.index(after: text.startIndex)..<close])
      let rest = text[text.index(after: close)...]
      if !rest.isEmpty {
        guard rest.hasPrefix(":") else {
          throw UsageError("'\(text)': expected ':PORT' after ']'", at: argument)
        }
        portText = String(rest.dropFirst())
      }
    } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
      hostText = String(text[..<colon])
      portText = String(text[text.index(after: colon)...])
    }
    if let portText {
      guard let number = DecimalNumber.integer(portText, as: UInt16.self), number > 0 else {
        throw UsageError("'\(portText)' in '\(text)' is not a port number (1-65535)", at: argument)
      }
      port = number
      namesPort = true
    } else {
      port = defaultPort
      namesPort = false
    }
    if Self.isAddressLiteral(hostText) {
      host = .address(hostText)
    } else if let dottedQuad = Self.legacyIPv4(hostText) {
      // `0` and `0x0` are 0.0.0.0: sending the user to type that, only to refuse it, helps no one.
      if let special = NonDestinationAddress(dottedQuad) {
        throw UsageError(
          "'\(hostText)' is a shortened, hexadecimal, octal or single-number form of"
            + " \(dottedQuad), which is never a destination (\(special.range)); no sender can"
            + " deliver there, so danescope does not connect to it", at: argument)
      }
      throw UsageError(
        "'\(hostText)' is a shortened, hexadecimal, octal or single-number form of the IPv4"
          + " address \(dottedQuad); give it as four decimal numbers (dotted quad): \(dottedQuad)",
        at: argument)
    } else {
      guard !hostText.isEmpty else {
        throw UsageError("'\(text)' names no host", at: argument)
      }
      do {
        host = .name(try MailDomain.parse(hostText))
      } catch {
        throw UsageError(
          "'\(hostText)' is neither an IP address nor a host name: \(error)", at: argument)
      }
    }
  }

  /// The dotted quad for the other spellings of an IPv4 address that inet_aton (and so
  /// getaddrinfo) takes as numbers: `127.1`, `2130706433`, `0x7f000001`, `0177.0.0.1`. Taken as
  /// a host name, such text would be resolved as an address by getaddrinfo but used as a name
  /// for TLSA and SNI; nil when `text` is not one.
  static func legacyIPv4(_ text: String) -> String? {
    var address = in_addr()
    guard inet_aton(text, &address) != 0 else { return nil }
    var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
    guard inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  }

  static func isAddressLiteral(_ text: String) -> Bool {
    var v4 = in_addr()
    var v6 = in6_addr()
    return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
  }

  var isName: Bool {
    if case .name = host { return true }
    return false
  }

  /// The name for reports: the host name, or the address itself.
  var displayName: DNSName {
    switch host {
    case .name(let name): return name
    case .address(let address): return (try? DNSName(address)) ?? .root
    }
  }

  /// The addresses to connect to: the literal, or what getaddrinfo gives for the name (IPv4 and
  /// IPv6, in its order, duplicates removed). getaddrinfo has no timeout of its own, so it runs
  /// on another thread and is waited for at most `timeout` seconds (a late answer is dropped).
  func addresses(timeout: Double = 10) -> Result<[String], ResolutionError> {
    switch host {
    case .address(let address): return .success([address])
    case .name(let name):
      let box = ResolutionBox()
      let done = DispatchSemaphore(value: 0)
      DispatchQueue.global().async {
        box.set(Self.resolve(name))
        done.signal()
      }
      guard done.wait(timeout: .now() + timeout) == .success, let result = box.result else {
        return .failure(
          ResolutionError(name: Self.text(name), reason: "no answer within \(timeout) s"))
      }
      return result
    }
  }

  private final class ResolutionBox: @unchecked Sendable {
    // @unchecked: `stored` is guarded by `lock`.
    private let lock = Lock()
    private var stored: Result<[String], ResolutionError>?
    var result: Result<[String], ResolutionError>? { lock.withLock { stored } }
    func set(_ value: Result<[String], ResolutionError>) { lock.withLock { stored = value } }
  }

  struct ResolutionError: Error, Sendable, CustomStringConvertible {
    let name: String
    let reason: String
    var description: String { "cannot resolve '\(name)': \(reason)" }
  }

  /// The name as getaddrinfo takes it: labels joined by dots, no trailing dot.
  private static func text(_ name: DNSName) -> String {
    name.labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
  }

  private static func resolve(_ name: DNSName) -> Result<[String], ResolutionError> {
    let text = Self.text(name)
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var list: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(text, nil, &hints, &list)
    guard status == 0 else {
      return .failure(ResolutionError(name: text, reason: String(cString: gai_strerror(status))))
    }
    defer { freeaddrinfo(list) }
    var found: [String] = []
    var entry = list
    while let current = entry {
      var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
      if getnameinfo(
        current.pointee.ai_addr, current.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil,
        0, NI_NUMERICHOST) == 0
      {
        let address = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if !found.contains(address) { found.append(address) }
      }
      entry = current.pointee.ai_next
    }
    guard !found.isEmpty else {
      return .failure(ResolutionError(name: text, reason: "no addresses"))
    }
    return .success(found)
  }
}
