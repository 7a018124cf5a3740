import Foundation
import GILCore

/// Everything one `gilview bench` run measured, printed as tables or as JSON.
struct BenchResults: Sendable {
    var quick: Bool
    /// Each engine run was repeated this many times; the least CPU time counts.
    var repeats: Int
    var engine: [EngineRun] = []
    /// Workloads at growing request counts.
    var scaling: [EngineRun] = []
    var peer: PeerComparison?
    var dashboard: DashboardTimings?
    var million: MillionRequestRun?

    // MARK: - Tables

    /// How the times were taken, when runs were repeated.
    private var leastOf: String { repeats > 1 ? ", the least CPU time of \(repeats) runs" : "" }

    func table() -> String {
        var out = ["gilview bench\(quick ? " --quick (small sizes; the targets apply to the full run)" : "")"]
        #if DEBUG
            out.append("A debug build: its figures say nothing about speed. Measure with swift build -c release.")
        #endif
        out.append("")
        out.append("Engine: events per CPU second, each model run to the end on one thread\(leastOf).")
        out.append("The ceiling pushes and pops as many events through the engine's bare event queue, at the same")
        out.append("mean heap size.")
        var engineTable = TextTable(header: [
            "workload", "requests", "events", "heap", "events/s", "ns/event",
            "ceiling/s", "of ceiling",
        ])
        for run in engine {
            engineTable.rows.append([
                run.name, Format.count(run.requests), Format.count(run.events), String(format: "%.0f", run.meanPending),
                rate(run.eventsPerSecond), String(format: "%.0f", run.nanosecondsPerEvent),
                rate(run.ceilingEventsPerSecond), Format.percent(run.fractionOfCeiling),
            ])
        }
        out += [engineTable.render(indent: "  "), ""]

        out.append("Cost per event as the workload grows (the heap: mean events pending when one is taken):")
        var scalingTable = TextTable(header: ["workload", "requests", "events", "heap", "ns/event", "ceiling ns/event"])
        for run in scaling {
            scalingTable.rows.append([
                run.name, Format.count(run.requests), Format.count(run.events), String(format: "%.0f", run.meanPending),
                String(format: "%.0f", run.nanosecondsPerEvent),
                String(format: "%.0f", run.ceilingNanosecondsPerEvent),
            ])
        }
        out += [scalingTable.render(indent: "  "), ""]

        if let peer { out += peerLines(peer) + [""] }
        if let dashboard {
            out.append(
                "Dashboard (\(DashboardTimings.scenarioPath) from t = 15 s, playing at real time; median of \(dashboard.framesMeasured) frames):"
            )
            for frame in dashboard.frames {
                out.append(
                    "  full frame at \(frame.width)x\(frame.height): \(String(format: "%.2f", frame.milliseconds)) ms, "
                        + "office view (o) \(String(format: "%.2f", frame.officeMilliseconds)) ms")
            }
            out.append(
                "  file to first frame (read, check, build the models, draw 80x24): \(String(format: "%.1f", dashboard.firstFrameMilliseconds)) ms"
            )
            out.append("  CPU and memory of the running dashboard in a terminal: benchmarks/dashboard.sh")
            out.append("")
        }
        if let million {
            out.append(
                "gilview report \(MillionRequestRun.scenarioPath) (the models in parallel): "
                    + String(format: "%.2f s wall, %.2f s CPU, ", million.wallSeconds, million.cpuSeconds)
                    + "peak resident \(String(format: "%.0f", million.peakResidentMB)) MB")
        }
        return out.joined(separator: "\n")
    }

    private func peerLines(_ peer: PeerComparison) -> [String] {
        var out = [
            "Peer: M/M/\(PeerComparison.servers) (λ = \(Int(PeerComparison.ratePerSecond))/s, mean service "
                + "\(Int(PeerComparison.serviceMs)) ms), \(Format.count(peer.requests)) requests, in gilview and in SimPy"
                + (repeats > 1 ? "\n(taking turns, each the least CPU time of \(repeats) runs):" : ":")
        ]
        var table = TextTable(header: ["engine", "mean latency", "± s.e.", "events", "CPU s", "requests/s"])
        func row(_ name: String, _ answer: PeerComparison.Answer) -> [String] {
            [
                name, String(format: "%.3f ms", answer.meanLatencyMs), String(format: "%.3f ms", answer.standardErrorMs),
                Format.count(answer.events), String(format: "%.3f", answer.cpuSeconds), rate(Double(peer.requests) / answer.cpuSeconds),
            ]
        }
        table.rows.append(row("gilview", peer.engine))
        if let simpy = peer.simpy { table.rows.append(row("SimPy \(peer.simpyVersion ?? "")", simpy)) }
        out.append(table.render(indent: "  "))
        if let simpy = peer.simpy, let tolerance = peer.tolerance, let ratio = peer.speedRatio {
            let difference = abs(simpy.meanLatencyMs - peer.engine.meanLatencyMs)
            out.append(
                "  answers \(peer.agree == true ? "agree" : "DISAGREE"): they differ by \(String(format: "%.3f", difference)) ms; "
                    + "the tolerance is \(Int(PeerComparison.toleranceInStandardErrors)) combined standard errors, "
                    + String(format: "%.3f ms", tolerance))
            out.append(
                ratio >= 1
                    ? "  gilview is \(String(format: "%.0f", ratio))x faster than SimPy on the same requests"
                    : "  gilview is \(String(format: "%.1f", 1 / ratio))x slower than SimPy on the same requests")
        } else {
            out.append("  SimPy not run: \(peer.peerProblem ?? "unknown")")
            out.append("  install it with: pip install simpy")
        }
        return out
    }

