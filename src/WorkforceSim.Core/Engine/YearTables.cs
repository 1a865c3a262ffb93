using WorkforceSim.Core.Model;
using WorkforceSim.Core.Random;
using WorkforceSim.Core.State;

namespace WorkforceSim.Core.Engine;

/// <summary>
/// The parameters of one year compiled into flat lookup tables, so the per-teacher loops do one indexed load
/// instead of evaluating modifiers. A teacher's table key combines only the dimensions the scenario uses:
/// yos (capped at the mandatory-exit yos), stage, segment, effectiveness quintile, coaching role and last rating.
/// Rebuilt at the start of every year (policies, year-bounded modifiers and bonuses change it); its cost does not
/// depend on the number of teachers.
/// </summary>
internal sealed class YearTables
{
    public int YosCap;
    public int StrideYos, StrideStage, StrideSegment, StrideQuintile, StrideCoach, StrideRating;
    public bool UsesQuintiles;

    /// <summary>Exit iff <c>bits &lt; ExitThreshold[key]</c>.</summary>
    public ulong[] ExitThreshold = [];
    /// <summary>Exit probability per key (to split the exit uniform between reasons).</summary>
    public double[] ExitProbability = [];
    /// <summary>Salary per year per key.</summary>
    public double[] Salary = [];
    /// <summary>Stipend plus active bonuses per year per key.</summary>
    public double[] ExtraPay = [];
    /// <summary>Cumulative reason shares by yos (0..YosCap), 4 per yos, in <see cref="ExitReason"/> order.</summary>
    public double[] ReasonCumulative = [];
    /// <summary>The exit reason of every exit with this key when the exit uniform cannot change it (ReasonOf gives
    /// the same reason for every bits below the key's threshold), else −1: most keys of most scenarios (one reason
    /// per yos band, mandatory exits), so the exit passes skip the division and compares of ReasonOf.</summary>
    public sbyte[] FixedReason = [];
    /// <summary>Whether every key's exit reason is fixed (<see cref="FixedReason"/> ≥ 0 for all).</summary>
    public bool AllReasonsFixed;
    /// <summary>Mean growth by new completed yos (0..255).</summary>
    public float[] GrowthByNewYos = new float[256];
    /// <summary>Whether <see cref="GrowthByNewYos"/> is the same for every yos from 15 up (then the first 16 entries
    /// answer every lookup, by a register permute instead of a gather).</summary>
    public bool GrowthFlatFrom15;
    /// <summary>Extra growth by coaching role + 1 (index 0 = not coached).</summary>
    public float[] CoachGrowth = [];
    public int MandatoryExitYos;
    /// <summary>Whether any salary or extra pay is non-zero (else the exit pass skips summing zeros: the same +0 result).</summary>
    public bool AnyPay;

