using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryWorker.Storage.Migrations
{
    /// <summary>
    /// Quartz's clustered job store (AdoJobStore on PostgreSQL, prefix qrtz_): Quartz's own create-if-missing schema
    /// for the referenced version, see <see cref="QuartzSchema"/>. Created here, once; never dropped on the way up.
    /// </summary>
    public partial class QuartzTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in QuartzSchema.Statements())
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in QuartzSchema.Tables().Reverse())
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table} CASCADE;");
            }
        }
    }
}
