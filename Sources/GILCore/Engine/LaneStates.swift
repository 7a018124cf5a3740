/// Who has a process's GIL: a thread, nobody, or nobody yet because it is being handed over
/// (released by one thread, not yet taken by the next waiter).
public enum GILState: Hashable, Sendable {
    case free
    case handingOff
    case held(byThread: Int)
}

/// What a CPU core runs.
public enum CoreState: Hashable, Sendable {
    case idle
    case running(thread: Int)
}

// The codes the timeline stores, one Int32 per change. Only the engine writes them, so a code
// that does not decode is a bug in the engine, not a state to show.

extension ThreadActivity {
    var timelineCode: Int32 { Int32(rawValue) }

    init(timelineCode code: Int32) {
        guard let byte = UInt8(exactly: code), let activity = ThreadActivity(rawValue: byte) else {
            preconditionFailure("timeline: \(code) is no thread activity")
        }
        self = activity
    }
}

extension GILState {
    var timelineCode: Int32 {
        switch self {
        case .free: -1
        case .handingOff: -2
        case .held(let thread): Int32(thread)
        }
    }

    init(timelineCode code: Int32) {
        switch code {
        case -1: self = .free
        case -2: self = .handingOff
        case 0...: self = .held(byThread: Int(code))
        default: preconditionFailure("timeline: \(code) is no GIL state")
        }
    }
}

extension CoreState {
    var timelineCode: Int32 {
        switch self {
        case .idle: -1
        case .running(let thread): Int32(thread)
        }
    }

    init(timelineCode code: Int32) {
        switch code {
        case -1: self = .idle
        case 0...: self = .running(thread: Int(code))
        default: preconditionFailure("timeline: \(code) is no core state")
        }
    }
}
