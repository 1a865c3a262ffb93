using System.Collections.Immutable;
using System.Globalization;
using WorkforceSim.Calibration.Diagnostics;
using WorkforceSim.Calibration.Estimation;
using WorkforceSim.Core.Model;

namespace WorkforceSim.Calibration.Roster;

/// <summary>
/// Reads a roster CSV (docs/roster-format.md). Every problem is collected with its line and column; a roster is
/// returned only when there are none.
/// </summary>
public static class RosterReader
{
    /// <summary>Reads roster bytes (UTF-8, optional BOM).</summary>
    /// <param name="fileName">Name used in diagnostics.</param>
    /// <param name="bytes">The file contents.</param>
    /// <param name="schoolYearStartMonth">First month of the school year, used to turn dates into school years. Range: 1..12.</param>
    /// <param name="requiredGroups">Grouping columns that must be present and filled in every row (those a calibration groups by).</param>
    public static RosterReadResult Read(string fileName, ReadOnlySpan<byte> bytes, int schoolYearStartMonth = 8,
        IEnumerable<GroupingFactor>? requiredGroups = null)
    {
        string? text = CsvText.DecodeUtf8(bytes);
        var groups = (requiredGroups ?? []).Select(g => g == GroupingFactor.Stage ? RosterField.Stage : RosterField.Segment).Distinct();
        return text is null
            ? new RosterReadResult(null, [RosterErrors.NotEncodedAsUtf8(fileName)])
            : new Reading(fileName, schoolYearStartMonth, [.. groups]).Read(CsvText.Parse(text));
    }

    /// <summary>The state of one read: the column map and the diagnostics found so far.</summary>
    private sealed class Reading(string file, int startMonth, ImmutableArray<RosterField> groupFields)
    {
        private readonly List<CalibrationDiagnostic> _errors = [];
        private readonly Dictionary<RosterField, int> _columns = [];
        private int _width;
        private bool _decimalComma;

        public RosterReadResult Read(CsvParse csv)
        {
            if (csv.UnterminatedQuote is var (qLine, qColumn))
                _errors.Add(RosterErrors.UnterminatedQuote(file, qLine, qColumn));
            if (csv.Records.Length == 0)
                return Fail(RosterErrors.Empty(file));

            var header = csv.Records[0];
            var format = MapHeader(header);
            if (format is null) return Fail(RosterErrors.UnknownFormat(file, string.Join(csv.Delimiter, header.Fields)));

            _decimalComma = csv.Delimiter == ';';
            var records = csv.Records.RemoveAt(0);
            var roster = format == RosterFormat.Spell
                ? new TeacherRoster(RosterFormat.Spell, ReadSpells(records), [])
                : new TeacherRoster(RosterFormat.Panel, [], ReadPanel(records));
            if (records.IsEmpty) _errors.Add(RosterErrors.NoRows(file));
            return _errors.Count == 0 ? new RosterReadResult(roster, []) : Fail();
        }

