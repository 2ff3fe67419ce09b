// LatexLexer: splits a normalised answer into tokens (numbers, letters, \commands, symbols) for
// LatexParser. Works on Unicode scalars; never fails (unknown characters become symbols).
// Tested through VerifierCaseTests.swift and FuzzTests.swift.

enum LatexToken: Hashable, Sendable {
  case number(String)
  case letter(Character)
  case command(String)  // without the backslash; "{" and "}" for \{ \}
  case symbol(Character)
  case end
}

func lexLatex(_ text: String) -> [LatexToken] {
  let scalars = Array(text.unicodeScalars)
  var tokens: [LatexToken] = []
  tokens.reserveCapacity(scalars.count)
  var i = 0
  func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
  func isLetter(_ s: Unicode.Scalar) -> Bool {
    (s.value >= 65 && s.value <= 90) || (s.value >= 97 && s.value <= 122)
  }
  while i < scalars.count {
    let c = scalars[i]
    if c == " " || c == "\n" || c == "\t" || c == "\r" { i += 1; continue }
    if isDigit(c) || (c == "." && i + 1 < scalars.count && isDigit(scalars[i + 1])) {
      var s = ""
      var sawDot = false
      while i < scalars.count, isDigit(scalars[i]) || (scalars[i] == "." && !sawDot && i + 1 < scalars.count
        && isDigit(scalars[i + 1])) {
        if scalars[i] == "." { sawDot = true }
        s.unicodeScalars.append(scalars[i]); i += 1
      }
      // Scientific notation 3e5 / 2.5E-3: only when a digit follows the e (else 2e is 2·e).
      if i + 1 < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
        var j = i + 1
        if scalars[j] == "-" || scalars[j] == "+" { j += 1 }
        if j < scalars.count, isDigit(scalars[j]) {
          s.append("e")
          if scalars[i + 1] == "-" { s.append("-") }
          while j < scalars.count, isDigit(scalars[j]) { s.unicodeScalars.append(scalars[j]); j += 1 }
          i = j
        }
      }
      tokens.append(.number(s))
      continue
    }
    if c == "\\" {
      i += 1
      if i >= scalars.count { break }
      if isLetter(scalars[i]) {
        var name = ""
        while i < scalars.count, isLetter(scalars[i]) { name.unicodeScalars.append(scalars[i]); i += 1 }
        tokens.append(.command(name))
      } else {
        tokens.append(.command(String(scalars[i])))
        i += 1
      }
      continue
    }
    if isLetter(c) { tokens.append(.letter(Character(c))); i += 1; continue }
    tokens.append(.symbol(Character(c)))
    i += 1
  }
  tokens.append(.end)
  return tokens
}