    public static YearTables Compile(ScenarioSpec spec, ModelParameters p, int year)
    {
        var t = new YearTables();
        var a = p.Attrition;
        int nStages = p.Stages.Length, nSegments = spec.Segments.Length, nRoles = p.Roles.Length;
        int nLevels = p.Evaluation.Levels.Length;
        t.MandatoryExitYos = a.MandatoryExitYos;
        t.YosCap = Math.Min(255, a.MandatoryExitYos);

        var conditions = a.Modifiers.Select(m => m.When).Concat(p.Bonuses.Select(b => b.When)).ToList();
        t.UsesQuintiles = conditions.Any(c => !c.Quintiles.IsDefaultOrEmpty);
        bool usesRating = conditions.Any(c => c.MaxRating is not null);
        bool usesCoach = nRoles > 0 || conditions.Any(c => c.Coached is not null);
        bool usesSegment = nSegments > 1;

        int dQ = t.UsesQuintiles ? 5 : 1, dC = usesCoach ? nRoles + 1 : 1, dR = usesRating ? nLevels + 1 : 1;
        int dG = usesSegment ? nSegments : 1, dS = nStages, dY = t.YosCap + 1;
        // Layout: yos outermost ... rating innermost.
        t.StrideRating = usesRating ? 1 : 0;
        t.StrideCoach = usesCoach ? dR : 0;
        t.StrideQuintile = t.UsesQuintiles ? dR * dC : 0;
        t.StrideSegment = usesSegment ? dR * dC * dQ : 0;
        t.StrideStage = dR * dC * dQ * dG;
        t.StrideYos = t.StrideStage * dS;
        int size = t.StrideYos * dY;

        t.ExitThreshold = new ulong[size];
        t.ExitProbability = new double[size];
        t.Salary = new double[size];
        t.ExtraPay = new double[size];
        var activeModifiers = a.Modifiers.Where(m => (m.FromYear is null || year >= m.FromYear) && (m.ToYear is null || year <= m.ToYear)).ToArray();
        var activeBonuses = p.Bonuses.Where(b => b.ActiveIn(year)).ToArray();
        var comp = p.Compensation;

        for (int y = 0; y < dY; y++)
        for (int s = 0; s < dS; s++)
        for (int g = 0; g < dG; g++)
        for (int q = 0; q < dQ; q++)
        for (int c = 0; c < dC; c++)
        for (int r = 0; r < dR; r++)
        {
            int key = y * t.StrideYos + s * t.StrideStage + g * t.StrideSegment + q * t.StrideQuintile + c * t.StrideCoach + r * t.StrideRating;
            var who = new TeacherView(y, s, usesSegment ? g : -1, t.UsesQuintiles ? q + 1 : 0, usesCoach ? c : -1, usesRating ? r - 1 : -2);
            var stage = p.Stages[s];
            double salary = stage.Salary + comp.StepPerYos * Math.Min(y, comp.MaxSteps);
            double extra = stage.Stipend;
            double h = a.HazardByYearOfService[Math.Min(y, a.HazardByYearOfService.Length - 1)] * a.GlobalFactor * stage.HazardFactor;
            foreach (var m in activeModifiers)
                if (who.Matches(m.When)) h *= m.Factor;
            foreach (var b in activeBonuses)
                if (who.Matches(b.When)) { h *= b.HazardFactor; extra += b.Amount; }
            if (c > 0) h *= p.Roles[c - 1].CoachedHazardFactor;
            if (a.PayElasticity is { } pe && salary > 0 && extra > 0)
            {
                double w = Math.Max(0, 1 - (double)y / pe.FadeOutYos);
                h *= Math.Max(0, 1 + pe.Elasticity * extra / salary * w);
            }
            if (y >= a.MandatoryExitYos) h = 1;
            h = Math.Clamp(h, 0, 1);
            t.ExitProbability[key] = h;
            t.ExitThreshold[key] = CounterRng.Threshold(h);
            t.Salary[key] = salary;
            t.ExtraPay[key] = extra;
        }

        t.AnyPay = t.Salary.Any(v => v != 0) || t.ExtraPay.Any(v => v != 0);
        t.ReasonCumulative = new double[dY * 4];
        for (int y = 0; y < dY; y++)
        {
            var row = a.Reasons[0];
            foreach (var rs in a.Reasons) if (rs.FromYos <= y) row = rs;
            double cum = 0;
            for (int k = 0; k < 4; k++) { cum += row.Shares[k]; t.ReasonCumulative[y * 4 + k] = cum; }
            t.ReasonCumulative[y * 4 + 3] = double.PositiveInfinity; // the last reason takes any rounding remainder
        }
        t.FixedReason = new sbyte[size];
        for (int key = 0; key < size; key++)
        {
            int y = key / t.StrideYos;
            if (y >= t.MandatoryExitYos) { t.FixedReason[key] = (sbyte)ExitReason.Retirement; continue; }
            // ReasonOf's v = Unit(bits) / p is non-decreasing in bits and its reason non-decreasing in v: equal
            // reasons at the smallest and the largest exiting bits (0 and threshold − 1) mean one reason for all.
            ulong thr = t.ExitThreshold[key];
            double prob = t.ExitProbability[key];
            int lo = ReasonOfUniform(t.ReasonCumulative, y, 0);
            int hi = thr == 0 || !(prob > 0) ? lo : ReasonOfUniform(t.ReasonCumulative, y, CounterRng.Unit(thr - 1) / prob);
            t.FixedReason[key] = (sbyte)(lo == hi ? lo : -1);
        }
        t.AllReasonsFixed = Array.TrueForAll(t.FixedReason, r => r >= 0);

        var growth = p.Effectiveness.GrowthByYos;
        for (int y = 0; y < 256; y++)
        {
            double g = 0;
            foreach (var sv in growth) if (sv.FromYos <= y) g = sv.Value;
            t.GrowthByNewYos[y] = (float)g;
        }
        t.GrowthFlatFrom15 = true;
        for (int y = 16; y < 256; y++) t.GrowthFlatFrom15 &= BitConverter.SingleToInt32Bits(t.GrowthByNewYos[y]) == BitConverter.SingleToInt32Bits(t.GrowthByNewYos[15]);
        t.CoachGrowth = new float[nRoles + 1];
        for (int r = 0; r < nRoles; r++) t.CoachGrowth[r + 1] = (float)p.Roles[r].CoachedGrowth;
        return t;
    }

