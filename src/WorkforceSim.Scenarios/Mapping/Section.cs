using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Validation;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Mapping;

/// <summary>
/// Reads one map of the scenario tree: typed, range-checked values with defaults, every value read (or defaulted)
/// copied into <see cref="Output"/> (the resolved tree). The keys asked for are the keys the map may have;
/// <see cref="Done"/> reports any others as unknown, with the nearest asked-for key as a suggestion.
/// </summary>
internal sealed class Section
{
    private readonly YMap? _node;
    private readonly SourceLocation _at;
    private readonly List<string> _known = [];
    private readonly List<string> _missingKeys = [];

    /// <summary>True when this map is required but missing (already reported): its own required keys are not reported again.</summary>
    private readonly bool _missing;

    /// <summary>Where this section's output hangs in its parent's output, so that an absent map with nothing to default can be dropped.</summary>
    private (Section Parent, string Key)? _attachedTo;

    public Section(YMap? node, string path, SourceLocation at, DiagnosticBag diags, bool missing = false)
    {
        (_node, Path, _at, Diags, _missing) = (node, path, node?.Location ?? at, diags, missing);
    }

    /// <summary>Path of this map in the tree, e.g. <c>career_ladder.stages[lead].promotion</c>; empty for the top level.</summary>
    public string Path { get; }
    public DiagnosticBag Diags { get; }
    public SortedDictionary<string, object?> Output { get; } = PlainTree.NewMap();
    public bool Present => _node is not null;
    public YMap? MapNode => _node;
    public SourceLocation Location => _at;

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>The node under <paramref name="key"/>, marking the key as known.</summary>
    public YNode? Node(string key)
    {
        if (!_known.Contains(key)) _known.Add(key);
        var n = _node?[key];
        return n is YScalar s && ScalarValue.Of(s) is null ? null : n; // `key:` with no value counts as absent
    }

    /// <summary>The node under a required key, or null; a missing key is reported by <see cref="Done"/>.</summary>
    public YNode? Required(string key)
    {
        var n = Node(key);
        if (n is null && !_missing) _missingKeys.Add(key);
        return n;
    }

    public double? Number(string key, NumberRule rule, double? @default = null, bool required = false) =>
        Put(key, Values.Number(Get(key, required), PathOf(key), rule, Diags), @default);

    public int? Integer(string key, NumberRule rule, int? @default = null, bool required = false)
    {
        var intRule = rule.Max > int.MaxValue ? rule with { Max = int.MaxValue } : rule;
        long? v = Values.Integer(Get(key, required), PathOf(key), intRule, Diags);
        return (int?)Put(key, v, (long?)@default);
    }

    public long? Long(string key, NumberRule rule, long? @default = null, bool required = false) =>
        Put(key, Values.Integer(Get(key, required), PathOf(key), rule, Diags), @default);

    public string? Text(string key, string? @default = null, bool required = false)
    {
        var n = Get(key, required);
        string? v = n is null ? null : Values.Text(n, PathOf(key), Diags);
        if (v is not null || n is null) Output[key] = v ?? @default;
        return v ?? (n is null ? @default : null);
    }

    public bool? Bool(string key, bool? @default = null)
    {
        var n = Node(key);
        bool? v = n is null ? @default : Values.Bool(n, PathOf(key), Diags);
        if (v is not null) Output[key] = v;
        return v;
    }

    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> choices, T? @default, bool required = false) where T : struct
    {
        var n = Get(key, required);
        if (n is null)
        {
            if (@default is { } d) Output[key] = choices.First(c => c.Value.Equals(d)).Key;
            return @default;
        }
        T? v = Values.Choice(n, PathOf(key), choices, Diags);
        if (v is not null) Output[key] = ((YScalar)n).Text;
        return v;
    }

    /// <summary>A nested map (absent: an empty section whose readers give defaults). Its output is attached to this one.</summary>
    public Section Map(string key, bool required = false)
    {
        var n = Get(key, required);
        var map = n is null ? null : Values.AsMap(n, PathOf(key), Diags);
        var child = new Section(map, PathOf(key), _at, Diags, missing: _missing || (n is null ? required : map is null));
        if (n is null || child.Present)
        {
            Output[key] = child.Output;
            child._attachedTo = (this, key);
        }
        return child;
    }

    /// <summary>A nested list, or null when absent or not a list (reported).</summary>
    public YSeq? List(string key, bool required = false)
    {
        var n = Get(key, required);
        return n is null ? null : Values.AsSeq(n, PathOf(key), Diags);
    }

    /// <summary>Records a value computed by the caller (lists, distributions) in the resolved tree.</summary>
    public void Put(string key, object? value) => Output[key] = value;

    /// <summary>
    /// Reports every key of the map that no reader asked for, then the required keys that are missing, except those
    /// that an unknown key is a misspelling of (one error for <c>attriton:</c>, not two).
    /// </summary>
    public void Done()
    {
        var misspelt = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in _node?.Entries ?? [])
        {
            if (_known.Contains(key.Text)) continue;
            string? suggestion = Suggestions.Nearest(key.Text, _known);
            if (suggestion is not null) misspelt.Add(suggestion);
            Diags.Add(key.PolicyPath is { } policyPath
                ? ScenarioErrors.UnknownPolicyPath(key.Location, policyPath,
                    $"'{key.Text}' is not a key of {(Path.Length == 0 ? "the top level" : $"'{Path}'")}",
                    suggestion is null ? null : policyPath.Replace(key.Text, suggestion, StringComparison.Ordinal))
                : ScenarioErrors.UnknownKey(key.Location, PathOf(key.Text), key.Text, Path, suggestion));
        }
        foreach (var key in _missingKeys.Where(k => !misspelt.Contains(k)))
            Diags.Add(ScenarioErrors.MissingKey(_at, PathOf(key), key, Path));
        _missingKeys.Clear();
        // An absent optional map with no defaults (a condition, pay_elasticity) is left out of the resolved tree.
        if (_node is null && Output.Count == 0 && _attachedTo is var (parent, slot) && ReferenceEquals(parent.Output.GetValueOrDefault(slot), Output))
            parent.Output.Remove(slot);
    }

    private YNode? Get(string key, bool required) => required ? Required(key) : Node(key);

    private TV? Put<TV>(string key, TV? value, TV? @default) where TV : struct
    {
        var n = Node(key);
        var v = value ?? (n is null ? @default : null);
        // An uncertain value appears in the resolved tree as the distribution written, not as this world's draw.
        if (v is not null) Output[key] = n is YMap distribution ? PlainTree.Of(distribution) : v.Value;
        return v;
    }
}
