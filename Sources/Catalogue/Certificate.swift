import Checker
import Foundation
import SchemeFormats
import SchemeModel

/// What was verified about one catalogue entry, when and by which checker:
/// `{"scheme": path, "hash": sha256, "ring": "ZT", "verified": [{"ring": "Q", "method": ...,
/// "primes": [...], "bound_bits": b}, ...], "checker": version, "date": ...}`.
public struct Certificate: Sendable {
    public let scheme: String
    public let hash: String
    public let ring: CoefficientRing
    public let checks: [JSONValue]
    public let checkerVersion: String
    public let date: String

    init(entry: CatalogueEntry, verdict: Verdict, date: String, checkerVersion: String) {
        scheme = entry.path
        hash = entry.hash
        ring = entry.ring
        checks = verdict.checks.filter(\.holds).map { Self.json($0, part: nil) }
        self.checkerVersion = checkerVersion
        self.date = date
    }

    /// The certificate of an entry over Q(i): the real part Re = T and the imaginary part Im = 0,
    /// each proved over Q (`Checker.verify(_: GaussianScheme)`), recorded with ring `QI` and
    /// `part` "real" or "imaginary".
    init(entry: CatalogueEntry, verdict: GaussianVerdict, date: String, checkerVersion: String) {
        scheme = entry.path
        hash = entry.hash
        ring = entry.ring
        checks = [("real", verdict.realPart), ("imaginary", verdict.imaginaryPart)].compactMap { part, check in
            check.flatMap { $0.holds ? Self.json($0, part: part) : nil }
        }
        self.checkerVersion = checkerVersion
        self.date = date
    }

    /// One check as `{"ring": …, "method": …, "primes": […], "bound_bits": b}` (primes and bound
    /// for a modular proof, `entry_bound` for one in machine integers); with `part`, the ring is
    /// QI and `part` says which part of a Q(i) scheme it proves.
    static func json(_ check: RingCheck, part: String?) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("ring", .string(part == nil ? check.ring.rawValue : CoefficientRing.gaussian.rawValue))]
        if let part { members.append(("part", .string(part))) }
        members.append(("method", .string(check.proof.description)))
        if case .modular(let primes, let bits) = check.proof {
            members.append(("primes", .array(primes.map { .number("\($0)") })))
            members.append(("bound_bits", .number("\(bits)")))
        }
        if case .machineIntegers(let bound) = check.proof { members.append(("entry_bound", .number(bound))) }
        return .object(members)
    }

    var json: JSONValue {
        .object([("scheme", .string(scheme)), ("hash", .string(hash)), ("ring", .string(ring.rawValue)),
                 ("verified", .array(checks)), ("checker", .string(checkerVersion)), ("date", .string(date))])
    }

    private init(scheme: String, hash: String, ring: CoefficientRing, checks: [JSONValue], checkerVersion: String, date: String) {
        (self.scheme, self.hash, self.ring, self.checks, self.checkerVersion, self.date) = (scheme, hash, ring, checks, checkerVersion, date)
    }

    static func read(path: String, in store: Store) throws(CatalogueError) -> Certificate {
        guard let data = FileManager.default.contents(atPath: store.root.appendingPathComponent(path).path) else {
            throw CatalogueError("certificate \(path) is missing")
        }
        let document: JSONValue
        do { document = try JSONValue.parse([UInt8](data)) } catch { throw CatalogueError("certificate \(path): \(error.description)") }
        guard case .string(let scheme)? = document["scheme"], case .string(let hash)? = document["hash"],
              case .string(let ringText)? = document["ring"], let ring = CoefficientRing(rawValue: ringText),
              case .array(let checks)? = document["verified"], case .string(let version)? = document["checker"],
              case .string(let date)? = document["date"] else {
            throw CatalogueError("certificate \(path) lacks scheme, hash, ring, verified, checker or date")
        }
        return Certificate(scheme: scheme, hash: hash, ring: ring, checks: checks, checkerVersion: version, date: date)
    }
}
