// OutputLoss: the seam between the model's chunked output head and any token-level objective
// (SFT cross-entropy, the RL policy-gradient/entropy/KL loss, or a no-gradient observer of
// log-probabilities). The head never holds B×T×V logits: it hands them over in chunks of rows.

/// A loss over output rows, applied chunk by chunk. Row r is the flattened position (b·T + t) of a
/// [B, T] token batch; its logits predict the token at t + 1. The loss owns its targets and masks.
public protocol OutputLoss: AnyObject, Sendable {
  /// Receives `logits` [rows.count, V] for the given rows, returns the chunk's contribution to the loss
  /// (already normalised however the loss defines), and, when `wantGradient` is true, overwrites
  /// `logits` in place with dLoss/dlogits (zero rows for masked positions). May be called concurrently
  /// for disjoint row ranges.
  func apply(rows: Range<Int>, logits: UnsafeMutablePointer<Float>, vocabularySize: Int,
             wantGradient: Bool) -> Double
}
