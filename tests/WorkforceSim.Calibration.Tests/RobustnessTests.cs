using System.Text;
using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Calibration.Tests.Support;

namespace WorkforceSim.Calibration.Tests;

public class RobustnessTests
{
    private const string Valid =
        "teacher_id,hire_date,prior_yos,exit_date,exit_reason,stage,segment\n" +
        "1,2015-08-20,0,2017-06-30,resignation,teacher,high\n" +
        "2,\"8/22/2016\",3,,,lead,low\n" +
        "3,2010,1.5,2020,retirement,teacher,low\n" +
        "4,2019-20,0,,,teacher,high\n";

    [Fact]
    public void Mutated_rosters_give_a_result_or_diagnostics_but_never_throw()
    {
        // 2,000 deterministic mutations: each flips, deletes or inserts a few characters chosen from the CSV
        // alphabet (digits, delimiters, quotes, line breaks, letters) or raw bytes.
        const string alphabet = "0123456789,;\"\n\r-/. aZé\t";
        var bytes = Encoding.UTF8.GetBytes(Valid);
        for (ulong seed = 1; seed <= 2000; seed++)
        {
            var mutated = new List<byte>(bytes);
            int edits = 1 + (int)(4 * SplitMix64.Uniform(seed, 0, 0, purpose: 0));
            for (int e = 0; e < edits && mutated.Count > 0; e++)
            {
                int at = (int)(mutated.Count * SplitMix64.Uniform(seed, e, 1, purpose: 0));
                double kind = SplitMix64.Uniform(seed, e, 2, purpose: 0);
                byte b = SplitMix64.Uniform(seed, e, 3, purpose: 0) < 0.9
                    ? (byte)alphabet[(int)(alphabet.Length * SplitMix64.Uniform(seed, e, 4, purpose: 0))]
                    : (byte)(256 * SplitMix64.Uniform(seed, e, 5, purpose: 0));
                if (kind < 0.4) mutated[at] = b;
                else if (kind < 0.7) mutated.RemoveAt(at);
                else mutated.Insert(at, b);
            }
            var run = CalibrationRunner.Run(new CalibrationOptions
            {
                RosterPath = "fuzz.csv",
                RosterContent = mutated.ToArray(),
                Estimation = new EstimationSettings { By = [GroupingFactor.Stage, GroupingFactor.Segment], SmoothFromYos = 3, MinAtRisk = 2 },
                GeneratedAt = DateTimeOffset.UnixEpoch,
            });
            Assert.True(run.Success != run.Diagnostics.Length > 0, $"seed {seed}: result and diagnostics must exclude each other");
            Assert.All(run.Diagnostics, d => Assert.Matches(@"^fuzz\.csv(\(\d+,\d+\))?: error WS5\d{3}: .+ — .+$", d.ToString()));
        }
    }

    [Fact]
    public void The_valid_fuzz_seed_roster_calibrates_with_both_groupings()
    {
        var run = CalibrationRunner.Run(new CalibrationOptions
        {
            RosterPath = "valid.csv",
            RosterContent = Encoding.UTF8.GetBytes(Valid),
            Estimation = new EstimationSettings { By = [GroupingFactor.Stage, GroupingFactor.Segment], MinAtRisk = 2 },
        });
        Assert.True(run.Success, string.Join("\n", run.Diagnostics));
        Assert.Contains("  modifiers:", run.Result!.YamlText);
    }
}
