using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.OAuth;
using Ontraport.Mcp.Server.Tests.OAuth;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, high, "migrate existing stores": a grant that a later consent overwrote (UpdatedAt after CreatedAt) mixes two
/// people's sign-ins that nothing can split apart again, so the migration to one grant per consent ends it, with its
/// authorization and tokens; a grant never overwritten keeps working. On both stores.
/// </summary>
public sealed class OAuthGrantMigrationTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task On_SQLite_grants_overwritten_by_a_later_consent_are_ended_and_the_others_kept()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ontraport-oauth-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await MigratesAsync(Path.Combine(directory, "before.db"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [PostgresFact]
    public async Task On_PostgreSQL_grants_overwritten_by_a_later_consent_are_ended_and_the_others_kept() =>
        await MigratesAsync(await postgres.CreateDatabaseAsync());

    private static async Task MigratesAsync(string database)
    {
        await using (var before = await StoreAtFirstMigration.CreateAsync(database))
        {
            await before.AddGrantAsync("grant-merged", "client-shared", "app-shared", Created, Created.AddHours(3));
            await before.AddGrantAsync("grant-alone", "client-shared", "app-other", Created, Created);
        }

        await using var host = await OAuthHost.StartAsync(databasePath: database);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OAuthDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());

        var merged = await db.Grants.SingleAsync(g => g.Id == "grant-merged");
        Assert.NotNull(merged.RevokedAt);
        Assert.Contains("sign in again", merged.RevokedReason, StringComparison.Ordinal);
        var alone = await db.Grants.SingleAsync(g => g.Id == "grant-alone");
        Assert.Null(alone.RevokedAt);
        Assert.Null(alone.RevokedReason);

        Assert.Equal("revoked", await StatusAsync(db, "OpenIddictAuthorizations", "auth-grant-merged"));
        Assert.Equal("revoked", await StatusAsync(db, "OpenIddictTokens", "token-grant-merged"));
        Assert.Equal("valid", await StatusAsync(db, "OpenIddictAuthorizations", "auth-grant-alone"));
        Assert.Equal("valid", await StatusAsync(db, "OpenIddictTokens", "token-grant-alone"));

        // The ended grant gives nothing to a token that names it; the kept one still resolves.
        var resolver = host.Services.GetRequiredService<OAuthGrantResolver>();
        Assert.Null(await resolver.GetActiveAsync("grant-merged", CancellationToken.None));
    }

    private static Task<string> StatusAsync(OAuthDbContext db, string table, string id) => table switch
    {
        "OpenIddictAuthorizations" => db.Database.SqlQuery<string>($"SELECT \"Status\" AS \"Value\" FROM \"OpenIddictAuthorizations\" WHERE \"Id\" = {id}").SingleAsync(),
        _ => db.Database.SqlQuery<string>($"SELECT \"Status\" AS \"Value\" FROM \"OpenIddictTokens\" WHERE \"Id\" = {id}").SingleAsync(),
    };
}
