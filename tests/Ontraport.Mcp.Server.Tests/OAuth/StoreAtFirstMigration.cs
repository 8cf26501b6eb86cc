using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Ontraport.Mcp.Server.OAuth;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// A store as an earlier version left it: the schema of the first migration (InitialStore), written with plain SQL, so a
/// test can start today's server on it and see what the later migrations do to its rows.
/// </summary>
internal sealed class StoreAtFirstMigration : IAsyncDisposable
{
    private readonly OAuthDbContext _db;

    private StoreAtFirstMigration(OAuthDbContext db) => _db = db;

    /// <param name="database">A SQLite file path or a PostgreSQL connection string, as <c>ONTRAPORT_MCP_DATABASE</c> takes it.</param>
    /// <param name="withoutHistory">As an earlier version's <c>EnsureCreated</c> left it: the tables, no migration recorded.</param>
    public static async Task<StoreAtFirstMigration> CreateAsync(string database, bool withoutHistory = false)
    {
        OAuthDbContext db = OAuthSettings.LooksLikePostgres(database)
            ? new PostgreSqlOAuthDbContext(new DbContextOptionsBuilder<PostgreSqlOAuthDbContext>().UseNpgsql(database).UseOpenIddict().Options)
            : new SqliteOAuthDbContext(new DbContextOptionsBuilder<SqliteOAuthDbContext>().UseSqlite("Data Source=" + database).UseOpenIddict().Options);
        await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
        if (withoutHistory)
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\"");
        }

        return new StoreAtFirstMigration(db);
    }

    /// <summary>A grant row as the first schema has it, with its OpenIddict authorization and one valid token.</summary>
    public async Task AddGrantAsync(string id, string clientId, string appId, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        var authorization = "auth-" + id;
        await _db.Database.ExecuteSqlAsync($"INSERT INTO \"OpenIddictAuthorizations\" (\"Id\", \"Status\", \"Subject\", \"Type\") VALUES ({authorization}, 'valid', {id}, 'permanent')");
        await _db.Database.ExecuteSqlAsync($"INSERT INTO \"OpenIddictTokens\" (\"Id\", \"AuthorizationId\", \"Status\", \"Subject\", \"Type\") VALUES ({"token-" + id}, {authorization}, 'valid', {id}, 'refresh_token')");
        await _db.Database.ExecuteSqlAsync($"""
            INSERT INTO "OntraportGrants" ("Id", "ClientId", "ClientName", "AppId", "ProtectedApiKey", "Allowance", "AuthorizationId", "CreatedAt", "UpdatedAt")
            VALUES ({id}, {clientId}, 'Before', {appId}, 'x', 'ro crud', {authorization}, {createdAt}, {updatedAt})
            """);
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
