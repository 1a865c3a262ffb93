using BenchmarkDotNet.Attributes;
using WorkforceSim.Core.Engine;
using WorkforceSim.Core.Random;

namespace WorkforceSim.Benchmarks.Engine;

/// <summary>Promotion-round selection: the top 1,500 of 26,000 eligible keys (R1's career → advanced round), and the
/// top-quintile cut of 65,000 effectiveness values (copy + quickselect against the sampled bracket the engine uses).</summary>
[Config(typeof(WsimConfig))]
public class SelectionBenchmarks
{
    private ulong[] _keys = null!, _work = null!, _work3 = null!;
    private float[] _values = null!, _fwork = null!;

    [GlobalSetup]
    public void Setup()
    {
        ulong stream = CounterRng.StreamKey(1, 0, 2026, DrawPurpose.Growth);
        _keys = new ulong[26_000];
        for (int i = 0; i < _keys.Length; i++)
            _keys[i] = ((ulong)~Selection.OrderedBits((float)CounterRng.Normal(CounterRng.Bits(stream, (ulong)i))) << 32) | (uint)i;
        _work = new ulong[_keys.Length];
        _work3 = new ulong[3 * (_keys.Length + 16)];
        _values = new float[65_000];
        for (int i = 0; i < _values.Length; i++) _values[i] = (float)CounterRng.Normal(CounterRng.Bits(stream, (ulong)(i + 100_000)));
        _fwork = new float[_values.Length + 16];
    }

    [Benchmark(Baseline = true)] public ulong TopK_Quickselect() { _keys.CopyTo(_work, 0); Selection.SmallestFirst(_work, 1_500); return _work[0]; }

    /// <summary>What the engine uses: the vector partition select of rank k − 1, then one compress pass.</summary>
    [Benchmark] public ulong TopK_VectorSelect() { _keys.CopyTo(_work, 0); Selection.SmallestFirstVector(_work, 1_500, _work3); return _work[0]; }

    [Benchmark] public float Quintile_CopyQuickselect() { _values.CopyTo(_fwork, 0); return Selection.KthSmallest(_fwork.AsSpan(0, _values.Length), 4 * _values.Length / 5); }

    /// <summary>What the engine uses: a sampled bracket, one filtering pass, quickselect inside the bracket.</summary>
    [Benchmark] public float Quintile_SampledBracket() => Selection.KthSmallestCopy(_values, 4 * _values.Length / 5, _fwork);
}
