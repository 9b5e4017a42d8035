import Glibc

/// Numbers as C's printf writes them (`%7.3f`, `%g`): FoundationEssentials has no
/// String(format:), and full Foundation's gave snprintf's text for numbers, so this keeps
/// every digit and every rounding as it was. Only for number conversions; never `%s` or `%@`.
public enum PrintfText {
  public static func make(_ format: String, _ arguments: any CVarArg...) -> String {
    var capacity = 32
    while true {
      var buffer = [CChar](repeating: 0, count: capacity)
      let needed = withVaList(arguments) { vsnprintf(&buffer, capacity, format, $0) }
      guard needed >= 0 else { return "" }
      if Int(needed) < capacity {
        return buffer.withUnsafeBufferPointer {
          String(decoding: UnsafeRawBufferPointer($0).prefix(Int(needed)), as: UTF8.self)
        }
      }
      capacity = Int(needed) + 1
    }
  }
}
