using SkiaSharp;

namespace WorkforceSim.Reporting.Tests.TestSupport;

/// <summary>Decodes PNGs with SkiaSharp for size and "not blank" checks.</summary>
internal static class PngImage
{
    public static (int Width, int Height, double LuminanceVariance) Inspect(byte[] png)
    {
        Assert.True(png.Length > 8 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G',
            "not a PNG signature");
        using var bitmap = SKBitmap.Decode(png) ?? throw new Xunit.Sdk.XunitException("SkiaSharp could not decode the PNG.");
        double sum = 0, sumSq = 0;
        long n = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                double l = 0.2126 * c.Red + 0.7152 * c.Green + 0.0722 * c.Blue;
                sum += l;
                sumSq += l * l;
                n++;
            }
        }
        double mean = sum / n;
        return (bitmap.Width, bitmap.Height, sumSq / n - mean * mean);
    }

    /// <summary>Keeps a copy under test-images/ for a person to look at (not compared).</summary>
    public static void Keep(string name, byte[] png)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "test-images");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, name), png);
    }
}
