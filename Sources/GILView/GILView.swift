// The dashboard's view layer: pure functions from simulation state to a cell grid.
