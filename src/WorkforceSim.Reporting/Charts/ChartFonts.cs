using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace WorkforceSim.Reporting.Charts;

/// <summary>
/// Registers the DejaVu Sans regular and bold fonts shipped inside this assembly (Fonts/, Bitstream Vera licence in
/// Fonts/LICENSE-DejaVu.txt) with ScottPlot and makes them the default, so charts look the same on every machine,
/// with or without system fonts.
/// </summary>
public static class ChartFonts
{
    /// <summary>The family name used in charts.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers the fonts once per process; safe to call from any thread.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered) return;
            var regular = Load("DejaVuSans.ttf");
            var bold = Load("DejaVuSans-Bold.ttf");
            Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver(regular, bold));
            Fonts.Default = Family;
            _registered = true;
        }
    }

    private static byte[] Load(string file)
    {
        var assembly = typeof(ChartFonts).Assembly;
        string name = "WorkforceSim.Reporting.Fonts." + file;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font {name} is missing from {assembly.GetName().Name}.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        using var check = Create(bytes);
        return bytes;
    }

    private static SKTypeface Create(byte[] font)
    {
        using var data = SKData.CreateCopy(font);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("An embedded DejaVu font could not be read.");
    }

    /// <summary>
    /// Answers requests for <see cref="Family"/> with a new typeface from the embedded bytes on every call (ScottPlot
    /// caches what it gets; callers may dispose what they get without breaking later renders).
    /// </summary>
    private sealed class EmbeddedFontResolver(byte[] regular, byte[] bold) : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool isBold, bool italic) =>
            string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? Create(isBold ? bold : regular) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);
    }
}
