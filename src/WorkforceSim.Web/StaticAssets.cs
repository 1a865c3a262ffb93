using System.Collections.Immutable;
using System.Security.Cryptography;

namespace WorkforceSim.Web;

/// <summary>
/// The page's files (HTML, CSS, JavaScript), embedded in this assembly under <c>wwwroot/</c>: served from memory, so
/// the page works from <c>dotnet run</c>, the built dll or a copy of it, whatever the working folder, and nothing is
/// ever read from a path a client names.
/// </summary>
internal sealed class StaticAssets
{
    private const string Prefix = "wwwroot/";

    /// <summary>A file: bytes, content type and an ETag.</summary>
    public sealed record Asset(byte[] Bytes, string ContentType, string ETag);

    private readonly ImmutableDictionary<string, Asset> _assets;

    public StaticAssets()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var b = ImmutableDictionary.CreateBuilder<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] bytes = copy.ToArray();
            string path = "/" + name[Prefix.Length..].Replace('\\', '/');
            b[path] = new Asset(bytes, ContentType(path), "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }
        _assets = b.ToImmutable();
    }

    /// <summary>Paths served ("/index.html", "/app.js", …).</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    public Asset? Find(string path) => _assets.TryGetValue(path, out var a) ? a : null;

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
