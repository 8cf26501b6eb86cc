namespace Ontraport.Testing;

/// <summary>A fact that skips, saying why, when redis-server is not installed (CI installs it and refuses such a skip).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (!RedisServer.Available)
        {
            Skip = $"{RedisServer.Binary} is not installed (apt-get install redis-server; .ci/run does).";
        }
    }
}
