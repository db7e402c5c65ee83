import Foundation
import SchemeFormats
import SchemeModel

/// A stored scheme with its metadata: the JSON full-scheme format (readable by other tools
/// unchanged) plus `ring`, `additions`, `hash` and `provenance`.
public struct CatalogueEntry: Sendable {
    /// The scheme; for an entry over Q(i) (ring QI), its real parts.
    public let scheme: Scheme
    /// For an entry over Q(i), the imaginary parts: term r is `scheme`'s plus i times this one's.
    public let imaginary: Scheme?
    public let ring: CoefficientRing
    /// SHA-256 content hash (see `Scheme.contentHash`).
    public let hash: String
    public let provenance: Provenance
    /// Path relative to the store root.
    public let path: String

    init(scheme: Scheme, imaginary: Scheme? = nil, ring: CoefficientRing, hash: String, provenance: Provenance, path: String) {
        (self.scheme, self.imaginary, self.ring, self.hash, self.provenance, self.path) = (scheme, imaginary, ring, hash, provenance, path)
    }

    /// The whole scheme of an entry over Q(i).
    public var gaussian: GaussianScheme? { imaginary.map { GaussianScheme(real: scheme, imaginary: $0) } }

    /// The entry of lowest rank among those valid over Q (ring ZT, Z or Q); among equal ranks the
    /// one of the most restrictive ring (ZT, then Z, then Q), then by path. With
    /// `allowingModTwo`, a mod-2-only entry when no entry is valid over Q. Entries over Q(i) are
    /// never chosen (`ShapeRanks.gaussian` lists them).
    public static func best(of entries: [CatalogueEntry], allowingModTwo: Bool = false) -> CatalogueEntry? {
        let overQ = entries.filter(\.ring.holdsOverQ)
        let pool = overQ.isEmpty && allowingModTwo ? entries.filter { $0.ring == .gf2 } : overQ
        func order(_ ring: CoefficientRing) -> Int { CoefficientRing.allCases.firstIndex(of: ring) ?? 0 }
        return pool.min { ($0.scheme.rank, order($0.ring), $0.path) < ($1.scheme.rank, order($1.ring), $1.path) }
    }

    public var json: JSONValue {
        if let gaussian {
            return JSONSchemeFormat.document(gaussian, extra: [("ring", .string(ring.rawValue)), ("hash", .string(hash)), ("provenance", provenance.json)])
        }
        return JSONSchemeFormat.document(scheme, extra: [
            ("ring", .string(ring.rawValue)),
            ("additions", .number("\(scheme.naiveAdditionCount)")),
            ("hash", .string(hash)),
            ("provenance", provenance.json),
        ])
    }

    static func read(path: String, in store: Store) throws(CatalogueError) -> CatalogueEntry {
        guard let data = FileManager.default.contents(atPath: store.root.appendingPathComponent(path).path) else {
            throw CatalogueError("cannot read the entry")
        }
        do {
            let document = try JSONValue.parse([UInt8](data))
            let (real, imaginary) = try JSONSchemeFormat.gaussianScheme(from: document)
            var scheme = real
            guard case .string(let ringText)? = document["ring"], let ring = CoefficientRing(rawValue: ringText) else {
                throw CatalogueError("missing or unknown \"ring\"")
            }
            guard (imaginary != nil) == (ring == .gaussian) else {
                throw CatalogueError(ring == .gaussian ? "ring QI but no coefficient has an imaginary part" : "complex coefficients in an entry of ring \(ring.rawValue)")
            }
            guard case .string(let hash)? = document["hash"] else { throw CatalogueError("missing \"hash\"") }
            guard let provenance = Provenance(json: document["provenance"]) else { throw CatalogueError("missing or incomplete \"provenance\"") }
            scheme.intendedRing = ring.checkedRing
            return CatalogueEntry(scheme: scheme, imaginary: imaginary, ring: ring, hash: hash, provenance: provenance, path: path)
        } catch let error as FormatError {
            throw CatalogueError(error.description)
        } catch let error as CatalogueError {
            throw error
        } catch {
            throw CatalogueError("\(error)")
        }
    }
}
