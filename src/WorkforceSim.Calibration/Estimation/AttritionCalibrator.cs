using System.Collections.Immutable;

namespace WorkforceSim.Calibration.Estimation;

/// <summary>Choices of the estimation (the statistical part of <see cref="CalibrationOptions"/>).</summary>
public sealed record EstimationSettings
{
    /// <summary>Minimum teacher-years at risk per hazard band (pooling of sparse years). Range: ≥ 1. Default 30.</summary>
    public int MinAtRisk { get; init; } = 30;
    /// <summary>Completed yos from which hazards are forced non-decreasing (retirement ramp); null = no smoothing.</summary>
    public int? SmoothFromYos { get; init; }
    /// <summary>Factors to estimate hazard-ratio modifiers for; empty = none.</summary>
    public ImmutableArray<GroupingFactor> By { get; init; } = [];
    /// <summary>Confidence level of every interval. Range: 0 &lt; level &lt; 1. Default 0.95.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Interval method for hazards.</summary>
    public HazardInterval Interval { get; init; } = HazardInterval.Wilson;
    /// <summary>
    /// A hard stop (<c>mandatory_exit_yos</c>) is declared when, at the highest yos observed, every one of at least this
    /// many teachers at risk left. Range: ≥ 1. Default 5.
    /// </summary>
    public int MinAtRiskForHardStop { get; init; } = 5;
}

/// <summary>A band of consecutive years sharing one fitted hazard.</summary>
/// <param name="FirstYos">First completed yos of the band.</param>
/// <param name="LastYos">Last completed yos of the band (inclusive).</param>
/// <param name="AtRisk">Teacher-years at risk in the band.</param>
/// <param name="EffectiveAtRisk">Teacher-years weighted by their hazard ratio against the reference groups (= AtRisk without modifiers).</param>
/// <param name="Exits">Exits in the band.</param>
/// <param name="Hazard">Exits / EffectiveAtRisk: the reference group's annual exit probability.</param>
/// <param name="Ci">Binomial interval of the hazard (on the effective count; hazard-ratio uncertainty not propagated).</param>
/// <param name="Smoothed">Whether monotone smoothing merged pooled bands into this one.</param>
public sealed record HazardBand(int FirstYos, int LastYos, int AtRisk, double EffectiveAtRisk, int Exits, double Hazard, Interval Ci, bool Smoothed)
{
    /// <summary>The band in years of service (the <c>hazard_by_yos</c> keys): "3" or "3-5".</summary>
    public string Label => FirstYos == LastYos ? $"{FirstYos + 1}" : $"{FirstYos + 1}-{LastYos + 1}";
}

/// <summary>The estimate behind a calibrated attrition block.</summary>
/// <param name="RiskSet">The data.</param>
/// <param name="Settings">The choices made.</param>
/// <param name="LifeTable">Raw per-year life table with the fitted hazards and expected exits (the fit report).</param>
/// <param name="Bands">Bands of the fitted hazard in yos order, covering yos 0 up to the last year before any hard stop.</param>
/// <param name="Modifiers">Hazard ratios per level of each requested factor.</param>
/// <param name="MandatoryExitYos">The hard stop (<c>mandatory_exit_yos</c>), when the data show one.</param>
public sealed record AttritionEstimate(RiskSet RiskSet, EstimationSettings Settings, ImmutableArray<LifeTableRow> LifeTable,
    ImmutableArray<HazardBand> Bands, ImmutableArray<HazardRatio> Modifiers, int? MandatoryExitYos)
{
    /// <summary>The fitted hazard of each banded year: index 0 = year of service 1.</summary>
    public ImmutableArray<double> HazardByYearOfService =>
        [.. Bands.SelectMany(b => Enumerable.Repeat(b.Hazard, b.LastYos - b.FirstYos + 1))];
}

