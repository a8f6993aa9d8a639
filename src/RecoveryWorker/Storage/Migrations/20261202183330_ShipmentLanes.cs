using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryWorker.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ShipmentLanes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DestinationCountry",
                table: "shipments",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DestinationPostalCode",
                table: "shipments",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DestinationRegion",
                table: "shipments",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginCountry",
                table: "shipments",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginPostalCode",
                table: "shipments",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginRegion",
                table: "shipments",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DestinationCountry",
                table: "shipments");

            migrationBuilder.DropColumn(
                name: "DestinationPostalCode",
                table: "shipments");

            migrationBuilder.DropColumn(
                name: "DestinationRegion",
                table: "shipments");

            migrationBuilder.DropColumn(
                name: "OriginCountry",
                table: "shipments");

            migrationBuilder.DropColumn(
                name: "OriginPostalCode",
                table: "shipments");

            migrationBuilder.DropColumn(
                name: "OriginRegion",
                table: "shipments");
        }
    }
}
