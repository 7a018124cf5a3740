/// Every job of a model compiled into one contiguous array of instructions, so a request's
/// position is a program counter into it and stepping needs no tree walk, no per-job array and
/// no reference counting. Job `j` starts at `entries[j]` and ends at a `taskEnd`.
struct JobProgram: Sendable {
    enum Instruction: Sendable {
        case cpu(Distribution)
        case native(Distribution)
        case io(Distribution)
        case blocking(Distribution)
        /// Start of an offloaded body; the matching `offloadEnd` follows it.
        case offload
        case offloadEnd
        /// `depth`: how many `repeat`s enclose this one, which names its loop counter.
        case repeatStart(count: Int32, depth: Int32)
        /// Jumps back to just after `start` while the loop has iterations left.
        case repeatEnd(start: Int32, depth: Int32)
        /// Takes a connection from a connection pool (by index), or waits for one.
        case acquire(pool: Int32)
        case release(pool: Int32)
        /// Sends the body that follows to a worker pool; the request goes on at `end`.
        case enqueue(pool: Int32, end: Int32)
        /// The end of a job, or of an enqueued body: where the request or background task finishes.
        case taskEnd
    }

    private(set) var instructions: [Instruction] = []
    /// Where each job's instructions start.
    private(set) var entries: [Int32] = []
    /// The deepest nesting of `repeat`s: how many loop counters an in-flight task needs.
    private(set) var loopDepth = 0

    /// `connectionPools` and `workerPools` are the scenario's pool names, in order: steps name
    /// pools, instructions carry their indices.
    init(jobs: [[Step]], connectionPools: [String] = [], workerPools: [String] = []) {
        for steps in jobs {
            entries.append(Int32(instructions.count))
            compile(steps, depth: 0, connectionPools: connectionPools, workerPools: workerPools)
            instructions.append(.taskEnd)
        }
    }

    private mutating func compile(_ steps: [Step], depth: Int32, connectionPools: [String], workerPools: [String]) {
        func compile(_ steps: [Step], depth: Int32) {
            self.compile(steps, depth: depth, connectionPools: connectionPools, workerPools: workerPools)
        }
        for step in steps {
            switch step {
            case .cpu(let d): instructions.append(.cpu(d))
            case .native(let d): instructions.append(.native(d))
            case .io(let d): instructions.append(.io(d))
            case .blocking(let d): instructions.append(.blocking(d))
            case .offload(let body):
                instructions.append(.offload)
                compile(body, depth: depth)
                instructions.append(.offloadEnd)
            case .repeat(let count, let body):
                let start = Int32(instructions.count)
                loopDepth = max(loopDepth, Int(depth) + 1)
                instructions.append(.repeatStart(count: Int32(count), depth: depth))
                compile(body, depth: depth + 1)
                instructions.append(.repeatEnd(start: start, depth: depth))
            case .hold(let pool, let body):
                // The decoder checked the name against the declared pools.
                let index = Int32(connectionPools.firstIndex(of: pool)!)
                instructions.append(.acquire(pool: index))
                compile(body, depth: depth)
                instructions.append(.release(pool: index))
            case .enqueue(let pool, let body):
                let start = instructions.count
                instructions.append(.taskEnd)  // replaced below, once the body's end is known
                compile(body, depth: depth)
                instructions.append(.taskEnd)
                instructions[start] = .enqueue(pool: Int32(workerPools.firstIndex(of: pool)!), end: Int32(instructions.count))
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

/// A task's position in the model's program, with the request's own random stream: durations
/// are drawn in program order, so every model draws the same ones. Plain values only, so a task
/// record copies without reference counting; loop counters live in `ModelSimulation.loopCounters`.
struct ProgramCursor {
    var rng: SplitMix64
    var pc: Int32
}

extension ModelSimulation {
    /// Moves a task to its next action, drawing its duration from the task's own stream.
    /// Steps that draw zero are skipped: they take no time and change no state.
    mutating func nextAction(of task: Int) -> Action {
        var cursor = tasks[task].cursor
        defer { tasks[task].cursor = cursor }
        while true {
            let instruction = program.instructions[Int(cursor.pc)]
            cursor.pc += 1
            switch instruction {
            case .cpu(let d):
                let t = d.draw(&cursor.rng)
                if t > 0 { return .cpu(t) }
            case .native(let d):
                let t = d.draw(&cursor.rng)
                if t > 0 { return .native(t) }
            case .io(let d):
                let t = d.draw(&cursor.rng)
                if t > 0 { return .io(t) }
            case .blocking(let d):
                let t = d.draw(&cursor.rng)
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
                let start = cursor.pc
                cursor.pc = end
                return .enqueue(pool: pool, start: start)
            case .taskEnd:
                return .finished
            case .repeatStart(let count, let depth):
                startLoop(task: task, depth: depth, count: count)
            case .repeatEnd(let start, let depth):
                if loopAgain(task: task, depth: depth) { cursor.pc = start + 1 }
            }
        }
    }

    // The loop counters are touched out of line: inlined, the compiler makes `loopCounters`
    // unique on every step, which reallocates it on every step while it is empty (no `repeat`).

    @inline(never)
    private mutating func startLoop(task: Int, depth: Int32, count: Int32) {
        loopCounters[task * program.loopDepth + Int(depth)] = count
    }

    /// Counts one iteration of the loop `depth` repeats deep; true while iterations are left.
    @inline(never)
    private mutating func loopAgain(task: Int, depth: Int32) -> Bool {
        let counter = task * program.loopDepth + Int(depth)
        loopCounters[counter] -= 1
        return loopCounters[counter] > 0
    }
}
