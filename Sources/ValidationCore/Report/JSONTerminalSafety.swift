/// Makes encoded JSON safe to print on a terminal without changing what it means. Foundation's
/// encoders escape C0 controls but write DEL, C1 controls (U+0080–U+009F), bidirectional controls
/// (U+200E, U+202E, U+2066…) and the line separators U+2028/U+2029 raw, and those reorder or
/// steer what a terminal shows. Every scalar `SanitizedText.isUnsafe` names becomes a `\u`
/// escape of four hex digits (a UTF-16 surrogate pair above U+FFFF), which any JSON reader
/// decodes to the same string. Outside strings JSON is ASCII, so every such scalar sits inside a
/// string.
public enum JSONTerminalSafety {
  public static func escape(_ json: String) -> String {
    // Every scalar that needs escaping is at U+007F or above, so its UTF-8 has a byte >= 0x7F.
    guard json.utf8.contains(where: { $0 >= 0x7F }) else { return json }
    var output = ""
    output.unicodeScalars.reserveCapacity(json.unicodeScalars.count)
    for scalar in json.unicodeScalars {
      guard scalar.value >= 0x7F, SanitizedText.isUnsafe(scalar) else {
        output.unicodeScalars.append(scalar)
        continue
      }
      for unit in String(scalar).utf16 { output += "\\u" + hex(unit) }
    }
    return output
  }

  private static func hex(_ unit: UInt16) -> String {
    let digits = String(unit, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - digits.count) + digits
  }
}
