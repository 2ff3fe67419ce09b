// Normalization: turns an extracted answer into canonical LaTeX before parsing — drops sizing and spacing
// commands, unwraps \text{}/\mathrm{}/\boxed{}, removes dollars, degrees and unit words, joins thin-space
// and comma thousands separators, and spells ∞, ∅, "or". One pass over the scalars plus a word pass.
// Tested in Tests/ReasonerRewardTests/VerifierCaseTests.swift and DataAgreementTests.swift.

struct NormalizedAnswer: Equatable, Sendable {
  /// Canonical LaTeX, ready for the lexer.
  var latex: String
  /// Contains a word of three or more letters that is not math (a name, a day, a colour): compare as text.
  var isText: Bool
}

private let droppedCommands: Set<String> = [
  "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
  "displaystyle", "textstyle", "quad", "qquad", "dots", "ldots", "cdots", "degree", "limits", "middle",
  "hline", "noindent", "it", "bf", "rm",
]
private let wrapperCommands: Set<String> = [
  "text", "textbf", "textit", "textrm", "textnormal", "mathrm", "mathbf", "mathit", "mathsf", "mbox",
  "hbox", "boxed", "fbox", "framebox", "operatorname", "emph", "textsf", "mathbb", "mathcal", "bm",
  "bold", "pmb", "textup",
]
private let renamedCommands: [String: String] = [
  "dfrac": "\\frac", "tfrac": "\\frac", "infin": "\\infty", "varnothing": "\\{\\}", "emptyset": "\\{\\}",
  "leqslant": "\\le", "geqslant": "\\ge", "lvert": "|", "rvert": "|", "vert": "|", "mid": "|",
  "lbrace": "\\{", "rbrace": "\\}", "colon": ":", "land": ",", "lor": ",", "wedge": ",", "vee": ",",
  "textdollar": "", "euro": "", "pounds": "",
]
private let unitWords: Set<String> = [
  "cm", "mm", "km", "meter", "meters", "metre", "metres", "centimeter", "centimeters", "kilometer",
  "kilometers", "millimeter", "millimeters", "inch", "inches", "feet", "foot", "ft", "yard", "yards",
  "mile", "miles", "mph", "unit", "units", "square", "sq", "cubic", "degree", "degrees", "deg",
  "radian", "radians", "cent", "cents", "dollar", "dollars", "hour", "hours", "hr", "hrs", "minute",
  "minutes", "mins", "second", "seconds", "day", "days", "week", "weeks", "month", "months", "year",
  "years", "kg", "gram", "grams", "pound", "pounds", "lb", "lbs", "ounce", "ounces", "oz", "liter",
  "liters", "litre", "litres", "ml", "gallon", "gallons", "people", "persons", "students", "ways",
  "times", "percent", "points", "point", "boxes", "books", "apples", "eggs", "marbles", "coins",
]
/// Names of LaTeX environments (after \begin{ or \end{).
private let environmentWords: Set<String> = ["pmatrix", "bmatrix", "vmatrix", "matrix", "array", "smallmatrix", "cases"]
/// Words that are mathematics, not text.
private let mathWords: Set<String> = ["sqrt", "pi", "sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "exp"]

func normalizeAnswer(_ raw: String) -> NormalizedAnswer {
  var out = String.UnicodeScalarView()
  let s = Array(raw.unicodeScalars)
  var closeDrops: [Bool] = []  // for each open brace: drop its closing brace (it wrapped \text{…})
  var i = 0
  func isLetter(_ c: Unicode.Scalar) -> Bool { (c.value | 32) >= 97 && (c.value | 32) <= 122 }
  func append(_ text: String) { out.append(contentsOf: text.unicodeScalars) }
  while i < s.count {
    let c = s[i]
    switch c {
    case "\\":
      i += 1
      guard i < s.count else { break }
      if !isLetter(s[i]) {
        let d = s[i]
        i += 1
        switch d {
        case "!", ",", ";", ":", ">", " ", "$", "/", "(", ")", "[", "]": continue  // spacing, \$, \( \[ go; \, inside 2\,016 joins
        case "%": append("%")
        default: append("\\"); out.append(d)
        }
        continue
      }
      var name = ""
      while i < s.count, isLetter(s[i]) { name.unicodeScalars.append(s[i]); i += 1 }
      if name == "circ" {  // ^\circ, ^{\circ}: degrees
        if out.last == "^" { out.removeLast() }
        if out.last == "{", out.dropLast().last == "^", i < s.count, s[i] == "}" {
          out.removeLast(); out.removeLast(); i += 1
        }
        continue
      }
      if droppedCommands.contains(name) { append(" "); continue }
      if let r = renamedCommands[name] { append(r); continue }
      if wrapperCommands.contains(name) {
        while i < s.count, s[i] == " " { i += 1 }
        if i < s.count, s[i] == "{" { closeDrops.append(true); i += 1; append(" ") }
        continue
      }
      append("\\" + name)
      // A command swallows the space after it; keep one so \pi r stays two tokens.
      append(" ")
    case "{":
      closeDrops.append(false); out.append(c); i += 1
    case "}":
      if let drop = closeDrops.popLast(), drop { append(" ") } else { out.append(c) }
      i += 1
    case "$", "°", "\u{2009}", "\u{202F}", "\u{00A0}": i += 1; if c == "\u{00A0}" { append(" ") }
    case "~": append(" "); i += 1
    case "−", "–": append("-"); i += 1
    case "∞": append("\\infty "); i += 1
    case "∅": append("\\{\\}"); i += 1
    case "×": append("\\times "); i += 1
    case "·", "⋅": append("\\cdot "); i += 1
    case "≤": append("\\le "); i += 1
    case "≥": append("\\ge "); i += 1
    case "≠": append("\\ne "); i += 1
    default: out.append(c); i += 1
    }
  }
  var text = String(out)
  var isText = false
  text = rewriteWords(text, isText: &isText)
  text = trimAnswerEdges(text)
  text = joinThousands(text)
  text = stripEnclosingBraces(text)
  return NormalizedAnswer(latex: text, isText: isText)
}

/// The word pass: "or"/"and" separate answers, unit words go (with a following ^2/^3), "infinity" is ∞.
private func rewriteWords(_ text: String, isText: inout Bool) -> String {
  let s = Array(text.unicodeScalars)
  var out = String.UnicodeScalarView()
  var i = 0
  let hasDigit = s.contains { $0.value >= 48 && $0.value <= 57 }
  func isLetter(_ c: Unicode.Scalar) -> Bool { (c.value | 32) >= 97 && (c.value | 32) <= 122 }
  while i < s.count {
    let c = s[i]
    if c == "\\" {  // copy a command name whole
      out.append(c); i += 1
      while i < s.count, isLetter(s[i]) { out.append(s[i]); i += 1 }
      if i < s.count, out.last == "\\" { out.append(s[i]); i += 1 }
      continue
    }
    guard isLetter(c) else { out.append(c); i += 1; continue }
    var j = i
    while j < s.count, isLetter(s[j]) { j += 1 }
    let word = String(String.UnicodeScalarView(s[i..<j]))
    let lower = word.lowercased()
    if word.count >= 2, lower == "or" || lower == "and" {
      out.append(",")
    } else if hasDigit, unitWords.contains(lower) {
      i = j
      while i < s.count, s[i] == " " { i += 1 }
      if i < s.count, s[i] == "^" {  // cm^2, m^{3}
        i += 1
        if i < s.count, s[i] == "{" { while i < s.count, s[i] != "}" { i += 1 }; i += 1 } else { i += 1 }
      }
      continue
    } else if lower == "infinity" || lower == "inf" || lower == "infty" {
      out.append(contentsOf: "\\infty ".unicodeScalars)
    } else if environmentWords.contains(lower), out.last == "{" {
      out.append(contentsOf: word.unicodeScalars)  // \begin{pmatrix}
    } else {
      if word.count >= 3, !mathWords.contains(lower) { isText = true }
      if mathWords.contains(lower) && word.count >= 2 { out.append("\\") }
      out.append(contentsOf: word.unicodeScalars)
    }
    i = j
  }
  return String(out)
}

/// Strips spaces, a leading "=" or ":" and trailing sentence punctuation.
private func trimAnswerEdges(_ text: String) -> String {
  var scalars = Substring(text).unicodeScalars[...]
  func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\t" || c == "\r" }
  while let f = scalars.first, isSpace(f) || f == ":" { scalars.removeFirst() }
  while let l = scalars.last, isSpace(l) || l == "." || l == "," || l == ";" || l == ":" || l == "!" && false {
    scalars.removeLast()
  }
  if scalars.first == "=" { scalars.removeFirst() }
  return String(String.UnicodeScalarView(scalars)).trimmingSpaces
}

/// 1,234,567 → 1234567 and 2 016 → 2016 (a group of exactly three digits after a separator).
private func joinThousands(_ text: String) -> String {
  let s = Array(text.unicodeScalars)
  func isDigit(_ k: Int) -> Bool { k >= 0 && k < s.count && s[k].value >= 48 && s[k].value <= 57 }
  var out = String.UnicodeScalarView()
  var i = 0
  let hasOtherCommas = { () -> Bool in
    // Thousands commas only when every comma of the answer sits in a digit,ddd pattern.
    for k in s.indices where s[k] == "," {
      if !(isDigit(k - 1) && isDigit(k + 1) && isDigit(k + 2) && isDigit(k + 3) && !isDigit(k + 4)) { return true }
    }
    return false
  }()
  while i < s.count {
    let c = s[i]
    if (c == "," && !hasOtherCommas) || c == " " || c == "{" && i + 2 < s.count && s[i + 1] == "," && s[i + 2] == "}" {
      let skip = c == "{" ? 3 : 1
      if isDigit(i - 1), isDigit(i + skip), isDigit(i + skip + 1), isDigit(i + skip + 2), !isDigit(i + skip + 3) {
        i += skip; continue
      }
    }
    out.append(c); i += 1
  }
  return String(out)
}

/// `{x \le 3}` → `x \le 3`: a group around the whole answer means nothing.
private func stripEnclosingBraces(_ text: String) -> String {
  var t = Substring(text)
  while t.first == "{", t.last == "}" {
    var depth = 0
    var closesAtEnd = true
    for (k, c) in t.enumerated() {
      if c == "{" { depth += 1 } else if c == "}" { depth -= 1; if depth == 0 && k != t.count - 1 { closesAtEnd = false; break } }
    }
    guard closesAtEnd, depth == 0 else { break }
    t = t.dropFirst().dropLast()
    // A preceding backslash made it \{…\}, a set: keep.
    if t.hasSuffix("\\") { return text }
  }
  return String(t).trimmingSpaces
}

extension String {
  var trimmingSpaces: String {
    var sub = Substring(self)
    while let f = sub.first, f.isWhitespace { sub.removeFirst() }
    while let l = sub.last, l.isWhitespace { sub.removeLast() }
    return String(sub)
  }
}

/// Canonical text for comparing word answers: lowercase, no spaces or braces, "(B)" → "b".
func canonicalText(_ latex: String) -> String {
  var t = latex.lowercased().filter { !$0.isWhitespace && $0 != "{" && $0 != "}" && $0 != "\\" }
  while t.hasSuffix(".") { t.removeLast() }
  if t.hasPrefix("("), t.hasSuffix(")"), t.dropFirst().dropLast().allSatisfy({ $0.isLetter }) {
    t = String(t.dropFirst().dropLast())
  }
  return t
}
