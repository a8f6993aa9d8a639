using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryWorker.Storage.Migrations
{
    /// <inheritdoc />
    public partial class OwedEffects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "TicketJobId",
                table: "cases",
                newName: "EffectsJobId");

            migrationBuilder.CreateTable(
                name: "owed_effects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: true),
                    Public = table.Column<bool>(type: "boolean", nullable: false),
                    Group = table.Column<string>(type: "text", nullable: true),
                    FollowUpId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_owed_effects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_owed_effects_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_owed_effects_CaseId_State",
                table: "owed_effects",
                columns: new[] { "CaseId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_owed_effects_Key",
                table: "owed_effects",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_owed_effects_State_CreatedAt",
                table: "owed_effects",
                columns: new[] { "State", "CreatedAt" });

            // Cases that were waiting for their ticket before the outbox existed now owe it as an effect, so the
            // sweep's one lost-work loop finds them.
            migrationBuilder.Sql("""
                INSERT INTO owed_effects ("Id", "CaseId", "Key", "Kind", "Public", "CreatedAt", "Ordinal", "State", "Attempts")
                SELECT gen_random_uuid(), c."Id", c."Key" || ':ticket', 'open_ticket', false, now(), 0, 'Pending', 0
                FROM cases c
                WHERE c."Status" IN ('Detected', 'TicketPending') AND c."TicketClaim" <> 'Done';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "owed_effects");

            migrationBuilder.RenameColumn(
                name: "EffectsJobId",
                table: "cases",
                newName: "TicketJobId");
        }
    }
}
