using System.Collections.Immutable;
using WorkforceSim.Scenarios;
using WorkforceSim.Scenarios.Diagnostics;

namespace WorkforceSim.Web;

/// <summary>
/// The scenario files a server offers: the top-level <c>*.yaml</c>/<c>*.yml</c> files of one folder, each known by its
/// file name without the extension. Clients choose scenarios by that id only; a file is found by listing the folder
/// and matching names, never by building a path from what a client sent, and <c>extends</c> resolves only inside the
/// folder (<see cref="ScenarioLoader.LoadFromFolder"/>). Files are read anew on every request, so edits show at once.
/// </summary>
public sealed class ScenarioLibrary
{
    /// <summary>Opens the library of <paramref name="folder"/> (which must exist).</summary>
    public ScenarioLibrary(string folder)
    {
        Folder = Path.GetFullPath(folder);
        if (!Directory.Exists(Folder)) throw new DirectoryNotFoundException($"The scenario folder '{folder}' does not exist.");
    }

    /// <summary>Full path of the folder.</summary>
    public string Folder { get; }

    /// <summary>Scenario ids (file names without extension) and their file names, in ordinal order of id.</summary>
    public ImmutableArray<(string Id, string File)> Files()
    {
        var files = new List<(string, string)>();
        foreach (var path in Directory.EnumerateFiles(Folder))
        {
            string name = Path.GetFileName(path);
            string ext = Path.GetExtension(name);
            if (!ext.Equals(".yaml", StringComparison.OrdinalIgnoreCase) && !ext.Equals(".yml", StringComparison.OrdinalIgnoreCase)) continue;
            string id = Path.GetFileNameWithoutExtension(name);
            if (id.Length == 0 || id.StartsWith('.')) continue;
            files.Add((id, name));
        }
        return [.. files.OrderBy(f => f.Item1, StringComparer.Ordinal).DistinctBy(f => f.Item1)];
    }

    /// <summary>The file name of scenario <paramref name="id"/>, or null when the folder has no such scenario.</summary>
    public string? FileOf(string id) => Files().FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.Ordinal)).File;

    /// <summary>The nearest scenario id to a misspelt one, if any is close.</summary>
    public string? Suggest(string id) => Suggestions.Nearest(id, Files().Select(f => f.Id));

    /// <summary>Loads a scenario of the library with <paramref name="overrides"/> applied.</summary>
    public ScenarioLoadResult Load(string file, IReadOnlyList<ScenarioOverride>? overrides = null) =>
        ScenarioLoader.LoadFromFolder(Folder, file, overrides);
}
