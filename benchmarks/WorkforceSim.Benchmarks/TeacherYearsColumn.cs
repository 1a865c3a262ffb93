using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace WorkforceSim.Benchmarks;

/// <summary>Throughput in million teacher-years per second: N × T × R (the benchmark's parameters) / mean time, or
/// / median time (the figure that a burst of other load on a shared host moves least).</summary>
public sealed class TeacherYearsColumn(bool median = false) : IColumn
{
    public string Id => median ? "MTYpsMedian" : "MTYps";
    public string ColumnName => median ? "M TY/s (median)" : "M TY/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => median ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => median ? "Million teacher-years per second (N x T x R / median time)" : "Million teacher-years per second (N x T x R / mean time)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats) return "-";
        double ty = TeacherYears(benchmarkCase);
        double ns = median ? stats.Median : stats.Mean;
        return ty <= 0 ? "-" : (ty / (ns * 1e-9) / 1e6).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static double TeacherYears(BenchmarkCase c)
    {
        double Get(string name, double fallback) => c.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value is { } v ? Convert.ToDouble(v) : fallback;
        double n = Get("N", 0), t = Get("T", 30), r = Get("R", ComputedReplications(c));
        if (n == 0 && c.Descriptor.Type.GetField("TeacherYearsPerOp")?.GetValue(null) is long per) return per;
        return n * t * r;
    }

    /// <summary>A benchmark's R when it is computed from its parameters (a property, as R1Benchmarks' R): read off an
    /// instance with the case's parameter values set.</summary>
    private static double ComputedReplications(BenchmarkCase c)
    {
        var type = c.Descriptor.Type;
        if (type.GetProperty("R") is not { } property) return 1;
        object instance = Activator.CreateInstance(type)!;
        foreach (var p in c.Parameters.Items)
        {
            if (type.GetField(p.Name) is { } f) f.SetValue(instance, p.Value);
            else type.GetProperty(p.Name)?.SetValue(instance, p.Value);
        }
        return Convert.ToDouble(property.GetValue(instance));
    }
}

/// <summary>Default config of the project's benchmarks: MemoryDiagnoser on, the median time, the teacher-years
/// columns (by mean and by median time).</summary>
public sealed class WsimConfig : ManualConfig
{
    public WsimConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
        AddColumn(new TeacherYearsColumn(), new TeacherYearsColumn(median: true));
    }
}
