using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.Hosting.Distributed;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests.Distributed;

/// <summary>In oauth mode with <c>ONTRAPORT_MCP_REDIS</c>, the Data Protection key ring lives in Redis: what one instance protects (a stored API key, a token, the consent cookie) every other can read.</summary>
public sealed class DataProtectionRedisTests
{
    private static ServerHost OAuthInstance(RedisServer redis, string directory) => new(
        ("ONTRAPORT_MCP_MODE", "oauth"),
        ("ONTRAPORT_MCP_PUBLIC_URL", "http://localhost"),
        ("ONTRAPORT_MCP_DATABASE", Path.Combine(directory, "oauth.db")),
        ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", Path.Combine(directory, "keys")),
        ("ONTRAPORT_MCP_REDIS", redis.Configuration),
        ("ONTRAPORT_BASE_URL", "embedded"));

    [RedisFact]
    public async Task What_one_instance_protects_another_unprotects_and_no_key_is_written_to_disk()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dp-redis-" + Guid.NewGuid().ToString("N"));
        await using var redis = await RedisServer.StartNewAsync();
        try
        {
            await using (var a = OAuthInstance(redis, Path.Combine(directory, "a")))
            await using (var b = OAuthInstance(redis, Path.Combine(directory, "b")))
            {
                var secret = a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("api-key-of-a-grant");
                Assert.Equal("api-key-of-a-grant", b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
            }

            Assert.False(Directory.Exists(Path.Combine(directory, "a", "keys")) && Directory.EnumerateFiles(Path.Combine(directory, "a", "keys")).Any());
            await using var client = await redis.ConnectAsync();
            Assert.True(await client.GetDatabase().KeyExistsAsync(DistributedState.DataProtectionKey));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
