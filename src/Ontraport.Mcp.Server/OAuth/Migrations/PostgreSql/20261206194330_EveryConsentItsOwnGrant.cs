using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ontraport.Mcp.Server.OAuth.Migrations.PostgreSql
{
    /// <summary>
    /// Every consent becomes a grant of its own (issue 18). Before, a second consent through the same client to the same
    /// Ontraport account overwrote the grant's key and allowance, and every token of the first person followed it. Those
    /// grants cannot be split back apart: which person each token belongs to was never recorded. So a grant that was
    /// ever updated after its consent (UpdatedAt differs from CreatedAt) is ended here, with its OpenIddict authorization
    /// and tokens; its users sign in again, each into a grant of their own. Grants never overwritten keep working.
    /// </summary>
    public partial class EveryConsentItsOwnGrant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OntraportGrants_ClientId_AppId",
                table: "OntraportGrants");

            migrationBuilder.AddColumn<string>(
                name: "KeyHint",
                table: "OntraportGrants",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUsedAt",
                table: "OntraportGrants",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevokedReason",
                table: "OntraportGrants",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OntraportGrants_ClientId",
                table: "OntraportGrants",
                column: "ClientId");

            const string merged = "SELECT \"AuthorizationId\" FROM \"OntraportGrants\" WHERE \"RevokedAt\" IS NULL AND \"UpdatedAt\" <> \"CreatedAt\" AND \"AuthorizationId\" IS NOT NULL";
            migrationBuilder.Sql($"UPDATE \"OpenIddictTokens\" SET \"Status\" = 'revoked' WHERE \"Status\" = 'valid' AND \"AuthorizationId\" IN ({merged});");
            migrationBuilder.Sql($"UPDATE \"OpenIddictAuthorizations\" SET \"Status\" = 'revoked' WHERE \"Status\" = 'valid' AND \"Id\" IN ({merged});");
            migrationBuilder.Sql("UPDATE \"OntraportGrants\" SET \"RevokedAt\" = now(), \"RevokedReason\" = "
                + "'ended by the upgrade to one grant per consent: a later consent had overwritten its key and allowance; sign in again' "
                + "WHERE \"RevokedAt\" IS NULL AND \"UpdatedAt\" <> \"CreatedAt\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OntraportGrants_ClientId",
                table: "OntraportGrants");

            migrationBuilder.DropColumn(
                name: "KeyHint",
                table: "OntraportGrants");

            migrationBuilder.DropColumn(
                name: "LastUsedAt",
                table: "OntraportGrants");

            migrationBuilder.DropColumn(
                name: "RevokedReason",
                table: "OntraportGrants");

            migrationBuilder.CreateIndex(
                name: "IX_OntraportGrants_ClientId_AppId",
                table: "OntraportGrants",
                columns: new[] { "ClientId", "AppId" });
        }
    }
}
