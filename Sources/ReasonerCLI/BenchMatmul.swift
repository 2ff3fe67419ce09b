// `reasoner bench matmul`: sgemm GFLOP/s at a given size, to confirm which OpenBLAS kernels run.
import ArgumentParser
import Foundation
import ReasonerCore

struct BenchMatmul: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "matmul", abstract: "sgemm throughput (GFLOP/s) for an n×n×n product.")

  @Option(help: "Matrix size n.") var size = 1024
  @Option(help: "Repetitions (the median is reported).") var repeats = 5
  @Flag(help: "Print one JSON line.") var json = false

  func run() throws {
    let n = size
    let a = (0..<n * n).map { Float(($0 % 17) - 8) / 8 }
    var c = [Float](repeating: 0, count: n * n)
    var times: [Double] = []
    for _ in 0..<repeats {
      let t0 = DispatchTime.now().uptimeNanoseconds
      c.withUnsafeMutableBufferPointer { cp in matmul(cp.baseAddress!, a, a, m: n, n: n, k: n) }
      times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    let median = times.sorted()[times.count / 2]
    let gflops = 2 * Double(n * n * n) / median / 1e9
    BenchClock.warnAboutSlowKernels()
    let coreType = OpenBLASCoreType.inUse
    if json {
      print("{\"gflops\": \(gflops), \"threads\": \(BLASThreads.count), \"openblas_core\": \"\(coreType)\"}")
    } else {
      print(String(format: "sgemm %d³: %.1f GFLOP/s (%d threads, OpenBLAS %@ kernels)", n, gflops,
                   BLASThreads.count, coreType))
    }
  }
}
