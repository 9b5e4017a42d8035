/// The one way danescope asks DNS questions. Implementations never throw: a timeout, SERVFAIL,
/// network error or cancellation is an answer whose status is `.indeterminate(reason:)`.
public protocol Resolver: Sendable {
  func query(_ name: DNSName, _ type: RRType) async -> DNSAnswer
}