        private RosterReadResult Fail(CalibrationDiagnostic? last = null)
        {
            if (last is { } d) _errors.Add(d);
            return new RosterReadResult(null, [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        }

        private RosterFormat? MapHeader(CsvRecord header)
        {
            _width = header.Fields.Length;
            for (int i = 0; i < header.Fields.Length; i++)
            {
                if (RosterColumns.Match(header.Fields[i]) is not { } field) continue;
                if (_columns.TryGetValue(field, out int first))
                    _errors.Add(RosterErrors.DuplicateColumn(file, i + 1, header.Fields[i], first + 1));
                else _columns[field] = i;
            }
            RosterFormat? format =
                _columns.ContainsKey(RosterField.Left) || (!_columns.ContainsKey(RosterField.HireYear) && _columns.ContainsKey(RosterField.Yos))
                    ? RosterFormat.Panel
                    : _columns.ContainsKey(RosterField.HireYear) || _columns.ContainsKey(RosterField.ExitYear) ? RosterFormat.Spell : null;
            if (format is null) return null;

            var required = format == RosterFormat.Spell ? RosterColumns.SpellRequired : RosterColumns.PanelRequired;
            foreach (var field in required.Concat(groupFields).Where(f => !_columns.ContainsKey(f)))
            {
                var convention = RosterColumns.For(field);
                _errors.Add(RosterErrors.MissingColumn(file, format == RosterFormat.Spell ? "spell" : "panel", convention.Name, convention.AliasList));
            }
            return format;
        }

        /// <summary>The rows whose field count matches the header; the others are reported.</summary>
        private IEnumerable<Row> Rows(ImmutableArray<CsvRecord> records)
        {
            foreach (var record in records)
            {
                int count = record.Fields.Length;
                if (count == _width) yield return new Row(this, record);
                else _errors.Add(RosterErrors.WrongFieldCount(file, record.Line, Math.Min(count, _width) + 1, count, _width));
            }
        }

        private ImmutableArray<Spell> ReadSpells(ImmutableArray<CsvRecord> records)
        {
            var spells = ImmutableArray.CreateBuilder<Spell>();
            var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in Rows(records))
            {
                string? id = row.Required(RosterField.TeacherId);
                int? hire = row.Year(RosterField.HireYear, required: true);
                int? prior = row.Service(RosterField.PriorYos);
                int? exit = row.Year(RosterField.ExitYear, required: false);
                var reason = row.Reason();
                if (hire is { } h && exit is { } e && e < h)
                    _errors.Add(RosterErrors.ExitBeforeHire(file, row.Line, row.Column(RosterField.ExitYear), e, h));
                if (id is not null && !firstLine.TryAdd(id, row.Line))
                    _errors.Add(RosterErrors.DuplicateTeacher(file, row.Line, row.Column(RosterField.TeacherId), id, firstLine[id]));
                string? stage = row.Group(RosterField.Stage), segment = row.Group(RosterField.Segment);
                if (id is null || hire is null || prior is null || reason.Failed || exit < hire || stage is null || segment is null) continue;
                spells.Add(new Spell(row.Line, id, hire.Value, prior.Value, exit, reason.Value, stage, segment));
            }
            return spells.ToImmutable();
        }

        private ImmutableArray<PanelRow> ReadPanel(ImmutableArray<CsvRecord> records)
        {
            var rows = ImmutableArray.CreateBuilder<PanelRow>();
            var firstLine = new Dictionary<(string, int), int>();
            foreach (var row in Rows(records))
            {
                string? id = row.Required(RosterField.TeacherId);
                int? year = row.Year(RosterField.Year, required: true);
                int? yos = row.Service(RosterField.Yos, required: true);
                bool? left = row.Flag(RosterField.Left);
                if (id is not null && year is { } y && !firstLine.TryAdd((id, y), row.Line))
                    _errors.Add(RosterErrors.DuplicateTeacherYear(file, row.Line, row.Column(RosterField.Year), id, y, firstLine[(id, y)]));
                string? stage = row.Group(RosterField.Stage), segment = row.Group(RosterField.Segment);
                if (id is null || year is null || yos is null || left is null || stage is null || segment is null) continue;
                rows.Add(new PanelRow(row.Line, id, year.Value, yos.Value, stage, segment, left.Value));
            }
            return rows.ToImmutable();
        }

        /// <summary>Typed access to the fields of one record; each failed parse is reported and returns null.</summary>
        private readonly struct Row(Reading reading, CsvRecord record)
        {
            public int Line => record.Line;
            public int Column(RosterField field) => reading._columns[field] + 1;
            private string Name(RosterField field) => RosterColumns.For(field).Name;
            private string? Raw(RosterField field) =>
                reading._columns.TryGetValue(field, out int i) ? record.Fields[i].Trim() : null;
            private void Report(CalibrationDiagnostic d) => reading._errors.Add(d);

            /// <summary>A stage or segment: required when the calibration groups by it, else "" when absent.</summary>
            public string? Group(RosterField field) =>
                reading.GroupFields.Contains(field) ? Required(field) : Raw(field) ?? "";

            public string? Required(RosterField field)
            {
                string? raw = Raw(field);
                if (raw is null) return null;
                if (raw.Length > 0) return raw;
                Report(RosterErrors.MissingValue(reading.File, Line, Column(field), Name(field)));
                return null;
            }

            public int? Year(RosterField field, bool required)
            {
                string? raw = Raw(field);
                if (raw is null || (raw.Length == 0 && !required)) return null;
                if (raw.Length == 0) { Required(field); return null; }
                if (SchoolYear.TryParse(raw, reading.StartMonth, out int year)) return year;
                Report(RosterErrors.BadYear(reading.File, Line, Column(field), Name(field), raw));
                return null;
            }

            /// <summary>Completed years of service; an absent optional column or empty value is 0, fractions are floored, and semicolon files may use a decimal comma.</summary>
            public int? Service(RosterField field, bool required = false)
            {
                string? raw = Raw(field);
                if (raw is null) return required ? null : 0;
                if (raw.Length == 0 && required) return Required(field) is null ? null : 0;
                if (raw.Length == 0) return 0;
                string number = reading._decimalComma ? raw.Replace(',', '.') : raw;
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double years) || !double.IsFinite(years) || years > 100)
                    Report(RosterErrors.BadService(reading.File, Line, Column(field), Name(field), raw));
                else if (years < 0)
                    Report(RosterErrors.NegativeService(reading.File, Line, Column(field), Name(field), raw));
                else return (int)Math.Floor(years);
                return null;
            }

            public bool? Flag(RosterField field)
            {
                string? raw = Raw(field);
                if (raw is null) return null;
                switch (raw.ToLowerInvariant())
                {
                    case "1" or "true" or "yes" or "y": return true;
                    case "0" or "false" or "no" or "n": return false;
                }
                if (raw.Length == 0) Required(field);
                else Report(RosterErrors.BadFlag(reading.File, Line, Column(field), Name(field), raw));
                return null;
            }

            public (ExitReason? Value, bool Failed) Reason()
            {
                string? raw = Raw(RosterField.ExitReason);
                if (string.IsNullOrEmpty(raw)) return (null, false);
                ExitReason? reason = raw.ToLowerInvariant() switch
                {
                    "resignation" or "resigned" or "resign" => ExitReason.Resignation,
                    "retirement" or "retired" or "retire" => ExitReason.Retirement,
                    "dismissal" or "dismissed" or "terminated" => ExitReason.Dismissal,
                    "move" or "moved" or "transfer" => ExitReason.Move,
                    _ => null,
                };
                if (reason is null)
                    Report(RosterErrors.BadReason(reading.File, Line, Column(RosterField.ExitReason), Name(RosterField.ExitReason), raw));
                return (reason, reason is null);
            }
        }

        private ImmutableArray<RosterField> GroupFields => groupFields;
        private string File => file;
        private int StartMonth => startMonth;
    }
}
