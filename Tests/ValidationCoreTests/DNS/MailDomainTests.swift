import XCTest

@testable import ValidationCore

/// What `check DOMAIN` and the console's domain prompt take: host-name labels only.
final class MailDomainTests: XCTestCase {
  func testHostNamesAndALabelsAreTaken() throws {
    XCTAssertEqual(try MailDomain.parse("mail.example"), try DNSName("mail.example."))
    XCTAssertEqual(try MailDomain.parse("Mail.Example."), try DNSName("mail.example."))
    XCTAssertEqual(
      try MailDomain.parse("xn--bcher-kva.example"), try DNSName("xn--bcher-kva.example."))
    XCTAssertEqual(
      try MailDomain.parse("_dmarc-1.ee-valid.example"), try DNSName("_dmarc-1.ee-valid.example."))
    // Digits and inner hyphens are fine, also a first label of digits only.
    XCTAssertEqual(try MailDomain.parse("123.mx-1.example"), try DNSName("123.mx-1.example."))
  }

  /// Each refusal says what is wrong and in which label; what was typed is quoted escaped.
  func testEverythingElseIsRefusedSayingWhatAndWhere() {
    for (text, error, message) in [
      ("", MailDomainError.empty, "it is empty"),
      (".", .root, "it is the root, not a mail domain"),
      ("a..example", .emptyLabel(2), "label 2 is empty (two dots in a row, or a leading dot)"),
      (" ee-valid", .badCharacter(" ", label: 1), "label 1 has a space"),
      (
        "b\u{FC}cher.example", .badCharacter("\u{FC}", label: 1),
        "label 1 has the non-ASCII '\u{FC}': give the name in its xn-- (punycode) form,"
          + " e.g. xn--bcher-kva for b\u{FC}cher"
      ),
      (
        "*.example", .badCharacter("*", label: 1),
        "label 1 has a wildcard '*' (a mail domain is one name, not a pattern)"
      ),
      (
        "mx.ex\u{1B}[2Jample", .badCharacter("\u{1B}", label: 2),
        "label 2 has the control character \\027"
      ),
      (
        "mx.\u{202E}evil", .badCharacter("\u{202E}", label: 2),
        "label 2 has the non-ASCII '\\226\\128\\174': give the name in its xn-- (punycode) form,"
          + " e.g. xn--bcher-kva for b\u{FC}cher"
      ),
      (
        "a\\.b.example", .badCharacter("\\", label: 1),
        "label 1 has the character '\\' (only letters, digits, '-' and '_' make a label)"
      ),
      (
        String(repeating: "a", count: 64) + ".example", .labelTooLong(1, octets: 64),
        "label 1 has 64 octets (at most 63)"
      ),
      (
        "-lead.example", .edgeHyphen(1),
        "label 1 starts or ends with a hyphen, which a host name's labels never do"
      ),
      (
        "mx.trail-.example", .edgeHyphen(2),
        "label 2 starts or ends with a hyphen, which a host name's labels never do"
      ),
      (
        "127.0.0.1", .numericTopLevel("127.0.0.1"),
        "its last label is all digits: that is an address, not a mail domain"
          + " (no top-level domain is numeric)"
      ),
      (
        "a.123.", .numericTopLevel("a.123"),
        "its last label is all digits: that is an address, not a mail domain"
          + " (no top-level domain is numeric)"
      ),
    ] {
      XCTAssertThrowsError(try MailDomain.parse(text), text) { thrown in
        XCTAssertEqual(thrown as? MailDomainError, error, text)
        XCTAssertEqual((thrown as? MailDomainError)?.description, message, text)
      }
    }
    let long = Array(repeating: String(repeating: "a", count: 60), count: 5).joined(separator: ".")
    XCTAssertThrowsError(try MailDomain.parse(long)) { thrown in
      XCTAssertEqual(thrown as? MailDomainError, .tooLong(.nameTooLong(306)))
    }
  }
}
