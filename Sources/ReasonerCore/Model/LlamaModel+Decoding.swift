// KV-cache decoding for LlamaModel: a session holds keys/values per layer for many slots; prefill runs a
// whole prompt through one slot, decode advances many slots by one token in one batched forward (every
// matrix product has M = number of slots). Tested in Tests/ReasonerCoreTests/ModelDecodingTests.swift.

extension LlamaModel: DecodingModel {
  public var vocabularySize: Int { config.vocabSize }
  public var contextLength: Int { config.maxPositionEmbeddings }

  public func makeSession(slots: Int, capacity: Int) throws -> DecodingSession {
    try LlamaDecodingSession(model: self, slots: slots, capacity: capacity)
  }

  /// This model as the sampler sees it, its decode linear layers reading `weights`: `.fp32` is the model
  /// itself; `.bf16` takes a bf16 copy of the weights at each session's start (so it follows training).
  /// Throws for `.bf16` on a CPU without AVX-512BW.
  public func decoding(weights: DecodeWeightPrecision) throws -> DecodingModel {
    switch weights {
    case .fp32: return self
    case .bf16:
      guard cpuHasBF16WeightKernels else {
        throw ReasonerError(.invalidArgument, "bf16 decode weights need a CPU with AVX-512BW; this one has none: use fp32")
      }
      return BF16DecodingLlama(model: self)
    }
  }
}

/// LlamaModel decoding with bf16 weights in its small-batch linear layers (see `decoding(weights:)`).
final class BF16DecodingLlama: DecodingModel {
  let model: LlamaModel
  init(model: LlamaModel) { self.model = model }
  var vocabularySize: Int { model.vocabularySize }
  var contextLength: Int { model.contextLength }
  func makeSession(slots: Int, capacity: Int) throws -> DecodingSession {
    try LlamaDecodingSession(model: model, slots: slots, capacity: capacity, bf16: BF16Weights(of: model.parameters))
  }
}

public final class LlamaDecodingSession: DecodingSession {
  let model: LlamaModel
  let dims: ModelDims
  public let slotCount: Int
  public let capacity: Int
  /// [L, slots, capacity, KVH, D]: cached keys (after RoPE) and values.
  let keys: FloatBuffer, values: FloatBuffer
  /// Tokens held per slot.
  private var lengths: [Int]
  /// Rows one forward handles at most (longer prefills go in chunks).
  static let maxRows = 512
  /// Scratch for up to `rowsAllocated` rows: residual x [M, C], normed [M, C], qkv [M, H·D+2·KVH·D],
  /// attention [M, H·D], gateUp [M, 2F], hidden [M, F]; slot and position of each row [M].
  private var rowsAllocated = 0
  private var x = FloatBuffer(0), normed = FloatBuffer(0), qkv = FloatBuffer(0)
  private var attention = FloatBuffer(0), gateUp = FloatBuffer(0), hidden = FloatBuffer(0)
  private var rowSlot: [Int32] = [], rowPosition: [Int32] = [], rowToken: [Int32] = []
  /// The bf16 copy read by the small-batch linear layers, or nil to read the fp32 weights.
  private let bf16: BF16Weights?

  init(model: LlamaModel, slots: Int, capacity: Int, bf16: BF16Weights? = nil) throws {
    guard slots > 0 else { throw ReasonerError(.invalidArgument, "decoding session: slots \(slots) must be > 0") }
    guard capacity > 0, capacity <= model.contextLength else {
      throw ReasonerError(
        .invalidArgument,
        "decoding session: capacity \(capacity) must be in 1...\(model.contextLength) (the model's context)")
    }
    self.model = model
    self.bf16 = bf16
    dims = model.dims
    slotCount = slots
    self.capacity = capacity
    let cacheCount = dims.layers * slots * capacity * dims.kvDim
    keys = FloatBuffer(cacheCount, zeroed: false)
    values = FloatBuffer(cacheCount, zeroed: false)
    lengths = Array(repeating: 0, count: slots)
  }

  public func length(ofSlot slot: Int) -> Int { lengths[slot] }

