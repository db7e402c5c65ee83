import Foundation
import SchemeFormats
import SchemeModel

/// A stored scheme with its metadata: the JSON full-scheme format (readable by other tools
/// unchanged) plus `ring`, `additions`, `hash` and `provenance`.
public struct CatalogueEntry: Sendable {
    public let scheme: Scheme
    public let ring: CoefficientRing
    /// SHA-256 content hash (see `Scheme.contentHash`).
    public let hash: String
    public let provenance: Provenance
    /// Path relative to the store root.
    public let path: String

    /// The entry of lowest rank among those valid over Q (ring ZT, Z or Q); among equal ranks the
    /// one of the most restrictive ring (ZT, then Z, then Q), then by path. With
    /// `allowingModTwo`, a mod-2-only entry when no entry is valid over Q.
    public static func best(of entries: [CatalogueEntry], allowingModTwo: Bool = false) -> CatalogueEntry? {
        let overQ = entries.filter { $0.ring != .gf2 }
        let pool = overQ.isEmpty && allowingModTwo ? entries : overQ
        func order(_ ring: CoefficientRing) -> Int { CoefficientRing.allCases.firstIndex(of: ring) ?? 0 }
        return pool.min { ($0.scheme.rank, order($0.ring), $0.path) < ($1.scheme.rank, order($1.ring), $1.path) }
    }

    public var json: JSONValue {
        JSONSchemeFormat.document(scheme, extra: [
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
            var scheme = try JSONSchemeFormat.scheme(from: document)
            guard case .string(let ringText)? = document["ring"], let ring = CoefficientRing(rawValue: ringText) else {
                throw CatalogueError("missing or unknown \"ring\"")
            }
            guard case .string(let hash)? = document["hash"] else { throw CatalogueError("missing \"hash\"") }
            guard let provenance = Provenance(json: document["provenance"]) else { throw CatalogueError("missing or incomplete \"provenance\"") }
            scheme.intendedRing = ring.checkedRing
            return CatalogueEntry(scheme: scheme, ring: ring, hash: hash, provenance: provenance, path: path)
        } catch let error as FormatError {
            throw CatalogueError(error.description)
        } catch let error as CatalogueError {
            throw error
        } catch {
            throw CatalogueError("\(error)")
        }
    }
}
