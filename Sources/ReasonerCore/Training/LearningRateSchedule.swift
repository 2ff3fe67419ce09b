// Learning-rate schedules: linear warm-up, then constant or cosine decay to a floor.
// Tested in Tests/ReasonerCoreTests/AdamWTests.swift (values at the boundaries and midpoints).
import Foundation

public enum ScheduleKind: String, Codable, Sendable, CaseIterable {
  case constant, cosine
}

/// lr(step) for 0-based optimizer steps: warm-up from lr/warmup to lr over `warmupSteps`, then constant
/// or a half cosine from lr to `minRatio`·lr at `totalSteps`.
public struct LearningRateSchedule: Codable, Equatable, Sendable {
  public var peak: Float
  public var warmupSteps: Int
  public var totalSteps: Int
  public var kind: ScheduleKind
  public var minRatio: Float

  public init(peak: Float, warmupSteps: Int, totalSteps: Int, kind: ScheduleKind, minRatio: Float = 0.1) {
    self.peak = peak
    self.warmupSteps = warmupSteps
    self.totalSteps = totalSteps
    self.kind = kind
    self.minRatio = minRatio
  }

  public func validate() throws {
    if !(peak.isFinite && peak > 0) {
      throw ReasonerError(.invalidArgument, "lr: expected a positive finite number, got \(peak)")
    }
    if warmupSteps < 0 {
      throw ReasonerError(.invalidArgument, "warmup: expected ≥ 0 steps, got \(warmupSteps)")
    }
    if totalSteps < 1 {
      throw ReasonerError(.invalidArgument, "steps: expected ≥ 1, got \(totalSteps)")
    }
  }

  public func learningRate(atStep step: Int) -> Float {
    if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
    switch kind {
    case .constant: return peak
    case .cosine:
      let span = max(1, totalSteps - warmupSteps)
      let progress = min(1, Double(step - warmupSteps) / Double(span))
      let cosine = 0.5 * (1 + cos(Double.pi * progress))
      return peak * (minRatio + (1 - minRatio) * Float(cosine))
    }
  }
}
