/// The rules that tie a model's values together, beyond each value's own range
/// (`ScenarioLimits`): one place for the decoder (a file), `ScenarioOverride` (a sweep's `--vary`)
/// and the dashboard's knobs (`ModelTweaks`), each of which adds what to do about a problem.
public enum ScenarioRules {
    public enum ModelProblem: Equatable, Sendable {
        /// Processes or threads (per process) outside `ScenarioLimits`.
        case outOfRange(key: String, value: Int, most: Int)
        /// An asyncio model runs one event-loop thread per process.
        case asyncioThreads(Int)
        /// More threads in all than gilview simulates.
        case tooManyThreads(processes: Int, threads: Int)

        public var sentence: String {
            switch self {
            case .outOfRange(let key, let value, let most):
                "\(key) must be from 1 to \(most), found \(value)"
            case .asyncioThreads(let threads):
                "an asyncio model runs one event-loop thread per process, so threads cannot be \(threads)"
            case .tooManyThreads(let processes, let threads):
                "\(processes) processes × \(threads) threads is more than \(ScenarioLimits.totalThreads) threads in all"
            }
        }
    }

    /// Why a model (or a worker pool: `asyncio` false) of `processes` × `threads` cannot run, or nil.
    public static func problem(processes: Int, threads: Int, asyncio: Bool) -> ModelProblem? {
        if !(1...ScenarioLimits.processes).contains(processes) {
            return .outOfRange(key: "processes", value: processes, most: ScenarioLimits.processes)
        }
        if !(1...ScenarioLimits.threads).contains(threads) {
            return .outOfRange(key: "threads", value: threads, most: ScenarioLimits.threads)
        }
        if asyncio, threads > 1 { return .asyncioThreads(threads) }
        if processes * threads > ScenarioLimits.totalThreads { return .tooManyThreads(processes: processes, threads: threads) }
        return nil
    }
}
