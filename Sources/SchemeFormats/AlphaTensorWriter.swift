import CZlib
import ExactArithmetic
import SchemeModel

/// Writes schemes as an AlphaTensor-style `.npz` that `numpy.load(..., allow_pickle=True)` reads
/// like DeepMind's files: key `"n,m,p"`; square shapes as an int64 array (3, n², R), others as an
/// object array of u (n·m × R), v (m·p × R), w (p·n × R) — factors are the columns. Integer
/// schemes are int64; schemes with dyadic coefficients (1/2, 1/8) are float64, which holds them
/// exactly; other rationals cannot be stored and are refused.
public enum AlphaTensorWriter {
    public struct UnrepresentableError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The archive bytes (stored zip entries, one `.npy` per scheme).
    public static func archive(_ schemes: [Scheme]) throws(UnrepresentableError) -> [UInt8] {
        var entries: [(String, [UInt8])] = []
        for scheme in schemes {
            let s = scheme.shape
            entries.append(("\(s.n),\(s.m),\(s.p).npy", try npy(scheme)))
        }
        return zip(entries)
    }

    static func npy(_ scheme: Scheme) throws(UnrepresentableError) -> [UInt8] {
        let integral = scheme.hasIntegerCoefficients
        var values: [[Double]] = []
        for factor in [scheme.terms.map(\.u), scheme.terms.map(\.v), scheme.terms.map(\.w)] {
            // Rows are coordinates, columns are terms.
            let length = factor.first?.count ?? 0
            var matrix: [Double] = []
            matrix.reserveCapacity(length * factor.count)
            for i in 0..<length {
                for vector in factor {
                    let c = vector[i]
                    guard let x = exactDouble(c) else {
                        throw UnrepresentableError(description: "coefficient \(c) has no exact float64 value; write JSON, .exp or .m instead")
                    }
                    matrix.append(x)
                }
            }
            values.append(matrix)
        }
        let rank = scheme.rank, s = scheme.shape
        let kind = integral ? "i8" : "f8"
        if s.n == s.m && s.m == s.p {
            return npyHeader("<\(kind)", shape: [3, s.uCount, rank]) + values.flatMap { data($0, integral) }
        }
        // Object array: numpy stores it as a pickle of three reconstructed arrays.
        let lengths = [s.uCount, s.vCount, s.wCount]
        var pickle: [UInt8] = [0x80, 0x02]
        pickle += global("numpy.core.multiarray", "_reconstruct") + [0x71, 0] // BINPUT 0
        pickle += global("numpy", "ndarray") + [0x71, 1]
        let emptyCall: [UInt8] = [0x68, 0, 0x68, 1, 0x4B, 0, 0x85, 0x43, 1, UInt8(ascii: "b"), 0x87, 0x52] // _reconstruct(ndarray, (0,), b'b')
        pickle += emptyCall + [0x28, 0x4B, 1, 0x4B, 3, 0x85] + dtype("O8", order: "|") + [0x89, 0x5D, 0x28]
        for (f, matrix) in values.enumerated() {
            pickle += emptyCall + [0x28, 0x4B, 1] + int(lengths[f]) + int(rank) + [0x86] + dtype(kind, order: "<") + [0x89]
            let bytes = data(matrix, integral)
            pickle += [0x42] + le32(bytes.count) + bytes + [0x74, 0x62] // BINBYTES, TUPLE, BUILD
        }
        pickle += [0x65, 0x74, 0x62, 0x2E] // APPENDS, TUPLE, BUILD, STOP
        return npyHeader("|O", shape: [3]) + pickle
    }

    static func exactDouble(_ c: Rational) -> Double? {
        if let small = c.intValue { return abs(small) < (1 << 53) ? Double(small) : nil }
        guard let (num, den) = c.smallFraction, den.nonzeroBitCount == 1, abs(num) < (1 << 53) else { return nil }
        return Double(num) / Double(den)
    }

    static func data(_ values: [Double], _ integral: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 8)
        for x in values {
            let bits = integral ? UInt64(bitPattern: Int64(x)) : x.bitPattern
            for b in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(8 * b))) }
        }
        return out
    }

    static func npyHeader(_ descr: String, shape: [Int]) -> [UInt8] {
        let tuple = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(tuple), }"
        // Pad so that the data starts on a 64-byte boundary; the header ends with a newline.
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        return [0x93] + Array("NUMPY".utf8) + [1, 0] + [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
    }

    static func global(_ module: String, _ name: String) -> [UInt8] { [0x63] + Array("\(module)\n\(name)\n".utf8) }
    static func unicode(_ s: String) -> [UInt8] { [0x58] + le32(s.utf8.count) + Array(s.utf8) }
    static func int(_ x: Int) -> [UInt8] { x < 256 ? [0x4B, UInt8(x)] : [0x4A] + le32(x) }
    /// `numpy.dtype(kind, False, True)` built with the state (3, order, None, None, None, -1, -1, flags).
    static func dtype(_ kind: String, order: String) -> [UInt8] {
        global("numpy", "dtype") + unicode(kind) + [0x89, 0x88, 0x87, 0x52, 0x28, 0x4B, 3] + unicode(order)
            + [0x4E, 0x4E, 0x4E, 0x4A] + le32(-1) + [0x4A] + le32(-1) + [0x4B, kind == "O8" ? 63 : 0, 0x74, 0x62]
    }
    static func le32(_ x: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: Int32(truncatingIfNeeded: x)) >> UInt32(8 * $0)) } }
    static func le16(_ x: Int) -> [UInt8] { [UInt8(x & 0xFF), UInt8((x >> 8) & 0xFF)] }

    /// A zip archive of stored (uncompressed) entries.
    static func zip(_ entries: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], directory: [UInt8] = []
        for (name, content) in entries {
            let crc = content.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
            let common: [UInt8] = le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(Int(crc))
                + le32(content.count) + le32(content.count) + le16(name.utf8.count) + le16(0)
            directory += le32(0x0201_4b50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(out.count) + Array(name.utf8)
            out += le32(0x0403_4b50) + common + Array(name.utf8) + content
        }
        let directoryOffset = out.count
        out += directory
        out += le32(0x0605_4b50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(directory.count) + le32(directoryOffset) + le16(0)
        return out
    }
}
