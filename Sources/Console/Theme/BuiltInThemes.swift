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
    # danescope theme "light": for a light terminal background.
    normal = default
    header = white on blue bold
    border = color245
    title = black bold
    tab = black on color252
    tab-active = white on blue bold
    selected = white on color25
    selected-inactive = default on color254
    dim = color244
    secure = green bold
    insecure = color130
    bogus = red bold
    indeterminate = magenta bold
    pending = blue
    warning = color130 bold
    error = red bold
    advice = blue
    info = color30
    key-name = blue bold
    key-hint = black
    status = black on color252
    status-error = white on red bold
    prompt = black bold
    search-match = black on yellow
    sent = blue
    received = green
    tls = magenta

    """

  static let highContrast = """
    # danescope theme "high-contrast": strong colours on black, everything that matters in bold.
    normal = bright-white on black
    header = black on bright-white bold
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
