import ExactArithmetic
import FlipGraph
import Foundation
import SchemeModel

/// A numerical search for a rank-R scheme of ⟨n,m,p⟩, the way Smirnov found ⟨3,3,6⟩ 40 and
/// AlphaEvolve its rational schemes: from random real factors (normal, standard deviation
/// `scale`), regularised alternating least squares (cheap sweeps into a basin; proximal weight
/// decaying to 10⁻²), then Levenberg–Marquardt with a small penalty ρ‖x‖² (bounded factors),
/// then without it to a residual of zero in double precision, then rationalisation
/// (`Rationalisation`) to an exact scheme, which the caller checks exactly (`accept`). A start
/// that stalls above a small residual in any phase is dropped for the next.
public struct NumericSearch: Sendable {
    public struct Settings: Sendable {
        public var rank: Int
        /// Standard deviation of the random start's entries.
        public var scale = 0.5
        /// With a start scheme: standard deviation of the noise added to its entries.
        public var noise = 0.1
        /// The penalty ρ of the Levenberg–Marquardt phase.
        public var regularisation = 1e-3
        /// Seconds the rationalisation of one converged point may take before the next start
        /// (nil: 60 s, or N/6 s for N unknowns where that is more: each re-solve factors the
        /// free variables' matrix, and converged points are rare on large shapes).
        public var roundingSeconds: Double?
        /// Rationalisation attempts per converged point (within `roundingSeconds`).
        public var roundingAttempts = 4
        /// Levenberg–Marquardt iterations per start with the penalty.
        public var iterations = 300
        /// With a start scheme of more terms than the rank: ALS sweeps that shrink the surplus
        /// terms (a random choice) to zero while the others absorb them
        /// (`AlternatingLeastSquares.shrink`); nil drops them at once.
        public var shrinkSweeps: Int?
        /// Above this many unknowns a Levenberg–Marquardt step is solved by preconditioned
        /// conjugate gradients instead of a dense factorisation (`ConjugateGradientStep`).
        public var iterativeAbove = 1500
        public init(rank: Int) { self.rank = rank }
    }

    /// What a run did: starts, how many reached a zero residual (‖F‖² < 10⁻²⁴), how many of those
    /// rounded to an exact scheme, the lowest ‖F‖² met, and how many starts ended with ‖F‖² in
    /// each decade [10^k, 10^(k+1)) (k from 1 down to −12; −12 holds everything lower).
    public struct Report: Sendable {
        public var starts = 0
        public var converged = 0
        public var rationalised = 0
        public var lowestSquaredResidual = Double.infinity
        public var endsByDecade: [Int: Int] = [:]

        mutating func record(_ squared: Double) {
            lowestSquaredResidual = min(lowestSquaredResidual, squared)
            let decade = squared > 0 && squared.isFinite ? Int(log10(squared).rounded(.down)) : (squared == 0 ? -12 : 1)
            endsByDecade[min(1, max(-12, decade)), default: 0] += 1
        }
    }

    public let shape: Shape
    public let settings: Settings

    public init(shape: Shape, settings: Settings) { (self.shape, self.settings) = (shape, settings) }

    /// Random starts until `accept` takes a rationalised scheme (returned) or the deadline
    /// (`DispatchTime` nanoseconds) passes. `progress` is called after every start. With `start`
    /// (a scheme of the shape, usually of higher rank), each start is that scheme less randomly
    /// chosen terms down to the rank sought (random terms added where it has fewer), plus
    /// normal noise of deviation `noise`: the missing terms' tensor is what the search must
    /// absorb, a rank reduction by continuation rather than from nothing.
    /// `unrounded` receives every converged point that no rationalisation attempt rounded, as a
    /// scheme with the points' doubles as exact rationals (not a valid scheme; `--from` it with
    /// noise 0 to retry the rounding).
    /// `stop` is asked before every start: true ends the run there, as the deadline does.
    public func run(seed: UInt64, deadline: UInt64, from start: Scheme? = nil, accept: (Scheme) -> Bool,
                    unrounded: (Scheme) -> Void = { _ in }, progress: (Report) -> Void = { _ in },
                    stop: () -> Bool = { false }) -> (Scheme?, Report) {
        let problem = BrentLeastSquares(shape: shape, rank: settings.rank)
        var random = Xoshiro(seed: seed)
        var report = Report()
        let all = Array(0..<problem.variableCount)
        while DispatchTime.now().uptimeNanoseconds < deadline && !stop() {
            report.starts += 1
            var x = (0..<problem.variableCount).map { _ in settings.scale * Self.normal(&random) }
            if let start {
                if let shrinkSweeps = settings.shrinkSweeps, start.rank > problem.rank {
                    x = shrunk(start, sweeps: shrinkSweeps, deadline: deadline, random: &random)
                } else {
                    Self.place(start, into: &x, problem, noise: settings.noise, random: &random)
                }
            }
            var sweeps = AlternatingLeastSquares(problem: problem)
            sweeps.deadline = deadline
            var squared = sweeps.minimize(&x)
            var solver = LevenbergMarquardt(problem: problem)
            solver.deadline = deadline
            solver.iterativeAbove = settings.iterativeAbove
            if squared < 0.5 {
                solver.maxIterations = settings.iterations
                solver.stallFloor = 1e-3
                squared = solver.minimize(&x, free: all, regularisation: settings.regularisation)
            }
            if squared < 1e-2 {
                solver.maxIterations = 500
                solver.stallWindow = 100
                solver.stallFloor = 1e-20
                squared = solver.minimize(&x, free: all, regularisation: 0)
            }
            report.record(squared)
            if squared < 1e-24 {
                report.converged += 1
                // A point that is rigid up to the symmetries may need only a change of basis.
                if let framed = GaugeFrame(problem: problem).round(x) {
                    let scheme = Self.scheme(framed, problem)
                    if accept(scheme) {
                        report.rationalised += 1
                        progress(report)
                        return (scheme, report)
                    }
                }
                var rounding = Rationalisation(problem: problem)
                rounding.deadline = min(deadline, DispatchTime.now().uptimeNanoseconds + UInt64((settings.roundingSeconds ?? max(60, Double(problem.variableCount) / 6)) * 1e9))
                // The first attempt takes the nearest values in order; later ones, while the
                // point's time lasts, choose other zeros (the forced values depend on them).
                for attempt in 0..<settings.roundingAttempts where DispatchTime.now().uptimeNanoseconds < rounding.deadline {
                    rounding.jitter = attempt == 0 ? nil : random.next()
                    guard let exact = rounding.round(x) else { continue }
                    let scheme = Self.scheme(exact, problem)
                    if accept(scheme) {
                        report.rationalised += 1
                        progress(report)
                        return (scheme, report)
                    }
                }
                unrounded(Self.scheme(x.map { Rational(exactly: $0)! }, problem))
            }
            progress(report)
        }
        return (nil, report)
    }

