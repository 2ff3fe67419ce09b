// PreTokenizer: splits text into the pieces BPE runs on, as the regexes of GPT-2, Llama-3 and Qwen2 do
// (hand-written scanners, no regex engine), with SmolLM's digit split. Tested in TokenizerTests and, against
// Hugging Face `tokenizers`, in python/tests/test_tokenizer_matches_hf.py.

/// The pre-tokenization rule, named as llama.cpp's `tokenizer.ggml.pre` names it.
public enum PreTokenizerKind: String, Sendable, CaseIterable {
  /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
  case gpt2
  /// SmolLM / StarCoder: every \p{N} character isolated (HF `Digits(individual_digits=True)`), then GPT-2.
  case smollm
  /// Llama-3: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
  case llama3 = "llama-bpe"
  /// Qwen2: the Llama-3 pattern with single digits (`\p{N}` instead of `\p{N}{1,3}`).
  case qwen2

  /// Splits `text` into pieces (as unicode-scalar ranges of `scalars`).
  public func split(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
    var out: [Range<Int>] = []
    switch self {
    case .gpt2: gpt2Split(scalars, 0..<scalars.count, into: &out)
    case .smollm:
      // Digits first: each numeric scalar is its own piece; the text between runs through GPT-2.
      var start = 0
      for i in 0..<scalars.count where isNumber(scalars[i]) {
        if start < i { gpt2Split(scalars, start..<i, into: &out) }
        out.append(i..<i + 1)
        start = i + 1
      }
      if start < scalars.count { gpt2Split(scalars, start..<scalars.count, into: &out) }
    case .llama3: llama3Split(scalars, maxDigits: 3, into: &out)
    case .qwen2: llama3Split(scalars, maxDigits: 1, into: &out)
    }
    return out
  }
}

@inline(__always) func isLetter(_ s: Unicode.Scalar) -> Bool {
  if s.value < 0x80 { return (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A }
  switch s.properties.generalCategory {
  case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
  default: return false
  }
}

@inline(__always) func isNumber(_ s: Unicode.Scalar) -> Bool {
  if s.value < 0x80 { return s.value >= 0x30 && s.value <= 0x39 }
  switch s.properties.generalCategory {
  case .decimalNumber, .letterNumber, .otherNumber: return true
  default: return false
  }
}

@inline(__always) func isSpace(_ s: Unicode.Scalar) -> Bool {
  if s.value < 0x80 { return s.value == 0x20 || (s.value >= 0x09 && s.value <= 0x0D) }
  return s.properties.isWhitespace
}

@inline(__always) func isNewline(_ s: Unicode.Scalar) -> Bool { s == "\n" || s == "\r" }

/// Length of a contraction ('s 't 'm 'd 're 've 'll) at i, or 0. Llama-3 matches case-insensitively.
func contractionLength(_ t: [Unicode.Scalar], _ i: Int, _ end: Int, caseInsensitive: Bool) -> Int {
  guard t[i] == "'", i + 1 < end else { return 0 }
  func lower(_ s: Unicode.Scalar) -> Unicode.Scalar {
    caseInsensitive && s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(s.value + 32)! : s
  }
  let a = lower(t[i + 1])
  if a == "s" || a == "t" || a == "m" || a == "d" { return 2 }
  if i + 2 < end {
    let b = lower(t[i + 2])
    if (a == "r" && b == "e") || (a == "v" && b == "e") || (a == "l" && b == "l") { return 3 }
  }
  return 0
}

/// End of the run of scalars from i satisfying `p`.
@inline(__always) func runEnd(_ t: [Unicode.Scalar], _ i: Int, _ end: Int, _ p: (Unicode.Scalar) -> Bool) -> Int {
  var j = i
  while j < end && p(t[j]) { j += 1 }
  return j
}

/// `\s+(?!\S)|\s+` at a whitespace scalar i: the run, minus its last scalar when a non-space follows
/// (that scalar then prefixes the next word), but never shorter than one scalar.
@inline(__always) func whitespaceEnd(_ t: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int {
  let e = runEnd(t, i, end, isSpace)
  return (e == end || e - i == 1) ? e : e - 1
}

func isOther(_ s: Unicode.Scalar) -> Bool { !isSpace(s) && !isLetter(s) && !isNumber(s) }

func gpt2Split(_ t: [Unicode.Scalar], _ range: Range<Int>, into out: inout [Range<Int>]) {
  var i = range.lowerBound
  let end = range.upperBound
  while i < end {
    var j: Int
    let c = contractionLength(t, i, end, caseInsensitive: false)
    if c > 0 {
      j = i + c
    } else {
      // ' ?X+' for X in letters, numbers, others: an optional single space, then a run of one class.
      let k = (t[i] == " " && i + 1 < end) ? i + 1 : i
      if isLetter(t[k]) {
        j = runEnd(t, k, end, isLetter)
      } else if isNumber(t[k]) {
        j = runEnd(t, k, end, isNumber)
      } else if isOther(t[k]) {
        j = runEnd(t, k, end, isOther)
      } else {
        j = whitespaceEnd(t, i, end)
      }
    }
    out.append(i..<j)
    i = j
  }
}

func llama3Split(_ t: [Unicode.Scalar], maxDigits: Int, into out: inout [Range<Int>]) {
  var i = 0
  let end = t.count
  while i < end {
    var j: Int
    let c = contractionLength(t, i, end, caseInsensitive: true)
    let s = t[i]
    if c > 0 {
      j = i + c
    } else if isLetter(s) {
      j = runEnd(t, i, end, isLetter)
    } else if !isNewline(s) && !isNumber(s) && i + 1 < end && isLetter(t[i + 1]) {
      // [^\r\n\p{L}\p{N}]?\p{L}+ : one leading space or punctuation mark joins the word.
      j = runEnd(t, i + 1, end, isLetter)
    } else if isNumber(s) {
      j = min(runEnd(t, i, end, isNumber), i + maxDigits)
    } else if isOther(s) || (s == " " && i + 1 < end && isOther(t[i + 1])) {
      // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
      let k = isOther(s) ? i : i + 1
      j = runEnd(t, runEnd(t, k, end, isOther), end, isNewline)
    } else {
      // Whitespace: `\s*[\r\n]+` (up to the last newline of the run), else `\s+(?!\S)|\s+`.
      let e = runEnd(t, i, end, isSpace)
      var lastNewline = -1
      for k in i..<e where isNewline(t[k]) { lastNewline = k }
      j = lastNewline >= 0 ? lastNewline + 1 : whitespaceEnd(t, i, end)
    }
    out.append(i..<j)
    i = j
  }
}
