using System.Runtime.Intrinsics;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Model;
using WorkforceSim.Core.Random;
using WorkforceSim.Core.Results;

namespace WorkforceSim.Core.Tests;

/// <summary>
/// The engine's fast kernels against plain reference computations: selection against a sort, the lane sum against
/// its scalar form and an exact sum, the vector draws against the scalar draws, and the engine's shortcuts (exits
/// counted as drawn, service fused into the exit pass) against the general path.
/// </summary>
public class KernelTests
{
    private static float[] RandomValues(int n, int seed, int distinct = 0)
    {
        var rng = new System.Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++)
            v[i] = distinct > 0 ? rng.Next(distinct) - distinct / 2 : (float)(rng.NextDouble() * 6 - 3) * (rng.Next(4) == 0 ? 1e-3f : 1f);
        return v;
    }

    public static TheoryData<int, int> Sizes() => new()
    {
        { 1, 0 }, { 63, 0 }, { 64, 0 }, { 65, 0 }, { 1_000, 0 }, { 2_047, 0 }, { 2_048, 0 }, { 5_000, 0 }, { 16_383, 0 },
        { 16_384, 0 }, { 65_000, 0 }, { 65_000, 7 }, { 5_000, 2 }, { 100_000, 1_000 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Bracketed_selection_returns_the_sorted_value_and_leaves_the_input_alone(int n, int distinct)
    {
        var values = RandomValues(n, seed: n + distinct, distinct);
        var original = (float[])values.Clone();
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        var scratch = new float[4 * (n + 16)];
        foreach (int k in new[] { 0, n / 5, n / 2, 4 * n / 5, n - 1 })
        {
            Assert.Equal(sorted[k], Selection.KthSmallestCopy(values, k, scratch));
            Assert.Equal(original, values);
            if (Selection.TrySelectVector<float>(values, k, new float[3 * (n + 16)], out float v))
                Assert.Equal(sorted[k], v);
            Assert.Equal(original, values);
            Assert.Equal(sorted[k], Selection.KthSmallest((float[])values.Clone(), k));
        }
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(65, 64)]
    [InlineData(1_000, 1)]
    [InlineData(26_000, 1_500)]
    [InlineData(40_000, 13_000)]
    [InlineData(40_001, 39_999)]
    public void Vector_top_k_puts_exactly_the_k_smallest_keys_first(int m, int k)
    {
        var rng = new System.Random(m + k);
        // Unique keys as the engine builds them: an order in the high half (with many ties), the row in the low half.
        var keys = Enumerable.Range(0, m).Select(i => ((ulong)rng.Next(50) << 32) | (uint)i).ToArray();
        var expected = keys.OrderBy(x => x).Take(k).ToArray();
        var plain = keys.ToArray();
        var work = new ulong[3 * (m + 16)];
        Selection.SmallestFirstVector(keys, k, work);
        Assert.Equal(expected, keys.Take(k).OrderBy(x => x).ToArray());
        Selection.SmallestFirst(plain, k);
        Assert.Equal(expected, plain.Take(k).OrderBy(x => x).ToArray());
    }

    [Fact]
    public void Bracketed_selection_falls_back_when_the_sample_misleads()
    {
        // Sorted input with a strided sample that sees only small values: the bracket misses rank k and the
        // fallback must still find it.
        int n = 65_000;
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = i % 64 == 0 ? -1_000 + i : i;
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        Assert.Equal(sorted[4 * n / 5], Selection.KthSmallestCopy(values, 4 * n / 5, new float[4 * (n + 16)]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(65_000)]
    public void Lane_sum_is_the_same_on_both_paths_and_close_to_the_exact_sum(int n)
    {
        var values = RandomValues(n, seed: 3);
        double vector = LaneSum.Of(values, vector: true), scalar = LaneSum.Of(values, vector: false);
        Assert.Equal(BitConverter.DoubleToInt64Bits(scalar), BitConverter.DoubleToInt64Bits(vector));
        decimal exact = 0;
        foreach (float v in values) exact += (decimal)(double)v;
        // Each of the n additions rounds by at most half an ulp of a partial sum bounded by Σ|v|.
        double bound = n * Math.Pow(2, -53) * values.Sum(v => Math.Abs((double)v)) + 1e-300;
        Assert.True(Math.Abs((double)((decimal)vector - exact)) <= bound, $"lane sum {vector} vs exact {exact}");
    }

    [Theory]
    [InlineData(100)]     // below the bracketed selection: copy + quickselect, then the lane sum
    [InlineData(5_001)]   // the bracket from one value in 16, a remainder after the last 16
    [InlineData(65_000)]
    public void Selection_with_the_lane_sum_gives_the_bits_of_each_alone(int n)
    {
        var values = RandomValues(n, seed: 8);
        var scratch = new float[2 * (n + 16)];
        foreach (int k in new[] { 0, n / 5, 4 * n / 5, n - 1 })
        {
            float alone = Selection.KthSmallestCopy(values, k, scratch);
            float withSum = Selection.KthSmallestCopyAndSum(values, k, scratch, out double sum);
            Assert.Equal(BitConverter.SingleToInt32Bits(alone), BitConverter.SingleToInt32Bits(withSum));
            Assert.Equal(BitConverter.DoubleToInt64Bits(LaneSum.Of(values)), BitConverter.DoubleToInt64Bits(sum));
            var sorted = values.ToArray();
            Array.Sort(sorted);
            Assert.Equal(sorted[k], withSum);
        }
    }

    [Theory]
    [InlineData(0UL, 7)]
    [InlineData(1_000UL, 4_096)]
    [InlineData(ulong.MaxValue - 100, 100)]
    public void Vector_normals_equal_the_scalar_draws(ulong counter0, int count)
    {
        ulong stream = CounterRng.StreamKey(11, 2, 2030, DrawPurpose.HireEffectiveness);
        var vector = new double[count];
        CounterRngVector.Normals(stream, counter0, vector, vector: true);
        int tails = 0;
        for (int j = 0; j < count; j++)
        {
            ulong bits = CounterRng.Bits(stream, counter0 + (ulong)j);
            Assert.Equal(BitConverter.DoubleToInt64Bits(CounterRng.Normal(bits)), BitConverter.DoubleToInt64Bits(vector[j]));
            uint cell = (uint)(bits >> (64 - NormalTable.Bits));
            tails += cell < NormalTable.TailCells || cell >= NormalTable.Cells - NormalTable.TailCells ? 1 : 0;
        }
        if (count >= 4_096) Assert.True(tails > 0, "the test should include tail cells");
    }

    [Fact]
    public unsafe void Scaled_step_interpolation_equals_the_scalar_normal_in_every_cell()
    {
        // The vector lanes compute a + step × f from NormalTable.ScaledSteps, the scalar a + (b − a) × (f × 2⁻⁴⁰):
        // the same double only if both scalings are exact. Every cell, with the smallest, largest and random
        // interpolation bits (and random low bits, which neither reads).
        if (!CounterRngVector.IsSupported) return;
        var rng = new System.Random(5);
        var z = new ulong[8];
        fixed (double* steps = NormalTable.ScaledSteps)
            for (ulong cell = 0; cell < NormalTable.Cells; cell++)
                for (int round = 0; round < 4; round++)
                {
                    for (int l = 0; l < 8; l++)
                    {
                        ulong f = (l, round) switch { (0, 0) => 0, (1, 0) => (1UL << 40) - 1, _ => (ulong)rng.NextInt64(1L << 40) };
                        z[l] = (cell << (64 - NormalTable.Bits)) | (f << 12) | (uint)rng.Next(4096);
                    }
                    var normal = CounterRngVector.Normal(Vector512.Create<ulong>(z), steps);
                    for (int l = 0; l < 8; l++)
                        Assert.Equal(BitConverter.DoubleToInt64Bits(CounterRng.Normal(z[l])), BitConverter.DoubleToInt64Bits(normal[l]));
                }
    }

    [Fact]
    public void Vector_tail_normals_equal_the_scalar_quantile()
    {
        // Hashes in the outermost cells at both ends, including the far tail (r > 5: p below about 1.4e-11).
        var rng = new System.Random(9);
        var bits = new List<ulong>();
        while (bits.Count < 4_000)
        {
            ulong b = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
            uint cell = (uint)(b >> (64 - NormalTable.Bits));
            if (cell < NormalTable.TailCells || cell >= NormalTable.Cells - NormalTable.TailCells) bits.Add(b);
        }
        bits.AddRange([0UL, 1UL, 1UL << 20, ulong.MaxValue, ulong.MaxValue - (1UL << 20)]);
        var vector = new double[bits.Count];
        CounterRngVector.TailNormals(bits.ToArray(), vector, vector: true);
        for (int j = 0; j < bits.Count; j++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(CounterRng.Normal(bits[j])), BitConverter.DoubleToInt64Bits(vector[j]));
        Assert.Contains(vector, v => Math.Abs(v) > 6.7); // the r > 5 branch was exercised
    }

    [Fact]
    public void Vector_value_indices_equal_a_linear_scan_of_the_cumulative_shares()
    {
        ulong stream = CounterRng.StreamKey(5, 0, 2025, DrawPurpose.InitialYos);
        // Shares on bucket edges (0.25, 0.5), empty values, a total short of 1, 30 and 40 equal shares (the bucket
        // table is usable), shares closer than a bucket (not usable: the scan).
        var lists = new[]
        {
            new[] { 1.0 }, new[] { 0.25, 0.5, 0.75, 1.0 }, new[] { 0.0, 0.0, 0.5, 0.5, 0.9999999 },
            Enumerable.Range(1, 30).Select(k => k / 30.0).ToArray(), Enumerable.Range(1, 40).Select(k => k / 40.0).ToArray(),
            new[] { 0.1, 0.1002, 0.1004, 0.6, 1.0 },
        };
        var usable = new List<bool>();
        foreach (var cum in lists)
        {
            var table = new ValueIndexTable(cum);
            usable.Add(table.Usable);
            var vector = new int[1_003];
            var bucketed = new int[1_003];
            CounterRngVector.ValueIndices(stream, 17, cum, vector, vector: true);
            CounterRngVector.ValueIndices(stream, 17, table, bucketed, vector: true);
            for (int j = 0; j < vector.Length; j++)
            {
                double u = CounterRng.Unit(CounterRng.Bits(stream, 17 + (ulong)j));
                int k = 0;
                while (k < cum.Length - 1 && !(u < cum[k])) k++;
                Assert.Equal(k, vector[j]);
                Assert.Equal(k, bucketed[j]);
            }
        }
        Assert.Equal([true, true, true, true, true, false], usable);
        Assert.False(new ValueIndexTable([0.5, 0.4, 1.0]).Usable); // decreasing: not cumulative shares
    }

    [Fact]
    public void Bucketed_value_indices_hold_at_a_share_equal_to_the_uniform()
    {
        // A share exactly equal to a drawn uniform (inside its bucket) must count as at or below it, as the scan does.
        ulong stream = CounterRng.StreamKey(9, 1, 2025, DrawPurpose.InitialYos);
        for (ulong c = 0; c < 64; c++)
        {
            double u = CounterRng.Unit(CounterRng.Bits(stream, c));
            var cum = new[] { u, 1.0 };
            var table = new ValueIndexTable(cum);
            Assert.True(table.Usable);
            var dst = new int[8];
            CounterRngVector.ValueIndices(stream, c, table, dst, vector: true);
            Assert.Equal(1, dst[0]);
        }
    }

    [Theory]
    [InlineData(false)] // R1: every reason fixed, the exits listed and counted after the pass
    [InlineData(true)]  // mixed reasons: the reason of some exits from their draw, counted per exit
    public void Exits_counted_as_drawn_give_the_same_results_as_exit_records(bool mixedReasons)
    {
        // Recording the spells of a replication turns the direct count off (every exit gets a record and a batch);
        // every other number must stay the same.
        var spec = TestSpecs.R1(positions: 3_000, years: 12, replications: 1);
        if (mixedReasons)
        {
            var p = spec.Periods[0].Parameters;
            spec = spec with { Periods = [spec.Periods[0] with { Parameters = p with { Attrition = p.Attrition with
            {
                Reasons = [new ReasonShares(0, [0.7, 0.1, 0.2, 0]), new ReasonShares(20, [0, 1, 0, 0])],
            } } }] };
        }
        Assert.Equal(!mixedReasons, YearTables.Compile(spec, spec.Periods[0].Parameters, spec.StartYear).AllReasonsFixed);
        var direct = Simulator.RunReplication(spec, 0, recordSpells: false);
        var records = Simulator.RunReplication(spec, 0, recordSpells: true);
        Assert.Equal(records.Values, direct.Values);
        Assert.Equal(records.SurvivalAtRisk, direct.SurvivalAtRisk);
        Assert.Equal(records.SurvivalExits, direct.SurvivalExits);
        Assert.Equal(records.AtRiskByYos, direct.AtRiskByYos);
        Assert.Equal(records.ExitsByYos, direct.ExitsByYos);
        Assert.True(direct.SurvivalExits.Sum() > 0);
    }

    [Theory]
    [InlineData(0.1, 3_000, 1.25)]  // R1, few rows: last year's floor, which holds nearly every year
    [InlineData(2.0, 3_000, 1.25)]  // effectiveness jumps so much from year to year that last year's floor often fails
    [InlineData(0.1, 20_000, 1.25)] // enough rows: the floor sampled from this year's rows
    [InlineData(0.1, 20_000, 0.5)]  // a sampled floor too tight: gathers redone without it
    public void Promotion_from_a_floor_selects_the_same_teachers_as_a_full_gather(double growthNoiseSd, int positions, double sampledFactor)
    {
        var r1 = TestSpecs.R1(positions: positions, years: 25, replications: 1);
        var p = r1.Periods[0].Parameters;
        var spec = r1 with { Periods = [r1.Periods[0] with { Parameters = p with { Effectiveness = p.Effectiveness with { GrowthNoiseSd = growthNoiseSd } } }] };
        var metrics = MetricCatalog.For(spec);
        int gathers = 0, redone = 0;
        for (int rep = 0; rep < 4; rep++)
        {
            var withFloor = new ReplicationEngine(spec, metrics) { SampledFloorFactor = sampledFactor };
            var a = withFloor.Run(rep);
            var b = new ReplicationEngine(spec, metrics) { PromotionFloor = false }.Run(rep);
            Assert.Equal(b.Values, a.Values);
            Assert.Equal(b.ExitsByYos, a.ExitsByYos);
            gathers += withFloor.PromotionFloorUse.Gathers;
            redone += withFloor.PromotionFloorUse.Redone;
        }
        // Both branches ran: gathers from the floor, and (with large jumps, or a sampled floor too tight) gathers
        // redone without it.
        Assert.True(gathers >= 4 * 2 * 20, $"{gathers} gathers from a floor");
        if (growthNoiseSd > 1 || sampledFactor < 1) Assert.True(redone > 0, "no gather was redone");
        else Assert.True(redone < gathers / 4, $"{redone} of {gathers} gathers redone");
    }

    [Theory]
    [InlineData("listed")]    // R1: exits listed per block and counted after the pass
    [InlineData("mixed")]     // mixed reasons: exits counted one by one in the pass
    [InlineData("records")]   // spells recorded: exit records and monthly batches
    [InlineData("apart")]     // service in a pass of its own after the exits
    [InlineData("first")]     // service before the exits
    [InlineData("unserved")]  // no service phase: yos never change
    public void The_kept_yos_census_and_stage_counts_equal_a_count_of_the_rows(string variant)
    {
        var spec = TestSpecs.R1(positions: 4_000, years: 20, replications: 1);
        var p = spec.Periods[0].Parameters;
        if (variant == "mixed")
            spec = spec with { Periods = [spec.Periods[0] with { Parameters = p with { Attrition = p.Attrition with
            {
                Reasons = [new ReasonShares(0, [0.7, 0.1, 0.2, 0]), new ReasonShares(20, [0, 1, 0, 0])],
            } } }] };
        spec = variant switch
        {
            "apart" => spec with { Cycle = [Phase.Exits, Phase.Evaluation, Phase.Service, Phase.Promotion, Phase.Hiring] },
            "first" => spec with { Cycle = [Phase.Service, Phase.Exits, Phase.Promotion, Phase.Hiring] },
            "unserved" => spec with { Cycle = [Phase.Exits, Phase.Promotion, Phase.Hiring] },
            _ => spec,
        };
        var metrics = MetricCatalog.For(spec);
        for (int rep = 0; rep < 3; rep++)
        {
            // Record throws if the kept census (initial workforce) or the kept stage counts differ from a count of the
            // rows, in any year.
            var checkedRun = new ReplicationEngine(spec, metrics) { VerifyCensus = true, RecordSpellsOf = variant == "records" ? rep : null }.Run(rep);
            var plain = new ReplicationEngine(spec, metrics) { RecordSpellsOf = variant == "records" ? rep : null }.Run(rep);
            Assert.Equal(plain.Values, checkedRun.Values);
            Assert.True(checkedRun.ExitsByYos.Sum() > 0);
        }
    }

    [Fact]
    public void Service_fused_into_the_exit_pass_gives_the_same_results_as_a_separate_pass()
    {
        // R1's cycle serves right after the exits (fused); an evaluation phase in between (which R1 does not use:
        // no rating rules, so it does nothing) keeps the two passes apart.
        var spec = TestSpecs.R1(positions: 3_000, years: 12, replications: 1);
        var apart = spec with { Cycle = [Phase.Exits, Phase.Evaluation, Phase.Service, Phase.Promotion, Phase.Hiring] };
        Assert.Equal(Simulator.RunReplication(apart, 0).Values, Simulator.RunReplication(spec, 0).Values);
    }

    [Fact]
    public void A_fixed_reason_is_the_reason_of_every_exiting_draw_and_varying_ones_are_not_fixed()
    {
        // Mixed reasons up to yos 19, one reason from 20, mandatory exit at 45; stage factors make several exit
        // probabilities per yos.
        var r1 = TestSpecs.R1(positions: 1_000, years: 2, replications: 1);
        var p = r1.Periods[0].Parameters with
        {
            Attrition = r1.Periods[0].Parameters.Attrition with
            {
                Reasons = [new ReasonShares(0, [0.7, 0.1, 0.2, 0]), new ReasonShares(20, [0, 1, 0, 0])],
            },
        };
        var tab = YearTables.Compile(r1, p, 2026);
        var rng = new System.Random(5);
        int fixedKeys = 0, varying = 0;
        for (int key = 0; key < tab.ExitThreshold.Length; key++)
        {
            int y = key / tab.StrideYos;
            ulong thr = tab.ExitThreshold[key];
            double prob = tab.ExitProbability[key];
            int Reason(ulong bits) => y >= tab.MandatoryExitYos ? (int)ExitReason.Retirement
                : YearTables.ReasonOfUniform(tab.ReasonCumulative, y, prob > 0 ? CounterRng.Unit(bits) / prob : 0);
            if (thr == 0) continue;
            var draws = new List<ulong> { 0, thr - 1, thr / 2 };
            for (int k = 0; k < 200; k++) draws.Add((ulong)(rng.NextDouble() * thr));
            var reasons = draws.Where(b => b < thr).Select(Reason).Distinct().ToList();
            if (tab.FixedReason[key] >= 0)
            {
                fixedKeys++;
                Assert.Equal([tab.FixedReason[key]], reasons);
            }
            else
            {
                varying++;
                Assert.True(reasons.Count > 1, $"key {key} (yos {y}) is marked varying but every draw gave reason {reasons[0]}");
            }
            if (y >= tab.MandatoryExitYos) Assert.Equal((sbyte)ExitReason.Retirement, tab.FixedReason[key]);
        }
        Assert.True(fixedKeys > 20 && varying > 20, $"fixed {fixedKeys}, varying {varying}");
    }

    [Fact]
    public void The_engine_code_compiles_ahead_of_a_run()
    {
        // Simulator.PrepareCodeInBackground swallows failures (it is only an optimisation): here they would show.
        Assert.True(Simulator.PrepareCode() > 20);
        Assert.True(Simulator.PrepareAllMethods(typeof(Summarizer)) > 3);
    }

    [Fact]
    public void An_engine_on_buffers_left_by_another_scenario_gives_the_bytes_of_a_new_engine()
    {
        // The first scenario leaves non-zero segments and quintile flags in a larger table; the second uses neither
        // (its compaction skips those columns), so stale values would show if the table were not reset.
        var r1 = TestSpecs.R1(positions: 3_000, years: 6, replications: 1);
        var p = r1.Periods[0].Parameters;
        var first = r1 with
        {
            Segments = [new SegmentSpec("a", 0.6), new SegmentSpec("b", 0.4)],
            Periods = [new ParameterPeriod(2026, p with
            {
                Attrition = p.Attrition with { Modifiers = [new HazardModifier(new TeacherCondition { Quintiles = [5] }, 0.8)] },
            })],
        };
        var second = TestSpecs.R1(positions: 2_000, years: 8, replications: 1);
        var used = new ReplicationEngine(first, MetricCatalog.For(first));
        used.Run(0);
        var buffers = used.TakeBuffers();
        Assert.Contains(buffers.Table!.Segment, b => b != 0);
        Assert.Contains(buffers.Table!.Flags, b => b != 0);
        var pooled = new ReplicationEngine(second, MetricCatalog.For(second), buffers).Run(0);
        var fresh = Simulator.RunReplication(second, 0);
        Assert.Same(buffers.Table, new ReplicationEngine(second, MetricCatalog.For(second), buffers).TakeBuffers().Table);
        Assert.Equal(fresh.Values, pooled.Values);
        Assert.Equal(fresh.SurvivalExits, pooled.SurvivalExits);
        Assert.Equal(fresh.ExitsByYos, pooled.ExitsByYos);
        Assert.Equal(fresh.AtRiskByYos, pooled.AtRiskByYos);
    }
}
