using System.Text;
using WorkforceSim.Calibration.Estimation;

namespace WorkforceSim.Calibration.Output;

/// <summary>Writes the life table and fit report as <c>life-table.csv</c> text (LF line ends, invariant numbers).</summary>
public static class LifeTableCsvWriter
{
    /// <summary>The header row; the first twelve columns are the chart contract, the last two the fit report.</summary>
    public const string Header =
        "yos,year_of_service,at_risk,exits,censored,hazard,hazard_ci_low,hazard_ci_high,survival,survival_ci_low,survival_ci_high,band,fitted_hazard,expected_exits";

    /// <summary>One row per completed yos.</summary>
    public static string Write(AttritionEstimate estimate)
    {
        var csv = new StringBuilder().Append(Header).Append('\n');
        foreach (var row in estimate.LifeTable)
        {
            string[] fields =
            [
                Invariant.Int(row.Yos), Invariant.Int(row.YearOfService), Invariant.Int(row.AtRisk), Invariant.Int(row.Exits), Invariant.Int(row.Censored),
                Invariant.Csv(row.Hazard), Invariant.Csv(row.HazardCi.Low), Invariant.Csv(row.HazardCi.High),
                Invariant.Csv(row.Survival), Invariant.Csv(row.SurvivalCi.Low), Invariant.Csv(row.SurvivalCi.High),
                row.Band, Invariant.Csv(row.FittedHazard), Invariant.Csv(row.ExpectedExits),
            ];
            csv.AppendJoin(',', fields).Append('\n');
        }
        return csv.ToString();
    }
}