  public func prefill(slot: Int, tokens: [Int32], lastLogits: UnsafeMutablePointer<Float>) throws {
    try checkSlot(slot)
    guard !tokens.isEmpty else { throw ReasonerError(.invalidArgument, "prefill: no tokens for slot \(slot)") }
    try checkTokens(tokens)
    if lengths[slot] + tokens.count > capacity {
      throw ReasonerError(
        .invalidArgument,
        "prefill: slot \(slot) holds \(lengths[slot]) tokens; \(tokens.count) more exceed its capacity \(capacity)")
    }
    var start = 0
    while start < tokens.count {
      let n = min(Self.maxRows, tokens.count - start)
      ensureRows(n)
      for i in 0..<n {
        rowSlot[i] = Int32(slot)
        rowPosition[i] = Int32(lengths[slot] + i)
        rowToken[i] = tokens[start + i]
      }
      forwardRows(n)
      lengths[slot] += n
      start += n
      if start == tokens.count {
        linear(
          lastLogits, normed.pointer + (n - 1) * dims.channels, model.parameters.pointer(model.headWeightName),
          nil, rows: 1, inFeatures: dims.channels, outFeatures: dims.vocab)
      }
    }
  }

  public func copySlot(_ source: Int, to targets: [Int]) {
    precondition((0..<slotCount).contains(source), "copySlot: source slot \(source) outside 0..<\(slotCount)")
    let n = lengths[source] * dims.kvDim, perSlot = capacity * dims.kvDim
    for target in targets where target != source {
      precondition((0..<slotCount).contains(target), "copySlot: slot \(target) outside 0..<\(slotCount)")
      for l in 0..<dims.layers {
        let layerBase = l * slotCount * perSlot
        (keys.pointer + layerBase + target * perSlot).update(from: keys.pointer + layerBase + source * perSlot, count: n)
        (values.pointer + layerBase + target * perSlot).update(from: values.pointer + layerBase + source * perSlot, count: n)
      }
      lengths[target] = lengths[source]
    }
  }

  public func decode(slots: [Int], tokens: [Int32], logits: UnsafeMutablePointer<Float>) throws {
    guard slots.count == tokens.count, !slots.isEmpty else {
      throw ReasonerError(.invalidArgument, "decode: \(slots.count) slots but \(tokens.count) tokens")
    }
    guard Set(slots).count == slots.count else {
      throw ReasonerError(.invalidArgument, "decode: a slot is listed twice in \(slots)")
    }
    for s in slots {
      try checkSlot(s)
      if lengths[s] + 1 > capacity {
        throw ReasonerError(
          .invalidArgument, "decode: slot \(s) is full (\(lengths[s]) tokens, capacity \(capacity))")
      }
    }
    try checkTokens(tokens)
    var start = 0
    while start < slots.count {
      let n = min(Self.maxRows, slots.count - start)
      ensureRows(n)
      for i in 0..<n {
        rowSlot[i] = Int32(slots[start + i])
        rowPosition[i] = Int32(lengths[slots[start + i]])
        rowToken[i] = tokens[start + i]
      }
      forwardRows(n)
      linear(
        logits + start * dims.vocab, normed.pointer, model.parameters.pointer(model.headWeightName), nil,
        rows: n, inFeatures: dims.channels, outFeatures: dims.vocab)
      for i in 0..<n { lengths[slots[start + i]] += 1 }
      start += n
    }
  }

  /// linearForward, or its bf16-weight kernel when this session has a bf16 copy and few rows.
  private func linear(
    _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
    _ bias: UnsafePointer<Float>?, rows: Int, inFeatures: Int, outFeatures: Int, accumulate: Bool = false
  ) {
    guard let bf16, rows <= smallBatchMaxRows else {
      return linearForward(y, x, weight, bias, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures,
                           accumulate: accumulate)
    }
    smallBatchLinearBF16(y, x, bf16.pointer(mirroring: weight), rows: rows, inFeatures: inFeatures,
                         outFeatures: outFeatures, accumulate: accumulate)
    if let bias {
      for n in 0..<rows { addScaled(y + n * outFeatures, 1, bias, outFeatures) }
    }
  }

