// GarbledTextDetector: flags text that is not readable prose or mathematics — letters of several writing
// systems mixed in one answer (Latin with CJK or Cyrillic…; Greek is mathematics and never counts),
// U+FFFD or private-use characters, control characters, and long runs of symbols (non-ASCII symbols such
// as ■■■ or emoji, or very long ASCII punctuation runs). One pass over the scalars. Defaults are
// calibrated to flag none of the shared data files' problems and solutions (DetectorCalibrationTests).
// Tested in Tests/ReasonerRewardTests/DetectorTests.swift.

public enum GarbledRule: String, Sendable { case mixedScripts, replacementCharacter, controlCharacter, symbolRun }

public struct GarbledFinding: Sendable, Equatable {
  public var rule: GarbledRule
  /// Offset in Unicode scalars where the evidence starts.
  public var offset: Int
  public var detail: String
}

public struct GarbledReport: Sendable, Equatable {
  public var flagged: Bool { !findings.isEmpty }
  /// Every rule that fired, in the order mixedScripts, replacementCharacter, controlCharacter, symbolRun.
  public var findings: [GarbledFinding]
  /// Letters counted per script (Latin, Cyrillic, CJK, …).
  public var scriptLetters: [String: Int]
}

public struct GarbledTextDetector: Sendable {
  /// A script counts once it has this many letters.
  public var minScriptLetters: Int
  /// How many scripts (Greek excluded) may appear before the text counts as mixed.
  public var maxScripts: Int
  public var maxReplacementCharacters: Int
  public var maxControlCharacters: Int
  /// Longest run of non-ASCII symbols (not letters, digits, spaces or marks) allowed.
  public var maxSymbolRun: Int
  /// Longest run of ASCII punctuation allowed (LaTeX legitimately writes `}}}$$`).
  public var maxASCIIPunctuationRun: Int

  public init(
    minScriptLetters: Int = 3, maxScripts: Int = 1, maxReplacementCharacters: Int = 0,
    maxControlCharacters: Int = 0, maxSymbolRun: Int = 8, maxASCIIPunctuationRun: Int = 80
  ) {
    self.minScriptLetters = minScriptLetters
    self.maxScripts = maxScripts
    self.maxReplacementCharacters = maxReplacementCharacters
    self.maxControlCharacters = maxControlCharacters
    self.maxSymbolRun = maxSymbolRun
    self.maxASCIIPunctuationRun = maxASCIIPunctuationRun
  }

  public func check(_ text: String) -> GarbledReport {
    var letters: [String: Int] = [:]
    var firstOffset: [String: Int] = [:]
    var replacement = 0, replacementAt = -1
    var control = 0, controlAt = -1
    var symbolRun = 0, longestSymbolRun = 0, symbolRunAt = -1
    var punctuationRun = 0, longestPunctuationRun = 0, punctuationRunAt = -1
    var offset = 0
    var latinLetters = 0, latinAt = 0  // ASCII letters, counted apart because they are most of the text
    for s in text.unicodeScalars {
      defer { offset += 1 }
      let v = s.value
      if v < 128 {
        symbolRun = 0
        let isPunctuation = v > 32 && v < 127 && !((v | 32) >= 97 && (v | 32) <= 122) && !(v >= 48 && v <= 57)
        if isPunctuation {
          punctuationRun += 1
          if punctuationRun > longestPunctuationRun { longestPunctuationRun = punctuationRun; punctuationRunAt = offset - punctuationRun + 1 }
        } else { punctuationRun = 0 }
        // U+0008, U+000B, U+000C are what JSON-escaping turns \beta, \vec, \frac into: not counted.
        if (v < 32 && v != 9 && v != 10 && v != 13 && v != 8 && v != 11 && v != 12) || v == 127 {
          control += 1; if controlAt < 0 { controlAt = offset }
        } else if (v | 32) >= 97 && (v | 32) <= 122 {
          if latinLetters == 0 { latinAt = offset }
          latinLetters += 1
        }
        continue
      }
      punctuationRun = 0
      if v == 0xFFFD || (v >= 0xE000 && v <= 0xF8FF) {
        replacement += 1; if replacementAt < 0 { replacementAt = offset }
        continue
      }
      if v >= 0x80 && v <= 0x9F { control += 1; if controlAt < 0 { controlAt = offset }; continue }
      let properties = s.properties
      if properties.isAlphabetic {
        symbolRun = 0
        let script = GarbledTextDetector.script(of: v)
        if script != "Greek" {
          letters[script, default: 0] += 1
          if firstOffset[script] == nil { firstOffset[script] = offset }
        }
        continue
      }
      let category = properties.generalCategory
      let isSymbol: Bool
      switch category {
      case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol, .otherPunctuation, .privateUse,
        .unassigned, .surrogate, .format:
        isSymbol = true
      default: isSymbol = false
      }
      // Mathematical operators (≤, ∞, √) are mathematics, not noise.
      if isSymbol && !(category == .mathSymbol && v >= 0x2200 && v <= 0x22FF) {
        symbolRun += 1
        if symbolRun > longestSymbolRun { longestSymbolRun = symbolRun; symbolRunAt = offset - symbolRun + 1 }
      } else { symbolRun = 0 }
    }
    if latinLetters > 0 {
      letters["Latin", default: 0] += latinLetters
      firstOffset["Latin"] = min(firstOffset["Latin"] ?? latinAt, latinAt)
    }
    var findings: [GarbledFinding] = []
    let scripts = letters.filter { $0.value >= minScriptLetters }.sorted { (firstOffset[$0.key] ?? 0) < (firstOffset[$1.key] ?? 0) }
    if scripts.count > maxScripts {
      let second = scripts[maxScripts]
      findings.append(GarbledFinding(
        rule: .mixedScripts, offset: firstOffset[second.key] ?? 0,
        detail: "letters of \(scripts.count) scripts: " + scripts.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
    }
    if replacement > maxReplacementCharacters {
      findings.append(GarbledFinding(rule: .replacementCharacter, offset: replacementAt,
        detail: "\(replacement) U+FFFD or private-use characters"))
    }
    if control > maxControlCharacters {
      findings.append(GarbledFinding(rule: .controlCharacter, offset: controlAt, detail: "\(control) control characters"))
    }
    if longestSymbolRun > maxSymbolRun {
      findings.append(GarbledFinding(rule: .symbolRun, offset: symbolRunAt, detail: "a run of \(longestSymbolRun) symbols"))
    } else if longestPunctuationRun > maxASCIIPunctuationRun {
      findings.append(GarbledFinding(rule: .symbolRun, offset: punctuationRunAt,
        detail: "a run of \(longestPunctuationRun) ASCII punctuation marks"))
    }
    return GarbledReport(findings: findings, scriptLetters: letters)
  }

  static func script(of v: UInt32) -> String {
    switch v {
    case 0x00C0...0x024F, 0x1E00...0x1EFF: return "Latin"
    case 0x0370...0x03FF, 0x1F00...0x1FFF: return "Greek"
    case 0x0400...0x052F: return "Cyrillic"
    case 0x0530...0x058F: return "Armenian"
    case 0x0590...0x05FF: return "Hebrew"
    case 0x0600...0x06FF, 0x0750...0x077F: return "Arabic"
    case 0x0900...0x097F: return "Devanagari"
    case 0x0E00...0x0E7F: return "Thai"
    case 0x1100...0x11FF, 0xAC00...0xD7AF: return "Hangul"
    case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: return "CJK"
    case 0x1D400...0x1D7FF: return "Greek"  // mathematical alphanumerics: mathematics
    default: return "Other"
    }
  }
}
