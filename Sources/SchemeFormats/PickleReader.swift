/// Reads the pickle NumPy writes for an object array whose elements are arrays
/// (AlphaTensor's non-square factorizations), without executing anything: a small stack
/// machine for the opcodes such pickles use, which only records calls to the allowed
/// globals (`numpy.core.multiarray._reconstruct`, `numpy.ndarray`, `numpy.dtype`) and then
/// interprets the result as arrays.
struct PickleReader {
    indirect enum Value {
        case none
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case bytes([UInt8])
        case tuple([Value])
        case list([Value])
        case global(String)
        /// The result of calling an allowed global; a reference, because BUILD sets its state in
        /// place and memo entries taken before the BUILD must see it (as in Python).
        case object(PickledObject)
    }

    final class PickledObject {
        let callable: String
        let arguments: [Value]
        var state: Value?
        init(callable: String, arguments: [Value]) { (self.callable, self.arguments) = (callable, arguments) }
    }

    static let allowedGlobals: Set<String> = [
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.ndarray", "numpy.dtype",
    ]

    let bytes: [UInt8]
    let name: String
    let maxElements: Int
    var position = 0
    var stack: [Value] = []
    var marks: [Int] = []
    var memo: [Int: Value] = [:]

    init(bytes: [UInt8], name: String, maxElements: Int) {
        (self.bytes, self.name, self.maxElements) = (bytes, name, maxElements)
    }

    func error(_ message: String) -> FormatError { FormatError(.entry(name), "pickle at byte \(position): \(message)") }

    mutating func take(_ count: Int) throws(FormatError) -> ArraySlice<UInt8> {
        guard count >= 0, position + count <= bytes.count else { throw error("truncated") }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func integer(_ size: Int, signed: Bool = false) throws(FormatError) -> Int {
        let slice = try take(size)
        var value: UInt64 = 0
        for (i, b) in slice.enumerated() { value |= UInt64(b) << UInt64(8 * i) }
        if signed && size == 4 { return Int(Int32(bitPattern: UInt32(value))) }
        guard value <= UInt64(Int.max) else { throw error("length too large") }
        return Int(value)
    }

    mutating func line() throws(FormatError) -> String {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { throw error("unterminated line") }
        let text = String(decoding: bytes[position..<end], as: UTF8.self)
        position = end + 1
        return text
    }

    mutating func pop() throws(FormatError) -> Value {
        guard let value = stack.popLast() else { throw error("stack underflow") }
        return value
    }

    mutating func popToMark() throws(FormatError) -> [Value] {
        guard let mark = marks.popLast(), mark <= stack.count else { throw error("missing mark") }
        defer { stack.removeSubrange(mark...) }
        return Array(stack[mark...])
    }

    mutating func string(_ length: Int) throws(FormatError) -> Value {
        guard length <= bytes.count else { throw error("string length out of range") }
        guard let s = String(validating: try take(length), as: UTF8.self) else { throw error("invalid UTF-8") }
        return .string(s)
    }

    /// Runs the pickle to its STOP opcode and returns the value left.
    mutating func run() throws(FormatError) -> Value {
        var steps = 0
        while true {
            steps += 1
            guard steps <= 16 * maxElements + 1_000_000 else { throw error("too many opcodes") }
            guard stack.count <= 100_000, marks.count <= 10_000 else { throw error("stack too deep") }
            let opcode = try take(1).first!
            switch opcode {
            case 0x80: _ = try take(1) // PROTO
            case 0x95: _ = try take(8) // FRAME
            case 0x2E: return try pop() // STOP
            case 0x28: marks.append(stack.count) // MARK
            case 0x4E: stack.append(.none)
            case 0x88: stack.append(.bool(true))
            case 0x89: stack.append(.bool(false))
            case 0x4B: stack.append(.int(try integer(1))) // BININT1
            case 0x4D: stack.append(.int(try integer(2))) // BININT2
            case 0x4A: stack.append(.int(try integer(4, signed: true))) // BININT
            case 0x47: // BINFLOAT, big-endian
                let slice = try take(8)
                stack.append(.float(Double(bitPattern: slice.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })))
            case 0x58: stack.append(try string(try integer(4))) // BINUNICODE
            case 0x8C: stack.append(try string(try integer(1))) // SHORT_BINUNICODE
            case 0x43: stack.append(.bytes(Array(try take(try integer(1))))) // SHORT_BINBYTES
            case 0x42: stack.append(.bytes(Array(try take(try integer(4))))) // BINBYTES
            case 0x29: stack.append(.tuple([])) // EMPTY_TUPLE
            case 0x5D: stack.append(.list([])) // EMPTY_LIST
            case 0x74: stack.append(.tuple(try popToMark())) // TUPLE
            case 0x85: stack.append(.tuple([try pop()]))
            case 0x86: let b = try pop(), a = try pop(); stack.append(.tuple([a, b]))
            case 0x87: let c = try pop(), b = try pop(), a = try pop(); stack.append(.tuple([a, b, c]))
            case 0x61: // APPEND
                let item = try pop()
                guard case .list(var items) = try pop() else { throw error("APPEND to a non-list") }
                items.append(item)
                stack.append(.list(items))
            case 0x65: // APPENDS
                let items = try popToMark()
                guard case .list(var list) = try pop() else { throw error("APPENDS to a non-list") }
                list.append(contentsOf: items)
                stack.append(.list(list))
            case 0x71: memo[try integer(1)] = stack.last // BINPUT
            case 0x72: memo[try integer(4)] = stack.last // LONG_BINPUT
            case 0x94: memo[memo.count] = stack.last // MEMOIZE
            case 0x68, 0x6A: // BINGET, LONG_BINGET
                let key = try integer(opcode == 0x68 ? 1 : 4)
                guard let value = memo[key] else { throw error("unknown memo entry \(key)") }
                stack.append(value)
            case 0x63: // GLOBAL
                let module = try line(), attribute = try line()
                try pushGlobal("\(module).\(attribute)")
            case 0x93: // STACK_GLOBAL
                guard case .string(let attribute) = try pop(), case .string(let module) = try pop() else { throw error("bad STACK_GLOBAL") }
                try pushGlobal("\(module).\(attribute)")
            case 0x52: // REDUCE
                guard case .tuple(let args) = try pop(), case .global(let callable) = try pop() else { throw error("bad REDUCE") }
                stack.append(.object(PickledObject(callable: callable, arguments: args)))
            case 0x62: // BUILD
                let state = try pop()
                guard case .object(let object) = try pop(), object.state == nil else { throw error("BUILD on a non-object") }
                object.state = state
                stack.append(.object(object))
            default:
                throw error("unsupported opcode 0x\(String(opcode, radix: 16))")
            }
        }
    }

