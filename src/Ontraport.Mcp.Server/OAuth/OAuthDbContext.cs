using Microsoft.EntityFrameworkCore;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// The OAuth store: OpenIddict's applications, authorizations and tokens (tokens hold no payload: they are data-protected
/// and only their ids and states are kept) and our grants, one per (client, Ontraport account). One model, two
/// providers: <see cref="SqliteOAuthDbContext"/> and <see cref="PostgreSqlOAuthDbContext"/> exist only so each provider
/// has its own migrations (EF Core ties a migration set to one context type).
/// </summary>
public abstract class OAuthDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<OAuthGrant> Grants => Set<OAuthGrant>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<OAuthGrant>(grant =>
        {
            grant.ToTable("OntraportGrants");
            grant.HasKey(g => g.Id);
            grant.Property(g => g.Id).HasMaxLength(64);
            grant.Property(g => g.ClientId).HasMaxLength(2048).IsRequired();
            grant.Property(g => g.ClientName).HasMaxLength(200).IsRequired();
            grant.Property(g => g.AppId).HasMaxLength(OAuthInput.MaxAppIdLength).IsRequired();
            grant.Property(g => g.ProtectedApiKey).IsRequired();
            grant.Property(g => g.Allowance).HasMaxLength(100).IsRequired();
            grant.Property(g => g.AuthorizationId).HasMaxLength(100);
            grant.HasIndex(g => new { g.ClientId, g.AppId });
        });
    }
}

/// <summary>The store on SQLite (the embedded default); migrations in OAuth/Migrations/Sqlite.</summary>
public sealed class SqliteOAuthDbContext(DbContextOptions<SqliteOAuthDbContext> options) : OAuthDbContext(options);

/// <summary>The store on PostgreSQL (several instances); migrations in OAuth/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlOAuthDbContext(DbContextOptions<PostgreSqlOAuthDbContext> options) : OAuthDbContext(options);

/// <summary>One user's sign-in: one client, one Ontraport account, its key encrypted with Data Protection.</summary>
public sealed class OAuthGrant
{
    public required string Id { get; set; }

    public required string ClientId { get; set; }

    public required string ClientName { get; set; }

    public required string AppId { get; set; }

    /// <summary>The API key, protected with the grant-key purpose of Data Protection (never stored in clear).</summary>
    public required string ProtectedApiKey { get; set; }

    /// <summary><see cref="GrantAllowance.ToStored"/>.</summary>
    public required string Allowance { get; set; }

    /// <summary>The OpenIddict authorization every token of this grant belongs to.</summary>
    public string? AuthorizationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set when the user, the client or the operator revoked the grant; a revoked grant never comes back.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Set when Ontraport refused the key (401); the next authorization for the same pair replaces the key.</summary>
    public DateTimeOffset? CredentialsRejectedAt { get; set; }
}
