import Checker
import Foundation
import SchemeFormats
import SchemeModel

/// A catalogue on disk: `catalogue/<n>x<m>x<p>/<name>.json` (JSON full-scheme format plus
/// metadata) and one certificate per entry in `proofs/<n>x<m>x<p>/<name>.cert.json`.
///
/// Writes are atomic (temporary file, then rename) and ordered certificate-first, so a process
/// killed at any moment leaves only complete entries that have certificates (and at worst an
/// orphan certificate, which `verify` ignores).
public struct Store: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// `--store DIR`, else `$FMM_STORE` (when set and not empty), else the current directory.
    public static func resolve(_ option: String?) -> Store {
        let path = option ?? environmentStore ?? FileManager.default.currentDirectoryPath
        return Store(root: URL(fileURLWithPath: path))
    }

    /// `$FMM_STORE` when set and not empty.
    public static var environmentStore: String? { ProcessInfo.processInfo.environment["FMM_STORE"].flatMap { $0.isEmpty ? nil : $0 } }

    public var catalogueDirectory: URL { root.appendingPathComponent("catalogue") }
    public var proofsDirectory: URL { root.appendingPathComponent("proofs") }

    /// Paths (relative to the root) of every entry, sorted.
    public func entryPaths() -> [String] {
        guard let shapes = try? FileManager.default.contentsOfDirectory(atPath: catalogueDirectory.path) else { return [] }
        var paths: [String] = []
        for shape in shapes.sorted() {
            let folder = catalogueDirectory.appendingPathComponent(shape)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            paths += files.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { "catalogue/\(shape)/\($0)" }
        }
        return paths
    }

    /// The certificate path for an entry path.
    public static func certificatePath(for entryPath: String) -> String {
        "proofs/" + entryPath.dropFirst("catalogue/".count).dropLast(".json".count) + ".cert.json"
    }

    /// The readable entries stored under exactly this ordering of the shape.
    public func entries(of shape: Shape) -> [CatalogueEntry] {
        let folder = catalogueDirectory.appendingPathComponent("\(shape)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .compactMap { try? CatalogueEntry.read(path: "catalogue/\(shape)/\($0)", in: self) }
    }

    /// The readable entries for any ordering of `shape`.
    public func entries(anyOrderingOf shape: Shape) -> [CatalogueEntry] {
        shape.orderings.flatMap { entries(of: $0) }
    }

    /// Reads every entry; unreadable ones are returned as failures.
    public func entries() -> [Result<CatalogueEntry, CatalogueError>] {
        entryPaths().map { path in Result { () throws(CatalogueError) in try CatalogueEntry.read(path: path, in: self) } }
    }

    /// Verifies `scheme`, and stores it with a certificate unless it is invalid or (without
    /// `keepAll`) dominated (`EntryStanding.dominates`): the catalogue already holds one of the
    /// same shape of lower rank in the same ring or a more restrictive one (ZT ⊂ Z ⊂ Q), of
    /// equal rank in a more restrictive ring, or of equal rank and ring with coefficients no
    /// larger (a Z2 entry is dominated by any entry of equal or lower rank). Stored entries the
    /// new one dominates are removed, so an entry in a wider ring stays only while its rank is
    /// lower (Q at r beside ZT at r + 1), and a lift with smaller fractions replaces one of the
    /// same rank and ring.
    /// Returns what happened. A scheme for an unsorted ordering of its shape (`fmm search 3x2x4`,
    /// an imported ⟨3,2,4⟩) is stored rearranged for the sorted shape, beside that shape's entries
    /// and judged against them.
    public func add(_ given: Scheme, provenance: Provenance, keepAll: Bool = false, checker: Checker = Checker()) throws -> AddOutcome {
        let scheme = given.catalogueOrdering
        let verdict = checker.verify(scheme)
        guard let ring = CoefficientRing.classify(scheme, verdict) else { return .rejected(verdict) }
        let sameShape = entries(of: scheme.shape)
        let existing = sameShape.filter { $0.ring == ring }
        let hash = scheme.contentHash
        if existing.contains(where: { $0.hash == hash }) { return .duplicate }
        // A mod-2-only scheme is worth storing only below every stored rank: a scheme valid over
        // Q with odd denominators holds mod 2 as well.
        if ring == .gf2, !keepAll, let best = sameShape.map(\.scheme.rank).min(), best <= scheme.rank {
            return .notBetter(best)
        }
        let standing = EntryStanding(rank: scheme.rank, ring: ring, height: scheme.coefficientHeight)
        if !keepAll, let best = sameShape.filter({ $0.standing.dominates(standing) }).min(by: { $0.scheme.rank < $1.scheme.rank }) {
            return .notBetter(best.scheme.rank)
        }
        let entry = CatalogueEntry(scheme: scheme, ring: ring, hash: hash, provenance: provenance,
                                   path: "catalogue/\(scheme.shape)/\(ring.rawValue)-r\(scheme.rank)-\(hash.prefix(12)).json")
        let certificate = Certificate(entry: entry, verdict: verdict, date: provenance.date, checkerVersion: provenance.fmmVersion)
        try write(entry, certificate)
        if !keepAll {
            for worse in sameShape where standing.dominates(worse.standing) {
                try remove(worse.path)
            }
        }
        return .added(entry)
    }

    /// Verifies a scheme over Q(i) and stores it as an entry of ring QI, with the rule of
    /// `add(_: Scheme, ...)`: an entry of any ring valid over Q (or another QI entry) of equal or
    /// lower rank dominates it, and it replaces QI entries of equal or higher rank. A scheme whose
    /// imaginary parts all vanish is added as the scheme over Q it is.
    public func add(_ scheme: GaussianScheme, provenance: Provenance, keepAll: Bool = false, checker: Checker = Checker()) throws -> AddOutcome {
        if scheme.isReal { return try add(scheme.real, provenance: provenance, keepAll: keepAll, checker: checker) }
        let verdict = checker.verify(scheme)
        guard verdict.valid else { return .rejectedOverQI(verdict) }
        let sameShape = entries(of: scheme.shape)
        let hash = scheme.contentHash
        if sameShape.contains(where: { $0.ring == .gaussian && $0.hash == hash }) { return .duplicate }
        if !keepAll, let best = sameShape.filter({ $0.ring != .gf2 }).map(\.scheme.rank).min(), best <= scheme.rank {
            return .notBetter(best)
        }
        let entry = CatalogueEntry(scheme: scheme.real, imaginary: scheme.imaginary, ring: .gaussian, hash: hash, provenance: provenance,
                                   path: "catalogue/\(scheme.shape)/QI-r\(scheme.rank)-\(hash.prefix(12)).json")
        try write(entry, Certificate(entry: entry, verdict: verdict, date: provenance.date, checkerVersion: provenance.fmmVersion))
        if !keepAll {
            for worse in sameShape where worse.ring == .gaussian && worse.scheme.rank >= scheme.rank { try remove(worse.path) }
        }
        return .added(entry)
    }

    /// Writes the certificate, then the entry (so no entry is ever without one). When either
    /// write fails (disk full, read-only store) everything this call created is removed again,
    /// the store is left as it was, and the write error is rethrown.
    private func write(_ entry: CatalogueEntry, _ certificate: Certificate) throws {
        let entryURL = root.appendingPathComponent(entry.path)
        let certificateURL = root.appendingPathComponent(Store.certificatePath(for: entry.path))
        // Children before parents, so that `rmdir` can remove what this call created.
        let folders = [entryURL, certificateURL].flatMap { url in
            [url.deletingLastPathComponent(), url.deletingLastPathComponent().deletingLastPathComponent()].map(\.path)
        }
        let missingFolders = folders.filter { !FileManager.default.fileExists(atPath: $0) }
        do {
            try SchemeFile.writeAtomically(certificate.json.serialized() + "\n", to: certificateURL.path)
            try SchemeFile.writeAtomically(entry.json.serialized() + "\n", to: entryURL.path)
        } catch {
            unlink(certificateURL.path)
            for folder in missingFolders { rmdir(folder) }
            throw error
        }
    }

    /// Removes every entry that another entry of its shape dominates (`EntryStanding.dominates`,
    /// the rule `add` keeps; of entries equal in rank, ring and coefficient height the first
    /// path stays), e.g. after a merge brought in better ones. Returns the removed paths.
    public func removeDominatedEntries() throws -> [String] {
        let byShape = Dictionary(grouping: entries().compactMap { try? $0.get() }, by: \.scheme.shape)
        var removed: [String] = []
        for group in byShape.values {
            for entry in group {
                let dominated = group.contains { other in
                    guard other.path != entry.path else { return false }
                    let (mine, theirs) = (entry.standing, other.standing)
                    if mine == theirs { return other.path < entry.path }
                    return theirs.dominates(mine)
                }
                if dominated {
                    try remove(entry.path)
                    removed.append(entry.path)
                }
            }
        }
        return removed
    }

    /// Removes an entry, then its certificate (so no entry is ever left without one).
    public func remove(_ entryPath: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(entryPath))
        try? FileManager.default.removeItem(at: root.appendingPathComponent(Store.certificatePath(for: entryPath)))
    }

    public enum AddOutcome: Sendable {
        case added(CatalogueEntry)
        case duplicate
        case notBetter(Int)
        case rejected(Verdict)
        /// A scheme over Q(i) that does not hold.
        case rejectedOverQI(GaussianVerdict)
    }

    /// Re-checks every entry and certificate: the file parses, its stored hash is the scheme's
    /// content hash, the certificate exists and names the same hash and ring, and the scheme is
    /// valid over its ring. Returns one problem per failing entry (empty when all pass).
    public func verify(checker: Checker = Checker()) -> [VerificationProblem] {
        var problems: [VerificationProblem] = []
        for path in entryPaths() {
            do {
                let entry = try CatalogueEntry.read(path: path, in: self)
                let actual = entry.gaussian?.contentHash ?? entry.scheme.contentHash
                guard actual == entry.hash else {
                    problems.append(VerificationProblem(path: path, reason: "stored hash \(entry.hash.prefix(12))… does not match the scheme's content hash \(actual.prefix(12))…"))
                    continue
                }
                let certificate = try Certificate.read(path: Store.certificatePath(for: path), in: self)
                guard certificate.hash == entry.hash else {
                    problems.append(VerificationProblem(path: path, reason: "certificate \(Store.certificatePath(for: path)) is for hash \(certificate.hash.prefix(12))…, not \(entry.hash.prefix(12))…"))
                    continue
                }
                guard certificate.ring == entry.ring else {
                    problems.append(VerificationProblem(path: path, reason: "certificate ring \(certificate.ring.rawValue) differs from the entry's \(entry.ring.rawValue)"))
                    continue
                }
                if let gaussian = entry.gaussian {
                    let verdict = checker.verify(gaussian)
                    guard verdict.valid else {
                        let failing = verdict.imaginaryPart ?? verdict.realPart
                        let first = failing.firstWrong.first.map { ": \($0.description(in: entry.scheme.shape))" } ?? ""
                        problems.append(VerificationProblem(path: path, reason: "not valid over QI: \(failing.wrongCount) wrong Brent equations in the \(verdict.imaginaryPart == nil ? "real" : "imaginary") part\(first)"))
                        continue
                    }
                    continue
                }
                let verdict = checker.verify(entry.scheme, over: entry.ring.checkedRing)
                guard CoefficientRing.classify(entry.scheme, verdict) == entry.ring || (entry.ring == .gf2 && verdict.valid) else {
                    let first = verdict.primary.firstWrong.first.map { ": \($0.description(in: entry.scheme.shape))" } ?? ""
                    problems.append(VerificationProblem(path: path, reason: verdict.valid
                        ? "declared ring \(entry.ring.rawValue) does not describe its coefficients"
                        : "not valid over \(entry.ring.rawValue): \(verdict.primary.wrongCount) wrong Brent equations\(first)"))
                    continue
                }
            } catch {
                problems.append(VerificationProblem(path: path, reason: error.description))
            }
        }
        return problems
    }
}

/// One entry that fails `Store.verify`.
public struct VerificationProblem: Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// A catalogue file or certificate that cannot be used.
public struct CatalogueError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Scheme {
    /// The scheme as the catalogue stores it: rearranged for the sorted ordering of its shape
    /// (itself when that fails), so its content hash is the hash of the entry it would be.
    public var catalogueOrdering: Scheme { permuted(to: shape.normalized) ?? self }
}
