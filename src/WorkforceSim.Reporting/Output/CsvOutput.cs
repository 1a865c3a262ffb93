using System.Text;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Reporting;

/// <summary>
/// Writes the CSV outputs: UTF-8 without BOM, "\n" line ends, comma separated, numbers via
/// <see cref="InvariantNumber"/>. Text cells are quoted only when they contain a comma, quote or line break.
/// </summary>
internal static class CsvOutput
{
    public const string YearlyHeader = "year,metric,mean,sd,ci_low,ci_high,p05,p50,p95";
    public const string ReplicationsHeader = "replication,year,metric,value";
    /// <summary>Header of replications.csv in a run with uncertain parameters (one block per world).</summary>
    public const string WorldReplicationsHeader = "world,replication,year,metric,value";
    public const string SurvivalHeader = "years_since_hire,at_risk,exits,censored,survival,ci_low,ci_high";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteYearly(string path, IEnumerable<YearlyRow> rows)
    {
        using var w = Open(path);
        var line = new LineBuilder(w);
        w.Write(YearlyHeader);
        w.Write('\n');
        foreach (var r in rows)
        {
            line.Integer(r.Year).Text(r.Metric).Number(r.Mean).Number(r.Sd).Number(r.CiLow).Number(r.CiHigh)
                .Number(r.P05).Number(r.P50).Number(r.P95).End();
        }
    }

    public static void WriteSurvival(string path, IEnumerable<SurvivalRow> rows)
    {
        using var w = Open(path);
        var line = new LineBuilder(w);
        w.Write(SurvivalHeader);
        w.Write('\n');
        foreach (var r in rows)
        {
            line.Integer(r.YearsSinceHire).Integer(r.AtRisk).Integer(r.Exits).Integer(r.Censored)
                .Number(r.Survival).Number(r.CiLow).Number(r.CiHigh).End();
        }
    }

    public static void WriteHazard(string path, IEnumerable<RealizedHazardRow> rows)
    {
        using var w = Open(path);
        var line = new LineBuilder(w);
        w.Write(ReportModel.HazardHeader);
        w.Write('\n');
        foreach (var r in rows)
            line.Integer(r.YearOfService).Number(r.InputHazard).Number(r.Realized).Number(r.CiLow).Number(r.CiHigh).End();
    }

    /// <summary>
    /// One row per defined cell, by replication, then year, then metric. Metric names are escaped once up front and
    /// numbers are formatted into a reused buffer, so the loop allocates nothing per cell.
    /// </summary>
    public static void WriteReplications(string path, RunResult result)
    {
        using var w = Open(path);
        w.Write(ReplicationsHeader);
        w.Write('\n');
        WriteReplicationRows(w, result, "");
    }

    /// <summary>The long format with a world column first: world-major, then as the single-run file.</summary>
    public static void WriteReplications(string path, Core.Uncertainty.NestedRunResult result)
    {
        using var w = Open(path);
        w.Write(WorldReplicationsHeader);
        w.Write('\n');
        for (int world = 0; world < result.WorldCount; world++)
            WriteReplicationRows(w, result.Worlds[world], InvariantNumber.Format(world) + ",");
    }

    private static void WriteReplicationRows(StreamWriter w, RunResult result, string prefix)
    {
        var names = result.Metrics.Names;
        var escaped = new string[names.Length];
        for (int m = 0; m < names.Length; m++) escaped[m] = Escape(names[m]);
        Span<char> buffer = stackalloc char[InvariantNumber.MaxChars];
        foreach (var rep in result.Replications)
        {
            for (int t = 0; t < rep.Years; t++)
            {
                int year = result.Spec.StartYear + t;
                for (int m = 0; m < names.Length; m++)
                {
                    double v = rep[m, t];
                    if (double.IsNaN(v)) continue;
                    w.Write(prefix);
                    WriteInteger(w, rep.Replication, buffer);
                    w.Write(',');
                    WriteInteger(w, year, buffer);
                    w.Write(',');
                    w.Write(escaped[m]);
                    w.Write(',');
                    InvariantNumber.TryFormat(v, buffer, out int n);
                    w.Write(buffer[..n]);
                    w.Write('\n');
                }
            }
        }
    }

    private static void WriteInteger(StreamWriter w, long value, Span<char> buffer)
    {
        value.TryFormat(buffer, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        w.Write(buffer[..n]);
    }

    internal static StreamWriter Open(string path) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Utf8NoBom, 1 << 16)
        { NewLine = "\n" };

    /// <summary>RFC 4180 quoting when needed.</summary>
    public static string Escape(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Writes one row's cells, comma separated.</summary>
    internal sealed class LineBuilder(StreamWriter writer)
    {
        private bool _first = true;

        private void Separator()
        {
            if (!_first) writer.Write(',');
            _first = false;
        }

        public LineBuilder Integer(long v) { Separator(); writer.Write(InvariantNumber.Format(v)); return this; }
        public LineBuilder Number(double v) { Separator(); writer.Write(InvariantNumber.Format(v)); return this; }
        public LineBuilder Text(string v) { Separator(); writer.Write(Escape(v)); return this; }
        public void End() { writer.Write('\n'); _first = true; }
    }
}
