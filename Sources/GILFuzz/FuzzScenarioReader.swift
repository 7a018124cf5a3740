import GILCore

/// libFuzzer's entry point: any bytes through the JSON reader, the scenario decoder and its
/// validation, and the diagnostics' text. The property is that nothing traps, whatever the input.
/// Built only with GILVIEW_FUZZ=1 (see docs/fuzzing.md): libFuzzer supplies `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenarioReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Invalid UTF-8 is repaired rather than skipped, so every input reaches the reader.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let scenario = try ScenarioLoader.parse(text, file: "fuzz.json")
        _ = terminalSafe(scenario.title)
    } catch {
        _ = error.description
    }
    return 0
}
