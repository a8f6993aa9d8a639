using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace RecoveryWorker.Storage;

/// <summary>
/// For <c>dotnet ef migrations add</c>: migrations are written for PostgreSQL (production); SQLite, the embedded
/// default, creates its schema from the model. Needs no running database.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<RecoveryDbContext>
{
    public RecoveryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RecoveryDbContext>().UseNpgsql("Host=localhost;Database=recoveryworker_design").Options);
}
