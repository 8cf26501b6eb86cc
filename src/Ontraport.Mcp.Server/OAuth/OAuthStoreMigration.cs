using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// Brings the store's schema to this version on start, before the server takes requests: EF Core migrations of the
/// provider in use (OAuth/Migrations/Sqlite or OAuth/Migrations/PostgreSql). A store that an earlier version made with
/// <c>EnsureCreated</c> (its tables, no migration recorded) is recorded as being at the first migration, which
/// is exactly that schema, and then moved on like any other.
/// </summary>
internal sealed partial class OAuthStoreMigration(IServiceProvider services, OAuthSettings settings, ILogger<OAuthStoreMigration> logger) : IHostedService
{
    /// <summary>
    /// The PostgreSQL advisory lock every instance takes around the whole migration. EF Core 10's own migration lock
    /// (Npgsql locks the history table) covers <c>Migrate</c>: eight instances migrating one new database at once all
    /// started without ours. It does not cover our baseline step before it, where two instances would both insert the
    /// history row.
    /// </summary>
    internal const long PostgreSqlLockKey = 0x4F4E5452_4D435031; // "ONTRMCP1"

    /// <summary>Tables the first migration creates; all present and no history means an EnsureCreated store.</summary>
    private static readonly string[] InitialTables = ["OpenIddictApplications", "OpenIddictAuthorizations", "OpenIddictScopes", "OpenIddictTokens", "OntraportGrants"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.DatabasePath is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OAuthDbContext>();
        var postgres = settings.Store == OAuthStoreKind.PostgreSql;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (postgres)
            {
                // Waits for another instance's migration; a slow one gets two minutes before this start fails.
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(2));
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({PostgreSqlLockKey})", cancellationToken);
                db.Database.SetCommandTimeout(null);
            }

            await BaselineEnsureCreatedStoreAsync(db, postgres, cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            if (pending.Count > 0)
            {
                LogMigrated(logger, settings.Store, string.Join(", ", pending));
            }
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({PostgreSqlLockKey})", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task BaselineEnsureCreatedStoreAsync(OAuthDbContext db, bool postgres, CancellationToken cancellationToken)
    {
        // Applied migrations, not the history table's presence: Npgsql's EnsureCreated leaves an empty history table.
        var history = db.GetService<IHistoryRepository>();
        if ((await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            return;
        }

        var present = new List<string>();
        foreach (var table in InitialTables)
        {
            var query = postgres
                ? "SELECT CAST(COUNT(*) AS integer) AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = {0}"
                : "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {0}";
            if (await db.Database.SqlQueryRaw<int>(query, table).SingleAsync(cancellationToken) > 0)
            {
                present.Add(table);
            }
        }

        if (present.Count == 0)
        {
            return; // a new store: Migrate creates everything
        }

        if (present.Count < InitialTables.Length)
        {
            throw new InvalidOperationException(
                $"The OAuth store ({settings.Store}) has some of this server's tables ({string.Join(", ", present)}) but not all, and no migration history. "
                + "It was not made by this server; point ONTRAPORT_MCP_DATABASE at an empty database or at one this server made.");
        }

        var initial = db.Database.GetMigrations().First();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(initial, ProductInfo.GetVersion())), cancellationToken);
        LogBaselined(logger, settings.Store, initial);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OAuth store ({Store}) migrated: {Migrations}")]
    private static partial void LogMigrated(ILogger logger, OAuthStoreKind store, string migrations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth store ({Store}) was made by an earlier version without migrations; recorded it as {Migration}")]
    private static partial void LogBaselined(ILogger logger, OAuthStoreKind store, string migration);
}
