using Microsoft.EntityFrameworkCore;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// The OAuth store: OpenIddict's applications, authorizations and tokens (tokens hold no payload: they are data-protected
/// and only their ids and states are kept) and our grants, one per consent. One model, two
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
            grant.Property(g => g.KeyHint).HasMaxLength(16);
            grant.Property(g => g.RevokedReason).HasMaxLength(200);
            grant.HasIndex(g => g.ClientId);
        });
    }
}

/// <summary>The store on SQLite (the embedded default); migrations in OAuth/Migrations/Sqlite.</summary>
public sealed class SqliteOAuthDbContext(DbContextOptions<SqliteOAuthDbContext> options) : OAuthDbContext(options);

/// <summary>The store on PostgreSQL (several instances); migrations in OAuth/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlOAuthDbContext(DbContextOptions<PostgreSqlOAuthDbContext> options) : OAuthDbContext(options);

/// <summary>
/// One consent: one person signing in through one client to one Ontraport account, with the key and allowance they gave,
/// encrypted with Data Protection. Every consent makes a grant of its own, so two people on the same client and account
/// never share one; the tokens it issues name it as their subject and belong to its own OpenIddict authorization.
/// </summary>
public sealed class OAuthGrant
{
    public required string Id { get; set; }

    public required string ClientId { get; set; }

    public required string ClientName { get; set; }

    public required string AppId { get; set; }

    /// <summary>The API key, protected with the grant-key purpose of Data Protection (never stored in clear).</summary>
    public required string ProtectedApiKey { get; set; }

    /// <summary><see cref="Tools.ToolAllowance.ToStored"/>.</summary>
    public required string Allowance { get; set; }

    /// <summary>The OpenIddict authorization every token of this grant belongs to.</summary>
    public string? AuthorizationId { get; set; }

    /// <summary>
    /// The last characters of the key ("…K1xx"), only for keys long enough that they leave the rest unguessable, so the
    /// operator can tell grants apart with the person ("my key ends in K1xx"); null for short keys. Never the key, never a
    /// hash of it.
    /// </summary>
    public string? KeyHint { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Equal to <see cref="CreatedAt"/>: a grant's key and allowance never change after its consent. Before every consent
    /// had a grant of its own, a later consent on the same client and account overwrote them here (see the migration
    /// EveryConsentItsOwnGrant, which ended those grants).
    /// </summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When its client last got a token for it (the code redeemed, or a refresh).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>Set when the user, the client or the operator revoked the grant; a revoked grant never comes back.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Who ended it, for the operator's list: the client (RFC 7009), the operator, or a migration.</summary>
    public string? RevokedReason { get; set; }

    /// <summary>Set when Ontraport refused the key (401): the grant stops working; the person signs in again (a new grant).</summary>
    public DateTimeOffset? CredentialsRejectedAt { get; set; }
}
