import Catalogue
import Foundation
import SchemeModel

/// One shape of the site: where the catalogue stands on it and the scheme fmm gives for it.
public struct SiteShape: Sendable {
    public let ranks: ShapeRanks
    /// The scheme `fmm show` prints for the shape; `nil` where the catalogue gives none.
    public let presented: PresentedScheme?
    /// The stored certificate of the presented entry (its JSON text), where it comes from an entry.
    public let certificate: String?

    public init(ranks: ShapeRanks, presented: PresentedScheme?, certificate: String?) {
        (self.ranks, self.presented, self.certificate) = (ranks, presented, certificate)
    }

    /// `NxMxP` as written in file names and URLs.
    var slug: String { "\(ranks.shape)" }

    /// ⟨n,m,p⟩ as written in the field.
    var title: String { "⟨\(ranks.shape.n),\(ranks.shape.m),\(ranks.shape.p)⟩" }

    /// The exponent a rank implies when the scheme is applied recursively: ω ≤ 3·ln R / ln(nmp).
    static func exponent(rank: Int, shape: Shape) -> Double {
        3 * Foundation.log(Double(rank)) / Foundation.log(Double(shape.naiveRank))
    }
}

/// A file of the generated site, its path relative to the site's root.
public struct SiteFile: Sendable {
    public let path: String
    public let contents: String
}

/// The static site `fmm site` writes: `index.html` (a sortable table of every shape and three
/// SVG plots), a page per shape under `shapes/`, each scheme's downloads (JSON, .exp, .m, C,
/// LaTeX, certificate) under `shapes/NxMxP/`, plots under `plots/`. Every link is relative, so the
/// folder works opened from disk, with no server.
public struct Site: Sendable {
    public let shapes: [SiteShape]
    /// Where the catalogue was read from, as shown to the reader.
    public let storeDescription: String
    /// The fmm version that generated the site.
    public let version: String

    public init(shapes: [SiteShape], storeDescription: String, version: String) {
        (self.shapes, self.storeDescription, self.version) = (shapes, storeDescription, version)
    }

    /// Every file of the site. `progress` is called before each shape page.
    public func files(progress: (SiteShape) -> Void = { _ in }) -> [SiteFile] {
        var files = [SiteFile(path: "index.html", contents: IndexPage(site: self).html),
                     SiteFile(path: "style.css", contents: SiteAssets.css),
                     SiteFile(path: "sort-table.js", contents: SiteAssets.sortScript)]
        files += SiteCharts(shapes: shapes).files
        for shape in shapes {
            progress(shape)
            let page = ShapePage(shape: shape, version: version)
            files.append(SiteFile(path: "shapes/\(shape.slug).html", contents: page.html))
            files += page.downloads.map { SiteFile(path: "shapes/\(shape.slug)/\($0.name)", contents: $0.contents) }
        }
        return files
    }
}
