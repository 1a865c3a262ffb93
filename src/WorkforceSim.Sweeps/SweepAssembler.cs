using System.Collections.Immutable;
using System.Text;
using Parquet;
using Parquet.Schema;
using WorkforceSim.Core.Results;
using WorkforceSim.Reporting;
using WorkforceSim.Reporting.Charts;
using WorkforceSim.Sweeps.Sensitivity;

namespace WorkforceSim.Sweeps;

/// <summary>
/// Builds a sweep's final outputs from its layout and point files only, in point order, so a resumed, sharded-and-merged
/// or uninterrupted sweep writes the same bytes (docs/sweep-format.md, "Outputs").
/// </summary>
public static class SweepAssembler
{
    /// <summary>File names of the final outputs.</summary>
    public const string PointsCsv = "points.csv", PointsParquet = "points.parquet", ReplicationsCsv = "replications.csv",
        ReplicationsParquet = "replications.parquet", SensitivityCsv = "sensitivity.csv", ManifestFile = "manifest.json",
        ChartsFolder = "charts";

    private static readonly UTF8Encoding Utf8NoBom = new(false);

    /// <summary>
    /// Writes every output into <paramref name="dir"/>, each file atomically. When <paramref name="cancel"/> fires
    /// between two files, the outputs written so far are removed again (they are rebuilt from the point files by
    /// <c>--resume</c>), so a stopped sweep never looks finished, and <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    public static void Assemble(string dir, SweepLayout layout, IReadOnlyList<PointResult> points, bool charts = true,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(points);
        var ordered = points.OrderBy(p => p.Index).ToList();
        if (ordered.Count != layout.Points || ordered.Where((p, i) => p.Index != i).Any())
            throw new InvalidDataException($"The sweep has {layout.Points} points but {ordered.Count} distinct point files were found.");
        var numeric = Enumerable.Range(0, layout.Parameters.Length).Select(j => ordered.All(p => p.Values[j] is double)).ToArray();
        var stats = ordered.Select(p => p.Outcomes.Select(o => Stats(o)).ToArray()).ToList();

