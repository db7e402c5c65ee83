import Derivation
import Export
import Foundation
import SchemeFormats
import SchemeModel
import TestSupport
import Testing

@Suite struct LaTeXExportTests {
    /// Runs pdflatex on the document; returns the log, or nil (with a notice) without pdflatex.
    func compile(_ latex: String, label: String) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdflatex") else {
            print("NOTICE: skipping LaTeX compilation of \(label): pdflatex not installed (apt-get install texlive-latex-base texlive-latex-recommended)")
            return nil
        }
        let dir = try FMMProcess.temporaryDirectory()
        try latex.write(to: dir.appendingPathComponent("scheme.tex"), atomically: true, encoding: .utf8)
        let (status, _) = try CHarness.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "scheme.tex"], in: dir)
        let log = try String(contentsOf: dir.appendingPathComponent("scheme.log"), encoding: .utf8)
        #expect(status == 0, "\(label): \(log.suffix(1500))")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("scheme.pdf").path))
        return log
    }

    func schemes() throws -> [(String, Scheme)] {
        var list: [(String, Scheme)] = [
            ("Strassen", Scheme.strassen),
            ("two-digit indices", Scheme.naive(Shape(10, 2, 3))),
            ("Strassen ⊗ Strassen", Scheme.tensorProduct(Scheme.strassen, Scheme.strassen)),
        ]
        if SharedData.available(for: "LaTeX of published schemes"), let data = SharedData.directory {
            list.append(("5x5x5 rank 93", try SchemeFile.read(path: data.appendingPathComponent("perminov/known/alpha_evolve/5x5x5_m93_mod0.json").path)[0].scheme))
            let archive = try SchemeFile.read(path: data.appendingPathComponent("alphatensor/factorizations_r.npz").path)
            list.append(("AlphaTensor 3,4,11 (fractions)", try #require(archive.first { $0.entry == "3,4,11" }).scheme))
        }
        return list
    }

    @Test func documentsCompileWithoutOverfullLines() throws {
        var largestCompiled = 0
        for (label, scheme) in try schemes() {
            let latex = scheme.latex(LaTeXOptions(title: "<\(scheme.shape.n),\(scheme.shape.m),\(scheme.shape.p)> rank \(scheme.rank)",
                                                 details: ["from a test: \(label) & 100% of_it"]))
            if label.contains("fractions") { #expect(latex.contains("\\tfrac{1}{2}")) }
            if label.contains("two-digit") { #expect(latex.contains("a_{10,1}")) }
            guard let log = try compile(latex, label: label) else { continue }
            #expect(!log.contains("Overfull \\hbox"), "\(label): \(log.split(separator: "\n").filter { $0.contains("Overfull") }.prefix(3))")
            largestCompiled = max(largestCompiled, scheme.rank)
        }
        if SharedData.directory != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdflatex") {
            #expect(largestCompiled >= 90)
        }
    }

    @Test func fragmentIsOnlyTheEquations() {
        let fragment = Scheme.strassen.latex(LaTeXOptions(title: "x", fragment: true))
        #expect(fragment.hasPrefix("\\begin{align*}"))
        #expect(!fragment.contains("\\documentclass"))
        #expect(fragment.contains("M_{7} &= \\bigl(a_{12} -a_{22}\\bigr) \\cdot \\bigl(b_{21} +b_{22}\\bigr)"))
        #expect(fragment.contains("c_{11} &= M_{1} +M_{4} -M_{5} +M_{7}"))
    }
}
