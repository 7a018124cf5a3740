/// A job's steps flattened into instructions, so a request's position is a program counter and a
/// small stack of loop counters rather than a tree walk.
struct JobProgram: Sendable {
    enum Instruction: Sendable {
        case cpu(Distribution)
        case native(Distribution)
        case io(Distribution)
        case blocking(Distribution)
        /// Start of an offloaded body; the matching `offloadEnd` follows it.
        case offload
        case offloadEnd
        case repeatStart(count: Int32)
        /// Jumps back to just after `start` while the loop has iterations left.
        case repeatEnd(start: Int32)
    }

    let instructions: [Instruction]

    init(steps: [Step]) {
        var code: [Instruction] = []
        JobProgram.compile(steps, into: &code)
        instructions = code
    }

    private static func compile(_ steps: [Step], into code: inout [Instruction]) {
        for step in steps {
            switch step {
            case .cpu(let d): code.append(.cpu(d))
            case .native(let d): code.append(.native(d))
            case .io(let d): code.append(.io(d))
            case .blocking(let d): code.append(.blocking(d))
            case .offload(let body):
                code.append(.offload)
                compile(body, into: &code)
                code.append(.offloadEnd)
            case .repeat(let count, let body):
                let start = Int32(code.count)
                code.append(.repeatStart(count: Int32(count)))
                compile(body, into: &code)
                code.append(.repeatEnd(start: start))
            }
        }
    }
}

/// What a request does next, with its duration drawn.
enum Action: Equatable {
    case cpu(SimTime)
    case native(SimTime)
    case io(SimTime)
    case blocking(SimTime)
    case offload
    case offloadEnd
    case finished
}

/// A request's position in its job's program, with the request's own random stream: durations
/// are drawn in program order, so every model draws the same ones.
struct ProgramCursor {
    var rng: SplitMix64
    var pc: Int32 = 0
    /// Iterations left in each enclosing `repeat`, innermost last. Empty (no allocation) for most jobs.
    var loops: [Int32] = []

    /// Moves to the next action, drawing its duration from the request's own stream.
    /// Steps that draw zero are skipped: they take no time and change no state.
    mutating func next(in program: JobProgram) -> Action {
        let code = program.instructions
        while Int(pc) < code.count {
            let instruction = code[Int(pc)]
            pc += 1
            switch instruction {
            case .cpu(let d):
                let t = d.draw(&rng)
                if t > 0 { return .cpu(t) }
            case .native(let d):
                let t = d.draw(&rng)
                if t > 0 { return .native(t) }
            case .io(let d):
                let t = d.draw(&rng)
                if t > 0 { return .io(t) }
            case .blocking(let d):
                let t = d.draw(&rng)
                if t > 0 { return .blocking(t) }
            case .offload:
                return .offload
            case .offloadEnd:
                return .offloadEnd
            case .repeatStart(let count):
                loops.append(count)
            case .repeatEnd(let start):
                let left = loops[loops.count - 1] - 1
                if left > 0 {
                    loops[loops.count - 1] = left
                    pc = start + 1
                } else {
                    loops.removeLast()
                }
            }
        }
        return .finished
    }
}
