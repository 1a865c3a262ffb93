using System.Text;

namespace WorkforceSim.Scenarios.Policies;

/// <summary>One step of a policy path: a map key, or an item of a list of items with ids (<c>[team_lead]</c>).</summary>
internal readonly record struct PathStep(string Name, bool IsId)
{
    public override string ToString() => IsId ? $"[{Name}]" : Name;
}

/// <summary>A parsed policy path such as <c>career_ladder.stages[team_lead].stipend</c>.</summary>
internal sealed record PolicyPath(string Text, IReadOnlyList<PathStep> Steps)
{
    public const int MaxSteps = 16;

    /// <summary>Parses a path; null when it is malformed (empty steps, unbalanced brackets, too long).</summary>
    public static PolicyPath? Parse(string text)
    {
        var steps = new List<PathStep>();
        var current = new StringBuilder();
        int i = 0;
        bool expectKey = true;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '[')
            {
                if (expectKey && current.Length == 0) return null;
                if (current.Length > 0) steps.Add(new PathStep(current.ToString(), false));
                current.Clear();
                int close = text.IndexOf(']', i + 1);
                if (close < 0 || close == i + 1) return null;
                steps.Add(new PathStep(text[(i + 1)..close], true));
                i = close + 1;
                expectKey = false;
                if (i < text.Length && text[i] != '.' && text[i] != '[') return null;
                continue;
            }
            if (c == '.')
            {
                if (current.Length > 0) steps.Add(new PathStep(current.ToString(), false));
                else if (expectKey) return null;
                current.Clear();
                expectKey = true;
                i++;
                continue;
            }
            if (c == ']') return null;
            current.Append(c);
            expectKey = false;
            i++;
        }
        if (current.Length > 0) steps.Add(new PathStep(current.ToString(), false));
        else if (expectKey) return null;
        return steps.Count is 0 or > MaxSteps ? null : new PolicyPath(text, steps);
    }

    /// <summary>The text of the path with step <paramref name="index"/> renamed (for did-you-mean suggestions).</summary>
    public string WithStep(int index, string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Steps.Count; i++)
        {
            var s = i == index ? Steps[i] with { Name = name } : Steps[i];
            if (i > 0 && !s.IsId) sb.Append('.');
            sb.Append(s);
        }
        return sb.ToString();
    }
}