        string[] outputs = [PointsCsv, ReplicationsCsv, PointsParquet, ReplicationsParquet, SensitivityCsv, ManifestFile, ChartsFolder];
        try
        {
            cancel.ThrowIfCancellationRequested();
            Write(dir, PointsCsv, w => WritePointsCsv(w, layout, ordered, stats));
            cancel.ThrowIfCancellationRequested();
            Write(dir, ReplicationsCsv, w => WriteReplicationsCsv(w, layout, ordered));
            cancel.ThrowIfCancellationRequested();
            WriteBinary(dir, PointsParquet, s => WritePointsParquet(s, layout, ordered, stats, numeric));
            cancel.ThrowIfCancellationRequested();
            WriteBinary(dir, ReplicationsParquet, s => WriteReplicationsParquet(s, layout, ordered, numeric));
            cancel.ThrowIfCancellationRequested();
            var sensitivity = Analyse(layout, ordered, stats, numeric);
            cancel.ThrowIfCancellationRequested();
            Write(dir, SensitivityCsv, w => WriteSensitivity(w, sensitivity));
            if (charts)
            {
                string chartsDir = Path.Combine(dir, ChartsFolder);
                Directory.CreateDirectory(chartsDir);
                foreach (var c in SweepCharts.For(layout, ordered, stats, numeric, sensitivity))
                {
                    cancel.ThrowIfCancellationRequested();
                    ChartRenderer.Save(c, chartsDir);
                }
            }
            cancel.ThrowIfCancellationRequested();
            Write(dir, ManifestFile, w => w.Write(layout.ToJson())); // last: a folder with manifest.json is finished
        }
        catch (OperationCanceledException)
        {
            foreach (string name in outputs)
            {
                string path = Path.Combine(dir, name);
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else File.Delete(path);
            }
            throw;
        }
    }

    private static SampleStatistics? Stats(ImmutableArray<double> values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToArray();
        return defined.Length == 0 ? null : SampleStatistics.Of(defined);
    }

    private static void Write(string dir, string name, Action<StreamWriter> body) =>
        AtomicOutput.WriteFile(Path.Combine(dir, name), temp =>
        {
            using var w = new StreamWriter(temp, false, Utf8NoBom) { NewLine = "\n" };
            body(w);
        });

    private static void WriteBinary(string dir, string name, Action<Stream> body) =>
        AtomicOutput.WriteFile(Path.Combine(dir, name), temp =>
        {
            using var s = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite);
            body(s);
        });

    private static string Value(object v) => v is double d ? InvariantNumber.Format(d) : Escape(v.ToString() ?? "");

    private static string Escape(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void WritePointsCsv(StreamWriter w, SweepLayout layout, List<PointResult> points, List<SampleStatistics?[]> stats)
    {
        var header = new List<string> { "point", "block" };
        header.AddRange(layout.Parameters.Select(p => Escape(p.Name)));
        header.Add("replications");
        foreach (var o in layout.Outcomes)
            header.AddRange(new[] { $"{o.Name}_mean", $"{o.Name}_sd", $"{o.Name}_ci_low", $"{o.Name}_ci_high" }.Select(Escape));
        w.Write(string.Join(',', header));
        w.Write('\n');
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var cells = new List<string> { InvariantNumber.Format(p.Index), Escape(p.Block) };
            cells.AddRange(p.Values.Select(Value));
            cells.Add(InvariantNumber.Format(layout.Replications));
            foreach (var s in stats[i])
                cells.AddRange(s is { } x
                    ? new[] { InvariantNumber.Format(x.Mean), InvariantNumber.Format(x.Sd), InvariantNumber.Format(x.CiLow), InvariantNumber.Format(x.CiHigh) }
                    : new[] { "", "", "", "" });
            w.Write(string.Join(',', cells));
            w.Write('\n');
        }
    }

    private static void WriteReplicationsCsv(StreamWriter w, SweepLayout layout, List<PointResult> points)
    {
        w.Write(string.Join(',', new[] { "point", "replication" }.Concat(layout.Parameters.Select(p => Escape(p.Name))).Concat(["outcome", "value"])));
        w.Write('\n');
        foreach (var p in points)
        {
            string prefix = string.Join(',', p.Values.Select(Value));
            for (int r = 0; r < layout.Replications; r++)
                for (int o = 0; o < layout.Outcomes.Length; o++)
                {
                    double v = p.Outcomes[o][r];
                    if (double.IsNaN(v)) continue;
                    w.Write($"{InvariantNumber.Format(p.Index)},{InvariantNumber.Format(r)},{prefix},{Escape(layout.Outcomes[o].Name)},{InvariantNumber.Format(v)}\n");
                }
        }
    }

    private static DataField ParameterField(string name, bool numeric) =>
        numeric ? new DataField<double>(name) : new DataField<string>(name);

    private static Array ParameterColumn(IEnumerable<object> values, bool numeric) =>
        numeric ? values.Select(v => (double)v).ToArray() : values.Select(v => v.ToString()!).ToArray();

    private static void WritePointsParquet(Stream s, SweepLayout layout, List<PointResult> points, List<SampleStatistics?[]> stats, bool[] numeric)
    {
        var fields = new List<DataField> { new DataField<int>("point"), new DataField<string>("block") };
        fields.AddRange(layout.Parameters.Select((p, j) => ParameterField(p.Name, numeric[j])));
        fields.Add(new DataField<int>("replications"));
        foreach (var o in layout.Outcomes)
            fields.AddRange(new[] { "_mean", "_sd", "_ci_low", "_ci_high" }.Select(suffix => (DataField)new DataField<double?>(o.Name + suffix)));
        var columns = new List<Array>
        {
            points.Select(p => p.Index).ToArray(), points.Select(p => p.Block).ToArray(),
        };
        for (int j = 0; j < layout.Parameters.Length; j++) columns.Add(ParameterColumn(points.Select(p => p.Values[j]), numeric[j]));
        columns.Add(points.Select(_ => layout.Replications).ToArray());
        for (int o = 0; o < layout.Outcomes.Length; o++)
        {
            int k = o;
            columns.Add(stats.Select(x => x[k]?.Mean).ToArray());
            columns.Add(stats.Select(x => x[k]?.Sd).ToArray());
            columns.Add(stats.Select(x => x[k]?.CiLow).ToArray());
            columns.Add(stats.Select(x => x[k]?.CiHigh).ToArray());
        }
        WriteParquet(s, fields, columns);
    }

    private static void WriteReplicationsParquet(Stream s, SweepLayout layout, List<PointResult> points, bool[] numeric)
    {
        var rows = new List<(PointResult P, int R, int O, double V)>();
        foreach (var p in points)
            for (int r = 0; r < layout.Replications; r++)
                for (int o = 0; o < layout.Outcomes.Length; o++)
                    if (!double.IsNaN(p.Outcomes[o][r])) rows.Add((p, r, o, p.Outcomes[o][r]));
        var fields = new List<DataField> { new DataField<int>("point"), new DataField<int>("replication") };
        fields.AddRange(layout.Parameters.Select((p, j) => ParameterField(p.Name, numeric[j])));
        fields.Add(new DataField<string>("outcome"));
        fields.Add(new DataField<double>("value"));
        var columns = new List<Array> { rows.Select(x => x.P.Index).ToArray(), rows.Select(x => x.R).ToArray() };
        for (int j = 0; j < layout.Parameters.Length; j++) columns.Add(ParameterColumn(rows.Select(x => x.P.Values[j]), numeric[j]));
        columns.Add(rows.Select(x => layout.Outcomes[x.O].Name).ToArray());
        columns.Add(rows.Select(x => x.V).ToArray());
        WriteParquet(s, fields, columns);
    }

    private static void WriteParquet(Stream s, List<DataField> fields, List<Array> columns)
    {
        var schema = new ParquetSchema(fields.Cast<Field>().ToArray());
        Task.Run(async () =>
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, s).ConfigureAwait(false);
            using var group = writer.CreateRowGroup();
            for (int i = 0; i < fields.Count; i++)
            {
                var task = columns[i] switch
                {
                    int[] a => group.WriteAsync(fields[i], new ReadOnlyMemory<int>(a)),
                    double[] a => group.WriteAsync(fields[i], new ReadOnlyMemory<double>(a)),
                    double?[] a => group.WriteAsync(fields[i], new ReadOnlyMemory<double?>(a)),
                    string[] a => group.WriteAsync(fields[i], a),
                    _ => throw new NotSupportedException($"Column type {columns[i].GetType().Name}."),
                };
                await task.ConfigureAwait(false);
            }
        }).GetAwaiter().GetResult();
    }

    /// <summary>SRC for every design; Sobol indices with bootstrap CIs for a Sobol design.</summary>
    internal static List<SensitivityRow> Analyse(SweepLayout layout, List<PointResult> points, List<SampleStatistics?[]> stats, bool[] numeric)
    {
        var rows = new List<SensitivityRow>();
        int d = layout.Parameters.Length;
        for (int o = 0; o < layout.Outcomes.Length; o++)
        {
            string outcome = layout.Outcomes[o].Name;
            var usable = Enumerable.Range(0, points.Count).Where(i => stats[i][o] is not null).ToList();
            var x = usable.Select(i => Enumerable.Range(0, d).Select(j => numeric[j] ? (double)points[i].Values[j] : double.NaN).ToArray()).ToList();
            var y = usable.Select(i => stats[i][o]!.Value.Mean).ToList();
            var (src, r2) = SensitivityAnalysis.Src(x, y);
            for (int j = 0; j < d; j++) rows.Add(new SensitivityRow(outcome, layout.Parameters[j].Name, "src", src[j], double.NaN, double.NaN));
            rows.Add(new SensitivityRow(outcome, "(model)", "src_r2", r2, double.NaN, double.NaN));
            if (layout.Design != "sobol" || usable.Count != points.Count) continue;
            var sobol = SensitivityAnalysis.Sobol(y, layout.BaseSamples, d, layout.Bootstrap, layout.Seed);
            for (int j = 0; j < d; j++)
            {
                var s = sobol[j];
                rows.Add(new SensitivityRow(outcome, layout.Parameters[j].Name, "sobol_first", s.First, s.FirstLow, s.FirstHigh));
                rows.Add(new SensitivityRow(outcome, layout.Parameters[j].Name, "sobol_total", s.Total, s.TotalLow, s.TotalHigh));
            }
        }
        return rows;
    }

    private static void WriteSensitivity(StreamWriter w, List<SensitivityRow> rows)
    {
        w.Write("outcome,parameter,method,estimate,ci_low,ci_high\n");
        static string N(double v) => double.IsNaN(v) ? "" : InvariantNumber.Format(v);
        foreach (var r in rows)
            w.Write($"{Escape(r.Outcome)},{Escape(r.Parameter)},{r.Method},{N(r.Estimate)},{N(r.CiLow)},{N(r.CiHigh)}\n");
    }
}
