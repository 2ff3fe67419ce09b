// Training forward and backward of LlamaModel on a [B, T] batch: the forward reads as the architecture,
// the backward is its reverse, layer by layer, accumulating (+=) into a gradient store of the same layout.
// Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift (finite differences of ReferenceLlama).

extension LlamaModel {
  /// Rows of logits the output head materialises at once ([chunk, V]).
  public static let headChunkRows = 256

  /// Runs the model on `batch` and returns the loss summed over the head's chunks. With `gradients`
  /// it also back-propagates, adding dLoss/dθ into `gradients` (same layout as `parameters`; not zeroed
  /// here). With nil it runs forward only and calls the loss with wantGradient false (reference log-probs).
  /// The batch must pass `check(_:)` (token ids in range, length within the context).
  public func forwardBackward(batch: TrainingBatch, loss: OutputLoss, gradients: ParameterStore?) -> Double {
    precondition((try? check(batch)) != nil, "forwardBackward: batch fails check(_:)")
    if let gradients { precondition(gradients.layout == parameters.layout, "gradient layout ≠ model") }
    let d = dims, B = batch.batchSize, T = batch.sequenceLength, N = B * T, C = d.channels
    let a = takeWorkspace(rows: N, time: T, training: gradients != nil)
    defer { trainingWorkspace.withLock { $0 = a } }
    let tokens = UnsafeMutablePointer<Int32>.allocate(capacity: N)
    let positions = UnsafeMutablePointer<Int32>.allocate(capacity: N)
    defer {
      tokens.deallocate()
      positions.deallocate()
    }
    for n in 0..<N {
      tokens[n] = batch.tokens[n]
      positions[n] = Int32(n % T)
    }
    let P = parameters, bias = config.attentionBias

    // Forward.
    embeddingForward(a.x(0), tokens, P.pointer("model.embed_tokens.weight"), rows: N, channels: C)
    for l in 0..<d.layers {
      let w = LayerViews(P, layer: l, bias: bias)
      let x = a.x(l), x2 = a.x2(l), qkv = a.q(l)
      rmsNormForward(a.normed.pointer, a.r1(l), x, w.inputNorm, rows: N, channels: C, eps: d.eps)
      linearForward(qkv, a.normed.pointer, w.qkv, w.qkvBias, rows: N, inFeatures: C, outFeatures: d.qkvDim)
      applyRotary(qkv, positions, rotary, rows: N, rowStride: d.qkvDim, column: 0, heads: d.heads)
      applyRotary(qkv, positions, rotary, rows: N, rowStride: d.qkvDim, column: d.qDim, heads: d.kvHeads)
      causalAttentionForward(a.att(l), a.lse(l), qkv, scratch: a.scores.pointer, batch: B, time: T, dims: d)
      x2.update(from: x, count: N * C)
      linearForward(x2, a.att(l), w.output, nil, rows: N, inFeatures: d.qDim, outFeatures: C, accumulate: true)
      rmsNormForward(a.normed.pointer, a.r2(l), x2, w.postNorm, rows: N, channels: C, eps: d.eps)
      linearForward(a.gu(l), a.normed.pointer, w.gateUp, nil, rows: N, inFeatures: C, outFeatures: 2 * d.ffn)
      swigluForward(a.hidden.pointer, a.gu(l), rows: N, ffn: d.ffn)
      let next = a.x(l + 1)
      next.update(from: x2, count: N * C)
      linearForward(next, a.hidden.pointer, w.down, nil, rows: N, inFeatures: d.ffn, outFeatures: C, accumulate: true)
    }
    let xL = a.x(d.layers), finalNorm = P.pointer("model.norm.weight")
    rmsNormForward(a.finalNormed.pointer, a.finalRstd.pointer, xL, finalNorm, rows: N, channels: C, eps: d.eps)
    let head = P.pointer(headWeightName)
    guard let G = gradients, let dx = a.dx?.pointer, let dn = a.dNormed else {
      return outputHeadForwardBackward(
        nil, nil, a.finalNormed.pointer, head, logits: a.logits.pointer, loss: loss, rows: N, channels: C, vocab: d.vocab,
        chunkRows: Self.headChunkRows)
    }

    // Backward: the reverse, gradients accumulating into G.
    dn.zero()
    let total = outputHeadForwardBackward(
      dn.pointer, G.pointer(headWeightName), a.finalNormed.pointer, head, logits: a.logits.pointer, loss: loss, rows: N,
      channels: C, vocab: d.vocab, chunkRows: Self.headChunkRows)
    a.dx!.zero()
    rmsNormBackward(dx, G.pointer("model.norm.weight"), dn.pointer, xL, a.finalRstd.pointer, finalNorm, rows: N, channels: C)
    let dHidden = a.dHidden!, dGateUp = a.dGateUp!, dAtt = a.dAttention!, dqkv = a.dqkv!
    for l in stride(from: d.layers - 1, through: 0, by: -1) {
      let w = LayerViews(P, layer: l, bias: bias), g = LayerViews(G, layer: l, bias: bias)
      let x = a.x(l), x2 = a.x2(l), xn = a.normed.pointer
      // MLP: x_next = x2 + down(swiglu(gateUp(norm(x2)))); dx holds dL/dx_next.
      rmsNormForward(xn, nil, x2, w.postNorm, rows: N, channels: C, eps: d.eps)
      swigluForward(a.hidden.pointer, a.gu(l), rows: N, ffn: d.ffn)
      dHidden.zero()
      linearBackward(dHidden.pointer, g.down, nil, dx, a.hidden.pointer, w.down, rows: N, inFeatures: d.ffn, outFeatures: C)
      dGateUp.zero()
      swigluBackward(dGateUp.pointer, dHidden.pointer, a.gu(l), rows: N, ffn: d.ffn)
      dn.zero()
      linearBackward(dn.pointer, g.gateUp, nil, dGateUp.pointer, xn, w.gateUp, rows: N, inFeatures: C, outFeatures: 2 * d.ffn)
      rmsNormBackward(dx, g.postNorm, dn.pointer, x2, a.r2(l), w.postNorm, rows: N, channels: C)
      // Attention: x2 = x + o(attn(rope(qkv(norm(x))))); dx now holds dL/dx2.
      dAtt.zero()
      linearBackward(dAtt.pointer, g.output, nil, dx, a.att(l), w.output, rows: N, inFeatures: d.qDim, outFeatures: C)
      dqkv.zero()
      causalAttentionBackward(
        dqkv.pointer, dAtt.pointer, a.att(l), a.lse(l), a.q(l), scratch: a.scores.pointer, a.dScores.pointer,
        batch: B, time: T, dims: d)
      applyRotary(dqkv.pointer, positions, rotary, rows: N, rowStride: d.qkvDim, column: 0, heads: d.heads, inverse: true)
      applyRotary(dqkv.pointer, positions, rotary, rows: N, rowStride: d.qkvDim, column: d.qDim, heads: d.kvHeads, inverse: true)
      rmsNormForward(xn, nil, x, w.inputNorm, rows: N, channels: C, eps: d.eps)
      dn.zero()
      linearBackward(dn.pointer, g.qkv, g.qkvBias, dqkv.pointer, xn, w.qkv, rows: N, inFeatures: C, outFeatures: d.qkvDim)
      rmsNormBackward(dx, g.inputNorm, dn.pointer, x, a.r1(l), w.inputNorm, rows: N, channels: C)
    }
    embeddingBackward(G.pointer("model.embed_tokens.weight"), dx, tokens, rows: N, channels: C)
    return total
  }

  /// The cached workspace when it fits a [B, T] pass, else a new one (the old one is dropped first, so
  /// two are never held). A concurrent second pass finds none cached and allocates its own.
  private func takeWorkspace(rows n: Int, time T: Int, training: Bool) -> TrainingActivations {
    let cached = trainingWorkspace.withLock { w -> TrainingActivations? in
      defer { w = nil }
      return w
    }
    if let cached, cached.fits(rows: n, time: T, training: training) { return cached }
    return TrainingActivations(dims: dims, rows: n, time: T, training: training, chunkRows: Self.headChunkRows)
  }

  /// Frees the activations kept between `forwardBackward` calls (they are rebuilt on the next call).
  public func releaseTrainingWorkspace() { trainingWorkspace.withLock { $0 = nil } }

  /// Bytes of activations and scratch one `forwardBackward` holds for a [B, T] batch (weights,
  /// gradients and optimizer state not included).
  public static func activationBytes(config: LlamaConfig, batchSize: Int, sequenceLength: Int,
                                     training: Bool = true) -> Int {
    TrainingActivations.byteCount(
      config: config, batchSize: batchSize, sequenceLength: sequenceLength, training: training,
      chunkRows: headChunkRows)
  }
}
