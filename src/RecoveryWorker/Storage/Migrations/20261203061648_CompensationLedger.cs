using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryWorker.Storage.Migrations
{
    /// <inheritdoc />
    public partial class CompensationLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "compensations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "GrantedAt",
                table: "compensations",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone");

            migrationBuilder.AlterColumn<string>(
                name: "Currency",
                table: "compensations",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "BreachType",
                table: "compensations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Carrier",
                table: "compensations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "GrantedBy",
                table: "compensations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IssuerRef",
                table: "compensations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OfferedAt",
                table: "compensations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OfferedBy",
                table: "compensations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ProposedAt",
                table: "compensations",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "ProposedBy",
                table: "compensations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "compensations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RedeemedAt",
                table: "compensations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RedeemedBy",
                table: "compensations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "compensations",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpdatedAt",
                table: "compensations",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "WithdrawnAt",
                table: "compensations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawnBy",
                table: "compensations",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            // Rows written before the ledger kept states were written when the ticket opened: they become offered at
            // that time (nothing was known to be granted), with the carrier and breach type of their case.
            migrationBuilder.Sql("""
                UPDATE compensations
                SET "Status" = 'offered', "ProposedAt" = "GrantedAt", "ProposedBy" = 'worker', "OfferedAt" = "GrantedAt",
                    "OfferedBy" = 'worker', "UpdatedAt" = "GrantedAt", "GrantedAt" = NULL;
                UPDATE compensations AS c SET "BreachType" = k."BreachType" FROM cases AS k WHERE k."Id" = c."CaseId";
                UPDATE compensations AS c SET "Carrier" = s."Carrier"
                FROM cases AS k JOIN shipments AS s ON s."Id" = k."ShipmentId" WHERE k."Id" = c."CaseId";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_compensations_ProposedAt",
                table: "compensations",
                column: "ProposedAt");

            migrationBuilder.CreateIndex(
                name: "IX_compensations_Status_ProposedAt",
                table: "compensations",
                columns: new[] { "Status", "ProposedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""UPDATE compensations SET "GrantedAt" = COALESCE("OfferedAt", "ProposedAt") WHERE "GrantedAt" IS NULL;""");

            migrationBuilder.DropIndex(
                name: "IX_compensations_ProposedAt",
                table: "compensations");

            migrationBuilder.DropIndex(
                name: "IX_compensations_Status_ProposedAt",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "BreachType",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "Carrier",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "GrantedBy",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "IssuerRef",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "OfferedAt",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "OfferedBy",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "ProposedAt",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "ProposedBy",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "RedeemedAt",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "RedeemedBy",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "compensations");

            migrationBuilder.DropColumn(
                name: "WithdrawnBy",
                table: "compensations");

            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "compensations",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "GrantedAt",
                table: "compensations",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)),
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Currency",
                table: "compensations",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(3)",
                oldMaxLength: 3);
        }
    }
}
