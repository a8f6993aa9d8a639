using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryWorker.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ConsoleSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_shipments_CustomerId",
                table: "shipments",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_shipments_OrderId",
                table: "shipments",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_shipments_PromisedBy",
                table: "shipments",
                column: "PromisedBy");

            migrationBuilder.CreateIndex(
                name: "IX_shipments_TrackingNumber",
                table: "shipments",
                column: "TrackingNumber");

            migrationBuilder.CreateIndex(
                name: "IX_cases_DetectedAt",
                table: "cases",
                column: "DetectedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_shipments_CustomerId",
                table: "shipments");

            migrationBuilder.DropIndex(
                name: "IX_shipments_OrderId",
                table: "shipments");

            migrationBuilder.DropIndex(
                name: "IX_shipments_PromisedBy",
                table: "shipments");

            migrationBuilder.DropIndex(
                name: "IX_shipments_TrackingNumber",
                table: "shipments");

            migrationBuilder.DropIndex(
                name: "IX_cases_DetectedAt",
                table: "cases");
        }
    }
}
