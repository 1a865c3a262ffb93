using System.Globalization;

namespace WorkforceSim.Scenarios.Diagnostics;

/// <summary>
/// The catalogue of scenario diagnostics: one factory per kind of problem, each message saying what is wrong,
/// an em dash, and how to fix it. Codes: WS1xxx structure, WS2xxx values, WS3xxx references, WS4xxx policies, WS70xx parameter uncertainty.
/// docs/errors.md lists every code with an example.
/// </summary>
internal static class ScenarioErrors
{
    // ---- WS1xxx: structure -------------------------------------------------------------------------------

    public static Diagnostic Syntax(SourceLocation at, string detail) =>
        E("WS1000", at, "", $"the file is not valid YAML: {detail}", "fix the YAML syntax at this position (indentation, brackets, quotes, ': ' after keys)");

    public static Diagnostic UnknownKey(SourceLocation at, string path, string key, string parent, string? suggestion) =>
        E("WS1001", at, path, $"'{Clip(key)}' is not a key of {Describe(parent)}",
            suggestion is null ? "remove it or check docs/scenario-format.md for the keys allowed here" : $"did you mean '{suggestion}'?");

    public static Diagnostic WrongType(SourceLocation at, string path, string expected, string found) =>
        E("WS1002", at, path, $"'{path}' must be {expected}, but is {found}", $"write {expected} here");

    public static Diagnostic MissingKey(SourceLocation at, string path, string key, string parent) =>
        E("WS1003", at, path, $"{Describe(parent)} has no '{Clip(key)}', which is required", $"add '{key}:' (see docs/scenario-format.md)");

    public static Diagnostic DuplicateKey(SourceLocation at, string key, SourceLocation first) =>
        E("WS1004", at, key, $"key '{Clip(key)}' appears twice in the same map (first at line {first.Line})", "keep one of them");

    public static Diagnostic NotAMap(SourceLocation at, string found) =>
        E("WS1005", at, "", $"a scenario file must be a map of keys, but this document is {found}", "start the file with 'scenario: my_id' and the other top-level keys");

    public static Diagnostic MultipleDocuments(SourceLocation at) =>
        E("WS1006", at, "", "the file holds more than one YAML document", "keep one scenario per file (remove the '---' separator)");

    public static Diagnostic UnknownAnchor(SourceLocation at, string anchor) =>
        E("WS1007", at, "", $"alias '*{anchor}' refers to an anchor that is not defined before it", $"define '&{anchor}' earlier or write the value out");

    public static Diagnostic ExtendsMissing(SourceLocation at, string file) =>
        E("WS1010", at, "extends", $"base file '{Clip(file)}' does not exist", "check the path; it is relative to the file that extends it");

    public static Diagnostic ExtendsNotYaml(SourceLocation at, string file) =>
        E("WS1011", at, "extends", $"base file '{Clip(file)}' is not a .yaml or .yml file", "point 'extends' at a scenario file ending in .yaml or .yml");

    public static Diagnostic ExtendsCycle(SourceLocation at, IEnumerable<string> chain) =>
        E("WS1012", at, "extends", $"'extends' forms a cycle: {string.Join(" -> ", chain)}", "remove 'extends' from one of these files");

    public static Diagnostic ExtendsTooDeep(SourceLocation at, int limit) =>
        E("WS1013", at, "extends", $"the 'extends' chain is longer than {limit} files", "flatten the chain of base files");

    public static Diagnostic ExtendsOutsideFolder(SourceLocation at, string file) =>
        E("WS1014", at, "extends", $"base file '{Clip(file)}' is outside the scenario folder", "put the base file in the scenario folder and name it relative to this file");

    public static Diagnostic FileTooLarge(SourceLocation at, long bytes, long limit) =>
        E("WS1020", at, "", $"the file is {bytes.ToString(CultureInfo.InvariantCulture)} bytes, more than the limit of {limit.ToString(CultureInfo.InvariantCulture)}", "a scenario is a small text file; check that this is the right file");

    public static Diagnostic Unreadable(SourceLocation at, string reason) =>
        E("WS1021", at, "", $"the file cannot be read: {reason}", "check that the path names an existing, readable file");

    public static Diagnostic NotUtf8(SourceLocation at) =>
        E("WS1022", at, "", "the file is not UTF-8 text", "save it as UTF-8 (scenario files are plain text)");

    public static Diagnostic TooDeep(SourceLocation at, int limit) =>
        E("WS1023", at, "", $"the YAML nesting is deeper than {limit} levels", "a scenario needs only a few levels; check for runaway brackets or indentation");

