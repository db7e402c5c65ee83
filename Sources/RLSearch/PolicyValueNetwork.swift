import Foundation

/// The agent's network: a two-layer MLP torso over the residual, a value head that predicts the
/// number of moves still needed, and an autoregressive policy head that emits a move token by
/// token (u, then v, then w; each token one coefficient from F).
///
/// - Input: every residual entry clamped to [−2, 2] and one-hot encoded (5 buckets per entry),
///   plus the fraction of the move limit still left. The one-hot input makes the first layer a
///   gather of one weight column per entry.
/// - Torso: h₁ = relu(W₁x + b₁), h = relu(W₂h₁ + b₂), width H.
/// - Value: (w_v·h + b_v) · scale, the predicted number of remaining moves.
/// - Policy: token t has logits O_t relu(h + p_t + c_t) + o_t, where p_t is a position bias and
///   c_t = Σ_{s<t} E_{s,k_s} sums embeddings of the tokens already chosen. Masks keep moves
///   canonical (first non-zero of u and v positive) and factors non-zero.
///
/// Parameters live in one flat Float32 buffer, so that Adam, saving and loading treat them
/// alike. The network is used from one thread at a time.
public final class PolicyValueNetwork: @unchecked Sendable {
    public let configuration: Configuration

    public struct Configuration: Sendable, Equatable {
        /// Dimensions of the tensor's three modes.
        public var dimensions: [Int]
        /// The coefficient set F, ascending and symmetric (e.g. [-1, 0, 1]).
        public var coefficients: [Int32]
        /// Torso width H.
        public var hidden: Int
        /// Value scale: the head predicts remaining moves / scale.
        public var valueScale: Float

        public init(dimensions: [Int], coefficients: [Int32] = [-1, 0, 1], hidden: Int = 256, valueScale: Float) {
            (self.dimensions, self.coefficients, self.hidden, self.valueScale) = (dimensions, coefficients, hidden, valueScale)
        }

        var entries: Int { dimensions.reduce(1, *) }
        var inputs: Int { entries * 5 }
        var tokens: Int { dimensions.reduce(0, +) }
        var values: Int { coefficients.count }
    }

    // Offsets of the parameter blocks in `parameters`.
    let w1, b1, wMoves, w2, b2, wValue, bValue, position, embedding, output, outputBias: Int
    public let parameterCount: Int
    var parameters: [Float]

    public init<G: RandomNumberGenerator>(_ configuration: Configuration, using generator: inout G) {
        self.configuration = configuration
        let (h, inputs, tokens, values) = (configuration.hidden, configuration.inputs, configuration.tokens, configuration.values)
        var offset = 0
        func block(_ size: Int) -> Int { defer { offset += size }; return offset }
        w1 = block(inputs * h); b1 = block(h); wMoves = block(h)
        w2 = block(h * h); b2 = block(h)
        wValue = block(h); bValue = block(1)
        position = block(tokens * h); embedding = block(tokens * values * h)
        output = block(tokens * values * h); outputBias = block(tokens * values)
        parameterCount = offset
        parameters = [Float](repeating: 0, count: offset)
        // He-style initialisation for the torso (the input has `entries` active units); small
        // embeddings; zero output layers, so the untrained policy is uniform over legal tokens
        // and the untrained value is zero.
        let scale1 = Float((2.0 / Double(configuration.entries)).squareRoot())
        let scale2 = Float((2.0 / Double(h)).squareRoot())
        for i in 0..<(inputs * h) { parameters[w1 + i] = Float.random(in: -1...1, using: &generator) * scale1 * 1.7 }
        for i in 0..<(h * h) { parameters[w2 + i] = Float.random(in: -1...1, using: &generator) * scale2 * 1.7 }
        for i in 0..<(tokens * values * h) { parameters[embedding + i] = Float.random(in: -1...1, using: &generator) * 0.1 }
    }

    // MARK: Forward pass

    /// The torso's activations for one state, kept for the backward pass and for decoding.
    public struct Torso {
        var active: [Int]
        var movesLeft: Float
        var h1: [Float]
        var h: [Float]
        /// Predicted remaining moves.
        public var value: Float
    }

