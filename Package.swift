// swift-tools-version:6.0
// Reasoner: a Swift-native T1 reasoning-RL trainer. The targets are the architecture's floors:
// data flows CBLAS, CKernels → ReasonerCore (tensor, formats, model, sampling, training, RL) ← ReasonerReward,
// and only the ABI (Reasoner) and the CLI sit on top. No floor imports one above it.
import PackageDescription

let packageDir = String(#filePath.dropLast("/Package.swift".count))

let package = Package(
  name: "Reasoner",
  platforms: [.macOS(.v15)],
  products: [
    // Public API: the C ABI as a shared library, and the command-line tool.
    .library(name: "Reasoner", type: .dynamic, targets: ["Reasoner"]),
    .executable(name: "reasoner", targets: ["ReasonerCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
    .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
  ],
  targets: [
    // MARK: Implementation details
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    // Verifier, repetition and garbled-text detectors: no model code, no BLAS.
    .target(name: "ReasonerReward", dependencies: [.product(name: "BigInt", package: "BigInt")]),
    // Tensor kernels, model formats, tokenizer, model, sampler, training, RL, evaluation.
    // AVX-512 inner kernels (small-batch linear, KV-cache attention), selected at run time.
    .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
    .target(name: "ReasonerCore", dependencies: ["CBLAS", "CKernels", "ReasonerReward"]),

    // MARK: Public surfaces
    .target(name: "CReasoner"),  // reasoner.h: the one contract with C and Python
    .target(
      name: "Reasoner", dependencies: ["ReasonerCore", "ReasonerReward", "CReasoner"],
      exclude: ["exports.map"],
      linkerSettings: [
        .unsafeFlags(["-Xlinker", "--version-script=\(packageDir)/Sources/Reasoner/exports.map"])
      ]),
    .executableTarget(
      name: "ReasonerCLI",
      dependencies: [
        "ReasonerCore", "ReasonerReward",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // MARK: Tests
    .testTarget(name: "ReasonerRewardTests", dependencies: ["ReasonerReward"]),
    .testTarget(name: "ReasonerCoreTests", dependencies: ["ReasonerCore", "CKernels"], exclude: ["Fixtures"]),
    .testTarget(name: "ReasonerCLITests", dependencies: ["ReasonerCLI"]),
  ]
)
