/// A NumPy array read from the `.npy` format (version 1–3): numeric arrays of any integer or
/// float dtype and either byte order, and object arrays whose elements are arrays (stored by
/// NumPy as a pickle, read by `PickleReader` without executing anything).
struct NumPyArray {
    enum Elements {
        case integers([Int])
        case floats([Double])
        case objects([NumPyArray])
    }

    let shape: [Int]
    /// Elements in C (row-major) order, whatever the file's order.
    let elements: Elements

    var count: Int { shape.reduce(1, *) }

    /// The element at a multi-index, as a double (integers exactly when below 2^53, as all
    /// scheme coefficients are); `nil` for an object array.
    func number(at flatIndex: Int) -> Double? {
        switch elements {
        case .integers(let values): Double(values[flatIndex])
        case .floats(let values): values[flatIndex]
        case .objects: nil
        }
    }

    /// Parses one `.npy` file, refusing more than `maxElements` elements.
    static func parse(_ bytes: [UInt8], name: String, maxElements: Int, depth: Int = 0) throws(FormatError) -> NumPyArray {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw FormatError(.entry(name), "not a .npy array (bad magic)") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1: (headerLength, headerStart) = (Int(ZipArchive.u16(bytes, 8)), 10)
        case 2, 3: (headerLength, headerStart) = (Int(ZipArchive.u32(bytes, 8)), 12)
        default: throw FormatError(.entry(name), "unsupported .npy version \(major)")
        }
        guard headerStart + headerLength <= bytes.count,
              let header = String(validating: bytes[headerStart..<headerStart + headerLength], as: UTF8.self) else {
            throw FormatError(.entry(name), ".npy header truncated")
        }
        guard let descr = headerValue(header, "descr"), let order = headerValue(header, "fortran_order"),
              let shapeText = headerValue(header, "shape") else {
            throw FormatError(.entry(name), ".npy header lacks descr, fortran_order or shape")
        }
        let dtype = descr.trimmingCharacters(in: "'\"")
        let fortran = order == "True"
        var shape: [Int] = []
        for part in shapeText.trimmingCharacters(in: "()").split(separator: ",") {
            let t = part.trimmingCharacters()
            if t.isEmpty { continue }
            guard let d = Int(t), d >= 0 else { throw FormatError(.entry(name), ".npy shape '\(shapeText)' is not a tuple of sizes") }
            shape.append(d)
        }
        var total = 1
        for d in shape {
            let (t, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow, t <= maxElements else {
                throw FormatError(.entry(name), ".npy array of shape \(shape) exceeds the limit of \(maxElements) elements")
            }
            total = t
        }
        let data = Array(bytes[(headerStart + headerLength)...])
        if dtype == "|O" || dtype == "O" {
            guard depth == 0 else { throw FormatError(.entry(name), "nested object arrays are not supported") }
            var reader = PickleReader(bytes: data, name: name, maxElements: maxElements)
            let value = try reader.run()
            let array = try PickleReader.array(from: value, name: name, maxElements: maxElements)
            guard array.count == total else { throw FormatError(.entry(name), "object array size does not match its header shape \(shape)") }
            return fortran ? array.reordered(fromFortran: shape) : NumPyArray(shape: shape, elements: array.elements)
        }
        let array = try numeric(data, dtype: dtype, shape: shape, count: total, name: name)
        return fortran ? array.reordered(fromFortran: shape) : array
    }

    /// Decodes `count` elements of a numeric dtype such as `<i4`, `>f8` or `|u1`.
    static func numeric(_ data: [UInt8], dtype: String, shape: [Int], count: Int, name: String) throws(FormatError) -> NumPyArray {
        let chars = Array(dtype)
        guard chars.count >= 3, "<>|=".contains(chars[0]), let size = Int(String(chars[2...])), [1, 2, 4, 8].contains(size) else {
            throw FormatError(.entry(name), "unsupported dtype '\(dtype)'")
        }
        let bigEndian = chars[0] == ">"
        guard data.count >= count * size else {
            throw FormatError(.entry(name), "array data truncated: \(data.count) bytes for \(count) elements of \(size) bytes")
        }
        // Little-endian loads straight from the buffer; big-endian data is byte-swapped.
        func raw(_ i: Int) -> UInt64 {
            data.withUnsafeBytes { buffer -> UInt64 in
                let offset = i * size
                let value: UInt64 = switch size {
                case 1: UInt64(buffer[offset])
                case 2: UInt64(buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
                case 4: UInt64(buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                default: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                }
                return bigEndian ? value.byteSwapped >> UInt64(64 - 8 * size) : value
            }
        }
        switch chars[1] {
        case "i":
            let shift = UInt64(64 - 8 * size)
            return NumPyArray(shape: shape, elements: .integers((0..<count).map { Int(Int64(bitPattern: raw($0) << shift) >> Int64(shift)) }))
        case "u", "b":
            guard size < 8 else {
                let values = (0..<count).map { raw($0) }
                guard values.allSatisfy({ $0 <= UInt64(Int.max) }) else { throw FormatError(.entry(name), "uint64 value too large") }
                return NumPyArray(shape: shape, elements: .integers(values.map { Int($0) }))
            }
            return NumPyArray(shape: shape, elements: .integers((0..<count).map { Int(raw($0)) }))
        case "f":
            switch size {
            case 8: return NumPyArray(shape: shape, elements: .floats((0..<count).map { Double(bitPattern: raw($0)) }))
            case 4: return NumPyArray(shape: shape, elements: .floats((0..<count).map { Double(Float(bitPattern: UInt32(raw($0)))) }))
            default: throw FormatError(.entry(name), "unsupported dtype '\(dtype)'")
            }
        default:
            throw FormatError(.entry(name), "unsupported dtype '\(dtype)'")
        }
    }

    /// The same array with elements moved from Fortran (column-major) to C order.
    func reordered(fromFortran shape: [Int]) -> NumPyArray {
        guard shape.count > 1 else { return NumPyArray(shape: shape, elements: elements) }
        let total = count
        // C index → Fortran index.
        var mapping = [Int](repeating: 0, count: total)
        for c in 0..<total {
            var rest = c, f = 0, step = 1
            var index = [Int](repeating: 0, count: shape.count)
            for axis in stride(from: shape.count - 1, through: 0, by: -1) {
                index[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            for axis in 0..<shape.count { f += index[axis] * step; step *= shape[axis] }
            mapping[c] = f
        }
        switch elements {
        case .integers(let v): return NumPyArray(shape: shape, elements: .integers(mapping.map { v[$0] }))
        case .floats(let v): return NumPyArray(shape: shape, elements: .floats(mapping.map { v[$0] }))
        case .objects(let v): return NumPyArray(shape: shape, elements: .objects(mapping.map { v[$0] }))
        }
    }

    /// The text after `'key':` in a header dict, up to the next top-level comma.
    static func headerValue(_ header: String, _ key: String) -> String? {
        guard let range = header.range(of: "'\(key)':") else { return nil }
        var depth = 0
        var value = ""
        for ch in header[range.upperBound...] {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if (ch == "," || ch == "}") && depth == 0 { break }
            value.append(ch)
        }
        return String(value.trimmingCharacters())
    }
}

extension StringProtocol {
    func range(of target: String) -> Range<Index>? {
        guard !target.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }

    func trimmingCharacters(in set: String) -> String {
        String(trimmingCharacters().drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
