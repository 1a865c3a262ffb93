using System.Text;

namespace WorkforceSim.Reporting;

/// <summary>A small RFC 4180 reader for the run folder's own CSV files (header checked exactly).</summary>
internal sealed class CsvTable
{
    public required string Path { get; init; }
    public required IReadOnlyList<string[]> Rows { get; init; }

    /// <summary>Reads a file whose first line must equal <paramref name="expectedHeader"/>.</summary>
    public static CsvTable Read(string path, string expectedHeader)
    {
        var lines = File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0] != expectedHeader)
            throw new InvalidDataException($"{path}(1,1): expected the header '{expectedHeader}'.");
        int columns = expectedHeader.Split(',').Length;
        var rows = new List<string[]>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = SplitLine(lines[i]);
            if (cells.Length != columns)
                throw new InvalidDataException($"{path}({i + 1},1): expected {columns} cells, found {cells.Length}.");
            rows.Add(cells);
        }
        return new CsvTable { Path = path, Rows = rows };
    }

    private static string[] SplitLine(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }

    /// <summary>A double cell ("NaN" allowed), with the file and line in the error.</summary>
    public double Double(int row, int column)
    {
        try { return InvariantNumber.ParseDouble(Rows[row][column]); }
        catch (FormatException) { throw Bad(row, column, "a number"); }
    }

    /// <summary>An integer cell.</summary>
    public long Long(int row, int column)
    {
        try { return InvariantNumber.ParseLong(Rows[row][column]); }
        catch (FormatException) { throw Bad(row, column, "an integer"); }
        catch (OverflowException) { throw Bad(row, column, "an integer"); }
    }

    private InvalidDataException Bad(int row, int column, string what) =>
        new($"{Path}({row + 2},{column + 1}): '{Rows[row][column]}' is not {what}.");
}
