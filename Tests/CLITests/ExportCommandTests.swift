import Foundation
import TestSupport
import Testing

@Suite struct ExportCommandTests {
    @Test func exportsCAndLaTeXFromTheCatalogue() throws {
        let dir = try FMMProcess.temporaryDirectory()
        let c = dir.appendingPathComponent("s.c")
        let result = try FMMProcess.run(["export", "3x2x2", "--to", "c", "--name", "mul322", "--out", c.path, "--store", SharedData.repositoryRoot.path])
        #expect(result.status == 0, "\(result.stderr)")
        let source = try String(contentsOf: c, encoding: .utf8)
        #expect(source.contains("int mul322(int M, int K, int N, const double *A, int lda, const double *B, int ldb, double *C, int ldc)"))
        #expect(source.contains("rearranged by symmetry"))
        #expect(source.contains("Block additions per level: naive"))
        let latex = try FMMProcess.run(["export", "2x2x2", "--to", "latex", "--fragment", "--store", SharedData.repositoryRoot.path])
        #expect(latex.status == 0)
        #expect(latex.stdout.hasPrefix("\\begin{align*}"))
    }

    @Test func refusesModTwoSchemesAndBadOptions() throws {
        let dir = try FMMProcess.temporaryDirectory()
        let file = dir.appendingPathComponent("s-mod2.exp")
        try Data(CheckCommandTests.strassenLines.utf8).write(to: file)
        let modTwo = try FMMProcess.run(["export", file.path, "--to", "c"])
        #expect(modTwo.status == 2)
        #expect(modTwo.stderr.contains("only modulo 2"))
        let badTarget = try FMMProcess.run(["export", "2x2x2", "--to", "fortran", "--store", SharedData.repositoryRoot.path])
        #expect(badTarget.status == 2)
        let badName = try FMMProcess.run(["export", "2x2x2", "--to", "c", "--name", "1abc", "--store", SharedData.repositoryRoot.path])
        #expect(badName.status == 2)
        #expect(badName.stderr.split(separator: "\n").count == 1)
    }
}
