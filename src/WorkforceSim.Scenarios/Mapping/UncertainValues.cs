using WorkforceSim.Core.Uncertainty;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>
/// Parameter uncertainty while a scenario tree is mapped (docs/uncertainty.md). Wherever the format expects a number,
/// a one-key map naming a distribution (<c>{ triangular: { min: 0.5, mode: 0.85, max: 1 } }</c>) stands for an
/// uncertain value: it is validated against the number's range, registered once per node under its path, and mapped
/// to the value of the current world — or to its median when no world is being built. Maps the format itself
/// expects (a teacher-level <c>effectiveness: { normal: ... }</c>, <c>yos: { uniform: ... }</c>) never get here,
/// because they are read as maps, not as numbers; their own numbers may be uncertain.
/// </summary>
internal sealed class UncertainValues
{
    /// <summary>The distribution kinds, as spelled in YAML.</summary>
    public static readonly string[] Kinds = ["uniform", "triangular", "normal", "beta", "lognormal", "choice"];
    // TreeMerger.Forms lists the same kinds (plus yos tables) for extends: keep the two in step.

    /// <summary>One uncertain value found while mapping.</summary>
    internal sealed record Entry(string Name, YMap Node, ParameterDistribution Distribution, SourceLocation At, bool Integer);

    private readonly Dictionary<YMap, Entry> _byNode = new(ReferenceEqualityComparer.Instance);
    private readonly List<Entry> _entries = [];
    private readonly IReadOnlyDictionary<string, double>? _values;
    private int _reading;

    /// <param name="values">World values by parameter name; null: every value at its median (the nominal scenario).</param>
    public UncertainValues(IReadOnlyDictionary<string, double>? values = null) => _values = values;

    /// <summary>The year of the policy period being mapped (names a value set by a policy when its path is taken).</summary>
    public int? PeriodYear { get; set; }

    /// <summary>The uncertain values found so far, in the order first met.</summary>
    public IReadOnlyList<Entry> Entries => _entries;

    /// <summary>
    /// Reads <paramref name="map"/>, found where a number is expected. Handled = false when the map does not look
    /// like a distribution at all (the caller reports the usual wrong-type error); otherwise the value (null after
    /// reporting a problem).
    /// </summary>
    public (bool Handled, double? Value) Read(YMap map, string path, NumberRule rule, bool integer, DiagnosticBag diags)
    {
        if (_reading > 0)
        {
            diags.Add(ScenarioErrors.NestedDistribution(map.Location, path));
            return (true, null);
        }
        var kinds = map.Entries.Where(e => Kinds.Contains(e.Key.Text)).ToList();
        if (kinds.Count == 0)
        {
            if (map.Entries.Count != 1) return (false, null);
            var key = map.Entries[0].Key;
            if (Suggestions.Nearest(key.Text, Kinds) is not { } near) return (false, null);
            diags.Add(ScenarioErrors.UnknownDistribution(key.Location, path, key.Text, near));
            return (true, null);
        }
        if (map.Entries.Count != 1)
        {
            diags.Add(ScenarioErrors.SeveralDistributions(map.Location, path));
            return (true, null);
        }
        if (rule.FixedBecause is { } because)
        {
            diags.Add(ScenarioErrors.FixedParameter(map.Location, path, because));
            return (true, null);
        }

        if (!_byNode.TryGetValue(map, out var entry))
        {
            ParameterDistribution? d;
            _reading++;
            try { d = Parse(kinds[0].Key, kinds[0].Value, path, rule, integer, diags); }
            finally { _reading--; }
            if (d is null) return (true, null);
            entry = new Entry(NameFor(path), map, d, kinds[0].Key.Location, integer);
            _byNode[map] = entry;
            _entries.Add(entry);
        }
        else if (!Fits(entry, path, rule, integer, map.Location, diags))
            return (true, null);
        double v = _values is not null && _values.TryGetValue(entry.Name, out double drawn) ? drawn : entry.Distribution.Median;
        return (true, Math.Clamp(v, rule.Min, rule.Max));
    }

