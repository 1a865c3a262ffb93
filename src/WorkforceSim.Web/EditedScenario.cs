using System.Text;
using WorkforceSim.Scenarios;
using System.Security.Cryptography;

namespace WorkforceSim.Web;

/// <summary>
/// The alternative of a request as a scenario file of its own: the resolved scenario (after <c>extends</c> and
/// defaults, with the lever values and run settings written in), renamed <c>ID-edited</c>, with a header naming the
/// file it came from and every change. It needs no other file, so <c>wsim validate</c> and <c>wsim run</c> accept it
/// wherever it is saved.
/// </summary>
internal static class EditedScenario
{
    /// <summary>Id of the edited scenario (a valid scenario id: at most 64 characters).</summary>
    public static string Id(string baseId)
    {
        const string suffix = "-edited";
        return (baseId.Length + suffix.Length > 64 ? baseId[..(64 - suffix.Length)] : baseId) + suffix;
    }

    /// <summary>File name offered for download.</summary>
    public static string FileName(PreparedScenario p) => Id(p.BaseSpec.Id) + ".yaml";

    /// <summary>The YAML text; checked to load back without errors.</summary>
    public static string Yaml(PreparedScenario p, string toolVersion)
    {
        var tree = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in p.Alternative.Resolved!) tree[k] = v;
        tree["scenario"] = Id(p.BaseSpec.Id);
        tree["title"] = p.AltSpec.Title + " (edited)";

        var header = new List<string>
        {
            $"{FileName(p)} — written by the WorkforceSim what-if page (wsim serve {toolVersion})",
            $"from {p.File} (sha256 {p.Original.Sha256}){(p.Original.Files.Length > 1 ? ", which extends " + string.Join(" -> ", p.Original.Files.Skip(1)) : "")}.",
            "Self-contained: 'extends' and every default are written out. Check it with: wsim validate " + FileName(p),
            "",
        };
        var changes = p.ChangesFromFile;
        if (changes.IsEmpty) header.Add("No value differs from the original scenario.");
        else
        {
            header.Add("Changed from the original scenario:");
            header.AddRange(changes.Select(c => $"  {c.Path}: {c.BaseValue} -> {c.AltValue}"));
        }
        header.Add("");
        string yaml = ScenarioYamlWriter.Write(tree, header);
        var check = ScenarioLoader.LoadText(yaml, FileName(p));
        if (!check.Success)
            throw new InvalidOperationException("The exported scenario does not load back: " + string.Join("; ", check.Diagnostics.Take(3)));
        return yaml;
    }

    /// <summary>Lower-case hex SHA-256 of the YAML's UTF-8 bytes (what <c>wsim run</c> would record for the saved file).</summary>
    public static string Sha256(string yaml) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
}
