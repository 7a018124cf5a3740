import GILCore

extension DashboardState {
    /// `v` toggles the comparison view; `b` moves its baseline to the next model (and opens the
    /// view, so the change is seen).
    mutating func handleComparisonKey(_ key: Key) {
        switch key {
        case .character("v"):
            showComparison.toggle()
        case .character("b"):
            baseline = (baseline + 1) % max(1, modelCount)
            showComparison = true
        default:
            break
        }
    }
}
