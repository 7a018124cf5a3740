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
        /// Takes a connection from a connection pool (by index), or waits for one.
        case acquire(pool: Int32)
        case release(pool: Int32)
        /// Sends the body that follows to a worker pool; the request goes on at `end`.
        case enqueue(pool: Int32, end: Int32)
        /// The end of an enqueued body: where the background task finishes.
        case taskEnd
    }

    let instructions: [Instruction]

    /// `connectionPools` and `workerPools` are the scenario's pool names, in order: steps name
    /// pools, instructions carry their indices.
    init(steps: [Step], connectionPools: [String] = [], workerPools: [String] = []) {
        var code: [Instruction] = []
        JobProgram.compile(steps, into: &code, connectionPools: connectionPools, workerPools: workerPools)
        instructions = code
    }

    private static func compile(
        _ steps: [Step], into code: inout [Instruction], connectionPools: [String], workerPools: [String]
    ) {
        func compile(_ steps: [Step], into code: inout [Instruction]) {
            JobProgram.compile(steps, into: &code, connectionPools: connectionPools, workerPools: workerPools)
        }
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
            case .hold(let pool, let body):
                // The decoder checked the name against the declared pools.
                let index = Int32(connectionPools.firstIndex(of: pool)!)
                code.append(.acquire(pool: index))
                compile(body, into: &code)
                code.append(.release(pool: index))
            case .enqueue(let pool, let body):
                let start = code.count
                code.append(.taskEnd)  // replaced below, once the body's end is known
                compile(body, into: &code)
                code.append(.taskEnd)
                code[start] = .enqueue(pool: Int32(workerPools.firstIndex(of: pool)!), end: Int32(code.count))
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
    case acquire(pool: Int32)
    case release(pool: Int32)
    /// A task for a worker pool, whose steps start at `start`.
    case enqueue(pool: Int32, start: Int32)
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
            case .acquire(let pool):
                return .acquire(pool: pool)
            case .release(let pool):
                return .release(pool: pool)
            case .enqueue(let pool, let end):
                // The request skips the body; the background task starts inside it.
                let start = pc
                pc = end
                return .enqueue(pool: pool, start: start)
            case .taskEnd:
                return .finished
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
