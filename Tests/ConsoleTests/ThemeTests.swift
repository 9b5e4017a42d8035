import Foundation
import XCTest

@testable import Console

final class ThemeTests: XCTestCase {
  private var themesFolder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Themes")
  }

  func testEmbeddedThemesAreTheThemeFilesWordForWord() throws {
    for name in BuiltInThemes.names {
      let file = try String(
        contentsOf: themesFolder.appendingPathComponent("\(name).theme"), encoding: .utf8)
      XCTAssertEqual(BuiltInThemes.text(named: name), file, "Themes/\(name).theme")
    }
  }

  func testEveryBuiltInThemeParsesAndStylesEveryRole() throws {
    for name in BuiltInThemes.names {
      let theme = try Theme.parse(BuiltInThemes.text(named: name)!, name: name, file: name)
      let missing = Role.allCases.filter { theme.styles[$0] == nil }
      XCTAssertEqual(missing, [], "\(name) leaves roles to the default")
    }
    XCTAssertFalse(ThemeCatalog.builtIn("mono").usesColor, "mono must use no colour at all")
    XCTAssertTrue(ThemeCatalog.builtIn("dark").usesColor)
  }

  /// The header is one bar: in every built-in theme each of its cells, status words included,
  /// has the bar's background (or a background of its own) and the bar's reverse video.
  func testHeaderStatusWordsLeaveNoHolesInTheBar() {
    var states: [ConsoleState] = [ReportFixture.state()]
    for (status, nxdomain) in [
      (ConsoleReport.Status.bogus, false), (.insecure, false), (.pending, false), (.secure, true),
    ] {
      var state = ConsoleState(sourceLabel: "test")
      _ = state.open(domain: "other.example.")
      var report = ConsoleReport(
        domain: "other.example.", mxStatus: status,
        isComplete: status != .pending)
      report.isNoSuchDomain = nxdomain
      _ = state.apply(.report(report))
      states.append(state)
    }
    for name in BuiltInThemes.names {
      let theme = ThemeCatalog.builtIn(name)
      let bar = theme.style(for: .header)
      for state in states {
        let grid = Renderer().render(state)
        for x in 0..<grid.width {
          let role = grid[x, 0].role
          let style = theme.style(for: role)
          if bar.background != .terminalDefault {
            XCTAssertNotEqual(
              style.background, .terminalDefault,
              "\(name): column \(x) (\(role)) of '\(grid.lines[0])'")
          }
          XCTAssertEqual(
            style.attributes.contains(.reverse), bar.attributes.contains(.reverse),
            "\(name): column \(x) (\(role)) of '\(grid.lines[0])'")
        }
      }
    }
  }

  /// "light" brings its own light background: on a dark terminal it still looks light.
  func testLightThemePaintsEveryRoleOnAnExplicitBackground() {
    let light = ThemeCatalog.builtIn("light")
    for role in Role.allCases {
      XCTAssertNotEqual(light.style(for: role).background, .terminalDefault, "\(role)")
    }
    XCTAssertEqual(light.style(for: .normal).background, .indexed(231), "white")
  }

  func testThemeLineSyntax() throws {
    let theme = try Theme.parse(
      "normal = default\nsecure = bright-green on color236 bold underline # comment\n",
      name: "t", file: "t.theme")
    XCTAssertEqual(
      theme.style(for: .secure), Style(.indexed(10), on: .indexed(236), [.bold, .underline]))
    XCTAssertEqual(theme.style(for: .bogus), Style(), "a role left out looks like normal")
  }

  func testABrokenThemeNamesFileAndLine() {
    let text = "normal = default\n\nbogus = red on\n"
    XCTAssertThrowsError(try Theme.parse(text, name: "x", file: "/t/x.theme")) { error in
      XCTAssertEqual(
        (error as? ThemeError)?.description,
        "theme /t/x.theme:3: 'on' must be followed by a colour")
    }
    XCTAssertThrowsError(try Theme.parse("normal = default\nsecur = red\n", name: "x", file: "f")) {
      error in
      XCTAssertEqual((error as? ThemeError)?.line, 2)
      XCTAssertTrue(String(describing: error).contains("unknown role 'secur'"))
    }
    XCTAssertThrowsError(
      try Theme.parse(
        "normal = default\nsecure = red blink\n", name: "x",
        file: "f")
    ) { error in
      XCTAssertTrue(String(describing: error).contains("unknown attribute 'blink'"))
    }
  }

  /// A theme file written with CRLF line ends reads line by line, as with LF: "\r\n" is one
  /// Swift Character, so splitting at the Character "\n" read such a file as a single line.
  func testCRLFLineEndsReadLineByLine() throws {
    let theme = try Theme.parse(
      "normal = default\r\nsecure = bright-green bold\r\n", name: "t", file: "t.theme")
    XCTAssertEqual(theme.style(for: .secure), Style(.indexed(10), on: .terminalDefault, [.bold]))
    XCTAssertThrowsError(
      try Theme.parse("normal = default\r\n\r\nsecur = red\r\n", name: "x", file: "f")
    ) { error in
      XCTAssertEqual((error as? ThemeError)?.line, 3)
      XCTAssertTrue(String(describing: error).contains("unknown role 'secur'"))
    }
  }

  /// A new empty folder for theme files; the caller removes it.
  func themeFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("danescope-themes-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  func testCatalogFallsBackToTheDefaultAndSaysWhy() throws {
    let folder = try themeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let broken = folder.appendingPathComponent("broken.theme")
    try "normal = default\nwarning = purple\n".write(to: broken, atomically: true, encoding: .utf8)
    try "normal = default reverse\n".write(
      to: folder.appendingPathComponent("plain.theme"), atomically: true, encoding: .utf8)
    let catalog = ThemeCatalog(directories: [folder])

    let (theme, error) = catalog.load("broken")
    XCTAssertEqual(theme, ThemeCatalog.builtIn("dark"))
    XCTAssertEqual(error?.file, broken.path)
    XCTAssertEqual(error?.line, 2)

    XCTAssertEqual(
      catalog.load("plain").theme.style(for: .normal),
      Style(
        .terminalDefault,
        on: .terminalDefault, .reverse))
    // A folder, a FIFO and a dangling link named *.theme are not themes on offer.
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("folder.theme"), withIntermediateDirectories: true)
    XCTAssertEqual(mkfifo(folder.appendingPathComponent("fifo.theme").path, 0o600), 0)
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("dangling.theme").path, withDestinationPath: "/nowhere")
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("linked.theme").path, withDestinationPath: broken.path)
    XCTAssertEqual(
      catalog.names, ["dark", "light", "high-contrast", "mono", "broken", "linked", "plain"])
    XCTAssertNotNil(catalog.load("no-such").error)
    XCTAssertNil(catalog.load("light").error, "built-ins load with no Themes folder at all")
  }

  /// A theme file is read with a bound, and never from a FIFO: a huge file (here sparse, 100 MB)
  /// named like a built-in is refused at once with the reason, and the default is used.
  func testAHugeOrSpecialThemeFileIsRefusedWithoutReadingIt() throws {
    let folder = try themeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let huge = folder.appendingPathComponent("dark.theme")
    XCTAssertTrue(FileManager.default.createFile(atPath: huge.path, contents: nil))
    XCTAssertEqual(truncate(huge.path, 100_000_000), 0)
    let catalog = ThemeCatalog(directories: [folder])
    let (theme, error) = catalog.load("dark")
    XCTAssertEqual(theme, ThemeCatalog.builtIn("dark"))
    XCTAssertEqual(error?.file, huge.path)
    XCTAssertEqual(error?.message, "too large (more than 65536 bytes)")

    XCTAssertEqual(mkfifo(folder.appendingPathComponent("fifo.theme").path, 0o600), 0)
    XCTAssertEqual(catalog.load("fifo").error?.message, "is not a regular file")
  }

  /// A file NAME.theme that is there but is no regular file (a folder, a FIFO, a link to
  /// /dev/zero, a dangling link) is not on offer to `t`, but `--theme NAME` names it: loading it
  /// says what is wrong with it (without waiting on the FIFO or reading the device), and the
  /// built-in default is used.
  func testAThemeFileThatIsNoRegularFileIsNamedAndGivesWayToTheDefault() throws {
    let folder = try themeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    func path(_ name: String) -> String { folder.appendingPathComponent("\(name).theme").path }
    let files = FileManager.default
    try files.createDirectory(atPath: path("folder"), withIntermediateDirectories: true)
    XCTAssertEqual(mkfifo(path("fifo"), 0o600), 0)
    try files.createSymbolicLink(atPath: path("zero"), withDestinationPath: "/dev/zero")
    try files.createSymbolicLink(atPath: path("dangling"), withDestinationPath: "/nowhere")
    let catalog = ThemeCatalog(directories: [folder])
    XCTAssertEqual(catalog.names, BuiltInThemes.names)
    let expected = [
      "folder": "is a directory, not a file", "fifo": "is not a regular file",
      "zero": "is not a regular file", "dangling": "no such file",
    ]
    for (name, problem) in expected {
      XCTAssertTrue(catalog.isKnown(name), name)
      let (theme, error) = catalog.load(name)
      XCTAssertEqual(theme, ThemeCatalog.builtIn("dark"), name)
      let unwrapped = try XCTUnwrap(error, name)
      XCTAssertEqual(unwrapped.file, path(name))
      XCTAssertTrue(unwrapped.message.lowercased().contains(problem), "\(name): \(unwrapped)")
      XCTAssertEqual(
        ThemeCatalog.fallbackMessage(unwrapped),
        "theme \(path(name)): \(unwrapped.message); using the built-in dark theme")
    }
    XCTAssertFalse(catalog.isKnown("no-such"))
    XCTAssertFalse(catalog.isKnown("../fifo"))
  }

  /// A broken user file that carries the default's name is not what is drawn: the message says
  /// the built-in one is.
  func testABrokenFileNamedLikeTheDefaultSaysTheBuiltInIsUsed() throws {
    let folder = try themeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "normal = default\nsecure = green on\n".write(
      to: folder.appendingPathComponent("dark.theme"), atomically: true, encoding: .utf8)
    let error = try XCTUnwrap(ThemeCatalog(directories: [folder]).load("dark").error)
    XCTAssertEqual(
      ThemeCatalog.fallbackMessage(error),
      "theme \(folder.appendingPathComponent("dark.theme").path):2: 'on' must be followed by a"
        + " colour; using the built-in dark theme")
  }

  /// `t` says which theme is now on, also without colour, where only its attributes show.
  func testThemeAnnouncementSaysWhenOnlyAttributesShow() {
    XCTAssertEqual(ThemeCatalog.announcement(of: "light", isMonochrome: false), "Theme: light")
    XCTAssertEqual(
      ThemeCatalog.announcement(of: "light", isMonochrome: true),
      "Theme: light, in attributes only (no colour: NO_COLOR or --no-color)")
  }

  func testStandardCatalogFindsTheSourceTreeThemes() {
    let catalog = ThemeCatalog.standard(environment: [:])
    XCTAssertTrue(
      catalog.directories.contains(themesFolder.standardizedFileURL), "\(catalog.directories)")
  }

  func testMonochromeKeepsAttributesAndDropsColours() {
    let mono = ThemeCatalog.builtIn("dark").monochrome
    XCTAssertFalse(mono.usesColor)
    XCTAssertEqual(mono.style(for: .bogus).attributes, [.bold])
  }

  func testColourFallbackForEightColourTerminals() {
    XCTAssertEqual(ColorFallback.basic(for: 196), 1, "bright red in the cube is red")
    XCTAssertEqual(ColorFallback.basic(for: 236), 0, "dark grey is black")
    XCTAssertEqual(ColorFallback.basic(for: 252), 7, "light grey is white")
  }
}
