using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.OAuth;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>The PostgreSQL store on a real server: migrations on start, several instances starting at once, baselining.</summary>
public sealed class OAuthPostgresStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";

    [PostgresFact]
    public async Task Several_instances_starting_at_once_on_one_new_database_all_start_and_migrate_it_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        var keys = Path.Combine(Path.GetTempPath(), "ontraport-oauth-tests", Guid.NewGuid().ToString("N"));
        var starts = Enumerable.Range(0, 4).Select(_ => OAuthHost.StartAsync(databasePath: database, keyRingDirectory: keys)).ToList();
        var hosts = await Task.WhenAll(starts);
        try
        {
            using var scope = hosts[0].Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OAuthDbContext>();
            Assert.IsType<PostgreSqlOAuthDbContext>(db);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            var rows = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"__EFMigrationsHistory\"").SingleAsync();
            Assert.Equal(db.Database.GetMigrations().Count(), rows);

            // Every instance works on the one store: a client registered on one is known to another.
            var clientId = await hosts[1].RegisterAsync(Redirect);
            var tokens = await hosts[2].SignInAsync(clientId, Redirect, "app-concurrent");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await hosts[3].CallAsync(tokens.GetProperty("access_token").GetString())).Status);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            Directory.Delete(keys, recursive: true);
        }
    }

    [PostgresFact]
    public async Task A_PostgreSQL_store_made_by_EnsureCreated_keeps_its_grants_and_is_baselined()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using (var old = await StoreAtFirstMigration.CreateAsync(database, withoutHistory: true))
        {
            var at = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
            await old.AddGrantAsync("grant-from-before", "client-before", "app-before", at, at);
        }

        await using var host = await OAuthHost.StartAsync(databasePath: database);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OAuthDbContext>();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal("client-before", (await db.Grants.SingleAsync(g => g.Id == "grant-from-before")).ClientId);
    }

    [PostgresFact]
    public async Task An_unreachable_PostgreSQL_stops_the_start_without_the_password_in_the_message()
    {
        var unreachable = postgres.ConnectionString("nowhere").Replace($"Port={postgres.Port}", "Port=1", StringComparison.Ordinal) + ";Password=secret-password-123";
        var error = await Assert.ThrowsAnyAsync<Exception>(() => OAuthHost.StartAsync(databasePath: unreachable));
        Assert.DoesNotContain("secret-password-123", error.ToString(), StringComparison.Ordinal);
    }
}
