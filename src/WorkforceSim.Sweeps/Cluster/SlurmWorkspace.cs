using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using WorkforceSim.Reporting;

namespace WorkforceSim.Sweeps.Cluster;

/// <summary>One line of <c>jobs.tsv</c>: a submission of the array job (for some shards) and/or the merge job.</summary>
/// <param name="SubmittedUtc">When (ISO 8601, UTC), as written by <c>submit.sh</c>.</param>
/// <param name="ArrayJob">Array job id, or null when only the merge job was submitted.</param>
/// <param name="Shards">The shards (array task ids) the array job ran.</param>
/// <param name="MergeJob">Merge job id, or null with <c>--no-merge</c>.</param>
public sealed record SlurmSubmission(string SubmittedUtc, string? ArrayJob, ImmutableArray<int> Shards, string? MergeJob);

/// <summary>A shard's progress on disk: the points it owns and how many of them are finished.</summary>
/// <param name="Shard">1-based shard.</param>
/// <param name="Points">Points of the shard.</param>
/// <param name="Done">Finished points (point files present).</param>
public sealed record ShardProgress(int Shard, int Points, int Done)
{
    /// <summary>Every point of the shard is finished.</summary>
    public bool Finished => Done == Points;
}

/// <summary>
/// The Slurm work folder of a sweep, <c>DIR.slurm/</c> beside the output folder <c>DIR</c> (which the merge job
/// writes atomically, so it cannot live inside it): the batch scripts, <c>slurm.json</c> (the sweep and the split),
/// <c>jobs.tsv</c> (every submission's job ids), <c>shards/i/</c> (shard i's sweep folder) and
/// <c>logs/shard-i.JOB.log</c>, <c>logs/merge.JOB.log</c>. Layout: docs/cluster.md.
/// </summary>
public sealed class SlurmWorkspace
{
    /// <summary>File and folder names inside the work folder.</summary>
    public const string ArrayScript = "array.sbatch", MergeScript = "merge.sbatch", SubmitScript = "submit.sh",
        StateFile = "slurm.json", JobsFile = "jobs.tsv", ShardsFolder = "shards", LogsFolder = "logs";

    /// <summary>Header line of <c>jobs.tsv</c>.</summary>
    public const string JobsHeader = "# submitted_utc\tarray_job\tshards\tmerge_job";

    private static readonly UTF8Encoding Utf8NoBom = new(false);

    /// <summary>The work folder of the sweep whose final outputs go to <paramref name="outDir"/>.</summary>
    public SlurmWorkspace(string outDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        OutDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
        if (Path.GetDirectoryName(OutDir) is null)
            throw new ClusterException(ClusterErrors.OutputInUse, $"--out '{outDir}' is the root folder — give a folder for the sweep's outputs.");
        Root = OutDir + ".slurm";
    }

    /// <summary>Absolute output folder (written by the merge job).</summary>
    public string OutDir { get; }
    /// <summary>Absolute work folder, <c>OutDir + ".slurm"</c>.</summary>
    public string Root { get; }

    /// <summary>Path of a file or folder in the work folder.</summary>
    public string PathOf(string name) => Path.Combine(Root, name);
    /// <summary>Shard <paramref name="shard"/>'s sweep folder.</summary>
    public string ShardDir(int shard) => Path.Combine(Root, ShardsFolder, shard.ToString(CultureInfo.InvariantCulture));
    /// <summary>The log of shard <paramref name="shard"/> in array job <paramref name="arrayJob"/> (Slurm's <c>shard-%a.%A.log</c>).</summary>
    public string ShardLog(int shard, string arrayJob) => Path.Combine(Root, LogsFolder, $"shard-{shard.ToString(CultureInfo.InvariantCulture)}.{arrayJob}.log");
    /// <summary>The log of merge job <paramref name="job"/> (Slurm's <c>merge.%j.log</c>).</summary>
    public string MergeLog(string job) => Path.Combine(Root, LogsFolder, $"merge.{job}.log");

