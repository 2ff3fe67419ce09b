// ReferenceLlama: a naive Double-precision Llama forward (plain loops, no BLAS, no fusion, one sequence at
// a time), written straight from the HF modeling code. Used by tests as the independent reference for
// logits and, through finite differences of its loss, for every gradient. Slow by design.
import Foundation

public struct ReferenceLlama {
  public let config: LlamaConfig
  /// HF-named weights in Double, row-major PyTorch shapes.
  public var weights: [String: [Double]]

  public init(config: LlamaConfig, weights: [String: HostTensor]) {
    self.config = config
    self.weights = weights.mapValues { $0.data.map(Double.init) }
  }

  /// y[out] = W[out, in]·x (+ b)
  func linear(_ x: [Double], _ name: String, out: Int, bias: String? = nil) -> [Double] {
    let w = weights[name]!, n = x.count
    var y = [Double](repeating: 0, count: out)
    for o in 0..<out {
      var s = 0.0
      for i in 0..<n { s += w[o * n + i] * x[i] }
      y[o] = s + (bias.map { weights[$0]![o] } ?? 0)
    }
    return y
  }

  func rmsNorm(_ x: [Double], _ name: String) -> [Double] {
    let w = weights[name]!
    let ms = x.reduce(0) { $0 + $1 * $1 } / Double(x.count)
    let r = 1 / (ms + Double(config.rmsNormEps)).squareRoot()
    return (0..<x.count).map { x[$0] * r * w[$0] }
  }

  /// HF rotate_half: (x1, x2) → (x1·cos − x2·sin, x2·cos + x1·sin) per head.
  func rope(_ v: [Double], heads: Int, position: Int) -> [Double] {
    let D = config.headDimension, half = D / 2
    var out = v
    for h in 0..<heads {
      for i in 0..<half {
        let angle = Double(position) / pow(Double(config.ropeTheta), Double(2 * i) / Double(D))
        let a = v[h * D + i], b = v[h * D + i + half]
        out[h * D + i] = a * cos(angle) - b * sin(angle)
        out[h * D + i + half] = b * cos(angle) + a * sin(angle)
      }
    }
    return out
  }

  /// Logits [T][V] of one sequence, positions 0..<T.
  public func logits(tokens: [Int32]) -> [[Double]] {
    let c = config, C = c.hiddenSize, D = c.headDimension, H = c.numAttentionHeads
    let KVH = c.numKeyValueHeads, G = H / KVH, F = c.intermediateSize, T = tokens.count
    let emb = weights["model.embed_tokens.weight"]!
    var x: [[Double]] = tokens.map { Array(emb[(Int($0) * C)..<(Int($0) * C + C)]) }
    for l in 0..<c.numHiddenLayers {
      let p = "model.layers.\(l)."
      var q: [[Double]] = [], k: [[Double]] = [], v: [[Double]] = []
      for t in 0..<T {
        let xn = rmsNorm(x[t], p + "input_layernorm.weight")
        let bias = c.attentionBias
        q.append(rope(linear(xn, p + "self_attn.q_proj.weight", out: H * D,
                             bias: bias ? p + "self_attn.q_proj.bias" : nil), heads: H, position: t))
        k.append(rope(linear(xn, p + "self_attn.k_proj.weight", out: KVH * D,
                             bias: bias ? p + "self_attn.k_proj.bias" : nil), heads: KVH, position: t))
        v.append(linear(xn, p + "self_attn.v_proj.weight", out: KVH * D,
                        bias: bias ? p + "self_attn.v_proj.bias" : nil))
      }
      for t in 0..<T {
        var att = [Double](repeating: 0, count: H * D)
        for h in 0..<H {
          let kv = h / G
          var scores = (0...t).map { s in
            (0..<D).reduce(0.0) { $0 + q[t][h * D + $1] * k[s][kv * D + $1] } / Double(D).squareRoot()
          }
          let mx = scores.max()!
          scores = scores.map { exp($0 - mx) }
          let z = scores.reduce(0, +)
          for s in 0...t {
            for i in 0..<D { att[h * D + i] += scores[s] / z * v[s][kv * D + i] }
          }
        }
        let o = linear(att, p + "self_attn.o_proj.weight", out: C)
        for i in 0..<C { x[t][i] += o[i] }
        let xn = rmsNorm(x[t], p + "post_attention_layernorm.weight")
        let g = linear(xn, p + "mlp.gate_proj.weight", out: F)
        let u = linear(xn, p + "mlp.up_proj.weight", out: F)
        let h = (0..<F).map { g[$0] / (1 + exp(-g[$0])) * u[$0] }
        let d = linear(h, p + "mlp.down_proj.weight", out: C)
        for i in 0..<C { x[t][i] += d[i] }
      }
    }
    let head = c.tieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight"
    return x.map { linear(rmsNorm($0, "model.norm.weight"), head, out: c.vocabSize) }
  }

  /// Σ over rows with target ≥ 0 of −log p(target), divided by `normalizer`; rows as in CrossEntropyLoss.
  public func crossEntropy(batch: TrainingBatch, targets: [Int32], normalizer: Double) -> Double {
    var total = 0.0
    let T = batch.sequenceLength
    for b in 0..<batch.batchSize {
      let rows = logits(tokens: Array(batch.tokens[(b * T)..<(b * T + T)]))
      for t in 0..<T where targets[b * T + t] >= 0 {
        let row = rows[t], mx = row.max()!
        let logZ = mx + log(row.reduce(0) { $0 + exp($1 - mx) })
        total += logZ - row[Int(targets[b * T + t])]
      }
    }
    return total / normalizer
  }
}
