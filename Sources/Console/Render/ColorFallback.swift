/// Maps a 256-colour palette index to one of the eight basic colours, for terminals that have
/// only eight (the theme may ask for `color236` on a plain `xterm`).
enum ColorFallback {
  static func basic(for index: Int) -> Int {
    if index >= 232 { return index >= 244 ? 7 : 0 }
    guard index >= 16, index < 232 else { return index % 8 }
    let cube = index - 16
    let red = cube / 36
    let green = (cube / 6) % 6
    let blue = cube % 6
    // Each channel counts as "on" from the middle of the cube up.
    return (red >= 3 ? 1 : 0) | (green >= 3 ? 2 : 0) | (blue >= 3 ? 4 : 0)
  }
}
