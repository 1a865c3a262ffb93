namespace WorkforceSim.Calibration.Estimation;

/// <summary>A run of consecutive indices that pool-adjacent-violators merged into one value.</summary>
public readonly record struct MonotoneBlock(int First, int Last, double Value, double Weight);

/// <summary>
/// Weighted isotonic regression by pool-adjacent-violators: the non-decreasing sequence closest to the values in
/// weighted least squares. With weights = at risk and values = hazards, a merged block's value is its pooled
/// hazard Σ exits / Σ at risk, so smoothing is the same as pooling the violating years.
/// </summary>
public static class MonotoneSmoother
{
    /// <summary>The non-decreasing fit, one value per input.</summary>
    /// <param name="values">Values to smooth.</param>
    /// <param name="weights">Non-negative weights, same length.</param>
    public static double[] Smooth(IReadOnlyList<double> values, IReadOnlyList<double> weights)
    {
        var fitted = new double[values.Count];
        foreach (var block in Blocks(values, weights))
            Array.Fill(fitted, block.Value, block.First, block.Last - block.First + 1);
        return fitted;
    }

    /// <summary>The blocks of the fit in index order; an already non-decreasing input gives one block per value.</summary>
    public static IReadOnlyList<MonotoneBlock> Blocks(IReadOnlyList<double> values, IReadOnlyList<double> weights)
    {
        if (values.Count != weights.Count) throw new ArgumentException("values and weights must have the same length", nameof(weights));
        var stack = new List<MonotoneBlock>(values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            var block = new MonotoneBlock(i, i, values[i], weights[i]);
            while (stack.Count > 0 && stack[^1].Value > block.Value)
            {
                var previous = stack[^1];
                stack.RemoveAt(stack.Count - 1);
                block = Merge(previous, block);
            }
            stack.Add(block);
        }
        return stack;
    }

    private static MonotoneBlock Merge(MonotoneBlock a, MonotoneBlock b)
    {
        double weight = a.Weight + b.Weight;
        // Zero-weight values carry no information: the merged value is then the plain mean.
        double value = weight > 0 ? (a.Value * a.Weight + b.Value * b.Weight) / weight : (a.Value + b.Value) / 2;
        return new MonotoneBlock(a.First, b.Last, value, weight);
    }
}
