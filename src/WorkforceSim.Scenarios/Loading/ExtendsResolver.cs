using WorkforceSim.Scenarios.Diagnostics;
using WorkforceSim.Scenarios.Yaml;

namespace WorkforceSim.Scenarios.Loading;

/// <summary>The top file's tree merged over its <c>extends</c> chain.</summary>
internal sealed record ResolvedTree(YMap? Root, IReadOnlyList<string> Files, string? Sha256);

/// <summary>Reads a scenario file and its chain of base files and merges them (base first, each file on top).</summary>
internal sealed class ExtendsResolver(FileSource files, DiagnosticBag diags)
{
    /// <summary>Longest allowed chain of files (the top file included).</summary>
    public const int MaxChain = 16;

    /// <summary>Keys that belong to one file and are never inherited from a base.</summary>
    private static readonly string[] NotInherited = ["scenario", "title"];

    public ResolvedTree Resolve(string topPath, FileText? topText)
    {
        var trees = new List<YMap>();
        var paths = new List<string>();
        var identities = new List<string>();

        string path = topPath;
        FileText? text = topText ?? ReadTop(topPath);
        string? sha = text?.Sha256;
        while (text is not null)
        {
            paths.Add(path);
            identities.Add(files.Identity(path));
            var root = Parse(path, text.Text);
            if (root is null) return new ResolvedTree(null, paths, sha);
            trees.Add(root);
            if (root.Find("extends") is not { } ext) break;
            (path, text) = NextBase(path, ext.Value, paths, identities);
            if (text is null) return new ResolvedTree(null, paths, sha); // reported; mapping a partial chain would only add noise
        }

        YMap? merged = null;
        for (int i = trees.Count - 1; i >= 0; i--)
        {
            var own = trees[i].Without("extends");
            merged = merged is null ? own : (YMap)TreeMerger.Merge(merged.Without(NotInherited), own);
        }
        return new ResolvedTree(merged, paths, sha);
    }

    private FileText? ReadTop(string path)
    {
        var text = files.Read(path, diags, out bool missing);
        if (missing) diags.Add(ScenarioErrors.Unreadable(SourceLocation.StartOf(path), "no such file"));
        return text;
    }

    private YMap? Parse(string path, string text)
    {
        var node = YamlTreeReader.Read(text, path, diags, out bool failed);
        if (failed) return null;
        if (node is YMap map) return map;
        diags.Add(ScenarioErrors.NotAMap(node?.Location ?? SourceLocation.StartOf(path), node?.KindName ?? "empty"));
        return null;
    }

    private (string Path, FileText? Text) NextBase(string including, YNode ext, List<string> paths, List<string> identities)
    {
        if (ext is not YScalar { Text.Length: > 0 } s || ScalarValue.Of(s) is not string rel)
        {
            diags.Add(ScenarioErrors.WrongType(ext.Location, "extends", "a file name such as base.yaml", ext.KindName));
            return ("", null);
        }
        string ext2 = Path.GetExtension(rel);
        if (!ext2.Equals(".yaml", StringComparison.OrdinalIgnoreCase) && !ext2.Equals(".yml", StringComparison.OrdinalIgnoreCase))
        {
            diags.Add(ScenarioErrors.ExtendsNotYaml(s.Location, rel));
            return ("", null);
        }
        string basePath = FileSource.Resolve(including, rel);
        if (!files.Allows(basePath))
        {
            diags.Add(ScenarioErrors.ExtendsOutsideFolder(s.Location, rel));
            return ("", null);
        }
        int seen = identities.IndexOf(files.Identity(basePath));
        if (seen >= 0)
        {
            var chain = paths.Skip(seen).Append(basePath).Select(p => Path.GetFileName(p));
            diags.Add(ScenarioErrors.ExtendsCycle(s.Location, chain));
            return ("", null);
        }
        if (paths.Count >= MaxChain)
        {
            diags.Add(ScenarioErrors.ExtendsTooDeep(s.Location, MaxChain));
            return ("", null);
        }
        var text = files.Read(basePath, diags, out bool missing);
        if (missing) diags.Add(ScenarioErrors.ExtendsMissing(s.Location, rel));
        return (basePath, text);
    }
}
