using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryWorker.Storage.Migrations
{
    /// <inheritdoc />
    public partial class WebhookInboxAndPushSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PushSubscribedUntil",
                table: "shipments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceRef",
                table: "shipments",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DeliveryId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Topic = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Repeats = table.Column<int>(type: "integer", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: true),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_deliveries", x => new { x.Source, x.DeliveryId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_shipments_SourceRef",
                table: "shipments",
                column: "SourceRef");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_ProcessedAt",
                table: "webhook_deliveries",
                column: "ProcessedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "IX_shipments_SourceRef",
                table: "shipments");

            migrationBuilder.DropColumn(
                name: "PushSubscribedUntil",
                table: "shipments");

            migrationBuilder.DropColumn(
                name: "SourceRef",
                table: "shipments");
        }
    }
}
