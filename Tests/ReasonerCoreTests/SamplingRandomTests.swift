// The sampler's random streams: SplitMix64 and xoshiro256** against their authors' reference outputs,
// uniform draws in [0, 1), and per-(seed, prompt, sample) streams that are reproducible and distinct.
import Testing

@testable import ReasonerCore

struct SamplingRandomTests {
  @Test func splitMix64MatchesReferenceVector() {
    // Vigna's splitmix64.c from seed 1234567 (the widely published first five outputs).
    var generator = SplitMix64(seed: 1_234_567)
    let expected: [UInt64] = [
      6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
      4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
    ]
    #expect((0..<5).map { _ in generator.next() } == expected)
  }

  @Test func xoshiro256StarStarMatchesReferenceVector() {
    // xoshiro256starstar.c from state {1, 2, 3, 4} (the vector rand_xoshiro tests against).
    var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
    let expected: [UInt64] = [
      11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
      607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
      10_595_114_339_597_558_777, 2_904_607_092_377_533_576,
    ]
    #expect((0..<10).map { _ in generator.next() } == expected)
  }

  @Test func uniformDrawsAreInUnitIntervalWithMeanOneHalf() {
    var generator = Xoshiro256StarStar(seed: 9)
    let draws = (0..<100_000).map { _ in generator.nextUniform() }
    #expect(draws.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = draws.reduce(0, +) / Double(draws.count)
    // Standard error of the mean of U(0,1) over 1e5 draws: 0.289/316 ≈ 9e-4; allow 5 of them.
    #expect(abs(mean - 0.5) < 4.6e-3, "mean \(mean)")
  }

  @Test func streamsDependOnlyOnSeedPromptAndSample() {
    func firstDraws(_ seed: UInt64, _ prompt: Int, _ sample: Int) -> [UInt64] {
      var stream = samplingStream(seed: seed, promptIndex: prompt, sampleIndex: sample)
      return (0..<4).map { _ in stream.next() }
    }
    #expect(firstDraws(5, 3, 7) == firstDraws(5, 3, 7))
    var seen = Set<[UInt64]>()
    for seed: UInt64 in [0, 1, 2] {
      for prompt in 0..<8 {
        for sample in 0..<8 { seen.insert(firstDraws(seed, prompt, sample)) }
      }
    }
    #expect(seen.count == 3 * 8 * 8, "neighbouring (seed, prompt, sample) keys gave equal streams")
    // Swapping prompt and sample indices must not give the same stream.
    #expect(firstDraws(1, 2, 5) != firstDraws(1, 5, 2))
  }
}
