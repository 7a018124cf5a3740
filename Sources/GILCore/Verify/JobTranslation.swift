/// One program's steps as Python functions: `job_N(d, offload)` for a worker thread,
/// `async_job_N` for an event loop, a plain function per `offload` body (offloaded code runs on an
/// executor thread, so it is synchronous; an `offload` inside one runs inline, as the engine
/// does), and `job_N_task_M(d, offload)` per `enqueue` body (run by a worker pool's thread).
/// `d` iterates over the request's drawn durations in milliseconds; an enqueued task's are one
/// nested list in it.
struct JobTranslation {
    let title: String
    let steps: [Step]
    let index: Int

    var text: String {
        var bodies: [String] = []
        var count = 0
        let sync = function("def job_\(index)(d, offload):", steps, context: .thread, &bodies, &count)
        // The async version names its bodies the same way; they are already defined above.
        var unused: [String] = []
        var asyncCount = 0
        let async = function(
            "async def async_job_\(index)(d, offload):", steps, context: .loop,
            &unused, &asyncCount)
        return (bodies + [sync, async]).joined(separator: "\n\n") + "\n"
    }

    enum Context {
        /// A worker thread: `offload` submits to the executor and waits.
        case thread
        /// An event loop: `io` is awaited, `blocking` sleeps in the coroutine, `offload` is
        /// awaited, `hold` is `async with`.
        case loop
        /// Inside an offloaded body, on an executor thread: a nested `offload` runs inline.
        case executor
    }

    private func function(
        _ signature: String, _ steps: [Step], context: Context,
        _ bodies: inout [String], _ count: inout Int
    ) -> String {
        // The job's name as the docstring: a plain string literal, so no name can end it early.
        var lines = [signature, "    " + PythonLiteral.string(title)]
        lines += block(steps, depth: 1, context: context, &bodies, &count)
        return lines.joined(separator: "\n")
    }

    /// A nested body as a function of its own, defined before its caller; its name.
    private func body(
        _ kind: String, _ parameters: String, _ steps: [Step], context: Context,
        _ bodies: inout [String], _ count: inout Int
    ) -> String {
        count += 1
        let name = "job_\(index)_\(kind)_\(count)"
        var nested: [String] = []
        let text = function("def \(name)(\(parameters)):", steps, context: context, &nested, &count)
        bodies += nested + [text]
        return name
    }

    private func block(
        _ steps: [Step], depth: Int, context: Context,
        _ bodies: inout [String], _ count: inout Int
    ) -> [String] {
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
                let name = body("offload", "d", inner, context: .executor, &bodies, &count)
                switch context {
                case .thread: lines.append(pad + "offload(\(name), d)")
                case .loop: lines.append(pad + "await offload(\(name), d)")
                case .executor: lines.append(pad + "\(name)(d)")
                }
            case .repeat(let times, let inner):
                lines.append(pad + "for _ in range(\(times)):")
                lines += block(inner, depth: depth + 1, context: context, &bodies, &count)
            case .hold(let pool, let inner):
                // A connection from the model's pool for the nested steps (`POOLS` is set per model).
                let pool = PythonLiteral.string(pool)
                lines.append(pad + (context == .loop ? "async with held(\(pool)):" : "with held(\(pool)):"))
                lines += block(inner, depth: depth + 1, context: context, &bodies, &count)
            case .enqueue(let pool, let inner):
                // The task runs on a worker pool's thread, with its own durations; the request goes on.
                let name = body("task", "d, offload", inner, context: .thread, &bodies, &count)
                lines.append(pad + "enqueue(\(PythonLiteral.string(pool)), \(name), next(d))")
            }
        }
        if lines.isEmpty { lines.append(pad + "pass") }
        return lines
    }
}
