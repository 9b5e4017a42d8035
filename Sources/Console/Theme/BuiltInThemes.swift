/// The built-in themes, embedded so that an installed binary finds them with no Themes folder.
/// Each text is the file of the same name in Themes/; a test keeps the two identical.
public enum BuiltInThemes {
  public static let names = ["dark", "light", "high-contrast", "mono"]

  public static func text(named name: String) -> String? {
    switch name {
    case "dark": return dark
    case "light": return light
    case "high-contrast": return highContrast
    case "mono": return mono
    default: return nil
    }
  }

  static let dark = """
    # danescope theme "dark": the default, for a dark terminal background.
    # Each line: role = FOREGROUND [on BACKGROUND] [bold dim reverse underline italic]
    # Colours: default, black, red, green, yellow, blue, magenta, cyan, white, bright-NAME, colorN.
    normal = default
    header = bright-white on blue bold
    header-secure = bright-green on blue bold
    header-insecure = bright-yellow on blue
    header-bogus = bright-white on red bold
    header-indeterminate = bright-magenta on blue bold
    header-pending = bright-cyan on blue
    header-warning = bright-yellow on blue bold
    header-dim = white on blue
    border = bright-black
    title = bright-white bold
    tab = white on color236
    tab-active = black on cyan bold
    selected = black on bright-cyan
    selected-inactive = default on color238
    dim = bright-black
    secure = bright-green bold
    insecure = yellow
    bogus = bright-red bold
    indeterminate = magenta bold
    pending = cyan
    warning = bright-yellow
    error = bright-red bold
    advice = bright-blue
    info = cyan
    key-name = bright-cyan bold
    key-hint = white
    status = white on color236
    status-error = bright-white on red bold
    prompt = bright-white bold
    search-match = black on yellow
    sent = bright-cyan
    received = green
    tls = bright-magenta

    """

  static let light = """
    # danescope theme "light": dark text on an explicit light background, whatever the terminal's.
    normal = black on color231
    header = bright-white on blue bold
    header-secure = bright-green on blue bold
    header-insecure = bright-yellow on blue
    header-bogus = bright-white on red bold
    header-indeterminate = bright-magenta on blue bold
    header-pending = bright-cyan on blue
    header-warning = bright-yellow on blue bold
    header-dim = color252 on blue
    border = color245 on color231
    title = black on color231 bold
    tab = black on color252
    tab-active = white on blue bold
    selected = white on color25
    selected-inactive = black on color254
    dim = color244 on color231
    secure = green on color231 bold
    insecure = color130 on color231
    bogus = red on color231 bold
    indeterminate = magenta on color231 bold
    pending = blue on color231
    warning = color130 on color231 bold
    error = red on color231 bold
    advice = blue on color231
    info = color30 on color231
    key-name = blue on color252 bold
    key-hint = black on color252
    status = black on color252
    status-error = white on red bold
    prompt = black on color231 bold
    search-match = black on yellow
    sent = blue on color231
    received = green on color231
    tls = magenta on color231

    """

  static let highContrast = """
    # danescope theme "high-contrast": strong colours on black, everything that matters in bold.
    normal = bright-white on black
    header = black on bright-white bold
    header-secure = green on bright-white bold
    header-insecure = black on bright-yellow bold
    header-bogus = bright-white on red bold
    header-indeterminate = magenta on bright-white bold
    header-pending = blue on bright-white bold
    header-warning = black on bright-yellow bold
    header-dim = black on bright-white
    border = bright-white on black
    title = bright-yellow on black bold underline
    tab = bright-white on black
    tab-active = black on bright-yellow bold
    selected = black on bright-white bold
    selected-inactive = bright-white on black underline
    dim = white on black
    secure = bright-green on black bold
    insecure = bright-yellow on black bold
    bogus = bright-white on red bold
    indeterminate = bright-magenta on black bold
    pending = bright-cyan on black bold
    warning = bright-yellow on black bold
    error = bright-white on red bold
    advice = bright-cyan on black bold
    info = bright-white on black
    key-name = black on bright-cyan bold
    key-hint = bright-white on black
    status = black on bright-white bold
    status-error = bright-white on red bold
    prompt = bright-yellow on black bold
    search-match = black on bright-yellow bold
    sent = bright-cyan on black bold
    received = bright-green on black bold
    tls = bright-magenta on black bold

    """

  static let mono = """
    # danescope theme "mono": no colour at all, only attributes. NO_COLOR and --no-color use it.
    normal = default
    header = default reverse bold
    header-secure = default reverse bold
    header-insecure = default reverse
    header-bogus = default reverse bold underline
    header-indeterminate = default reverse bold underline
    header-pending = default reverse dim
    header-warning = default reverse bold
    header-dim = default reverse
    border = default dim
    title = default bold
    tab = default
    tab-active = default reverse bold
    selected = default reverse
    selected-inactive = default underline
    dim = default dim
    secure = default bold
    insecure = default
    bogus = default reverse bold
    indeterminate = default bold underline
    pending = default dim
    warning = default bold
    error = default reverse bold
    advice = default underline
    info = default
    key-name = default bold
    key-hint = default
    status = default reverse
    status-error = default reverse bold
    prompt = default bold
    search-match = default reverse underline
    sent = default bold
    received = default
    tls = default italic

    """
}
