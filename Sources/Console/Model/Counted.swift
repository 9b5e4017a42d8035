/// A count with its noun, singular for one: `1 octet`, `2 octets`, `1 line`, `0 lines`.
enum Counted {
  static func text(_ count: Int, _ noun: String) -> String {
    count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
  }
}
