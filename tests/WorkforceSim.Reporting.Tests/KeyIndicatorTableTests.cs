using WorkforceSim.Core.Results;
using WorkforceSim.Reporting.Tests.TestSupport;

namespace WorkforceSim.Reporting.Tests;

public class KeyIndicatorTableTests
{
    [Fact]
    public void Indicators_print_as_an_aligned_invariant_table()
    {
        KeyIndicator[] indicators =
        [
            new("attrition_rate", "Annual attrition", "share/year", 0.1234, 0.12, 0.1268),
            new("cost.total", "Annual cost", "currency/year", 5_294_000.4, 5_200_000, 5_388_000.9),
            new("headcount", "Headcount in the final year", "teachers", 104.06, 103.3, 104.9),
        ];
        string text = CultureSwap.Under("de-DE", () => KeyIndicatorTable.ToText(indicators));
        Assert.Equal(
            "Indicator                         Mean                 95% CI  Unit\n" +
            "Annual attrition                 12.3%          12.0% – 12.7%  share per year\n" +
            "Annual cost                  5,294,000  5,200,000 – 5,388,001  currency per year\n" +
            "Headcount in the final year      104.1          103.3 – 104.9  teachers\n",
            text);
    }
}
