using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryWorker.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ShipmentChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CancelledAt",
                table: "shipments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Version",
                table: "shipments",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "shipment_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ShipmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Details = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shipment_changes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_shipment_changes_ShipmentId_At",
                table: "shipment_changes",
                columns: new[] { "ShipmentId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "shipment_changes");

            migrationBuilder.DropColumn(
                name: "CancelledAt",
                table: "shipments");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "shipments");
        }
    }
}
