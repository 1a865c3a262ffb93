using System.Text.RegularExpressions;
using WorkforceSim.Scenarios.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace WorkforceSim.Scenarios.Yaml;

/// <summary>
/// Builds a <see cref="YNode"/> tree from YamlDotNet's event parser without recursion, so hostile input cannot
/// overflow the stack: nesting deeper than <see cref="MaxDepth"/> and alias expansion beyond <see cref="MaxNodes"/>
/// stop reading with a located error. Duplicate keys are reported (the first occurrence is kept) instead of
/// aborting, so that all problems are reported at once. (YamlDotNet's <c>YamlStream</c> recurses per nesting level
/// and throws on the first duplicate key, hence the event-level reader; the marks are the same.)
/// </summary>
internal sealed partial class YamlTreeReader
{
    public const int MaxDepth = 64;
    public const int MaxNodes = 10_000;

    private readonly string _file;
    private readonly DiagnosticBag _diags;
    private readonly Stack<Frame> _stack = new();
    private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);
    private YNode? _root;
    private SourceLocation? _last;
    private long _expanded;

    private YamlTreeReader(string file, DiagnosticBag diags) => (_file, _diags) = (file, diags);

    /// <summary>
    /// Reads the single document of <paramref name="text"/>. Returns null when the file holds no document or when
    /// reading stopped at an error (which is then in <paramref name="diags"/>).
    /// </summary>
    public static YNode? Read(string text, string file, DiagnosticBag diags, out bool failed)
    {
        var reader = new YamlTreeReader(file, diags);
        failed = true;
        try
        {
            failed = !reader.Run(new Parser(new StringReader(text)));
        }
        catch (YamlException ex)
        {
            diags.Add(ScenarioErrors.Syntax(reader.At(ex.Start), CleanMessage(ex)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // YamlDotNet 18.1 throws InvalidOperationException from its scanner on some malformed flow collections
            // (e.g. an unclosed '['); report it at the last node that parsed, which is where the trouble starts.
            diags.Add(ScenarioErrors.Syntax(reader._last ?? SourceLocation.StartOf(file),
                $"unexpected text after this point (an unclosed bracket or quote?; {ex.GetType().Name})"));
        }
        return failed ? null : reader._root;
    }

    /// <summary>Reads all events; false when reading stopped early at a fatal problem.</summary>
    private bool Run(IParser parser)
    {
        int documents = 0;
        while (parser.MoveNext())
        {
            var ev = parser.Current!;
            _last = At(ev.Start);
            switch (ev)
            {
                case DocumentStart ds when !ds.IsImplicit || documents > 0:
                    if (++documents > 1) { _diags.Add(ScenarioErrors.MultipleDocuments(At(ev.Start))); return false; }
                    break;
                case DocumentStart:
                    documents++;
                    break;
                case Scalar s:
                    if (!Count(ev, 1)) return false;
                    Complete(new YScalar(At(s.Start), s.Value, s.Style == ScalarStyle.Plain), s.Anchor);
                    break;
                case AnchorAlias a:
                    if (!_anchors.TryGetValue(a.Value.Value, out var target))
                    {
                        _diags.Add(ScenarioErrors.UnknownAnchor(At(a.Start), a.Value.Value));
                        return false;
                    }
                    if (!Count(ev, target.Size)) return false;
                    Complete(target, AnchorName.Empty);
                    break;
                case MappingStart ms:
                    if (!Open(ev, new Frame(At(ms.Start), isMap: true, ms.Anchor))) return false;
                    break;
                case SequenceStart ss:
                    if (!Open(ev, new Frame(At(ss.Start), isMap: false, ss.Anchor))) return false;
                    break;
                case MappingEnd or SequenceEnd:
                    var f = _stack.Pop();
                    Complete(f.IsMap ? new YMap(f.Location, f.Entries) : new YSeq(f.Location, f.Items), f.Anchor);
                    break;
            }
        }
        return true;
    }

    private bool Open(ParsingEvent ev, Frame frame)
    {
        if (!Count(ev, 1)) return false;
        if (_stack.Count >= MaxDepth)
        {
            _diags.Add(ScenarioErrors.TooDeep(At(ev.Start), MaxDepth));
            return false;
        }
        _stack.Push(frame);
        return true;
    }

    private bool Count(ParsingEvent ev, int nodes)
    {
        _expanded += nodes;
        if (_expanded <= MaxNodes) return true;
        _diags.Add(ScenarioErrors.TooManyNodes(At(ev.Start), MaxNodes));
        return false;
    }

    private void Complete(YNode node, AnchorName anchor)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
        if (_stack.Count == 0) { _root ??= node; return; }
        var top = _stack.Peek();
        if (!top.IsMap) { top.Items.Add(node); return; }
        if (!top.HasKey)
        {
            top.HasKey = true;
            top.Key = node as YScalar;
            if (top.Key is null)
                _diags.Add(ScenarioErrors.WrongType(node.Location, "(key)", "a plain word as key", node.KindName));
            return;
        }
        top.HasKey = false;
        if (top.Key is null) return;
        if (top.Seen.TryGetValue(top.Key.Text, out var first))
            _diags.Add(ScenarioErrors.DuplicateKey(top.Key.Location, top.Key.Text, first));
        else
        {
            top.Seen[top.Key.Text] = top.Key.Location;
            top.Entries.Add(new(top.Key, node));
        }
    }

    private SourceLocation At(Mark m) =>
        new(_file, (int)Math.Clamp(m.Line, 1, int.MaxValue), (int)Math.Clamp(m.Column, 1, int.MaxValue));

    private static string CleanMessage(YamlException ex)
    {
        string msg = ex.InnerException?.Message ?? ex.Message;
        msg = Spaces().Replace(MarkPrefix().Replace(msg, ""), " ").Trim();
        return msg.TrimEnd('.');
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private sealed class Frame(SourceLocation location, bool isMap, AnchorName anchor)
    {
        public SourceLocation Location { get; } = location;
        public bool IsMap { get; } = isMap;
        public AnchorName Anchor { get; } = anchor;
        public List<KeyValuePair<YScalar, YNode>> Entries { get; } = [];
        public List<YNode> Items { get; } = [];
        public Dictionary<string, SourceLocation> Seen { get; } = new(StringComparer.Ordinal);
        public bool HasKey { get; set; }
        public YScalar? Key { get; set; }
    }
}