    /// <summary>
    /// A distribution met again through a YAML alias, now for another number: its values must suit this number too
    /// (range and whole-numberness), since the alias shares one draw.
    /// </summary>
    private static bool Fits(Entry entry, string path, NumberRule rule, bool integer, SourceLocation at, DiagnosticBag diags)
    {
        var d = entry.Distribution;
        if (integer && !entry.Integer)
        {
            diags.Add(ScenarioErrors.WholeNumberDistribution(at, path, "continuous"));
            return false;
        }
        if (d.Lower >= rule.Min && d.Upper <= rule.Max) return true;
        bool low = d.Lower < rule.Min;
        diags.Add(ScenarioErrors.SupportOutsideRange(at, path, low ? "down to" : "up to", low ? d.Lower : d.Upper, rule.Describe(), rule.Meaning));
        return false;
    }

    /// <summary>
    /// A teacher-level distribution (<paramref name="s"/>: an <c>effectiveness</c> or <c>yos</c> map) written with a
    /// parameter distribution's kind, e.g. <c>effectiveness: { triangular: … }</c>: reports that the two are different
    /// things and how to write each (<c>WS7015</c>). True when it reported.
    /// </summary>
    public static bool TeacherLevelMisuse(Section s, IReadOnlyCollection<string> forms, string form, string example)
    {
        bool found = false;
        foreach (var (key, _) in s.MapNode?.Entries ?? [])
        {
            if (!Kinds.Contains(key.Text) || forms.Contains(key.Text)) continue;
            s.Node(key.Text);
            s.Diags.Add(ScenarioErrors.TeacherLevelDistribution(key.Location, s.Path, key.Text, form, example));
            found = true;
        }
        return found;
    }

    private string NameFor(string path)
    {
        string name = path;
        if (_entries.Any(e => e.Name == name) && PeriodYear is { } year) name = $"{path}@{year}";
        for (int k = 2; _entries.Any(e => e.Name == name); k++) name = $"{path}#{k}";
        return name;
    }

    private static ParameterDistribution? Parse(YScalar kind, YNode body, string path, NumberRule rule, bool integer, DiagnosticBag diags)
    {
        string at = $"{path}.{kind.Text}";
        if (integer && kind.Text is not ("uniform" or "choice"))
        {
            diags.Add(ScenarioErrors.WholeNumberDistribution(kind.Location, path, kind.Text));
            return null;
        }
        if (kind.Text == "choice") return Choice(body, at, path, rule, integer, diags);
        if (Values.AsMap(body, at, diags) is not { } m) return null;
        var s = new Section(m, at, m.Location, diags);
        var result = kind.Text switch
        {
            "uniform" => Uniform(s, path, rule, integer),
            "triangular" => Triangular(s, path, rule),
            "normal" => Normal(s, path, rule),
            "beta" => Beta(s, path, rule),
            _ => LogNormal(s, path, rule),
        };
        s.Done();
        return result;
    }

    private static ParameterDistribution? Uniform(Section s, string path, NumberRule rule, bool integer)
    {
        double? min = Bound(s, "min", integer), max = Bound(s, "max", integer);
        if (min is null || max is null) return null;
        if (min > max) { s.Diags.Add(ScenarioErrors.MinAboveMax(s.Location, s.Path, "min", "max")); return null; }
        if (!Support(s, path, rule, min.Value, max.Value)) return null;
        return integer ? new DiscreteUniformDistribution((long)min.Value, (long)max.Value) : new UniformDistribution(min.Value, max.Value);
    }

