import Foundation

/// The machine-readable report: the contract scripts read (docs/report-json.md). Key names are stable;
/// times are in milliseconds. Keys beyond the contract are additions, never renamings.
extension ScenarioReport {
    /// With a comparison of these figures, adds its baseline, best models and verdicts at the
    /// top level and each model's ratios to the baseline as `vs_baseline`.
    public func json(comparison: Comparison? = nil) -> String {
        let additions = comparison?.json
        let modelObjects = models.indices.map { i -> JSONOutput in
            let members = Self.json(models[i])
            guard let vsBaseline = additions?.perModel[i] else { return .object(members) }
            return .object(members + [("vs_baseline", vsBaseline)])
        }
        return JSONOutput.object(
            [
                ("title", .string(title)),
                ("seed", .unsigned(seed)),
                ("cores", .integer(cores)),
                ("models", .array(modelObjects)),
            ] + (additions?.topLevel ?? [])
        ).rendered()
    }

    /// A model's members in the report, also a sweep row's.
    static func json(_ m: ModelFigures) -> [(String, JSONOutput)] {
        figures(m)
            + (m.stop.map { stop in
                [
                    (
                        "stopped",
                        .object([
                            ("budget", .string(stop.limit.rawValue)), ("at_ms", .number(rounded(Time.ms(stop.at)))),
                            ("reason", .string(stop.explanation)),
                        ])
                    )
                ]
            } ?? [])
    }

    private static func figures(_ m: ModelFigures) -> [(String, JSONOutput)] {
        [
            ("name", .string(m.name)),
            ("requests", .integer(m.requests)),
            ("completed", .integer(m.completed)),
            ("makespan_ms", .number(rounded(Time.ms(m.makespan)))),
            ("throughput_per_s", .number(rounded(m.throughputPerSecond))),
            ("latency_ms", json(m.latency)),
            ("cpu_utilization", .number(rounded(m.cpuUtilization, places: 4))),
            ("gil_held_fraction", .number(rounded(m.gilHeldFraction, places: 4))),
            ("gil_wait_ms_mean", .number(rounded(m.gilWaitMeanMs))),
            (
                "jobs",
                .object(
                    m.jobs.map { job in
                        (job.name, .object([("completed", .integer(job.completed)), ("latency_ms", json(job.latency))]))
                    })
            ),
            // Mean time per completed request in each state; they add up to the mean latency.
            ("state_ms_mean", .object(m.states.map { ($0.key, .number(rounded(m.meanMs(in: $0)))) })),
            ("context_switches", .integer(m.contextSwitches)),
            ("gil_switches", .integer(m.gilSwitches)),
            ("queue_length_mean", .number(rounded(m.queueLengthMean))),
            ("queue_length_max", .integer(m.queueLengthMax)),
            ("threads", .integer(m.threads)),
            ("memory_mb", .number(rounded(m.memoryMB, places: 1))),
        ]
            + (m.tasks.isEmpty
                ? []
                : [
                    // Only with worker pools: each pool's background tasks, enqueue to completion.
                    (
                        "tasks",
                        .object(
                            m.tasks.map { pool in
                                (
                                    pool.pool,
                                    .object([
                                        ("enqueued", .integer(pool.enqueued)), ("completed", .integer(pool.completed)),
                                        ("latency_ms", json(pool.latency)),
                                    ])
                                )
                            })
                    )
                ])
            + (m.connections.map { connections in
                // Only with keep-alive clients: which web process holds their connections.
                [
                    (
                        "connections",
                        .object([
                            ("policy", .string(connections.policy.rawValue)),
                            ("held", .array(connections.held.map { .integer($0) })),
                            ("accepted", .array(connections.accepted.map { .integer($0) })),
                            ("requests_taken", .array(connections.taken.map { .integer($0) })),
                        ])
                    )
                ]
            } ?? [])
    }

    private static func json(_ latency: LatencySummary) -> JSONOutput {
        .object([
            ("mean", .number(rounded(latency.mean))),
            ("p50", .number(rounded(latency.p50))),
            ("p95", .number(rounded(latency.p95))),
            ("p99", .number(rounded(latency.p99))),
            ("max", .number(rounded(latency.max))),
        ])
    }
}

/// Rounds for the report: microseconds for milliseconds, a few places for fractions.
func rounded(_ value: Double, places: Int = 3) -> Double {
    let scale = pow(10, Double(places))
    return (value * scale).rounded() / scale
}
