/// `gilview export --csv`: one row per completed request, for a notebook or a spreadsheet.
///
/// Columns: model, request (from 1, in arrival order), job, process (from 1), arrival, start,
/// end and latency, then the time in each of the report's states (`state_ms_mean`'s keys), all
/// in milliseconds written exactly (to the nanosecond), so that in every row the states add up
/// to the latency, and a model's rows count its completed requests.
public struct RequestCSV {
    private var output: ExportOutput
    private let states: [RequestState]
    private var model = ""
    private var jobs: [String] = []
    /// Rows written so far.
    public private(set) var rows = 0

    /// Writes the header; `states` are the report's (`RequestState.reported`).
    public init(states: [RequestState], output: ExportOutput) {
        self.output = output
        self.states = states
        self.output.append("model,request,job,process,arrival_ms,start_ms,end_ms,latency_ms")
        for state in states { self.output.append("," + state.key + "_ms") }
        self.output.append("\n")
    }

    /// The model and job names the next rows are for.
    public mutating func beginModel(_ name: String, jobNames: [String]) {
        model = csvField(name)
        jobs = jobNames.map(csvField)
    }

    public mutating func write(_ record: RequestRecord) throws {
        output.append(model)
        output.append(",")
        output.append(record.index + 1)
        output.append(",")
        output.append(jobs[record.job])
        output.append(",")
        output.append(record.process + 1)
        for time in [record.arrival, record.start, record.end, record.latency] {
            output.append(",")
            output.appendTime(time, unit: Time.millisecond)
        }
        for state in states {
            output.append(",")
            output.appendTime(record.states[state], unit: Time.millisecond)
        }
        output.append("\n")
        rows += 1
        try output.flushIfFull()
    }

    /// Writes out what is left; returns the bytes written in all.
    public mutating func finish() throws -> Int {
        try output.flush()
        return output.written
    }
}
