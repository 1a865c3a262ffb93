using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WorkforceSim.Core.Comparison;
using WorkforceSim.Core.Uncertainty;
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

    /// <summary>Added cost per unit of effect (every comparison), probability of benefit and the worlds (under parameter uncertainty).</summary>
    public const string CostEffectivenessFile = "cost-effectiveness.csv", BenefitFile = "benefit.csv", WorldsFile = "worlds.csv";

    /// <summary>Header of cost-effectiveness.csv.</summary>
    public const string CostEffectivenessHeader =
        "alternative,effect,unit,delta_cost,delta_cost_ci_low,delta_cost_ci_high,delta_effect,delta_effect_ci_low,delta_effect_ci_high," +
        "status,cost_per_unit,cost_per_unit_ci_low,cost_per_unit_ci_high,world_ratio_low,world_ratio_high," +
        "share_more_effect_more_cost,share_more_effect_less_cost,share_less_effect_more_cost,share_less_effect_less_cost";

    /// <summary>Header of benefit.csv.</summary>
    public const string BenefitHeader =
        "alternative,indicator,better,worlds,replications,base_mean,alt_mean,diff_mean,diff_ci_low,diff_ci_high,probability_of_benefit," +
        "diff_var_parameters,diff_var_noise,diff_share_parameters,diff_total_low,diff_total_high,diff_parameters_low,diff_parameters_high," +
        "diff_noise_low,diff_noise_high";

    /// <summary>The YAML/CSV spelling of a cost-effectiveness status.</summary>
    public static string StatusName(CostEffectStatus s) => s switch
    {
        CostEffectStatus.Defined => "defined",
        CostEffectStatus.Dominant => "dominant",
        CostEffectStatus.Dominated => "dominated",
        CostEffectStatus.CheaperButWorse => "cheaper_but_worse",
        _ => "not_defined",
    };

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
            WriteCostEffectiveness(Path.Combine(dir, CostEffectivenessFile), data);
            if (data.Uncertainty is not null)
            {
                WriteBenefit(Path.Combine(dir, BenefitFile), data);
                WriteWorlds(Path.Combine(dir, WorldsFile), data);
            }
            WriteJson(Path.Combine(dir, SummaryFile), w => WriteSummary(w, data));
            WriteJson(Path.Combine(dir, ManifestFile), w => WriteManifest(w, data));
            foreach (var s in data.Scenarios)
            {
                cancel.ThrowIfCancellationRequested();
                string folder = Path.Combine(dir, ScenariosFolder, s.Folder);
                Action<string>? generate = report ? d => ReportGenerator.Generate(d) : null;
                if (s.Nested is { HasUncertainParameters: true } nested && s.NestedSummary is { } ns)
                    RunOutputWriter.Write(folder, nested, ns, s.Manifest, beforeCommit: generate);
                else
                    RunOutputWriter.Write(folder, s.Result, s.Summary, s.Manifest, beforeCommit: generate);
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

    private static void WriteCostEffectiveness(string path, ComparisonData data)
    {
        using var w = Open(path);
        w.Write(CostEffectivenessHeader);
        w.Write('\n');
        foreach (var r in data.CostEffectiveness)
        {
            w.Write(string.Join(',', CsvOutput.Escape(r.Alternative), r.Effect.Id, CsvOutput.Escape(r.Effect.Unit),
                N(r.DeltaCost), N(r.DeltaCostCi.Low), N(r.DeltaCostCi.High), N(r.DeltaEffect), N(r.DeltaEffectCi.Low), N(r.DeltaEffectCi.High),
                StatusName(r.Status), N(r.Ratio), N(r.RatioCi.Low), N(r.RatioCi.High), N(r.WorldRatio.Low), N(r.WorldRatio.High),
                N(r.MoreEffectMoreCost), N(r.MoreEffectLessCost), N(r.LessEffectMoreCost), N(r.LessEffectLessCost)));
            w.Write('\n');
        }
    }

    private static void WriteBenefit(string path, ComparisonData data)
    {
        using var w = Open(path);
        w.Write(BenefitHeader);
        w.Write('\n');
        foreach (var r in data.Uncertainty!.Benefits)
        {
            var s = r.Stats;
            var d = r.Difference;
            var c = d.Components;
            w.Write(string.Join(',', CsvOutput.Escape(r.Alternative), CsvOutput.Escape(r.Id), r.Better is { } b ? BetterDirection.Name(b) : "",
                InvariantNumber.Format(r.Worlds), InvariantNumber.Format(c.Replications), N(s.BaseMean), N(s.AltMean), N(s.DiffMean),
                N(s.DiffCiLow), N(s.DiffCiHigh), N(r.ProbabilityOfBenefit), N(c.ParameterVariance), N(c.NoiseVariance), N(c.ParameterShare),
                N(d.Total.Low), N(d.Total.High), N(d.Parameters.Low), N(d.Parameters.High), N(d.Noise.Low), N(d.Noise.High)));
            w.Write('\n');
        }
    }

    /// <summary>worlds.csv: per alternative and world, the mean added cost and effects and each key indicator's mean difference.</summary>
    private static void WriteWorlds(string path, ComparisonData data)
    {
        using var w = Open(path);
        var ids = data.Uncertainty!.Benefits.Select(b => b.Id).Distinct(StringComparer.Ordinal).ToList();
        w.Write(string.Join(',', new[] { "alternative", "world", "delta_cost" }.Concat(CostEffect.All.Select(e => e.Id))
            .Concat(ids.Select(id => CsvOutput.Escape(id + "_diff")))));
        w.Write('\n');
        foreach (var p in data.CostEffectPoints)
        {
            var cells = new List<string> { CsvOutput.Escape(p.Alternative), InvariantNumber.Format(p.World), N(p.DeltaCost) };
            cells.AddRange(p.DeltaEffects.Select(N));
            foreach (var id in ids)
            {
                var row = data.Uncertainty.Benefits.FirstOrDefault(b => b.Alternative == p.Alternative && b.Id == id);
                cells.Add(row is null ? "" : N(row.WorldDifferences[p.World]));
            }
            w.Write(string.Join(',', cells));
            w.Write('\n');
        }
    }

    private static string N(double v) => InvariantNumber.Format(v);

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
        if (data.Uncertainty is { } u) w.WriteNumber("worlds", u.Worlds);
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
                if (data.Uncertainty?.Benefits.FirstOrDefault(b => b.Alternative == alt.Label && b.Id == k.Id) is { } benefit)
                {
                    w.WriteString("better", benefit.Better is { } dir ? BetterDirection.Name(dir) : null);
                    Number(w, "probability_of_benefit", benefit.ProbabilityOfBenefit);
                    var c = benefit.Difference.Components;
                    Number(w, "diff_var_parameters", c.ParameterVariance);
                    Number(w, "diff_var_noise", c.NoiseVariance);
                    Number(w, "diff_share_parameters", c.ParameterShare);
                    WriteInterval(w, "diff_total", benefit.Difference.Total);
                    WriteInterval(w, "diff_parameters", benefit.Difference.Parameters);
                    WriteInterval(w, "diff_noise", benefit.Difference.Noise);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("cost_effectiveness");
            foreach (var r in data.CostEffectiveness.Where(r => r.Alternative == alt.Label))
            {
                w.WriteStartObject();
                w.WriteString("effect", r.Effect.Id);
                w.WriteString("label", r.Effect.Label);
                w.WriteString("unit", r.Effect.Unit);
                Number(w, "delta_cost", r.DeltaCost);
                WriteInterval(w, "delta_cost_ci", r.DeltaCostCi);
                Number(w, "delta_effect", r.DeltaEffect);
                WriteInterval(w, "delta_effect_ci", r.DeltaEffectCi);
                w.WriteString("status", StatusName(r.Status));
                Number(w, "cost_per_unit", r.Ratio);
                WriteInterval(w, "cost_per_unit_ci", r.RatioCi);
                WriteInterval(w, "world_ratio", r.WorldRatio);
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
        if (data.Uncertainty is { } un) w.WriteNumber("worlds", un.Worlds);
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
            if (s.Nested is { HasUncertainParameters: true } nested)
            {
                w.WriteNumber("uncertainty_seed", nested.Plan.Seed);
                w.WriteStartArray("uncertain_parameters");
                foreach (var p in nested.Parameters) w.WriteStringValue(p.Name);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteInterval(Utf8JsonWriter w, string name, Core.Uncertainty.Interval iv)
    {
        w.WriteStartObject(name);
        Number(w, "low", iv.Low);
        Number(w, "high", iv.High);
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