    private static ParameterDistribution? Triangular(Section s, string path, NumberRule rule)
    {
        double? min = Bound(s, "min", false), mode = Bound(s, "mode", false), max = Bound(s, "max", false);
        if (min is null || mode is null || max is null) return null;
        if (min > max) { s.Diags.Add(ScenarioErrors.MinAboveMax(s.Location, s.Path, "min", "max")); return null; }
        if (mode < min || mode > max)
        {
            s.Diags.Add(ScenarioErrors.ModeOutsideRange(s.MapNode!["mode"]!.Location, path, mode.Value, min.Value, max.Value));
            return null;
        }
        return Support(s, path, rule, min.Value, max.Value) ? new TriangularDistribution(min.Value, mode.Value, max.Value) : null;
    }

    private static ParameterDistribution? Normal(Section s, string path, NumberRule rule)
    {
        double? mean = Bound(s, "mean", false), sd = Bound(s, "sd", false);
        if (mean is null || sd is null) return null;
        if (!(sd > 0)) { s.Diags.Add(ScenarioErrors.NotPositive(s.MapNode!["sd"]!.Location, path, "sd", sd.Value)); return null; }
        if (mean < rule.Min || mean > rule.Max)
        {
            s.Diags.Add(ScenarioErrors.CentreOutsideRange(s.MapNode!["mean"]!.Location, path, "mean", mean.Value, rule.Describe(), rule.Meaning));
            return null;
        }
        var d = new NormalDistribution(mean.Value, sd.Value, Edge(rule.Min), Edge(rule.Max));
        if (!(d.KeptMass >= 1e-9))
        {
            // An sd so large that the range holds no measurable share of the law (it would be a uniform in all but name).
            s.Diags.Add(ScenarioErrors.OutOfRange(s.MapNode!["sd"]!.Location, $"{s.Path}.sd", sd.Value, "small enough that the valid range keeps a share of the distribution", "a standard deviation"));
            return null;
        }
        return d;
    }

    private static ParameterDistribution? Beta(Section s, string path, NumberRule rule)
    {
        double? a = Bound(s, "a", false), b = Bound(s, "b", false);
        double? min = s.Number("min", NumberRule.Any, 0), max = s.Number("max", NumberRule.Any, 1);
        if (a is null || b is null || min is null || max is null) return null;
        foreach (var (name, v) in new[] { ("a", a.Value), ("b", b.Value) })
            if (!(v >= 1e-3 && v <= 1e4))
            {
                s.Diags.Add(ScenarioErrors.ShapeOutOfRange(s.MapNode![name]!.Location, path, name, v));
                return null;
            }
        if (min > max) { s.Diags.Add(ScenarioErrors.MinAboveMax(s.Location, s.Path, "min", "max")); return null; }
        return Support(s, path, rule, min.Value, max.Value) ? new BetaDistribution(a.Value, b.Value, min.Value, max.Value) : null;
    }

    private static ParameterDistribution? LogNormal(Section s, string path, NumberRule rule)
    {
        bool natural = s.MapNode!["mean"] is not null || s.MapNode["sd"] is not null;
        bool log = s.MapNode["mu"] is not null || s.MapNode["sigma"] is not null;
        s.Node("mean"); s.Node("sd"); s.Node("mu"); s.Node("sigma");
        if (natural == log) { s.Diags.Add(ScenarioErrors.LognormalForm(s.Location, path)); return null; }
        double? p1 = Bound(s, natural ? "mean" : "mu", false), p2 = Bound(s, natural ? "sd" : "sigma", false);
        if (p1 is null || p2 is null) return null;
        string spread = natural ? "sd" : "sigma";
        if (!(p2 > 0)) { s.Diags.Add(ScenarioErrors.NotPositive(s.MapNode[spread]!.Location, path, spread, p2.Value)); return null; }
        if (natural && !(p1 > 0)) { s.Diags.Add(ScenarioErrors.NotPositive(s.MapNode["mean"]!.Location, path, "mean", p1.Value)); return null; }
        var (mu, sigma) = natural ? LogNormalDistribution.FromMeanSd(p1.Value, p2.Value) : (p1.Value, p2.Value);
        if (!(sigma <= 10) || Math.Abs(mu) > 700)
        {
            s.Diags.Add(ScenarioErrors.OutOfRange(s.MapNode[spread]!.Location, $"{s.Path}.{spread}", p2.Value, "a log-scale spread of at most 10", "a lognormal spread"));
            return null;
        }
        double median = Math.Exp(mu);
        if (median < rule.Min || median > rule.Max || rule.Max <= 0)
        {
            s.Diags.Add(ScenarioErrors.CentreOutsideRange(s.Location, path, "median", median, rule.Describe(), rule.Meaning));
            return null;
        }
        return new LogNormalDistribution(mu, sigma, Math.Max(0, rule.Min), Edge(rule.Max));
    }

