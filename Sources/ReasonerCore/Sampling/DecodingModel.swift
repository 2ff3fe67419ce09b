// DecodingModel: the seam between a model with a KV cache and the sampler. LlamaModel conforms; the
// sampler's tests use a small mock. Slots are sequences decoded side by side (the batch).

/// A causal LM that can decode many sequences at once with a KV cache.
public protocol DecodingModel: AnyObject, Sendable {
  /// V: the width of every logits row.
  var vocabularySize: Int { get }
  /// The most tokens one sequence may hold (prompt plus generated).
  var contextLength: Int { get }
  /// A fresh session with `slots` empty sequences, each able to grow to `capacity` tokens.
  func makeSession(slots: Int, capacity: Int) throws -> DecodingSession
}

/// The KV cache of a batch of sequences, and the forward passes that extend it.
public protocol DecodingSession: AnyObject {
  /// Tokens held by each slot.
  func length(ofSlot slot: Int) -> Int
  /// Appends `tokens` to slot `slot` in one forward pass (prefill) and writes the logits of the last
  /// position into `lastLogits` [V]. Throws when the slot would exceed its capacity.
  func prefill(slot: Int, tokens: [Int32], lastLogits: UnsafeMutablePointer<Float>) throws
  /// Makes each slot in `targets` hold exactly what `source` holds (tokens and cached keys/values):
  /// how K samples share one prompt's prefill instead of recomputing it K times.
  func copySlot(_ source: Int, to targets: [Int])
  /// Appends one token to each listed slot (tokens[i] to slots[i]) in one batched forward pass and
  /// writes their logits, row i for slots[i], into `logits` [slots.count, V].
  func decode(slots: [Int], tokens: [Int32], logits: UnsafeMutablePointer<Float>) throws
}
