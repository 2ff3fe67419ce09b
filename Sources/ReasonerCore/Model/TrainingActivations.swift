// What the training forward keeps for the backward pass, and the scratch both passes share.
// Per kept layer and per row: residual input x [C], post-attention residual x2 [C], rstd ×2, fused
// q|k|v after RoPE [H·D+2·KVH·D], attention log-sum-exp [H], attention output [H·D], gate|up [2F].
// Normed inputs and the SwiGLU product are recomputed in backward. Forward-only keeps a single layer.
// The model keeps the last one as a workspace (see LlamaModel.trainingWorkspace): a 135M model's
// activations are ~1.5 GB at 8 × 256, and mapping and zeroing fresh pages every step cost ~15 % of it.
// Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift (memory figure printed by ModelMemoryTests).

final class TrainingActivations: @unchecked Sendable {
  let rows: Int
  /// Longest sequence the attention scratch fits; whether the backward buffers exist.
  let time: Int, training: Bool
  let dims: ModelDims
  let keptLayers: Int
  /// [keptLayers + 1 (training) or 1, N, C]: each layer's input; the last slot feeds the final norm.
  let residual: FloatBuffer
  /// [keptLayers, N, C]: residual after attention.
  let afterAttention: FloatBuffer
  /// [keptLayers, N] each: 1/rms of the two norm inputs.
  let rstd1: FloatBuffer, rstd2: FloatBuffer
  /// [keptLayers, N, H·D + 2·KVH·D]: fused q|k|v after RoPE.
  let qkv: FloatBuffer
  /// [keptLayers, N, H]: log-sum-exp of each attention row.
  let lse: FloatBuffer
  /// [keptLayers, N, H·D]: attention output before o_proj.
  let attention: FloatBuffer
  /// [keptLayers, N, 2F]: gate|up before SwiGLU.
  let gateUp: FloatBuffer
  /// [N, C] final-normed hidden; [N] its rstd.
  let finalNormed: FloatBuffer, finalRstd: FloatBuffer
  /// Scratch: normed input [N, C], SwiGLU output [N, F].
  let normed: FloatBuffer, hidden: FloatBuffer
  /// Backward scratch (nil when forward-only): dx [N, C] residual gradient, dNormed [N, C],
  /// dHidden [N, F], dGateUp [N, 2F], dAttention [N, H·D], dqkv [N, H·D + 2·KVH·D].
  let dx: FloatBuffer?, dNormed: FloatBuffer?, dHidden: FloatBuffer?, dGateUp: FloatBuffer?
  let dAttention: FloatBuffer?, dqkv: FloatBuffer?
  /// [chunkRows, V]: the output head's logits chunk. [T, T] each: attention scores / probabilities and
  /// (training) their gradients.
  let logits: FloatBuffer, scores: FloatBuffer, dScores: FloatBuffer

  init(dims d: ModelDims, rows n: Int, time T: Int, training: Bool, chunkRows: Int) {
    rows = n
    dims = d
    time = T
    self.training = training
    logits = FloatBuffer(min(n, chunkRows) * d.vocab)
    scores = FloatBuffer(T * T)
    dScores = FloatBuffer(training ? T * T : 0)
    keptLayers = training ? d.layers : 1
    let k = keptLayers
    residual = FloatBuffer((training ? k + 1 : 1) * n * d.channels)
    afterAttention = FloatBuffer(k * n * d.channels)
    rstd1 = FloatBuffer(k * n)
    rstd2 = FloatBuffer(k * n)
    qkv = FloatBuffer(k * n * d.qkvDim)
    lse = FloatBuffer(k * n * d.heads)
    attention = FloatBuffer(k * n * d.qDim)
    gateUp = FloatBuffer(k * n * 2 * d.ffn)
    finalNormed = FloatBuffer(n * d.channels)
    finalRstd = FloatBuffer(n)
    normed = FloatBuffer(n * d.channels)
    hidden = FloatBuffer(n * d.ffn)
    dx = training ? FloatBuffer(n * d.channels) : nil
    dNormed = training ? FloatBuffer(n * d.channels) : nil
    dHidden = training ? FloatBuffer(n * d.ffn) : nil
    dGateUp = training ? FloatBuffer(n * 2 * d.ffn) : nil
    dAttention = training ? FloatBuffer(n * d.qDim) : nil
    dqkv = training ? FloatBuffer(n * d.qkvDim) : nil
  }

  /// Whether this workspace serves a [B, T] pass of `rows` = B·T rows (views keep this one's row stride).
  func fits(rows n: Int, time T: Int, training wantsTraining: Bool) -> Bool {
    n <= rows && T <= time && (training || !wantsTraining)
  }

  /// Slot of layer l's saved tensors.
  func slot(_ l: Int) -> Int { keptLayers == 1 ? 0 : l }
  /// Layer l's input (l == L: the final norm's input).
  func x(_ l: Int) -> UnsafeMutablePointer<Float> { residual.pointer + slot(l) * rows * dims.channels }
  func x2(_ l: Int) -> UnsafeMutablePointer<Float> {
    afterAttention.pointer + slot(l) * rows * dims.channels
  }
  func r1(_ l: Int) -> UnsafeMutablePointer<Float> { rstd1.pointer + slot(l) * rows }
  func r2(_ l: Int) -> UnsafeMutablePointer<Float> { rstd2.pointer + slot(l) * rows }
  func q(_ l: Int) -> UnsafeMutablePointer<Float> { qkv.pointer + slot(l) * rows * dims.qkvDim }
  func lse(_ l: Int) -> UnsafeMutablePointer<Float> { lse.pointer + slot(l) * rows * dims.heads }
  func att(_ l: Int) -> UnsafeMutablePointer<Float> { attention.pointer + slot(l) * rows * dims.qDim }
  func gu(_ l: Int) -> UnsafeMutablePointer<Float> { gateUp.pointer + slot(l) * rows * 2 * dims.ffn }
  /// Bytes held for a [B, T] batch: saved activations + scratch + one logits chunk [chunkRows, V] +
  /// the attention kernels' [T, T] scratch (two in backward).
  static func byteCount(config: LlamaConfig, batchSize: Int, sequenceLength T: Int, training: Bool,
                        chunkRows: Int) -> Int {
    let d = ModelDims(config), n = batchSize * T
    let k = training ? d.layers : 1
    var floats = (training ? k + 1 : 1) * n * d.channels
    floats += k * n * (d.channels + 2 + d.qkvDim + d.heads + d.qDim + 2 * d.ffn)
    floats += n * (2 * d.channels + 1 + d.ffn)
    if training { floats += n * (2 * d.channels + 3 * d.ffn + d.qDim + d.qkvDim) }
    floats += min(n, chunkRows) * d.vocab + (training ? 2 : 1) * T * T
    return floats * MemoryLayout<Float>.size
  }
}
