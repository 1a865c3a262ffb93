namespace WorkforceSim.Calibration.Estimation;

/// <summary>Pooling of sparse years of service into bands of consecutive years.</summary>
public static class HazardBands
{
    /// <summary>
    /// Splits yos <paramref name="first"/>..<paramref name="last"/> into bands: walking up, years are added to the
    /// current band until it has at least <paramref name="minAtRisk"/> teacher-years at risk; a short remainder at
    /// the top joins the band below it (or is the only band when all years together are short).
    /// </summary>
    /// <param name="atRiskByYos">Teacher-years at risk, indexed by completed yos.</param>
    /// <param name="first">First yos to band.</param>
    /// <param name="last">Last yos to band (inclusive).</param>
    /// <param name="minAtRisk">Minimum teacher-years at risk per band. Range: ≥ 1.</param>
    public static List<(int First, int Last)> Pool(IReadOnlyList<int> atRiskByYos, int first, int last, int minAtRisk)
    {
        var bands = new List<(int First, int Last)>();
        int start = first, sum = 0;
        for (int yos = first; yos <= last; yos++)
        {
            sum += atRiskByYos[yos];
            if (sum < minAtRisk) continue;
            bands.Add((start, yos));
            start = yos + 1;
            sum = 0;
        }
        if (start <= last)
        {
            if (bands.Count == 0) bands.Add((start, last));
            else bands[^1] = (bands[^1].First, last);
        }
        return bands;
    }
}
