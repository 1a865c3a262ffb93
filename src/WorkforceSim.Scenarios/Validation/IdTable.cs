using System.Collections.Immutable;
using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Validation;

/// <summary>Factory for the diagnostic of an id that does not resolve: (location, path, id, suggestion).</summary>
internal delegate Diagnostic UnknownIdError(SourceLocation at, string path, string id, string? suggestion);

/// <summary>Ids of stages, segments or rating levels, mapped to their indices.</summary>
internal sealed class IdTable(IEnumerable<string> ids)
{
    private readonly ImmutableArray<string> _ids = [.. ids];

    public static readonly IdTable Empty = new([]);

    public int Count => _ids.Length;
    public string this[int index] => _ids[index];
    public int IndexOf(string id) => _ids.IndexOf(id);

    /// <summary>The index of the id in <paramref name="node"/>, or null after reporting it.</summary>
    public int? Resolve(YNode node, string path, DiagnosticBag diags, UnknownIdError error)
    {
        if (node is not YScalar s || ScalarValue.Of(s) is null or bool)
        {
            diags.Add(ScenarioErrors.WrongType(node.Location, path, "an id", node.KindName));
            return null;
        }
        int i = _ids.IndexOf(s.Text);
        if (i >= 0) return i;
        diags.Add(error(s.Location, path, s.Text, Suggestions.Nearest(s.Text, _ids)));
        return null;
    }
}