    /// Runs the torso on `residual` (entries in the mode order of `dimensions`) with
    /// `movesLeft` ∈ [0, 1] the fraction of the move limit still available.
    public func torso(_ residual: [Int32], movesLeft: Float) -> Torso {
        let h = configuration.hidden
        let active = residual.enumerated().map { e, value in e * 5 + Int(min(max(value, -2), 2) + 2) }
        var h1 = [Float](repeating: 0, count: h)
        var hidden = [Float](repeating: 0, count: h)
        var value: Float = 0
        parameters.withUnsafeBufferPointer { p in
            h1.withUnsafeMutableBufferPointer { h1 in
                for i in 0..<h { h1[i] = p[b1 + i] + movesLeft * p[wMoves + i] }
                for column in active {
                    let base = w1 + column * h
                    for i in 0..<h { h1[i] += p[base + i] }
                }
                for i in 0..<h { h1[i] = max(h1[i], 0) }
            }
            hidden.withUnsafeMutableBufferPointer { out in
                h1.withUnsafeBufferPointer { h1 in
                    for o in 0..<h {
                        var sum = p[b2 + o]
                        let row = w2 + o * h
                        for i in 0..<h { sum += p[row + i] * h1[i] }
                        out[o] = max(sum, 0)
                    }
                }
                var v = p[bValue]
                for i in 0..<h { v += p[wValue + i] * out[i] }
                value = v * configuration.valueScale
            }
        }
        return Torso(active: active, movesLeft: movesLeft, h1: h1, h: hidden, value: value)
    }

    /// Which coefficient indices token `t` may take, given the tokens chosen before it in the
    /// same factor: canonical signs for u and v, and no all-zero factor.
    func allowed(token t: Int, previous: ArraySlice<Int>) -> (allowNegative: Bool, allowZero: Bool) {
        var start = 0
        var factor = 0
        while t >= start + configuration.dimensions[factor] { start += configuration.dimensions[factor]; factor += 1 }
        let zeroIndex = configuration.values / 2
        let allZeroSoFar = previous[(previous.startIndex + start)..<(previous.startIndex + t)].allSatisfy { $0 == zeroIndex }
        let isLast = t == start + configuration.dimensions[factor] - 1
        return (allowNegative: !(allZeroSoFar && factor < 2), allowZero: !(allZeroSoFar && isLast))
    }

    /// Whether token value `k` is legal given `allowed(token:previous:)`: negative values and
    /// zero are the ones it can exclude.
    func isLegal(_ k: Int, _ allowance: (allowNegative: Bool, allowZero: Bool)) -> Bool {
        let zeroIndex = configuration.values / 2
        return (allowance.allowNegative || k >= zeroIndex) && (allowance.allowZero || k != zeroIndex)
    }

    /// Equal probabilities over the tokens legal at step `t`.
    func uniformProbabilities(t: Int, previous: ArraySlice<Int>) -> [Float] {
        let allowance = allowed(token: t, previous: previous)
        let legal = (0..<configuration.values).map { isLegal($0, allowance) }
        let count = Float(legal.filter { $0 }.count)
        return legal.map { $0 ? 1 / count : 0 }
    }

    /// Token probabilities at step `t` (with masks), filling `z` with the decoder activation
    /// and `pre` with its pre-activation.
    func tokenProbabilities(_ torso: Torso, t: Int, context: [Float], previous: ArraySlice<Int>, temperature: Float,
                            z: inout [Float], pre: inout [Float]) -> [Float] {
        let (h, values) = (configuration.hidden, configuration.values)
        var logits = [Float](repeating: 0, count: values)
        parameters.withUnsafeBufferPointer { p in
            for i in 0..<h {
                let x = torso.h[i] + p[position + t * h + i] + context[i]
                pre[i] = x
                z[i] = max(x, 0)
            }
            for k in 0..<values {
                var sum = p[outputBias + t * values + k]
                let row = output + (t * values + k) * h
                for i in 0..<h { sum += p[row + i] * z[i] }
                logits[k] = sum / temperature
            }
        }
        let allowance = allowed(token: t, previous: previous)
        for k in 0..<values where !isLegal(k, allowance) { logits[k] = -.infinity }
        let maximum = logits.max()!
        var probabilities = logits.map { exp($0 - maximum) }
        let total = probabilities.reduce(0, +)
        for k in 0..<values { probabilities[k] /= total }
        return probabilities
    }

    /// Samples `count` moves (token indices into F per move): each from the policy, or with
    /// probability `uniformShare` uniformly over the legal tokens at every step, so that a
    /// policy that has collapsed onto a few moves still proposes others.
    public func sample<G: RandomNumberGenerator>(_ torso: Torso, count: Int, temperature: Float, uniformShare: Double = 0,
                                                 using generator: inout G) -> [[Int]] {
        let (h, tokens, values) = (configuration.hidden, configuration.tokens, configuration.values)
        var z = [Float](repeating: 0, count: h), pre = z
        var results: [[Int]] = []
        results.reserveCapacity(count)
        for _ in 0..<count {
            var context = [Float](repeating: 0, count: h)
            var chosen = [Int](repeating: 0, count: tokens)
            let uniform = uniformShare > 0 && Double.random(in: 0..<1, using: &generator) < uniformShare
            for t in 0..<tokens {
                let probabilities = uniform
                    ? uniformProbabilities(t: t, previous: chosen[...])
                    : tokenProbabilities(torso, t: t, context: context, previous: chosen[...], temperature: temperature, z: &z, pre: &pre)
                var r = Float.random(in: 0..<1, using: &generator)
                var k = 0
                while k < values - 1 && (r >= probabilities[k] || probabilities[k] == 0) { r -= probabilities[k]; k += 1 }
                if probabilities[k] == 0 { k = probabilities.firstIndex { $0 > 0 }! }
                chosen[t] = k
                let row = embedding + (t * values + k) * h
                parameters.withUnsafeBufferPointer { p in for i in 0..<h { context[i] += p[row + i] } }
            }
            results.append(chosen)
        }
        return results
    }

