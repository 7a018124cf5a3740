/// One job's steps as Python functions: `job_N(d, offload)` for a worker thread, `async_job_N` for
/// an event loop, and a plain function per `offload` body (offloaded code runs on an executor
/// thread, so it is synchronous; an `offload` inside one runs inline, as the engine does).
/// `d` iterates over the request's drawn durations in milliseconds.
struct JobTranslation {
    let job: Job
    let index: Int

    var text: String {
        var bodies: [String] = []
        var offloads = 0
        let sync = function("def job_\(index)(d, offload):", job.steps, context: .thread, &bodies, &offloads)
        // The async version names its offload bodies the same way; they are already defined above.
        var unused: [String] = []
        var asyncOffloads = 0
        let async = function("async def async_job_\(index)(d, offload):", job.steps, context: .loop,
                             &unused, &asyncOffloads)
        return (bodies + [sync, async]).joined(separator: "\n\n") + "\n"
    }

    enum Context {
        /// A worker thread: `offload` submits to the executor and waits.
        case thread
        /// An event loop: `io` is awaited, `blocking` sleeps in the coroutine, `offload` is awaited.
        case loop
        /// Inside an offloaded body, on an executor thread: a nested `offload` runs inline.
        case executor
    }

    private func function(_ signature: String, _ steps: [Step], context: Context,
                          _ bodies: inout [String], _ offloads: inout Int) -> String {
        var lines = [signature, "    \"\"\"\(job.name.replacingOccurrences(of: "\"", with: "'"))\"\"\""]
        lines += block(steps, depth: 1, context: context, &bodies, &offloads)
        return lines.joined(separator: "\n")
    }

    private func block(_ steps: [Step], depth: Int, context: Context,
                       _ bodies: inout [String], _ offloads: inout Int) -> [String] {
        let pad = String(repeating: "    ", count: depth)
        var lines: [String] = []
        for step in steps {
            switch step {
            case .cpu:
                lines.append(pad + "cpu(next(d))")
            case .native:
                lines.append(pad + "native(next(d))")
            case .io:
                lines.append(pad + (context == .loop ? "await async_io(next(d))" : "io(next(d))"))
            case .blocking:
                lines.append(pad + (context == .loop ? "io(next(d))  # blocking: stalls the event loop" : "io(next(d))"))
            case .offload(let inner):
                offloads += 1
                let name = "job_\(index)_offload_\(offloads)"
                var nested: [String] = []
                let body = function("def \(name)(d):", inner, context: .executor, &nested, &offloads)
                bodies += nested + [body]
                switch context {
                case .thread: lines.append(pad + "offload(\(name), d)")
                case .loop: lines.append(pad + "await offload(\(name), d)")
                case .executor: lines.append(pad + "\(name)(d)")
                }
            case .repeat(let count, let inner):
                lines.append(pad + "for _ in range(\(count)):")
                lines += block(inner, depth: depth + 1, context: context, &bodies, &offloads)
            }
        }
        if lines.isEmpty { lines.append(pad + "pass") }
        return lines
    }
}