    /// <summary>The reason of an exit whose uniform, scaled by the exit probability, is <paramref name="v"/>: the
    /// number of the first three cumulative reason shares of <paramref name="yos"/> at or below it (branch-free).</summary>
    public static int ReasonOfUniform(double[] cumulative, int yos, double v)
    {
        int b = yos * 4;
        return (v >= cumulative[b] ? 1 : 0) + (v >= cumulative[b + 1] ? 1 : 0) + (v >= cumulative[b + 2] ? 1 : 0);
    }

    /// <summary>The key of a teacher row.</summary>
    public int KeyOf(TeacherTable tt, int i)
    {
        int y = tt.Yos[i];
        if (y > YosCap) y = YosCap;
        int f = tt.Flags[i];
        int ratingDim = TeacherTable.RatingHistory.Dimension(tt.Ratings[i]);
        return y * StrideYos + tt.Stage[i] * StrideStage + tt.Segment[i] * StrideSegment
             + ((f >> TeacherTable.QuintileShift) & 7) * StrideQuintile + (f & TeacherTable.CoachMask) * StrideCoach
             + ratingDim * StrideRating;
    }
}

/// <summary>
/// The attributes a <see cref="TeacherCondition"/> can test. A negative value means "not tracked in this context"
/// and makes any condition on it fail (quintile 0, coach −1, rating −2); rating −1 means "never rated".
/// </summary>
internal readonly record struct TeacherView(int Yos, int Stage, int Segment, int Quintile, int Coach, int Rating)
{
    public bool Matches(TeacherCondition c)
    {
        if (!c.Stages.IsDefaultOrEmpty && !c.Stages.Contains(Stage)) return false;
        if (!c.Segments.IsDefaultOrEmpty && (Segment < 0 ? !c.Segments.Contains(0) : !c.Segments.Contains(Segment))) return false;
        if (!c.Quintiles.IsDefaultOrEmpty && !c.Quintiles.Contains(Quintile)) return false;
        if (c.Coached is bool coached && (Coach < 0 ? coached : (Coach > 0) != coached)) return false;
        if (c.MinYos is int lo && Yos < lo) return false;
        if (c.MaxYos is int hi && Yos > hi) return false;
        if (c.MaxRating is int mr && (Rating < 0 || Rating > mr)) return false;
        return true;
    }

    public static TeacherView Of(TeacherTable t, int i)
    {
        int f = t.Flags[i];
        ushort h = t.Ratings[i];
        int rating = TeacherTable.RatingHistory.CountOf(h) == 0 ? -1 : TeacherTable.RatingHistory.Last(h);
        return new TeacherView(t.Yos[i], t.Stage[i], t.Segment[i], ((f >> TeacherTable.QuintileShift) & 7) + 1, f & TeacherTable.CoachMask, rating);
    }
}
