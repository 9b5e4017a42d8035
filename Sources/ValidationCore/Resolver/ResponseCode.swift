/// The DNS RCODE of an answer (RFC 1035 §4.1.1, RFC 6895 §2.3), converted once at the bridge.
public enum ResponseCode: Sendable, Hashable, CustomStringConvertible {
  case noError, formErr, servFail, nxDomain, notImp, refused
  case other(Int)

  public init(rawValue: Int) {
    switch rawValue {
    case 0: self = .noError
    case 1: self = .formErr
    case 2: self = .servFail
    case 3: self = .nxDomain
    case 4: self = .notImp
    case 5: self = .refused
    default: self = .other(rawValue)
    }
  }

  public var rawValue: Int {
    switch self {
    case .noError: return 0
    case .formErr: return 1
    case .servFail: return 2
    case .nxDomain: return 3
    case .notImp: return 4
    case .refused: return 5
    case .other(let value): return value
    }
  }

  /// The mnemonic as dig and drill print it.
  public var description: String {
    switch self {
    case .noError: return "NOERROR"
    case .formErr: return "FORMERR"
    case .servFail: return "SERVFAIL"
    case .nxDomain: return "NXDOMAIN"
    case .notImp: return "NOTIMP"
    case .refused: return "REFUSED"
    case .other(let value): return "RCODE\(value)"
    }
  }
}
