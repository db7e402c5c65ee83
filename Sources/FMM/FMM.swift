/// fmm as a library: one `import FMM` gives the exact checker (`Checker`, `Verdict`), the scheme
/// model (`Scheme`, `Shape`, `GaussianScheme`), the readers and writers of every format
/// (`SchemeFile`), exact arithmetic (`Rational`, `BigInt`), the catalogue (`Store`,
/// `CatalogueEntry`, `KnownRanks`, `LowerBounds`), derivations (`DerivationTable`), the
/// exporters (`Scheme.cSource`, `Scheme.latex`), the static site (`Site`), the flip-graph
/// search (`FlipSearch`, `HenselLift`) and the numerical search (`NumericSearch`). A minimal use, as `Examples/check-scheme` does:
///
///     import FMM
///     for named in try SchemeFile.read(path: "strassen.exp") {
///         print(Checker().verify(named.scheme).valid)
///     }
@_exported import Catalogue
@_exported import Checker
@_exported import Derivation
@_exported import ExactArithmetic
@_exported import Export
@_exported import FlipGraph
@_exported import NumericSearch
@_exported import SchemeFormats
@_exported import SchemeModel
@_exported import Site
