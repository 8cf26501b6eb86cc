using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// For <c>dotnet ef migrations add &lt;Name&gt; --context SqliteOAuthDbContext --output-dir OAuth/Migrations/Sqlite</c>:
/// the tool needs a context without the host. The connection string is never opened when adding a migration.
/// </summary>
internal sealed class SqliteOAuthDbContextDesignTime : IDesignTimeDbContextFactory<SqliteOAuthDbContext>
{
    public SqliteOAuthDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOAuthDbContext>().UseSqlite("Data Source=design-time.db").UseOpenIddict().Options);
}

/// <summary>For <c>dotnet ef migrations add &lt;Name&gt; --context PostgreSqlOAuthDbContext --output-dir OAuth/Migrations/PostgreSql</c>.</summary>
internal sealed class PostgreSqlOAuthDbContextDesignTime : IDesignTimeDbContextFactory<PostgreSqlOAuthDbContext>
{
    public PostgreSqlOAuthDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlOAuthDbContext>().UseNpgsql("Host=localhost;Database=ontraport_mcp").UseOpenIddict().Options);
}
