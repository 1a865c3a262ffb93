using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WorkforceSim.Core.Comparison;
using WorkforceSim.Reporting.Charts;
using WorkforceSim.Reporting.Html;

namespace WorkforceSim.Reporting.Comparison;

/// <summary>Writes a comparison folder (docs/outputs.md, "Comparison folder") atomically.</summary>
public static class ComparisonOutputWriter
{
    /// <summary>File names inside a comparison folder.</summary>
    public const string DifferencesFile = "differences.csv", InputsDiffFile = "inputs-diff.csv", SummaryFile = "summary.json",
        ManifestFile = "manifest.json", ReportFile = "report.html", ScenariosFolder = "scenarios", ChartsFolder = "charts";

    /// <summary>Header of differences.csv.</summary>
    public const string DifferencesHeader =
        "alternative,year,metric,n,base_mean,alt_mean,diff_mean,diff_sd,diff_ci_low,diff_ci_high,independent_ci_half_width,variance_reduction";

    /// <summary>Header of inputs-diff.csv.</summary>
    public const string InputsHeader = "alternative,path,base_value,alternative_value";

    private static readonly UTF8Encoding Utf8NoBom = new(false);

    /// <summary>
    /// Writes the folder: differences.csv, inputs-diff.csv, summary.json, manifest.json, one run folder per scenario
    /// under scenarios/ (the run command's layout), and unless <paramref name="report"/> is false the charts and report.html.
    /// All or nothing (<see cref="AtomicOutput.WriteFolder"/>): when <paramref name="cancel"/> fires during the writing,
    /// the temporary folder is removed and <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    public static void Write(string outDir, ComparisonData data, bool report = true, bool overwrite = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        AtomicOutput.WriteFolder(outDir, overwrite, dir =>
        {
            cancel.ThrowIfCancellationRequested();
            WriteDifferences(Path.Combine(dir, DifferencesFile), data);
            WriteInputs(Path.Combine(dir, InputsDiffFile), data);
            WriteJson(Path.Combine(dir, SummaryFile), w => WriteSummary(w, data));
            WriteJson(Path.Combine(dir, ManifestFile), w => WriteManifest(w, data));
            foreach (var s in data.Scenarios)
            {
                cancel.ThrowIfCancellationRequested();
                RunOutputWriter.Write(Path.Combine(dir, ScenariosFolder, s.Folder), s.Result, s.Summary, s.Manifest,
                    beforeCommit: report ? d => ReportGenerator.Generate(d) : null);
            }
            if (report)
            {
                string charts = Path.Combine(dir, ChartsFolder);
                Directory.CreateDirectory(charts);
                var rendered = ComparisonCharts.For(data).Select(c => { cancel.ThrowIfCancellationRequested(); return ChartRenderer.Save(c, charts); }).ToList();
                File.WriteAllText(Path.Combine(dir, ReportFile), ComparisonReport.Build(data, rendered), Utf8NoBom);
            }
            cancel.ThrowIfCancellationRequested();
        });
    }

    private static StreamWriter Open(string path) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None), Utf8NoBom) { NewLine = "\n" };

    private static void WriteDifferences(string path, ComparisonData data)
    {
        using var w = Open(path);
        w.Write(DifferencesHeader);
        w.Write('\n');
        foreach (var r in data.Differences)
        {
            var s = r.Stats;
            w.Write(string.Join(',', CsvOutput.Escape(r.Alternative), InvariantNumber.Format(r.Year), CsvOutput.Escape(r.Metric),
                InvariantNumber.Format(s.N), InvariantNumber.Format(s.BaseMean), InvariantNumber.Format(s.AltMean),
                InvariantNumber.Format(s.DiffMean), InvariantNumber.Format(s.DiffSd), InvariantNumber.Format(s.DiffCiLow),
                InvariantNumber.Format(s.DiffCiHigh), InvariantNumber.Format(s.IndependentCiHalfWidth), InvariantNumber.Format(s.VarianceReduction)));
            w.Write('\n');
        }
    }

    private static void WriteInputs(string path, ComparisonData data)
    {
        using var w = Open(path);
        w.Write(InputsHeader);
        w.Write('\n');
        foreach (var r in data.Inputs)
        {
            w.Write(string.Join(',', CsvOutput.Escape(r.Alternative), CsvOutput.Escape(r.Path), CsvOutput.Escape(r.BaseValue), CsvOutput.Escape(r.AltValue)));
            w.Write('\n');
        }
    }

    private static void WriteSummary(Utf8JsonWriter w, ComparisonData data)
    {
        w.WriteStartObject();
        w.WriteString("base", data.Base.Label);
        w.WriteNumber("seed", data.Base.Manifest.Seed);
        w.WriteNumber("replications", data.Base.Manifest.Replications);
        w.WriteStartArray("alternatives");
        foreach (var alt in data.Scenarios.Skip(1))
        {
            w.WriteStartObject();
            w.WriteString("alternative", alt.Label);
            w.WriteStartArray("indicators");
            foreach (var k in data.KeyDifferences.Where(k => k.Alternative == alt.Label))
            {
                w.WriteStartObject();
                w.WriteString("id", k.Id);
                w.WriteString("label", k.Label);
                w.WriteString("unit", k.Unit);
                Number(w, "base_mean", k.Stats.BaseMean);
                Number(w, "alt_mean", k.Stats.AltMean);
                Number(w, "diff_mean", k.Stats.DiffMean);
                Number(w, "diff_sd", k.Stats.DiffSd);
                Number(w, "diff_ci_low", k.Stats.DiffCiLow);
                Number(w, "diff_ci_high", k.Stats.DiffCiHigh);
                Number(w, "independent_ci_half_width", k.Stats.IndependentCiHalfWidth);
                Number(w, "variance_reduction", k.Stats.VarianceReduction);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteManifest(Utf8JsonWriter w, ComparisonData data)
    {
        w.WriteStartObject();
        w.WriteString("tool_version", data.ToolVersion);
        w.WriteNumber("seed", data.Base.Manifest.Seed);
        w.WriteNumber("replications", data.Base.Manifest.Replications);
        if (data.PrecisionMetric is not null)
        {
            w.WriteStartObject("auto_replications");
            w.WriteString("metric", data.PrecisionMetric);
            Number(w, "target_half_width", data.PrecisionTarget ?? double.NaN);
            Number(w, "reached_half_width", data.PrecisionReached ?? double.NaN);
            w.WriteEndObject();
        }
        w.WriteStartArray("scenarios");
        int i = 0;
        foreach (var s in data.Scenarios)
        {
            w.WriteStartObject();
            w.WriteString("role", i++ == 0 ? "base" : "alternative");
            w.WriteString("label", s.Label);
            w.WriteString("id", s.Manifest.ScenarioId);
            w.WriteString("file", s.Manifest.ScenarioFile);
            w.WriteString("sha256", s.Manifest.ScenarioSha256);
            w.WriteString("folder", ScenariosFolder + "/" + s.Folder);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double v)
    {
        w.WritePropertyName(name);
        if (double.IsFinite(v)) w.WriteRawValue(InvariantNumber.Format(v), skipInputValidation: true);
        else if (double.IsPositiveInfinity(v)) w.WriteStringValue("Infinity");
        else w.WriteNullValue();
    }

    private static void WriteJson(string path, Action<Utf8JsonWriter> body)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            body(w);
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The sentence that explains why the paired interval is tight (printed by the CLI and in the report).</summary>
    public static string Explain(KeyDifference k)
    {
        var s = k.Stats;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (double.IsNaN(s.VarianceReduction)) return $"{k.Label}: identical in every replication (no difference, no spread).";
        if (double.IsPositiveInfinity(s.VarianceReduction))
            return $"{k.Label}: the difference is the same in every replication, so the paired interval has zero width (independent runs: ±{s.IndependentCiHalfWidth.ToString("G3", inv)}).";
        return string.Create(inv, $"{k.Label}: paired 95% CI ±{s.PairedCiHalfWidth:G3} vs ±{s.IndependentCiHalfWidth:G3} for independent runs — common random numbers cut the variance {s.VarianceReduction:0.#}-fold (as many times fewer replications for the same precision).");
    }
}
