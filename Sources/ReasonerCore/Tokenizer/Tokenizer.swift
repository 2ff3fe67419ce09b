// Tokenizer: byte-level BPE (GPT-2 family) with whole-matched special tokens, encode/decode and facts the
// sampler and chat templates need. Built from GGUF metadata or tokenizer.json (TokenizerLoading.swift).
// Tested in TokenizerTests and against Hugging Face `tokenizers` in python/tests/test_tokenizer_matches_hf.py.

/// A byte-level BPE tokenizer. Immutable and thread-safe (the piece cache is behind a lock).
public final class Tokenizer: Sendable {
  /// Vocabulary strings by id, as the model file writes them (byte-level alphabet for normal tokens).
  public let tokens: [String]
  /// Ids of tokens matched whole in text and never produced by BPE (control and user-defined tokens).
  public let specialTokens: [String: Int32]
  public let preTokenizer: PreTokenizerKind
  public let bosTokenId: Int32?
  public let eosTokenId: Int32?
  public let padTokenId: Int32?
  /// Whether `encode(_:addSpecial: true)` puts BOS first (GGUF `tokenizer.ggml.add_bos_token`).
  public let addBosToken: Bool
  /// The model's Jinja chat template string, if the file has one.
  public let chatTemplateString: String?
  /// Pairs of vocabulary strings in rank order (kept for writing tokenizer.json).
  public let merges: [(String, String)]
  let encoder: BytePairEncoder
  /// Raw bytes each id decodes to (special tokens: their UTF-8 text).
  let tokenBytes: [[UInt8]]
  /// Special tokens grouped by first unicode scalar, longest first, for leftmost-longest matching.
  let specialsByFirstScalar: [Unicode.Scalar: [(scalars: [Unicode.Scalar], id: Int32)]]

  public init(tokens: [String], merges: [(String, String)], specialTokenIds: Set<Int32>,
              preTokenizer: PreTokenizerKind, bosTokenId: Int32?, eosTokenId: Int32?, padTokenId: Int32? = nil,
              addBosToken: Bool, ignoreMerges: Bool = false, chatTemplate: String? = nil, source: String) throws {
    self.tokens = tokens
    self.merges = merges
    self.preTokenizer = preTokenizer
    self.addBosToken = addBosToken
    self.chatTemplateString = chatTemplate
    for (field, id) in [("bos", bosTokenId), ("eos", eosTokenId), ("padding", padTokenId)] {
      if let id, id < 0 || Int(id) >= tokens.count {
        throw ReasonerError(.invalidFile, "\(source): \(field) token id \(id) is outside the vocabulary (0..<\(tokens.count))")
      }
    }
    self.bosTokenId = bosTokenId
    self.eosTokenId = eosTokenId
    self.padTokenId = padTokenId
    var specials: [String: Int32] = [:]
    var bytes: [[UInt8]] = []
    var bpeBytes: [[UInt8]?] = []
    bytes.reserveCapacity(tokens.count)
    for (i, t) in tokens.enumerated() {
      if specialTokenIds.contains(Int32(i)) {
        specials[t] = Int32(i)
        bytes.append(Array(t.utf8))
        bpeBytes.append(nil)
      } else {
        // A non-special token outside the byte alphabet cannot come out of BPE; decode it as its text.
        let b = ByteLevelAlphabet.bytes(of: t)
        bytes.append(b ?? Array(t.utf8))
        bpeBytes.append(b)
      }
    }
    specialTokens = specials
    tokenBytes = bytes
    var byFirst: [Unicode.Scalar: [(scalars: [Unicode.Scalar], id: Int32)]] = [:]
    for (text, id) in specials where !text.isEmpty {
      let s = Array(text.unicodeScalars)
      byFirst[s[0], default: []].append((s, id))
    }
    for k in byFirst.keys { byFirst[k]!.sort { $0.scalars.count > $1.scalars.count } }
    specialsByFirstScalar = byFirst
    encoder = try BytePairEncoder(tokenBytes: bpeBytes, merges: merges, ignoreMerges: ignoreMerges, source: source)
  }

  public var vocabularySize: Int { tokens.count }

  /// The vocabulary string of `id` (nil when out of range).
  public func tokenText(_ id: Int32) -> String? {
    id >= 0 && Int(id) < tokens.count ? tokens[Int(id)] : nil
  }

  public func isSpecial(_ id: Int32) -> Bool {
    tokenText(id).map { specialTokens[$0] == id } ?? false
  }

  /// Token ids of `text`. Special tokens inside the text are matched whole; with `addSpecial` a BOS is
  /// prepended when the model asks for one (`addBosToken`).
  public func encode(_ text: String, addSpecial: Bool = false) -> [Int32] {
    var ids: [Int32] = []
    if addSpecial && addBosToken, let bos = bosTokenId { ids.append(bos) }
    let scalars = Array(text.unicodeScalars)
    var segmentStart = 0
    var i = 0
    while i < scalars.count {
      if let (length, id) = specialMatch(scalars, at: i) {
        encodeOrdinary(scalars, segmentStart..<i, into: &ids)
        ids.append(id)
        i += length
        segmentStart = i
      } else {
        i += 1
      }
    }
    encodeOrdinary(scalars, segmentStart..<scalars.count, into: &ids)
    return ids
  }

  func specialMatch(_ s: [Unicode.Scalar], at i: Int) -> (Int, Int32)? {
    guard let candidates = specialsByFirstScalar[s[i]] else { return nil }
    for c in candidates where i + c.scalars.count <= s.count {
      if s[i..<i + c.scalars.count].elementsEqual(c.scalars) { return (c.scalars.count, c.id) }
    }
    return nil
  }

  func encodeOrdinary(_ scalars: [Unicode.Scalar], _ range: Range<Int>, into ids: inout [Int32]) {
    if range.isEmpty { return }
    let segment = Array(scalars[range])
    for piece in preTokenizer.split(segment) {
      var utf8: [UInt8] = []
      for s in segment[piece] { UTF8.encode(s) { utf8.append($0) } }
      ids.append(contentsOf: encoder.encode(utf8))
    }
  }

  /// The raw bytes of a token sequence (ids outside the vocabulary are skipped; special tokens too when
  /// `skipSpecial`).
  public func decodeBytes(_ ids: [Int32], skipSpecial: Bool = false) -> [UInt8] {
    var out: [UInt8] = []
    for id in ids where id >= 0 && Int(id) < tokenBytes.count {
      if skipSpecial && isSpecial(id) { continue }
      out.append(contentsOf: tokenBytes[Int(id)])
    }
    return out
  }

  /// Text of a token sequence. Bytes that are not valid UTF-8 (e.g. a sequence cut mid-character)
  /// become U+FFFD; it never fails. Use `StreamingDetokenizer` to print text as it is sampled.
  public func decode(_ ids: [Int32], skipSpecial: Bool = false) -> String {
    String(decoding: decodeBytes(ids, skipSpecial: skipSpecial), as: UTF8.self)
  }
}
