// Filled in by its owner; kept so the workspace builds meanwhile.
export {};