    private static ParameterDistribution? Choice(YNode body, string at, string path, NumberRule rule, bool integer, DiagnosticBag diags)
    {
        YSeq? valuesNode;
        YSeq? weightsNode = null;
        if (body is YMap m)
        {
            var s = new Section(m, at, m.Location, diags);
            valuesNode = s.List("values", required: true);
            weightsNode = s.List("weights");
            s.Done();
            if (valuesNode is null) return null;
        }
        else if ((valuesNode = Values.AsSeq(body, at, diags)) is null) return null;
        if (valuesNode.Items.Count == 0) { diags.Add(ScenarioErrors.EmptyChoice(valuesNode.Location, path)); return null; }
        var values = new List<double>();
        bool ok = true;
        for (int i = 0; i < valuesNode.Items.Count; i++)
        {
            var item = valuesNode.Items[i];
            double? v = integer ? Values.Integer(item, $"{at}[{i}]", NumberRule.Any, diags) : Values.Number(item, $"{at}[{i}]", NumberRule.Any, diags);
            if (v is null) { ok = false; continue; }
            if (v < rule.Min || v > rule.Max)
            {
                diags.Add(ScenarioErrors.SupportOutsideRange(item.Location, path, "the value", v.Value, rule.Describe(), rule.Meaning));
                ok = false;
            }
            values.Add(v.Value);
        }
        List<double>? weights = null;
        if (weightsNode is not null)
        {
            weights = [];
            for (int i = 0; i < weightsNode.Items.Count; i++)
                if (Values.Number(weightsNode.Items[i], $"{at}.weights[{i}]", NumberRule.NonNegative("a weight"), diags) is { } w) weights.Add(w);
                else ok = false;
            if (ok && weights.Count != values.Count)
            {
                diags.Add(ScenarioErrors.ChoiceWeights(weightsNode.Location, path, $"are {weights.Count}, but there are {values.Count} values"));
                ok = false;
            }
            else if (ok && !(weights.Sum() > 0))
            {
                diags.Add(ScenarioErrors.ChoiceWeights(weightsNode.Location, path, "add up to 0"));
                ok = false;
            }
        }
        return ok ? new ChoiceDistribution(values, weights) : null;
    }

    /// <summary>A required number parameter of a distribution (a whole number for whole-number parameters).</summary>
    private static double? Bound(Section s, string key, bool integer) =>
        integer ? s.Long(key, NumberRule.Any, required: true) : s.Number(key, NumberRule.Any, required: true);

    /// <summary>Reports a support that leaves the valid range, at the offending bound.</summary>
    private static bool Support(Section s, string path, NumberRule rule, double min, double max)
    {
        if (min >= rule.Min && max <= rule.Max) return true;
        bool low = min < rule.Min;
        string key = s.MapNode![low ? "min" : "max"] is not null ? (low ? "min" : "max") : "";
        var at = key.Length > 0 ? s.MapNode[key]!.Location : s.Location;
        s.Diags.Add(ScenarioErrors.SupportOutsideRange(at, path, low ? "down to" : "up to", low ? min : max, rule.Describe(), rule.Meaning));
        return false;
    }

    /// <summary>A rule bound as a truncation point (the "any number" bounds mean no truncation).</summary>
    private static double Edge(double bound) => bound <= double.MinValue ? double.NegativeInfinity : bound >= double.MaxValue ? double.PositiveInfinity : bound;
}
