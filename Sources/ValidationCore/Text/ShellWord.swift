/// A word of a command line that danescope prints for a person to paste (`lab export`'s and
/// `lab serve`'s "Try:" lines, the openssl command for a DER file, `danescope chain NAME TYPE`
/// in a reason), quoted for a POSIX shell (sh, bash, zsh): pasted, it is one word and nothing in
/// it runs. A word of letters, digits and `_-./,:=+@%` is left as it is; any other is put in
/// single quotes, inside which a shell gives no character a meaning, and each single quote in it
/// is written `'\''` (close, an escaped quote, reopen). So a folder `exp/x;touch PWNED;#` prints
/// as `'exp/x;touch PWNED;#/unbound.conf'`, and `it's` as `'it'\''s'`. The one helper for this:
/// every printed command line quotes its words through it.
public enum ShellWord {
  public static func quoted(_ word: String) -> String {
    let plain = !word.isEmpty && word.unicodeScalars.allSatisfy(isPlain)
    if plain { return word }
    // Scalar by scalar: a quote followed by a combining mark is one Character to Swift but
    // still a quote to a shell.
    let escaped = word.unicodeScalars.map { $0 == "'" ? #"'\''"# : String($0) }.joined()
    return "'" + escaped + "'"
  }

  private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9": return true
    default: return "_-./,:=+@%".unicodeScalars.contains(scalar)
    }
  }
}
