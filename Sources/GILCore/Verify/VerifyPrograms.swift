/// The code each model runs for each job: the job's own steps, or the model's `job_steps`
/// replacement. Each distinct step list is one program, translated once.
public struct VerifyPrograms: Sendable, Equatable {
    /// Programs 0..<jobs are the jobs' own steps; models' replacements follow, without repeats.
    public var steps: [[Step]]
    /// What each program is, for the generated code's docstrings.
    public var titles: [String]
    /// `byModel[m][j]`: the program model m runs for job j.
    public var byModel: [[Int]]

    public init(_ scenario: Scenario) {
        let jobs = scenario.workload.jobs
        steps = jobs.map(\.steps)
        titles = jobs.map(\.name)
        byModel = []
        for model in scenario.models {
            var row: [Int] = []
            for (j, job) in jobs.enumerated() {
                guard let replacement = model.jobSteps[job.name], replacement != job.steps else {
                    row.append(j)
                    continue
                }
                if let k = steps.indices.first(where: { steps[$0] == replacement && $0 >= jobs.count }) {
                    row.append(k)
                } else {
                    steps.append(replacement)
                    titles.append("\(job.name) in \(model.name)")
                    row.append(steps.count - 1)
                }
            }
            byModel.append(row)
        }
    }

    /// The programs some model runs for job `job`, in order.
    public func programs(ofJob job: Int) -> [Int] {
        Array(Set(byModel.map { $0[job] } + (byModel.isEmpty ? [job] : []))).sorted()
    }

    /// Every step model `model` may run, nested ones included (for the checks before a run).
    public func allSteps(ofModel model: Int) -> [Step] {
        Set(byModel[model]).sorted().flatMap { Self.flattened(steps[$0]) }
    }

    /// The worker pools model `model`'s code enqueues to, with its size for each: only these are started.
    public func workerPools(ofModel model: Int, in scenario: Scenario) -> [WorkerPool] {
        let steps = allSteps(ofModel: model)
        let spec = scenario.models[model]
        return scenario.workerPools.filter { pool in
            steps.contains { if case .enqueue(pool.name, _) = $0 { true } else { false } }
        }.map { WorkerPool(name: $0.name, size: spec.workerPools[$0.name] ?? $0.size) }
    }

    static func flattened(_ steps: [Step]) -> [Step] {
        steps.flatMap { step -> [Step] in
            switch step {
            case .cpu, .native, .io, .blocking: [step]
            case .offload(let body), .repeat(_, let body), .hold(_, let body), .enqueue(_, let body):
                [step] + flattened(body)
            }
        }
    }
}