    mutating func pushGlobal(_ qualified: String) throws(FormatError) {
        guard PickleReader.allowedGlobals.contains(qualified) else { throw error("refusing global \(qualified)") }
        stack.append(.global(qualified))
    }

    /// Interprets `ndarray` reconstruction: `_reconstruct(ndarray, ...)` built with the state
    /// `(version, shape, dtype, fortran_order, data)`; data is raw bytes for numeric dtypes or a
    /// list of element values for object arrays.
    static func array(from value: Value, name: String, maxElements: Int, depth: Int = 0) throws(FormatError) -> NumPyArray {
        guard depth < 8 else { throw FormatError(.entry(name), "object arrays nested too deeply") }
        guard case .object(let reconstructed) = value, reconstructed.callable.hasSuffix("_reconstruct"),
              case .tuple(let state)? = reconstructed.state, state.count == 5 else {
            throw FormatError(.entry(name), "object array element is not a NumPy array")
        }
        guard case .tuple(let shapeValues) = state[1] else { throw FormatError(.entry(name), "array shape is not a tuple") }
        var shape: [Int] = []
        var total = 1
        for v in shapeValues {
            guard case .int(let d) = v, d >= 0 else { throw FormatError(.entry(name), "array shape is not a tuple of sizes") }
            shape.append(d)
            let (t, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow, t <= maxElements else { throw FormatError(.entry(name), "array of shape \(shape) exceeds the element limit") }
            total = t
        }
        let fortran: Bool
        if case .bool(let f) = state[3] { fortran = f } else { fortran = false }
        guard case .object(let dtype) = state[2], dtype.callable == "numpy.dtype",
              case .string(let kind)? = dtype.arguments.first else {
            throw FormatError(.entry(name), "array dtype is not readable")
        }
        var order = "<"
        if case .tuple(let dtypeState)? = dtype.state, dtypeState.count > 1, case .string(let o) = dtypeState[1] { order = o }
        let array: NumPyArray
        switch state[4] {
        case .bytes(let data):
            array = try NumPyArray.numeric(data, dtype: order + kind, shape: shape, count: total, name: name)
        case .list(let items):
            guard kind.hasPrefix("O"), items.count == total else { throw FormatError(.entry(name), "object array holds \(items.count) items for shape \(shape)") }
            var elements: [NumPyArray] = []
            for item in items { elements.append(try PickleReader.array(from: item, name: name, maxElements: maxElements, depth: depth + 1)) }
            array = NumPyArray(shape: shape, elements: .objects(elements))
        default:
            throw FormatError(.entry(name), "array data is neither bytes nor a list")
        }
        return fortran ? array.reordered(fromFortran: shape) : array
    }
}
