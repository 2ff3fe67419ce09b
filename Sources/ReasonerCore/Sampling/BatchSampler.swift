// BatchSampler: samples every row of a [rows, V] logits batch in parallel, each row from its own random
// stream, with per-worker scratch (no allocation per step). Used by the generator and by
// `reasoner bench sampler`; tested through GenerationTests.swift (threads 1 vs 2 give equal tokens).

/// Which row of a batch failed to sample, and why.
public struct BatchSamplingFailure: Error {
  public var row: Int
  public var error: ReasonerError
}

/// Parallel sampling of logits rows. Row i draws from `streams[streamOfRow[i]]` on worker i mod W, so
/// the result does not depend on W.
public struct BatchSampler {
  public let sampler: TokenSampler
  /// One per worker.
  let workspaces: [SamplerWorkspace]

  public init(sampler: TokenSampler, vocabularySize: Int, threads: Int) {
    self.sampler = sampler
    workspaces = (0..<max(1, threads)).map { _ in SamplerWorkspace(vocabularySize: vocabularySize) }
  }

  /// Samples rows 0..<streamOfRow.count of `logits` [rows, V] into `sampled` [≥ rows].
  /// Throws the lowest failing row (NaN/+∞ logits).
  public func sample(logits: UnsafePointer<Float>, streamOfRow: [Int], streams: inout [Xoshiro256StarStar],
                     into sampled: inout [SampledToken]) throws(BatchSamplingFailure) {
    let rows = streamOfRow.count
    precondition(sampled.count >= rows, "BatchSampler: sampled holds \(sampled.count) < \(rows) rows")
    let vocabulary = workspaces[0].vocabularySize
    let workers = min(workspaces.count, rows)
    var failures = [ReasonerError?](repeating: nil, count: rows)
    streams.withUnsafeMutableBufferPointer { streamBuffer in
      sampled.withUnsafeMutableBufferPointer { sampledBuffer in
        failures.withUnsafeMutableBufferPointer { failureBuffer in
          let shared = SharedRows(
            logits: logits, streams: streamBuffer.baseAddress!, sampled: sampledBuffer.baseAddress!,
            failures: failureBuffer.baseAddress!)
          let sampler = self.sampler, workspaces = self.workspaces
          parallelFor(workers, threads: workers) { worker in
            var row = worker
            while row < rows {
              let uniform = shared.streams[streamOfRow[row]].nextUniform()
              do {
                shared.sampled[row] = try sampler.sample(
                  logits: shared.logits + row * vocabulary, uniform: uniform, workspace: workspaces[worker])
              } catch let error as ReasonerError {
                shared.failures[row] = error
              } catch {
                shared.failures[row] = ReasonerError(.numerical, "\(error)")
              }
              row += workers
            }
          }
        }
      }
    }
    if let row = failures.firstIndex(where: { $0 != nil }) {
      throw BatchSamplingFailure(row: row, error: failures[row]!)
    }
  }
}

/// The buffers the workers share; each row (and each row's stream) is touched by exactly one worker.
private struct SharedRows: @unchecked Sendable {
  let logits: UnsafePointer<Float>
  let streams: UnsafeMutablePointer<Xoshiro256StarStar>
  let sampled: UnsafeMutablePointer<SampledToken>
  let failures: UnsafeMutablePointer<ReasonerError?>
}