  private func checkSlot(_ slot: Int) throws {
    guard (0..<slotCount).contains(slot) else {
      throw ReasonerError(.invalidArgument, "slot \(slot) outside 0..<\(slotCount)")
    }
  }

  private func checkTokens(_ tokens: [Int32]) throws {
    if let t = tokens.first(where: { $0 < 0 || Int($0) >= dims.vocab }) {
      throw ReasonerError(.invalidArgument, "token id \(t) outside the vocabulary 0..<\(dims.vocab)")
    }
  }

  private func ensureRows(_ n: Int) {
    if n <= rowsAllocated { return }
    let d = dims
    x = FloatBuffer(n * d.channels)
    normed = FloatBuffer(n * d.channels)
    qkv = FloatBuffer(n * d.qkvDim)
    attention = FloatBuffer(n * d.qDim)
    gateUp = FloatBuffer(n * 2 * d.ffn)
    hidden = FloatBuffer(n * d.ffn)
    rowSlot = Array(repeating: 0, count: n)
    rowPosition = rowSlot
    rowToken = rowSlot
    rowsAllocated = n
  }

  /// Runs rows 0..<M (token rowToken[m] of slot rowSlot[m] at position rowPosition[m]) through every
  /// layer, appending their keys/values to the cache; leaves the final-normed hidden in `normed` [M, C].
  private func forwardRows(_ M: Int) {
    let d = dims, C = d.channels, P = model.parameters
    let perSlot = capacity * d.kvDim
    rowToken.withUnsafeBufferPointer { tok in
      rowSlot.withUnsafeBufferPointer { slotP in
        rowPosition.withUnsafeBufferPointer { posP in
          let slots = slotP.baseAddress!, positions = posP.baseAddress!
          embeddingForward(x.pointer, tok.baseAddress!, P.pointer("model.embed_tokens.weight"), rows: M, channels: C)
          for l in 0..<d.layers {
            let w = LayerViews(P, layer: l, bias: model.config.attentionBias)
            let layerKeys = keys.pointer + l * slotCount * perSlot
            let layerValues = values.pointer + l * slotCount * perSlot
            rmsNormForward(normed.pointer, nil, x.pointer, w.inputNorm, rows: M, channels: C, eps: d.eps)
            linear(qkv.pointer, normed.pointer, w.qkv, w.qkvBias, rows: M, inFeatures: C, outFeatures: d.qkvDim)
            applyRotary(qkv.pointer, positions, model.rotary, rows: M, rowStride: d.qkvDim, column: 0, heads: d.heads)
            applyRotary(qkv.pointer, positions, model.rotary, rows: M, rowStride: d.qkvDim, column: d.qDim, heads: d.kvHeads)
            for m in 0..<M {
              let at = Int(slots[m]) * perSlot + Int(positions[m]) * d.kvDim
              let row = qkv.pointer + m * d.qkvDim + d.qDim
              (layerKeys + at).update(from: row, count: d.kvDim)
              (layerValues + at).update(from: row + d.kvDim, count: d.kvDim)
            }
            cachedAttentionForward(
              attention.pointer, qkv.pointer, layerKeys, layerValues, slots, positions, rows: M,
              capacity: capacity, dims: d)
            linear(x.pointer, attention.pointer, w.output, nil, rows: M, inFeatures: d.qDim, outFeatures: C, accumulate: true)
            rmsNormForward(normed.pointer, nil, x.pointer, w.postNorm, rows: M, channels: C, eps: d.eps)
            linear(gateUp.pointer, normed.pointer, w.gateUp, nil, rows: M, inFeatures: C, outFeatures: 2 * d.ffn)
            swigluForward(hidden.pointer, gateUp.pointer, rows: M, ffn: d.ffn)
            linear(x.pointer, hidden.pointer, w.down, nil, rows: M, inFeatures: d.ffn, outFeatures: C, accumulate: true)
          }
          rmsNormForward(normed.pointer, nil, x.pointer, P.pointer("model.norm.weight"), rows: M, channels: C, eps: d.eps)
        }
      }
    }
  }
}
