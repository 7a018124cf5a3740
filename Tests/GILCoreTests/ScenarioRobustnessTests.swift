import GILCore
import Testing

/// Damaged scenario files must never crash the reader: each one decodes or explains itself.
@Suite("Robustness against damaged files")
struct ScenarioRobustnessTests {
    private func expectDecodesOrExplains(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            _ = try ScenarioLoader.parse(text, file: "fuzz.json")
        } catch {
            #expect(!error.diagnostics.isEmpty, sourceLocation: sourceLocation)
            #expect(error.diagnostics.allSatisfy { !$0.message.isEmpty }, sourceLocation: sourceLocation)
            _ = error.description
        }
    }

    @Test("every prefix of a valid file")
    func prefixes() {
        let scalars = Array(exampleScenario.unicodeScalars)
        for end in 0...scalars.count {
            expectDecodesOrExplains(String(String.UnicodeScalarView(scalars[..<end])))
        }
    }

    @Test("thousands of seeded random byte mutations")
    func mutations() {
        var random = SplitMix64(seed: 0x6A09_E667_F3BC_C908)
        let original = Array(exampleScenario.utf8)
        let interesting = Array(#"{}[],:"'/*\-+.0123456789eExu "#.utf8)
        for _ in 0..<4000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let i = Int.random(in: 0..<bytes.count, using: &random)
                let byte =
                    Bool.random(using: &random)
                    ? interesting.randomElement(using: &random) ?? 0 : UInt8.random(in: 0...255, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[i] = byte
                case 1: bytes.insert(byte, at: i)
                case 2: if bytes.count > 1 { bytes.remove(at: i) }
                default:
                    let j = Int.random(in: i..<min(bytes.count, i + 40), using: &random)
                    bytes.insert(contentsOf: bytes[i...j], at: Int.random(in: 0..<bytes.count, using: &random))
                }
            }
            expectDecodesOrExplains(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// A small deterministic generator (Steele, Lea and Flood's SplitMix64), so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
