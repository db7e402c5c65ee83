import ArgumentParser

/// The options `fmm tune` and `fmm bench tune` share: the element type, the threads and the
/// smallest leaf block, and the tuner they make for a product M×K times K×N.
struct KernelOptions: ParsableArguments {
    @Option(help: "double or float.")
    var type = "double"

    @Option(help: "Threads for the BLAS leaves and the block additions (OPENBLAS_NUM_THREADS, OpenMP).")
    var threads = 1

    @Option(help: "Smallest leaf block dimension a level may produce.")
    var minimumLeaf = 256

    var useFloat: Bool { type == "float" }

    /// What is wrong with the options, in one line; nil when they are usable.
    var problem: String? {
        guard type == "double" || type == "float" else { return "--type must be double or float" }
        guard (1...256).contains(threads) else { return "--threads must be within 1...256" }
        guard minimumLeaf >= 1 else { return "--minimum-leaf must be positive" }
        return nil
    }

    func tuner(m: Int, k: Int, n: Int) -> Tuner {
        Tuner(problem: Tuner.Problem(m: m, k: k, n: n, useFloat: useFloat, threads: threads), minimumLeaf: minimumLeaf)
    }
}