    // MARK: Training

    /// Gradient accumulator with the same layout as the parameters.
    public struct Gradient {
        var values: [Float]
        var examples = 0
    }

    public func zeroGradient() -> Gradient { Gradient(values: [Float](repeating: 0, count: parameterCount)) }

    /// Adds the gradient of the loss on one example to `gradient` and returns the loss:
    /// the cross-entropy of the move's tokens (teacher forcing) plus `valueWeight` times the
    /// squared error of the value head on `remaining / valueScale`.
    @discardableResult
    public func accumulate(residual: [Int32], movesLeft: Float, move tokensOfMove: [Int], remaining: Float, valueWeight: Float,
                           into gradient: inout Gradient) -> (policy: Float, value: Float) {
        let (h, tokens, values) = (configuration.hidden, configuration.tokens, configuration.values)
        let torso = self.torso(residual, movesLeft: movesLeft)
        var dh = [Float](repeating: 0, count: h)
        var policyLoss: Float = 0, valueLoss: Float = 0
        var context = [Float](repeating: 0, count: h)
        var z = [Float](repeating: 0, count: h), pre = z
        var dPre = [[Float]](repeating: [], count: tokens)
        gradient.values.withUnsafeMutableBufferPointer { g in
            for t in 0..<tokens {
                let probabilities = tokenProbabilities(torso, t: t, context: context, previous: tokensOfMove[...], temperature: 1, z: &z, pre: &pre)
                let target = tokensOfMove[t]
                policyLoss -= log(max(probabilities[target], 1e-12))
                var dz = [Float](repeating: 0, count: h)
                parameters.withUnsafeBufferPointer { p in
                    for k in 0..<values {
                        let dLogit = probabilities[k] - (k == target ? 1 : 0)
                        guard dLogit != 0 else { continue }
                        g[outputBias + t * values + k] += dLogit
                        let row = output + (t * values + k) * h
                        for i in 0..<h {
                            g[row + i] += dLogit * z[i]
                            dz[i] += dLogit * p[row + i]
                        }
                    }
                    let row = embedding + (t * values + target) * h
                    for i in 0..<h { context[i] += p[row + i] }
                }
                for i in 0..<h { dz[i] = pre[i] > 0 ? dz[i] : 0 }
                for i in 0..<h {
                    dh[i] += dz[i]
                    g[position + t * h + i] += dz[i]
                }
                dPre[t] = dz
            }
            // c_t sums the embeddings of tokens s < t: E_{s,k_s} receives Σ_{t>s} dPre_t.
            var later = [Float](repeating: 0, count: h)
            for t in stride(from: tokens - 1, through: 0, by: -1) {
                let row = embedding + (t * values + tokensOfMove[t]) * h
                for i in 0..<h { g[row + i] += later[i] }
                for i in 0..<h { later[i] += dPre[t][i] }
            }
            // Value head.
            let predicted = torso.value / configuration.valueScale
            let error = predicted - remaining / configuration.valueScale
            let dValue = 2 * valueWeight * error
            g[bValue] += dValue
            parameters.withUnsafeBufferPointer { p in
                for i in 0..<h {
                    g[wValue + i] += dValue * torso.h[i]
                    dh[i] += dValue * p[wValue + i]
                }
                // Torso.
                var dh1 = [Float](repeating: 0, count: h)
                for o in 0..<h where torso.h[o] > 0 {
                    let d = dh[o]
                    guard d != 0 else { continue }
                    g[b2 + o] += d
                    let row = w2 + o * h
                    for i in 0..<h {
                        g[row + i] += d * torso.h1[i]
                        dh1[i] += d * p[row + i]
                    }
                }
                for i in 0..<h where torso.h1[i] <= 0 { dh1[i] = 0 }
                for i in 0..<h {
                    g[b1 + i] += dh1[i]
                    g[wMoves + i] += dh1[i] * torso.movesLeft
                }
                for column in torso.active {
                    let base = w1 + column * h
                    for i in 0..<h { g[base + i] += dh1[i] }
                }
            }
            valueLoss = valueWeight * error * error
        }
        gradient.examples += 1
        return (policyLoss, valueLoss)
    }

    /// The token indices of `move` (its coefficients must lie in F), u then v then w.
    public func tokens(of move: [Int32]) -> [Int]? {
        var result: [Int] = []
        for value in move {
            guard let index = configuration.coefficients.firstIndex(of: value) else { return nil }
            result.append(index)
        }
        return result
    }
}