    public static Diagnostic TooManyNodes(SourceLocation at, int limit) =>
        E("WS1024", at, "", $"the document expands to more than {limit.ToString(CultureInfo.InvariantCulture)} nodes (aliases included)", "write values out instead of nesting aliases of aliases");

    // ---- WS2xxx: values ----------------------------------------------------------------------------------

    public static Diagnostic OutOfRange(SourceLocation at, string path, double value, string range, string meaning) =>
        E("WS2001", at, path, $"'{path}' must be {range} ({meaning}), but is {Num(value)}", $"use a value {range}");

    public static Diagnostic ProbabilityOutOfRange(SourceLocation at, string path, double value) =>
        E("WS2002", at, path, $"'{path}' must be between 0 and 1 (a probability), but is {Num(value)}",
            value > 1 && value <= 100 ? $"did you mean {Num(value / 100)}?" : "write it as a fraction between 0 and 1");

    public static Diagnostic NotAnInteger(SourceLocation at, string path, double value) =>
        E("WS2003", at, path, $"'{path}' must be a whole number, but is {Num(value)}", "remove the fractional part");

    public static Diagnostic Negative(SourceLocation at, string path, double value) =>
        E("WS2004", at, path, $"'{path}' must not be negative, but is {Num(value)}", "use 0 or a positive number");

    public static Diagnostic HazardNotFromOne(SourceLocation at, string path, long first) =>
        E("WS2005", at, path, $"'{path}' must start at year of service 1, but starts at {first}", "key the first year as 1 (year of service 1 is the first year, yos 0)");

    public static Diagnostic HazardGap(SourceLocation at, string path, long missing, long next) =>
        E("WS2006", at, path, $"'{path}' has no year of service {missing} (jumps to {next})", $"add '{missing}:'; years must run 1, 2, 3, ... without gaps");

    public static Diagnostic SharesDoNotSumToOne(SourceLocation at, string path, double sum) =>
        E("WS2007", at, path, $"the shares in '{path}' sum to {Num(sum)}, not 1", "adjust the shares so they add up to exactly 1");

    public static Diagnostic StepsNotFromZero(SourceLocation at, string path, long first) =>
        E("WS2008", at, path, $"'{path}' must start at yos 0, but starts at {first}", "add a '0:' row for the first years");

    public static Diagnostic MinAboveMax(SourceLocation at, string path, string min, string max) =>
        E("WS2009", at, path, $"'{path}': {min} is greater than {max}", $"make {min} at most {max}");

    public static Diagnostic BadIdentifier(SourceLocation at, string path, string value) =>
        E("WS2010", at, path, $"'{path}' must be 1-64 characters of a-z, 0-9, '_' or '-', but is '{Clip(value)}'", "use lower-case letters, digits, '_' and '-' only");

    public static Diagnostic UnknownChoice(SourceLocation at, string path, string value, IReadOnlyCollection<string> allowed, string? suggestion) =>
        E("WS2011", at, path, $"'{Clip(value)}' is not a valid value of '{path}'",
            suggestion is null ? $"use one of: {string.Join(", ", allowed)}" : $"did you mean '{suggestion}'?");

    public static Diagnostic DuplicateId(SourceLocation at, string path, string id) =>
        E("WS2012", at, path, $"id '{Clip(id)}' is used twice in '{path}'", "give every item a distinct id");

