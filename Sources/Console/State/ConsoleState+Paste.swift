/// A paste the terminal has marked as one (bracketed paste, which the console turns on): its
/// keys are text for an open prompt and never commands, so that a `q`, a digit or an Enter in
/// pasted text does not quit, switch panes or submit what came before it. Outside a prompt a
/// paste is ignored, and the status line says so once it ends.
public struct PasteInProgress: Sendable, Equatable {
  /// Line breaks pasted since the last other character: added to the prompt only when more
  /// text follows them, so that the line break a copied line ends with is dropped.
  var pendingLineBreaks = 0
  /// Keys of the paste that nothing took (no prompt was open, or a pasted escape sequence that
  /// the terminal decoded as an arrow or function key).
  var ignoredCount = 0
}

extension ConsoleState {
  /// Takes `key` as part of a paste when it is a paste mark or arrives between the marks;
  /// nil for a key that is not pasted (the terminal's resize comes from a signal, not the
  /// paste, and is handled as usual).
  mutating func handlePasted(_ key: KeyPress) -> Reaction? {
    switch key {
    case .pasteStart:
      if paste == nil { paste = PasteInProgress() }
      return []
    case .pasteEnd:
      return endPaste()
    case .resize:
      return nil
    default:
      break
    }
    guard var current = paste else { return nil }
    defer { paste = current }
    guard prompt != nil else {
      current.ignoredCount += 1
      return []
    }
    let text: KeyPress
    switch key {
    case .enter:
      current.pendingLineBreaks += 1
      return []
    case .character, .tab, .other: text = key
    // Pasted bytes that read as keys are the control characters they are made of.
    case .escape: text = .other(0x1B)
    case .backspace: text = .other(0x7F)
    default:
      current.ignoredCount += 1
      return []
    }
    var reaction: Reaction = []
    for _ in 0..<current.pendingLineBreaks { reaction.formUnion(handlePromptKey(.other(0x0A))) }
    current.pendingLineBreaks = 0
    reaction.formUnion(handlePromptKey(text))
    return reaction
  }

  /// The paste is over: its end mark came, or the terminal sent nothing more for a while after
  /// a start mark whose end got lost (the run loop calls this then, so that typed keys are
  /// commands again). Line breaks it ended with are dropped.
  public mutating func endPaste() -> Reaction {
    guard let ended = paste else { return [] }
    paste = nil
    guard prompt == nil, ended.ignoredCount > 0 else { return .redraw }
    say("Pasted text is taken only at a prompt (d for a domain, / to search): "
      + Counted.text(ended.ignoredCount, "key") + " ignored.")
    return .redraw
  }
}