    private func rate(_ perSecond: Double) -> String {
        perSecond >= 1e6 ? String(format: "%.1fM", perSecond / 1e6) : String(format: "%.0fk", perSecond / 1e3)
    }

    // MARK: - JSON

    func json() -> JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("quick", .bool(quick)),
            ("repeats", .integer(repeats)),
            ("engine", .array(engine.map(json))),
            ("scaling", .array(scaling.map(json))),
        ]
        if let peer { members.append(("peer", json(peer))) }
        if let dashboard {
            members.append(
                (
                    "dashboard",
                    .object([
                        ("scenario", .string(DashboardTimings.scenarioPath)),
                        ("frames_measured", .integer(dashboard.framesMeasured)),
                        (
                            "frame_ms",
                            .array(
                                dashboard.frames.map { frame in
                                    .object([
                                        ("width", .integer(frame.width)), ("height", .integer(frame.height)),
                                        ("median_cpu_ms", .number(frame.milliseconds)),
                                        ("office_median_cpu_ms", .number(frame.officeMilliseconds)),
                                    ])
                                })
                        ),
                        ("first_frame_ms", .number(dashboard.firstFrameMilliseconds)),
                    ])
                ))
        }
        if let million {
            members.append(
                (
                    "million_requests_report",
                    .object([
                        ("scenario", .string(MillionRequestRun.scenarioPath)),
                        ("wall_s", .number(million.wallSeconds)),
                        ("cpu_s", .number(million.cpuSeconds)),
                        ("peak_resident_mb", .number(million.peakResidentMB)),
                    ])
                ))
        }
        return .object(members)
    }

    private func json(_ run: EngineRun) -> JSONOutput {
        .object([
            ("workload", .string(run.name)), ("requests", .integer(run.requests)), ("models", .integer(run.models)),
            ("events", .integer(run.events)), ("mean_heap_size", .number(run.meanPending)),
            ("cpu_s", .number(run.engine.cpuSeconds)), ("wall_s", .number(run.engine.wallSeconds)),
            ("events_per_s", .number(run.eventsPerSecond)), ("ns_per_event", .number(run.nanosecondsPerEvent)),
            ("ceiling_cpu_s", .number(run.ceiling.cpuSeconds)),
            ("ceiling_events_per_s", .number(run.ceilingEventsPerSecond)),
            ("fraction_of_ceiling", .number(run.fractionOfCeiling)),
        ])
    }

    private func json(_ peer: PeerComparison) -> JSONOutput {
        func answer(_ a: PeerComparison.Answer) -> JSONOutput {
            .object([
                ("mean_latency_ms", .number(a.meanLatencyMs)), ("standard_error_ms", .number(a.standardErrorMs)),
                ("events", .integer(a.events)), ("cpu_s", .number(a.cpuSeconds)),
            ])
        }
        var members: [(String, JSONOutput)] = [
            ("servers", .integer(PeerComparison.servers)), ("arrival_rate_per_s", .number(PeerComparison.ratePerSecond)),
            ("mean_service_ms", .number(PeerComparison.serviceMs)), ("requests", .integer(peer.requests)),
            ("gilview", answer(peer.engine)),
        ]
        if let simpy = peer.simpy, let tolerance = peer.tolerance, let agree = peer.agree, let ratio = peer.speedRatio {
            members += [
                ("simpy", answer(simpy)), ("simpy_version", .string(peer.simpyVersion ?? "")),
                ("tolerance_ms", .number(tolerance)), ("agree", .bool(agree)), ("speed_ratio", .number(ratio)),
            ]
        } else {
            members.append(("simpy_problem", .string(peer.peerProblem ?? "")))
        }
        return .object(members)
    }
}