    /// The scheme with the values `x` (ordered as the problem's variables), less the terms with a
    /// zero factor.
    static func scheme(_ x: [Rational], _ problem: BrentLeastSquares) -> Scheme {
        func factor(_ f: Int, _ r: Int, _ length: Int) -> [Rational] {
            let start = problem.offset(factor: f, term: r)
            return Array(x[start..<(start + length)])
        }
        let terms = (0..<problem.rank).map { r in
            Term(u: factor(0, r, problem.a), v: factor(1, r, problem.b), w: factor(2, r, problem.c))
        }.filter { term in [term.u, term.v, term.w].allSatisfy { $0.contains { !$0.isZero } } }
        return Scheme(shape: problem.shape, terms: terms)
    }

    /// The start scheme with noise, its surplus terms (a random choice) shrunk to zero by ALS at
    /// the start's rank, as a point of the problem at `settings.rank` (the terms kept, in order).
    func shrunk(_ start: Scheme, sweeps: Int, deadline: UInt64, random: inout Xoshiro) -> [Double] {
        let wide = BrentLeastSquares(shape: shape, rank: start.rank)
        var x = [Double](repeating: 0, count: wide.variableCount)
        Self.place(start, into: &x, wide, noise: settings.noise, random: &random)
        var order = Array(0..<start.rank)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, random.below(i + 1)) }
        let doomed = Array(order[settings.rank...])
        var annihilation = AlternatingLeastSquares(problem: wide)
        annihilation.deadline = deadline
        annihilation.shrink(&x, terms: doomed, sweeps: sweeps)
        let kept = order[..<settings.rank].sorted()
        let problem = BrentLeastSquares(shape: shape, rank: settings.rank)
        var narrow = [Double](repeating: 0, count: problem.variableCount)
        for (r, term) in kept.enumerated() {
            for (factor, length) in [wide.a, wide.b, wide.c].enumerated() {
                let (from, to) = (wide.offset(factor: factor, term: term), problem.offset(factor: factor, term: r))
                for e in 0..<length { narrow[to + e] = x[from + e] }
            }
        }
        return narrow
    }

    /// Overwrites x's terms with those of `start` (a random choice of them when it has more terms
    /// than the problem's rank), each entry plus noise; terms beyond `start`'s keep x's values.
    static func place(_ start: Scheme, into x: inout [Double], _ problem: BrentLeastSquares, noise: Double, random: inout Xoshiro) {
        var terms = start.terms
        while terms.count > problem.rank { terms.remove(at: random.below(terms.count)) }
        for (r, term) in terms.enumerated() {
            for (factor, values) in [term.u, term.v, term.w].enumerated() {
                let offset = problem.offset(factor: factor, term: r)
                for (e, value) in values.enumerated() { x[offset + e] = value.doubleValue + noise * normal(&random) }
            }
        }
    }

    /// A standard normal deviate (Box–Muller).
    static func normal(_ random: inout Xoshiro) -> Double {
        let u1 = (Double(random.next() >> 11) + 0.5) / 9_007_199_254_740_992
        let u2 = Double(random.next() >> 11) / 9_007_199_254_740_992
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
