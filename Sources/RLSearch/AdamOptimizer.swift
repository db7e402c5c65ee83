import Foundation

/// Adam (Kingma & Ba 2015) over a network's flat parameter buffer, with the gradient averaged
/// over the examples accumulated since the last step.
public struct AdamOptimizer: Sendable {
    public var learningRate: Float
    let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
    var m: [Float], v: [Float]
    var step = 0

    public init(parameterCount: Int, learningRate: Float = 1e-3) {
        self.learningRate = learningRate
        m = [Float](repeating: 0, count: parameterCount)
        v = m
    }

    /// Applies one update to `network` from `gradient` and resets the gradient.
    public mutating func apply(_ gradient: inout PolicyValueNetwork.Gradient, to network: PolicyValueNetwork) {
        guard gradient.examples > 0 else { return }
        step += 1
        let scale = 1 / Float(gradient.examples)
        let correction1 = 1 - pow(beta1, Float(step)), correction2 = 1 - pow(beta2, Float(step))
        let rate = learningRate * correction2.squareRoot() / correction1
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                gradient.values.withUnsafeMutableBufferPointer { g in
                    network.parameters.withUnsafeMutableBufferPointer { p in
                        for i in 0..<p.count {
                            let gi = g[i] * scale
                            g[i] = 0
                            m[i] = b1 * m[i] + (1 - b1) * gi
                            v[i] = b2 * v[i] + (1 - b2) * gi * gi
                            p[i] -= rate * m[i] / (v[i].squareRoot() + eps)
                        }
                    }
                }
            }
        }
        gradient.examples = 0
    }
}
