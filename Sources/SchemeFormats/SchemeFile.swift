import Foundation
import SchemeModel

/// The file formats fmm reads and writes.
public enum SchemeFormat: String, Sendable, CaseIterable {
    /// JSON full-scheme format (`JSONSchemeFormat`).
    case json
    /// Product lines `.exp` (`ProductLineFormat`).
    case productLines = "exp"
    /// Mathematica nested lists `.m` (`MathematicaFormat`).
    case mathematica = "m"
    /// AlphaTensor's NumPy archive `.npz` (`AlphaTensorFormat`), read only.
    case npz
    /// A single NumPy array `.npy` (AlphaTensor's layout, or flip-cpd's), read only.
    case npy
    /// Perminov's `flip_graph` text output (`PerminovTextFormat`).
    case perminovText = "perminov-txt"
    /// Products `m1 = …` and entries `c11 = …` (`AlgorithmFormat`; also flip-cpd's `.txt`).
    case algorithm
    /// `decomposition_… = (np.array(…), …)` in a notebook or Python file (`NotebookFormat`), read only.
    case notebook

    /// Recognises a format from the content, not the name: a zip or NumPy magic number; `{`
    /// followed by `"` (JSON, or a notebook when it has `"cells"`) or by `{` (Mathematica); a
    /// first line of four integers (Perminov's text); a line `m1 = …` (the algorithm form);
    /// `np.array(` (Python); otherwise product lines.
    public static func detect(_ bytes: [UInt8]) -> SchemeFormat {
        if bytes.starts(with: [0x50, 0x4B]) { return .npz }
        if bytes.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) { return .npy }
        let meaningful = bytes.lazy.filter { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        var iterator = meaningful.makeIterator()
        if iterator.next() == UInt8(ascii: "{") {
            if iterator.next() == UInt8(ascii: "{") { return .mathematica }
            return NotebookFormat.isNotebook(bytes) ? .notebook : .json
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .productLines }
        let normalized = normalizingLineEndings(text)
        if PerminovTextFormat.recognises(normalized) { return .perminovText }
        if AlgorithmFormat.recognises(normalized) { return .algorithm }
        if normalized.contains("np.array(") { return .notebook }
        return .productLines
    }