    public static Diagnostic CountOutOfRange(SourceLocation at, string path, int count, int min, int max, string what) =>
        E("WS2013", at, path, $"'{path}' has {count} {(count == 1 ? what.TrimEnd('s') : what)}, but must have {(min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}")}", $"add or remove {what}");

    public static Diagnostic NotAscending(SourceLocation at, string path, string what) =>
        E("WS2014", at, path, $"'{path}' must be in ascending order of {what}", $"sort by {what} and remove repeats");

    public static Diagnostic RepeatedPhase(SourceLocation at, string path, string phase) =>
        E("WS2015", at, path, $"phase '{phase}' appears more than once in 'cycle'", "list each phase at most once");

    public static Diagnostic YearOutsideHorizon(SourceLocation at, string path, long year, int first, int last) =>
        E("WS2016", at, path, $"'{path}' is {year}, outside the horizon {first}-{last}", $"use a year from {first} to {last}");

    public static Diagnostic NoWeight(SourceLocation at, string path) =>
        E("WS2017", at, path, $"the weights in '{path}' add up to 0", "give at least one value a positive weight");

    public static Diagnostic ExactlyOneOf(SourceLocation at, string path, IReadOnlyCollection<string> options) =>
        E("WS2018", at, path, $"'{path}' must have exactly one of {string.Join(", ", options.Select(o => $"'{o}'"))}", "keep exactly one of them");

    public static Diagnostic FirstLevelHasFrom(SourceLocation at, string path) =>
        E("WS2019", at, path, $"the first rating level '{path}' must not have 'from' (it starts at minus infinity)", "remove 'from' from the lowest level");

    // ---- WS3xxx: references ------------------------------------------------------------------------------

    public static Diagnostic PromotionFromUnknownStage(SourceLocation at, string path, string stage, string? suggestion) =>
        Ref("WS3001", at, path, $"promotion source '{Clip(stage)}' is not a stage", suggestion, "name a stage listed in 'career_ladder.stages'");

    public static Diagnostic PromotionFromLaterStage(SourceLocation at, string path, string stage, string target) =>
        E("WS3002", at, path, $"stage '{target}' is promoted from '{Clip(stage)}', which is not listed before it", $"list '{Clip(stage)}' earlier in 'career_ladder.stages' or promote from a lower stage");

    public static Diagnostic UnknownStage(SourceLocation at, string path, string stage, string? suggestion) =>
        Ref("WS3003", at, path, $"'{Clip(stage)}' is not a stage", suggestion, "use an id from 'career_ladder.stages'");

    public static Diagnostic UnknownSegment(SourceLocation at, string path, string segment, string? suggestion) =>
        Ref("WS3004", at, path, $"'{Clip(segment)}' is not a segment", suggestion, "use an id from 'workforce.segments'");

    public static Diagnostic UnknownLevel(SourceLocation at, string path, string level, string? suggestion) =>
        Ref("WS3005", at, path, $"'{Clip(level)}' is not a rating level", suggestion, "use an id from 'evaluation.levels'");

    public static Diagnostic RoleHeldByUnknownStage(SourceLocation at, string path, string stage, string? suggestion) =>
        Ref("WS3006", at, path, $"role holder '{Clip(stage)}' is not a stage", suggestion, "name a stage listed in 'career_ladder.stages'");

    public static Diagnostic FillRateUnknownSegment(SourceLocation at, string path, string segment, string? suggestion) =>
        Ref("WS3007", at, path, $"'hiring.fill_rate_by_segment' names '{Clip(segment)}', which is not a segment", suggestion, "use an id from 'workforce.segments'");

    // ---- WS4xxx: policies --------------------------------------------------------------------------------

    public static Diagnostic UnknownPolicyPath(SourceLocation at, string policyPath, string problem, string? suggestion) =>
        E("WS4001", at, policyPath, $"policy path '{Clip(policyPath)}' does not name a parameter: {problem}",
            suggestion is null ? "write a path such as 'hiring.fill_rate' or 'career_ladder.stages[team_lead].stipend'" : $"did you mean '{suggestion}'?");

    public static Diagnostic PolicyChangesStructure(SourceLocation at, string policyPath, string what) =>
        E("WS4002", at, policyPath, $"policy '{Clip(policyPath)}' would change the structure of the scenario: {what}", "policies may change values only; add or remove items in the base scenario instead");

    public static Diagnostic PolicyFixedKey(SourceLocation at, string policyPath, string root) =>
        E("WS4003", at, policyPath, $"policies cannot change '{Clip(root)}'", "change it in the scenario itself (it is fixed for the whole run)");

    public static Diagnostic PolicyYearOutsideHorizon(SourceLocation at, string path, long year, int first, int last) =>
        E("WS4004", at, path, $"policy 'from_year' {year} is outside the horizon {first}-{last}", $"use a year from {first} to {last}");

    // ---- WS70xx: parameter uncertainty (docs/uncertainty.md) ----------------------------------------------

    public static Diagnostic UnknownDistribution(SourceLocation at, string path, string kind, string? suggestion) =>
        E("WS7001", at, path, $"'{Clip(kind)}' is not a distribution (in '{path}')",
            suggestion is null ? "use one of uniform, triangular, normal, beta, lognormal, choice" : $"did you mean '{suggestion}'?");

    public static Diagnostic SeveralDistributions(SourceLocation at, string path) =>
        E("WS7002", at, path, $"the distribution of '{path}' must have exactly one kind (uniform, triangular, normal, beta, lognormal or choice) and nothing else",
            "keep one kind, e.g. { triangular: { min: 0.5, mode: 0.85, max: 1 } }");

    public static Diagnostic SupportOutsideRange(SourceLocation at, string path, string what, double value, string range, string meaning) =>
        E("WS7003", at, path, $"the distribution of '{path}' reaches {what} {Num(value)}, outside the valid range {range} ({meaning})",
            $"keep every possible value {range}");

    public static Diagnostic ModeOutsideRange(SourceLocation at, string path, double mode, double min, double max) =>
        E("WS7004", at, path, $"the mode of the triangular distribution of '{path}' is {Num(mode)}, outside [{Num(min)}, {Num(max)}]",
            "put the mode between min and max");

    public static Diagnostic NotPositive(SourceLocation at, string path, string what, double value) =>
        E("WS7005", at, path, $"the {what} of the distribution of '{path}' must be greater than 0, but is {Num(value)}",
            value == 0 ? "a fixed value is written as a number; otherwise give a positive spread" : "use a positive number");

    public static Diagnostic CentreOutsideRange(SourceLocation at, string path, string what, double value, string range, string meaning) =>
        E("WS7006", at, path, $"the {what} of the distribution of '{path}' is {Num(value)}, outside the valid range {range} ({meaning}); truncating it to that range would keep little of it",
            $"centre the distribution {range}");

    public static Diagnostic LognormalForm(SourceLocation at, string path) =>
        E("WS7007", at, path, $"the lognormal distribution of '{path}' needs either 'mean' and 'sd' (natural scale) or 'mu' and 'sigma' (log scale)",
            "give one of the two pairs");

    public static Diagnostic ShapeOutOfRange(SourceLocation at, string path, string what, double value) =>
        E("WS7008", at, path, $"the shape '{what}' of the beta distribution of '{path}' must be between 0.001 and 10000, but is {Num(value)}",
            "use a positive shape (a = b = 1 is uniform)");

    public static Diagnostic EmptyChoice(SourceLocation at, string path) =>
        E("WS7009", at, path, $"the choice for '{path}' lists no value", "list at least one value: { choice: [0.5, 0.85, 1] }");

    public static Diagnostic ChoiceWeights(SourceLocation at, string path, string problem) =>
        E("WS7010", at, path, $"the weights of the choice for '{path}' {problem}",
            "give one non-negative weight per value, at least one of them positive");

    public static Diagnostic WholeNumberDistribution(SourceLocation at, string path, string kind) =>
        E("WS7011", at, path, $"'{path}' is a whole number, so it cannot follow a {kind} distribution",
            "use { uniform: { min, max } } with whole-number bounds (every whole number between them equally likely) or { choice: [...] } of whole numbers");

    public static Diagnostic FixedParameter(SourceLocation at, string path, string reason) =>
        E("WS7012", at, path, $"'{path}' cannot be uncertain: {reason}", "write a single value here");

    public static Diagnostic InvalidWorld(SourceLocation at, string path, string world, string message) =>
        E("WS7013", at, path, $"{world}: {message}", "narrow the distributions so that every combination of their values is a valid scenario");

    public static Diagnostic NestedDistribution(SourceLocation at, string path) =>
        E("WS7014", at, path, $"'{path}' is a parameter of a distribution and must be a number, not another distribution",
            "write a number here; a distribution's own parameters are fixed");

    public static Diagnostic TeacherLevelDistribution(SourceLocation at, string path, string kind, string form, string example) =>
        E("WS7015", at, path, $"'{path}' says how teachers differ from each other and takes {form}, not '{Clip(kind)}'",
            $"to make one of its numbers uncertain, put the distribution in place of that number, e.g. {example} (docs/uncertainty.md)");

    // ---- helpers -----------------------------------------------------------------------------------------

    private static Diagnostic Ref(string code, SourceLocation at, string path, string what, string? suggestion, string fix) =>
        E(code, at, path, what, suggestion is null ? fix : $"did you mean '{suggestion}'?");

    internal static Diagnostic E(string code, SourceLocation at, string path, string what, string fix) =>
        new(code, Severity.Error, $"{what} — {fix}", at.File, at.Line, at.Column, path);

    private static string Describe(string parent) => parent.Length == 0 ? "the top level" : $"'{parent}'";

    /// <summary>User text shown in a message, cut short so that a hostile megabyte-long key cannot flood the output.</summary>
    internal static string Clip(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");

    /// <summary>Shortest round-trip invariant formatting (0.14, 1E-06, 5000).</summary>
    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
