namespace Ontraport.Sandbox.Seed;

/// <summary>
/// SplitMix64: a tiny generator whose output depends only on the seed, on every platform and runtime version
/// (unlike <see cref="Random"/>'s unspecified algorithm), so the demo account is reproducible.
/// </summary>
internal sealed class SeedRandom
{
    private ulong _state;

    public SeedRandom(int seed)
    {
        _state = unchecked((ulong)(uint)seed * 0xD1B54A32D192ED03UL + 0x632BE59BD9B4E019UL);
    }

    public ulong NextUInt64()
    {
        _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        var z = _state;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>An integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        return (int)(NextUInt64() % (ulong)maxExclusive);
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Picks by weight: <c>(value, weight)</c> pairs.</summary>
    public T Weighted<T>(params (T Value, int Weight)[] choices)
    {
        var roll = Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return choices[^1].Value;
    }

    /// <summary>A money amount in [min, max], whole dollars.</summary>
    public decimal Dollars(int min, int max) => Next(min, max + 1);
}
