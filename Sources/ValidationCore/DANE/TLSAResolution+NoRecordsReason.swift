/// Why a probe had no usable TLSA records to authenticate with, in the words of `trace`'s
/// `dane:` line and the console's Handshake pane alike: a failed or bogus lookup is not an
/// empty set (a DANE sender defers), and records or addresses that are not secure, or no
/// records at all, are not "no usable records" (RFC 7672 §2.2).
extension TLSAResolution {
  /// The reason, or nil when a secure set has nothing usable (the line then says "no usable
  /// TLSA records") and when records were found. `resolved`: the host's report, to say that a
  /// name does not exist. `port`: the service port in the TLSA owner named.
  public func noRecordsReason(resolved: HostReport? = nil, port: UInt16 = 25) -> String? {
    let withoutDANE = ": TLS without authentication"
    switch self {
    case .records:
      return nil
    case .failed, .notQueried(.bogus), .notQueried(.indeterminate):
      return failedLookupReason(port: port) + "; a DANE sender defers delivery"
    case .notQueried(let security):
      if let resolved, resolved.addresses.isNoSuchName {
        return "\(resolved.target.name) does not exist, TLSA not looked up" + withoutDANE
      }
      return
        (security == .insecure
          ? "address records not secure, TLSA not looked up"
          : "no addresses, TLSA not looked up") + withoutDANE
    case .insecure:
      return "TLSA records not secure" + withoutDANE
    case .secureAbsent:
      return "no TLSA records" + withoutDANE
    }
  }

  /// Which lookup failed and how (`the TLSA lookup at _25._tcp.mx.example. is bogus`); empty
  /// when none did.
  public func failedLookupReason(port: UInt16 = 25) -> String {
    switch self {
    case .failed(let base, let security):
      return "the TLSA lookup at \(TLSAResolution.owner(of: base, port: port)) is \(security.word)"
    case .notQueried(let security) where security.isFailure:
      return "the address lookup is \(security.word)"
    default:
      return ""
    }
  }
}
