namespace RecoveryWorker.Tests.Support;

/// <summary>
/// Tests that must not share the machine or the database server with others: worker processes under load, and the
/// test that stops the PostgreSQL server every other test class uses. xunit runs this collection on its own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
