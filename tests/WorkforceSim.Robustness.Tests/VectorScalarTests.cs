using WorkforceSim.Robustness.Tests.Support;

namespace WorkforceSim.Robustness.Tests;

/// <summary>
/// The engine's AVX-512 passes must give the same bits as the scalar loops that run on machines without AVX-512:
/// the same seed gives the same bytes on every machine. <c>WSIM_SCALAR=1</c> forces the scalar loops.
/// </summary>
public class VectorScalarTests
{
    [Theory]
    [InlineData("benchmark-r1.yaml")]
    [InlineData("baseline.yaml")]
    [InlineData("denver-team-leads.yaml")]
    [InlineData("dc-lift.yaml")]
    [InlineData("retention-bonus.yaml")]
    public void Vector_and_scalar_engine_paths_write_identical_tables(string scenario)
    {
        string parent = Repo.TempDir();
        try
        {
            var outputs = new[] { ("vector", "0"), ("scalar", "1") }.Select(m =>
            {
                string dir = Path.Combine(parent, m.Item1);
                var (code, text, _) = ChildProcess.Run(
                    ["run", Repo.Path("scenarios", scenario), "--out", dir, "--replications", "3", "--seed", "5", "--threads", "1", "--no-report"],
                    TimeSpan.FromSeconds(120), new Dictionary<string, string> { ["WSIM_SCALAR"] = m.Item2 });
                Assert.True(code == 0, text);
                return dir;
            }).ToArray();
            foreach (var f in new[] { "yearly.csv", "replications.csv", "survival.csv", "hazard.csv" })
                Assert.True(File.ReadAllBytes(Path.Combine(outputs[0], f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(outputs[1], f))),
                    $"{scenario}: {f} differs between the vector and scalar paths");
        }
        finally { Repo.TryDelete(parent); }
    }
}
