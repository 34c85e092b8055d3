// Filled in by its own issue; the package exists so the workspace layout is final.
export {};
