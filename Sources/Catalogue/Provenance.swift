import SchemeFormats

/// How a catalogue entry was obtained.
public struct Provenance: Sendable, Equatable {
    /// `import`, `definition`, `derivation`, `flip`, `rl`, ...
    public var method: String
    /// Where it came from: a file, a paper, a search's parameters.
    public var source: String?
    /// Literature reference (authors, year) when known.
    public var reference: String?
    /// Content hashes of the schemes it was derived from.
    public var parents: [String]
    /// Random seed of a search.
    public var seed: UInt64?
    /// ISO 8601 date.
    public var date: String
    public var fmmVersion: String

    public init(method: String, source: String? = nil, reference: String? = nil, parents: [String] = [],
                seed: UInt64? = nil, date: String, fmmVersion: String) {
        (self.method, self.source, self.reference, self.parents, self.seed, self.date, self.fmmVersion) =
            (method, source, reference, parents, seed, date, fmmVersion)
    }

    /// Whether the entry is the derivation table's tensor product of two entries (its source
    /// names ⟨…⟩ ⊗ ⟨…⟩). Restricting such a product mixes both factors' terms, so it gives a
    /// start that walks descend from, where a direct sum restricts back to one of its blocks.
    public var isTensorProduct: Bool { method == "derivation" && source?.contains("⊗") == true }

    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("method", .string(method))]
        if let source { members.append(("source", .string(source))) }
        if let reference { members.append(("reference", .string(reference))) }
        members.append(("parents", .array(parents.map { .string($0) })))
        if let seed { members.append(("seed", .number("\(seed)"))) }
        members.append(("date", .string(date)))
        members.append(("fmm_version", .string(fmmVersion)))
        return .object(members)
    }

    init?(json: JSONValue?) {
        guard let json, case .string(let method)? = json["method"], case .string(let date)? = json["date"],
              case .string(let version)? = json["fmm_version"] else { return nil }
        var parents: [String] = []
        if case .array(let list)? = json["parents"] {
            parents = list.compactMap { if case .string(let s) = $0 { s } else { nil } }
        }
        var seed: UInt64?
        if case .number(let text)? = json["seed"] { seed = UInt64(text) }
        func string(_ key: String) -> String? { if case .string(let s)? = json[key] { s } else { nil } }
        self.init(method: method, source: string("source"), reference: string("reference"), parents: parents,
                  seed: seed, date: date, fmmVersion: version)
    }
}
