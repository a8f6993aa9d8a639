using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryWorker.Storage.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataErasure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PersonalDataErasedAt",
                table: "shipments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PersonalDataErasedAt",
                table: "local_tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PersonalDataErasedAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_shipments_PersonalDataErasedAt",
                table: "shipments",
                column: "PersonalDataErasedAt");

            migrationBuilder.CreateIndex(
                name: "IX_local_tickets_PersonalDataErasedAt",
                table: "local_tickets",
                column: "PersonalDataErasedAt");

            migrationBuilder.CreateIndex(
                name: "IX_cases_PersonalDataErasedAt",
                table: "cases",
                column: "PersonalDataErasedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_shipments_PersonalDataErasedAt",
                table: "shipments");

            migrationBuilder.DropIndex(
                name: "IX_local_tickets_PersonalDataErasedAt",
                table: "local_tickets");

            migrationBuilder.DropIndex(
                name: "IX_cases_PersonalDataErasedAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "PersonalDataErasedAt",
                table: "shipments");

            migrationBuilder.DropColumn(
                name: "PersonalDataErasedAt",
                table: "local_tickets");

            migrationBuilder.DropColumn(
                name: "PersonalDataErasedAt",
                table: "cases");
        }
    }
}
