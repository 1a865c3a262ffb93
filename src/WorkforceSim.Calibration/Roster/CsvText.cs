using System.Collections.Immutable;
using System.Text;

namespace WorkforceSim.Calibration.Roster;

/// <summary>One CSV record with the 1-based line on which it starts (a quoted field may span lines).</summary>
internal sealed record CsvRecord(int Line, ImmutableArray<string> Fields);

/// <summary>The records of a CSV text, or the position of an unterminated quote.</summary>
internal sealed record CsvParse(char Delimiter, ImmutableArray<CsvRecord> Records, (int Line, int Column)? UnterminatedQuote);

/// <summary>
/// A small RFC 4180 reader: fields separated by a delimiter, records by CRLF, LF or CR; a field in double quotes may
/// contain the delimiter, line breaks and doubled quotes. Blank lines are skipped. The delimiter is a comma unless
/// the header line has more semicolons than commas outside quotes (spreadsheets in decimal-comma locales).
/// </summary>
internal static class CsvText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 with or without a byte-order mark; null when the bytes are not valid UTF-8.</summary>
    public static string? DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return null; }
    }

    public static char DetectDelimiter(string text)
    {
        int commas = 0, semicolons = 0;
        bool quoted = false;
        foreach (char c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r')) break;
            else if (!quoted && c == ',') commas++;
            else if (!quoted && c == ';') semicolons++;
        }
        return semicolons > commas ? ';' : ',';
    }

    public static CsvParse Parse(string text)
    {
        char delimiter = DetectDelimiter(text);
        var records = ImmutableArray.CreateBuilder<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, quoteLine = 0, quoteColumn = 0;
        bool quoted = false, fieldWasQuoted = false;

        void EndField()
        {
            fields.Add(fieldWasQuoted ? field.ToString() : field.ToString().Trim());
            field.Clear();
            fieldWasQuoted = false;
        }
        void EndRecord()
        {
            EndField();
            bool blank = fields.Count == 1 && fields[0].Length == 0;
            if (!blank) records.Add(new CsvRecord(recordLine, [.. fields]));
            fields.Clear();
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else
                {
                    if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) line++;
                    field.Append(c);
                }
                continue;
            }
            if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = fieldWasQuoted = true;
                quoteLine = line;
                quoteColumn = fields.Count + 1;
            }
            else if (c == delimiter) EndField();
            else if (c == '\r' || c == '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                EndRecord();
                line++;
                recordLine = line;
            }
            else field.Append(c);
        }
        if (quoted) return new CsvParse(delimiter, records.ToImmutable(), (quoteLine, quoteColumn));
        if (field.Length > 0 || fields.Count > 0 || fieldWasQuoted) EndRecord();
        return new CsvParse(delimiter, records.ToImmutable(), null);
    }
}
