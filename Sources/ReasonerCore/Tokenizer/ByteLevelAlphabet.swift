// ByteLevelAlphabet: GPT-2's reversible byte ↔ printable-character map (bytes_to_unicode), which byte-level
// BPE vocabularies are written in. Tested in TokenizerTests (every byte round-trips).

/// GPT-2's `bytes_to_unicode`: printable Latin-1 bytes map to themselves, the other 68 bytes to U+0100….
public enum ByteLevelAlphabet {
  /// byte → character of the vocabulary's alphabet.
  public static let characterForByte: [Unicode.Scalar] = {
    var printable = Set<Int>()
    for r in [0x21...0x7E, 0xA1...0xAC, 0xAE...0xFF] { printable.formUnion(r) }
    var map = [Unicode.Scalar](repeating: " ", count: 256)
    var next = 0
    for b in 0..<256 {
      if printable.contains(b) {
        map[b] = Unicode.Scalar(UInt32(b))!
      } else {
        map[b] = Unicode.Scalar(UInt32(256 + next))!
        next += 1
      }
    }
    return map
  }()

  /// character → byte (nil for characters outside the alphabet).
  public static let byteForCharacter: [Unicode.Scalar: UInt8] = {
    var m: [Unicode.Scalar: UInt8] = [:]
    for (b, c) in characterForByte.enumerated() { m[c] = UInt8(b) }
    return m
  }()

  /// The raw bytes a vocabulary string stands for, or nil if it uses characters outside the alphabet.
  public static func bytes(of token: String) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(token.unicodeScalars.count)
    for s in token.unicodeScalars {
      guard let b = byteForCharacter[s] else { return nil }
      out.append(b)
    }
    return out
  }

  /// The vocabulary string for raw bytes.
  public static func string(of bytes: some Sequence<UInt8>) -> String {
    var s = String.UnicodeScalarView()
    for b in bytes { s.append(characterForByte[Int(b)]) }
    return String(s)
  }
}
