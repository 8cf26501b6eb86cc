using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.OAuth;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// The SQLite store's schema comes from EF Core migrations applied on start, and a store an earlier version made with
/// EnsureCreated (tables, no migration history) keeps its data and moves onto migrations.
/// </summary>
public sealed class OAuthStoreMigrationTests
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";

    [Fact]
    public async Task A_new_SQLite_store_is_created_by_the_migrations_and_the_flow_works_on_it()
    {
        await using var host = await OAuthHost.StartAsync();
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OAuthDbContext>();
            Assert.IsType<SqliteOAuthDbContext>(db);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        var clientId = await host.RegisterAsync(Redirect);
        var tokens = await host.SignInAsync(clientId, Redirect, "app-migrated");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await host.CallAsync(tokens.GetProperty("access_token").GetString())).Status);
    }

    [Fact]
    public async Task A_store_made_by_EnsureCreated_in_an_earlier_version_keeps_its_grants_and_is_baselined()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ontraport-oauth-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "old.db");
        var keys = Path.Combine(directory, "keys");
        try
        {
            // What the previous version did on start: EnsureCreated on its model (the first migration's schema), no history.
            await using (var old = await StoreAtFirstMigration.CreateAsync(file, withoutHistory: true))
            {
                var at = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
                await old.AddGrantAsync("grant-from-before", "client-before", "app-before", at, at);
            }

            await using var host = await OAuthHost.StartAsync(databasePath: file, keyRingDirectory: keys);
            using (var scope = host.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<OAuthDbContext>();
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
                var kept = await db.Grants.SingleAsync(g => g.Id == "grant-from-before");
                Assert.Equal("client-before", kept.ClientId);
                Assert.Null(kept.RevokedAt);
            }

            // And the store works as before: a new client signs in and is stored beside the old grant.
            var clientId = await host.RegisterAsync(Redirect);
            var tokens = await host.SignInAsync(clientId, Redirect, "app-after");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await host.CallAsync(tokens.GetProperty("access_token").GetString())).Status);
            Assert.Equal(2, await host.GrantCountAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_database_with_only_some_of_the_tables_stops_the_start_with_a_clear_message()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ontraport-oauth-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "foreign.db");
        try
        {
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + file))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE OntraportGrants (Id TEXT PRIMARY KEY)";
                await command.ExecuteNonQueryAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OAuthHost.StartAsync(databasePath: file));
            Assert.Contains("not made by this server", error.Message, StringComparison.Ordinal);
            Assert.Contains("ONTRAPORT_MCP_DATABASE", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Both_migration_sets_match_the_model()
    {
        // A model change without `dotnet ef migrations add` for both providers fails here (and Migrate would refuse it).
        using var sqlite = new SqliteOAuthDbContext(new DbContextOptionsBuilder<SqliteOAuthDbContext>().UseSqlite("Data Source=:memory:").UseOpenIddict().Options);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "run: dotnet ef migrations add <Name> --context SqliteOAuthDbContext --output-dir OAuth/Migrations/Sqlite");
        using var postgres = new PostgreSqlOAuthDbContext(new DbContextOptionsBuilder<PostgreSqlOAuthDbContext>().UseNpgsql("Host=localhost").UseOpenIddict().Options);
        Assert.False(postgres.Database.HasPendingModelChanges(), "run: dotnet ef migrations add <Name> --context PostgreSqlOAuthDbContext --output-dir OAuth/Migrations/PostgreSql");
        Assert.Equal(sqlite.Database.GetMigrations().Count(), postgres.Database.GetMigrations().Count());
    }
}