    /// Text with `\r\n`, `\r\r\n` or lone `\r` line endings as `\n` lines.
    static func normalizingLineEndings(_ text: String) -> String {
        guard text.unicodeScalars.contains("\r") else { return text }
        let hasNewlines = text.unicodeScalars.contains("\n")
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                if !hasNewlines { scalars.append("\n") }
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

/// A scheme read from a file, with the name of its entry inside the file (npz keys).
public struct NamedScheme: Sendable {
    public let file: String
    /// The key inside an archive, or `nil` for single-scheme files.
    public let entry: String?
    /// The scheme; for a scheme over Q(i), its real parts (see `gaussian`).
    public let scheme: Scheme
    /// The whole scheme when some coefficient is complex (read only with `allowingComplex`).
    public var gaussian: GaussianScheme? = nil

    public init(file: String, entry: String?, scheme: Scheme, gaussian: GaussianScheme? = nil) {
        (self.file, self.entry, self.scheme, self.gaussian) = (file, entry, scheme, gaussian)
    }

    /// `file` or `file[key]`.
    public var label: String { entry.map { "\(file)[\($0)]" } ?? file }
}

/// Reading and writing scheme files in any supported format.
public enum SchemeFile {
    /// Reads every scheme in the file at `path`, detecting the format from its content.
    ///
    /// The intended ring is the file's own declaration where it has one (`"z2"` in JSON); else
    /// `mod2`/`f2` in the file name marks a mod-2 scheme, as in the published collections.
    /// Throws a `FormatError` naming the file and the place on any malformed input.
    /// A scheme with complex coefficients (over Q(i)) is an error unless `allowingComplex`: only
    /// the checker judges such schemes.
    public static func read(path: String, limits: Limits = .standard, allowingComplex: Bool = false) throws(FormatError) -> [NamedScheme] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else { throw FormatError(file: path, .whole, "cannot open the file (missing or unreadable)") }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory { throw FormatError(file: path, .whole, "is a directory, not a scheme file") }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limits.maxFileBytes else {
            throw FormatError(file: path, .whole, "file of \(size) bytes exceeds the limit of \(limits.maxFileBytes) (raise it with --max-file-bytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw FormatError(file: path, .whole, "cannot read the file") }
        do {
            return try read(bytes: [UInt8](data), name: path, limits: limits, allowingComplex: allowingComplex)
        } catch {
            throw error.in(path)
        }
    }

    /// Reads every scheme in `bytes`; `name` (a file name) only supplies hints: the ring and,
    /// for product lines, the shape (`223-11-mod0.exp`, `4x4x5_...`).
    public static func read(bytes: [UInt8], name: String, limits: Limits = .standard, allowingComplex: Bool = false) throws(FormatError) -> [NamedScheme] {
        guard !bytes.isEmpty else { throw FormatError(.whole, "the file is empty") }
        let base = String(name.split(separator: "/").last ?? Substring(name))
        let ring = ringHint(base)
        let format = SchemeFormat.detect(bytes)
        switch format {
        case .npz:
            return try AlphaTensorFormat.read(bytes, ring: ring, limits: limits).map {
                NamedScheme(file: name, entry: $0.name, scheme: $0.scheme)
            }
        case .npy:
            if let flipCPDShape = try FlipCPDFormat.shape(fromName: base) {
                let array = try NumPyArray.parse(bytes, name: base, maxElements: limits.maxTensorEntries)
                var scheme = try FlipCPDFormat.scheme(array, shape: flipCPDShape, name: base, limits: limits)
                scheme.intendedRing = ring
                return [NamedScheme(file: name, entry: nil, scheme: scheme)]
            }
            let key = shapeHint(base).map { "\($0.n),\($0.m),\($0.p)" }
            return [NamedScheme(file: name, entry: nil, scheme: try AlphaTensorFormat.readArray(bytes, key: key, ring: ring, limits: limits))]
        default:
            break
        }
        guard let raw = String(validating: bytes, as: UTF8.self), !raw.contains("\0") else {
            throw FormatError(.whole, "not a scheme file: binary data in no known format")
        }
        let text = SchemeFormat.normalizingLineEndings(raw)
        var scheme: Scheme
        switch format {
        case .json:
            let (real, imaginary) = try JSONSchemeFormat.gaussianScheme(from: try JSONValue.parse(bytes, maxDepth: limits.maxNestingDepth), limits: limits)
            guard let imaginary else { return [NamedScheme(file: name, entry: nil, scheme: real)] }
            guard allowingComplex else { throw FormatError(.whole, "complex coefficients: the scheme is over Q(i), which only fmm check and the catalogue's ring QI take") }
            return [NamedScheme(file: name, entry: nil, scheme: real, gaussian: GaussianScheme(real: real, imaginary: imaginary))]
        case .notebook:
            return try NotebookFormat.read(bytes, text: text, limits: limits).map { (entry, scheme, imaginary) throws(FormatError) in
                guard let imaginary else { return NamedScheme(file: name, entry: entry, scheme: scheme) }
                guard allowingComplex else {
                    throw FormatError(.entry("decomposition_\(entry)"), "complex coefficients: the scheme is over Q(i), which only fmm check and the catalogue's ring QI take")
                }
                return NamedScheme(file: name, entry: entry, scheme: scheme, gaussian: GaussianScheme(real: scheme, imaginary: imaginary))
            }
        case .mathematica:
            scheme = try MathematicaFormat.read(text, limits: limits)
        case .perminovText:
            if base.contains("_Z3") { throw FormatError("\(base) holds a scheme modulo 3 (_Z3); fmm checks over Q and modulo 2 only") }
            scheme = try PerminovTextFormat.read(text, limits: limits)
        case .algorithm:
            scheme = try AlgorithmFormat.read(text, shape: try FlipCPDFormat.shape(fromName: base) ?? shapeHint(base), limits: limits)
        default:
            let hint = shapeHint(base)
            scheme = try ProductLineFormat.read(text, shape: hint, limits: limits)
        }
        scheme.intendedRing = ring
        return [NamedScheme(file: name, entry: nil, scheme: scheme)]
    }

    /// Mod 2 when the name says `mod2` or `f2` (AlphaTensor's `factorizations_f2`) or ends its
    /// stem in `_Z2` (Perminov's `flip_graph`).
    static func ringHint(_ base: String) -> IntendedRing {
        let lower = base.lowercased()
        return lower.contains("mod2") || lower.contains("_f2") || lower.contains("-f2") || base.contains("_Z2") ? .gf2 : .rationals
    }

    /// The shape a file name states: `NMP-R...` (single digits, as the flip-graph files) or `NxMxP`.
    static func shapeHint(_ base: String) -> Shape? {
        if let match = base.firstMatch(of: /(\d+)x(\d+)x(\d+)/),
           let n = Int(match.1), let m = Int(match.2), let p = Int(match.3) {
            return try? Shape.validated(n, m, p)
        }
        if let match = base.firstMatch(of: /(?:^|[^0-9])(\d)(\d)(\d)-\d+/),
           let n = Int(match.1), let m = Int(match.2), let p = Int(match.3) {
            return try? Shape.validated(n, m, p)
        }
        return nil
    }

    /// The text of `scheme` in `format` (JSON, product lines or Mathematica).
    public static func text(_ scheme: Scheme, format: SchemeFormat) -> String? {
        switch format {
        case .json: JSONSchemeFormat.write(scheme)
        case .productLines: ProductLineFormat.write(scheme)
        case .mathematica: MathematicaFormat.write(scheme)
        case .perminovText: PerminovTextFormat.write(scheme)
        case .algorithm: AlgorithmFormat.write(scheme)
        case .npz, .npy, .notebook: nil
        }
    }

    /// The file contents for `schemes` in `format`: an `.npz` holds them all (one per shape);
    /// the text formats hold exactly one scheme.
    public static func contents(_ schemes: [Scheme], format: SchemeFormat) throws -> [UInt8] {
        if format == .npz { return try AlphaTensorWriter.archive(schemes) }
        guard schemes.count == 1, let text = text(schemes[0], format: format) else {
            throw FormatError("\(format.rawValue) holds exactly one scheme; write \(schemes.count) schemes as npz")
        }
        return Array(text.utf8)
    }

    /// Writes `bytes` atomically (`AtomicFile`): a reader, a crash or a failed write never
    /// sees a partial file.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        try AtomicFile.write(Data(bytes), to: path)
    }

    /// Writes `contents` atomically (see the byte version).
    public static func writeAtomically(_ contents: String, to path: String) throws {
        try AtomicFile.write(Data(contents.utf8), to: path)
    }
}