    /// <summary>Reads <c>slurm.json</c>: the sweep hash and shard count of earlier submissions, or null when absent.</summary>
    /// <exception cref="ClusterException">The file is not a work-folder state file.</exception>
    public (string Hash, int Tasks)? ReadState()
    {
        string path = PathOf(StateFile);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return (doc.RootElement.GetProperty("sweep_hash").GetString()!, doc.RootElement.GetProperty("tasks").GetInt32());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ClusterException(ClusterErrors.OtherSweep, $"{path} is not a wsim Slurm state file ({ex.Message}) — choose another --out, or delete {Root} to start over.");
        }
    }

    /// <summary>Writes <c>slurm.json</c> atomically.</summary>
    public void WriteState(SweepLayout layout, string sweepFile, int tasks)
    {
        ArgumentNullException.ThrowIfNull(layout);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("sweep_hash", layout.Hash);
            w.WriteString("sweep", layout.Id);
            w.WriteString("sweep_file", sweepFile);
            w.WriteString("out", OutDir);
            w.WriteNumber("points", layout.Points);
            w.WriteNumber("tasks", tasks);
            w.WriteEndObject();
        }
        string json = Encoding.UTF8.GetString(ms.ToArray()).ReplaceLineEndings("\n") + "\n";
        WriteText(StateFile, json, executable: false);
    }

    /// <summary>Writes a file of the work folder atomically (scripts executable).</summary>
    public void WriteText(string name, string text, bool executable)
    {
        AtomicOutput.WriteFile(PathOf(name), t =>
        {
            File.WriteAllText(t, text, Utf8NoBom);
            if (executable && !OperatingSystem.IsWindows())
                File.SetUnixFileMode(t, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        });
    }

    /// <summary>Every submission recorded in <c>jobs.tsv</c>, oldest first (malformed lines are skipped).</summary>
    public IReadOnlyList<SlurmSubmission> ReadSubmissions()
    {
        string path = PathOf(JobsFile);
        if (!File.Exists(path)) return [];
        var list = new List<SlurmSubmission>();
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            if (f.Length != 4) continue;
            string? array = f[1] is "-" or "" ? null : f[1], merge = f[3] is "-" or "" ? null : f[3];
            var shards = f[2] is "-" or "" ? [] : ArraySpec.Parse(f[2]);
            if (shards is null) continue;
            list.Add(new SlurmSubmission(f[0], array, [.. shards], merge));
        }
        return list;
    }

    /// <summary>
    /// Shard <paramref name="shard"/>'s progress: its points (<see cref="Designs.SweepPlan.Shard"/>) and how many have a
    /// point file in its folder.
    /// </summary>
    /// <exception cref="ClusterException">The shard folder holds another sweep.</exception>
    public ShardProgress Progress(SweepLayout layout, int shard, int tasks)
    {
        ArgumentNullException.ThrowIfNull(layout);
        string dir = ShardDir(shard);
        var points = Designs.SweepPlan.Shard(layout.Points, shard, tasks).ToList();
        string state = Path.Combine(dir, SweepRunner.StateFile);
        if (!File.Exists(state)) return new ShardProgress(shard, points.Count, 0);
        string hash;
        try { hash = SweepLayout.Parse(File.ReadAllText(state)).Hash; }
        catch (InvalidDataException ex) { throw new ClusterException(ClusterErrors.OtherSweep, $"{state}: {ex.Message} — delete {dir} to run the shard again."); }
        if (hash != layout.Hash)
            throw new ClusterException(ClusterErrors.OtherSweep, $"{dir} holds another sweep (sweep hash {hash[..12]}…, this sweep {layout.Hash[..12]}…) — choose another --out, or delete {Root} to start over.");
        string pointsDir = Path.Combine(dir, SweepRunner.PointsFolder);
        int done = points.Count(p => File.Exists(Path.Combine(pointsDir, PointResult.FileName(p))));
        return new ShardProgress(shard, points.Count, done);
    }

    /// <summary>Whether <see cref="OutDir"/> holds this sweep's finished outputs (its <c>manifest.json</c> is written last).</summary>
    public bool OutputsComplete(SweepLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        string manifest = Path.Combine(OutDir, SweepAssembler.ManifestFile);
        if (!File.Exists(manifest)) return false;
        try { return SweepLayout.Parse(File.ReadAllText(manifest)).Hash == layout.Hash; }
        catch (InvalidDataException) { return false; }
    }
}

/// <summary>Slurm's <c>--array</c> index lists: <c>1-4</c>, <c>2,4</c>, <c>1-2,5</c>.</summary>
public static class ArraySpec
{
    /// <summary>The shortest list for the ascending distinct <paramref name="indices"/>, with runs as ranges.</summary>
    public static string Format(IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var sorted = indices.Distinct().Order().ToList();
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? Text(sorted[i]) : j == i + 1 ? $"{Text(sorted[i])},{Text(sorted[j])}" : $"{Text(sorted[i])}-{Text(sorted[j])}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>The indices of a list written by <see cref="Format"/> (or by hand, without steps); null when malformed.</summary>
    public static IReadOnlyList<int>? Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var result = new List<int>();
        foreach (string part in spec.Split(','))
        {
            var ends = part.Split('-');
            if (ends.Length is < 1 or > 2) return null;
            if (!int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out int a)) return null;
            int b = a;
            if (ends.Length == 2 && (!int.TryParse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture, out b) || b < a)) return null;
            for (int k = a; k <= b; k++) result.Add(k);
        }
        return result;
    }

    private static string Text(int v) => v.ToString(CultureInfo.InvariantCulture);
}