/// <summary>
/// Estimates annual exit hazards by years of service from a risk set: a discrete-time life table, sparse years
/// pooled into bands, optional monotone smoothing of the retirement ramp, and optional stage/segment hazard ratios.
/// </summary>
public static class AttritionCalibrator
{
    /// <summary>Fits the attrition model. The risk set must contain at least one teacher-year.</summary>
    public static AttritionEstimate Calibrate(RiskSet riskSet, EstimationSettings settings)
    {
        if (riskSet.TeacherYears == 0) throw new ArgumentException("The risk set has no teacher-years.", nameof(riskSet));
        var cells = riskSet.Cells;
        var table = LifeTable.Build(cells, settings.Interval, settings.ConfidenceLevel);
        var last = table[^1];
        int? hardStop = last.Yos >= 1 && last.Exits == last.AtRisk && last.AtRisk >= settings.MinAtRiskForHardStop ? last.Yos : null;
        int lastBanded = hardStop is { } stop ? stop - 1 : last.Yos;

        var pooled = PoolBands(table, lastBanded, settings);
        var bandIndex = new int[lastBanded + 1];
        for (int b = 0; b < pooled.Count; b++)
            for (int yos = pooled[b].First; yos <= pooled[b].Last; yos++) bandIndex[yos] = b;

        var bandedCells = cells.Where(c => c.Yos <= lastBanded).ToList();
        var modifiers = settings.By.IsEmpty
            ? []
            : HazardRatioModel.Fit(bandedCells, yos => bandIndex[yos], settings.By, settings.ConfidenceLevel);

        // Effective at risk: each teacher-year weighted by its hazard ratio, so exits / effective is the reference hazard.
        var ratio = modifiers.Where(m => m.Status == HazardRatioStatus.Estimated).ToDictionary(m => (m.Factor, m.Level), m => m.Ratio);
        var effective = new double[lastBanded + 1];
        var exits = new int[lastBanded + 1];
        foreach (var cell in bandedCells)
        {
            effective[cell.Yos] += cell.AtRisk * settings.By.Aggregate(1.0, (f, factor) => f * ratio.GetValueOrDefault((factor, cell.Level(factor)), 1.0));
            exits[cell.Yos] += cell.Exits;
        }

        var bands = FitBands(pooled, table, effective, exits, settings);
        return new AttritionEstimate(riskSet, settings, FitReport(table, bands, effective, hardStop), [.. bands], modifiers, hardStop);
    }

    /// <summary>Pooled bands; with smoothing, pooling never crosses the smoothing start so the ramp is banded on its own.</summary>
    private static List<(int First, int Last)> PoolBands(ImmutableArray<LifeTableRow> table, int lastBanded, EstimationSettings settings)
    {
        var atRisk = table.Select(r => r.AtRisk).ToArray();
        int? split = settings.SmoothFromYos is { } s && s > 0 && s <= lastBanded ? s : null;
        if (split is null) return HazardBands.Pool(atRisk, 0, lastBanded, settings.MinAtRisk);
        return [.. HazardBands.Pool(atRisk, 0, split.Value - 1, settings.MinAtRisk), .. HazardBands.Pool(atRisk, split.Value, lastBanded, settings.MinAtRisk)];
    }

    /// <summary>Band hazards, with pool-adjacent-violators merging the bands from the smoothing start on.</summary>
    private static List<HazardBand> FitBands(List<(int First, int Last)> pooled, ImmutableArray<LifeTableRow> table,
        double[] effective, int[] exits, EstimationSettings settings)
    {
        HazardBand Band(int first, int last, bool smoothed)
        {
            double n = effective[first..(last + 1)].Sum();
            int d = exits[first..(last + 1)].Sum();
            int atRisk = table.Skip(first).Take(last - first + 1).Sum(r => r.AtRisk);
            double hazard = n > 0 ? Math.Min(1, d / n) : 0;
            return new HazardBand(first, last, atRisk, n, d, hazard, BinomialInterval.Compute(settings.Interval, d, n, settings.ConfidenceLevel), smoothed);
        }

        var bands = pooled.Select(p => Band(p.First, p.Last, smoothed: false)).ToList();
        if (settings.SmoothFromYos is not { } from) return bands;
        int start = bands.FindIndex(b => b.FirstYos >= from);
        if (start < 0) return bands;

        var ramp = bands.Skip(start).ToList();
        var blocks = MonotoneSmoother.Blocks([.. ramp.Select(b => b.Hazard)], [.. ramp.Select(b => b.EffectiveAtRisk)]);
        return
        [
            .. bands.Take(start),
            .. blocks.Select(k => k.First == k.Last ? ramp[k.First] : Band(ramp[k.First].FirstYos, ramp[k.Last].LastYos, smoothed: true)),
        ];
    }

    /// <summary>The life table with each year's fitted hazard, band and expected exits.</summary>
    private static ImmutableArray<LifeTableRow> FitReport(ImmutableArray<LifeTableRow> table, List<HazardBand> bands, double[] effective, int? hardStop) =>
    [
        .. table.Select(row =>
        {
            if (row.Yos == hardStop) return row with { FittedHazard = 1, ExpectedExits = row.AtRisk, Band = "mandatory" };
            var band = bands.First(b => b.FirstYos <= row.Yos && row.Yos <= b.LastYos);
            return row with { FittedHazard = band.Hazard, ExpectedExits = effective[row.Yos] * band.Hazard, Band = band.Label };
        }),
    ];
}
