using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RecoveryWorker.Storage;

/// <summary>The state store: the source of truth for shipments, cases, follow-ups, the ledger and local tickets.</summary>
internal sealed class RecoveryDbContext(DbContextOptions<RecoveryDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<ShipmentRecord> Shipments => Set<ShipmentRecord>();

    public DbSet<CaseRecord> Cases => Set<CaseRecord>();

    public DbSet<ShipmentChangeRecord> ShipmentChanges => Set<ShipmentChangeRecord>();

    public DbSet<WebhookDeliveryRecord> WebhookDeliveries => Set<WebhookDeliveryRecord>();

    public DbSet<FollowUpRecord> FollowUps => Set<FollowUpRecord>();

    public DbSet<CompensationRecord> Compensations => Set<CompensationRecord>();

    public DbSet<OwedEffectRecord> OwedEffects => Set<OwedEffectRecord>();

    public DbSet<ClaimRecord> Claims => Set<ClaimRecord>();

    public DbSet<ClaimEventRecord> ClaimEvents => Set<ClaimEventRecord>();

    public DbSet<SentCommentRecord> SentComments => Set<SentCommentRecord>();

    public DbSet<LocalTicketRecord> LocalTickets => Set<LocalTicketRecord>();

    public DbSet<LocalTicketCommentRecord> LocalTicketComments => Set<LocalTicketCommentRecord>();

    /// <summary>ASP.NET Core's key ring (sign-in cookies, antiforgery), shared by every replica on PostgreSQL.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.Entity<ShipmentRecord>(shipment =>
        {
            shipment.ToTable("shipments");
            shipment.HasIndex(s => new { s.Carrier, s.TrackingNumber, s.OrderId }).IsUnique();
            shipment.HasIndex(s => s.NextCheckAt);
            shipment.HasIndex(s => s.PersonalDataErasedAt); // retention skips erased rows without walking them
            shipment.HasIndex(s => s.SourceRef); // a store's fulfilment finds its shipments (cancellation, updates)
            shipment.HasIndex(s => s.TrackingNumber); // the console's search and pushed scans by number alone
            shipment.HasIndex(s => s.OrderId);
            shipment.HasIndex(s => s.CustomerId);
            shipment.HasIndex(s => s.PromisedBy); // promise keeping: the deadlines of a period
            shipment.Property(s => s.SourceRef).HasMaxLength(200);
            shipment.Property(s => s.OriginCountry).HasMaxLength(2);
            shipment.Property(s => s.OriginRegion).HasMaxLength(3);
            shipment.Property(s => s.OriginPostalCode).HasMaxLength(12);
            shipment.Property(s => s.DestinationCountry).HasMaxLength(2);
            shipment.Property(s => s.DestinationRegion).HasMaxLength(3);
            shipment.Property(s => s.DestinationPostalCode).HasMaxLength(12);
            shipment.Property(s => s.OrderValue).HasPrecision(18, 4);
            shipment.Property(s => s.ShippingCost).HasPrecision(18, 4);
            shipment.Property(s => s.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<WebhookDeliveryRecord>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => new { d.Source, d.DeliveryId });
            delivery.HasIndex(d => d.ProcessedAt);
            delivery.Property(d => d.Source).HasMaxLength(32);
            delivery.Property(d => d.DeliveryId).HasMaxLength(200);
            delivery.Property(d => d.Topic).HasMaxLength(100);
        });

        modelBuilder.Entity<ShipmentChangeRecord>(change =>
        {
            change.ToTable("shipment_changes");
            change.HasIndex(c => new { c.ShipmentId, c.At });
            change.Property(c => c.Action).HasMaxLength(16);
        });

        modelBuilder.Entity<CaseRecord>(@case =>
        {
            @case.ToTable("cases");
            @case.HasIndex(c => c.Key).IsUnique();
            @case.HasIndex(c => c.ShipmentId);
            @case.HasIndex(c => new { c.CustomerId, c.DetectedAt });
            @case.HasIndex(c => c.Status);
            @case.HasIndex(c => c.DetectedAt); // the console's newest and oldest first
            @case.HasIndex(c => c.PersonalDataErasedAt);
            @case.Property(c => c.Version).IsConcurrencyToken();
            @case.Property(c => c.TicketClaim).HasConversion<string>().HasMaxLength(16);
            @case.Property(c => c.RemedyAmount).HasPrecision(18, 4);
            @case.Property(c => c.AgentBudget).HasPrecision(18, 4);
            @case.Property(c => c.RemedyHeldBy).HasMaxLength(16);
            @case.HasMany(c => c.FollowUps).WithOne().HasForeignKey(f => f.CaseId);
            @case.HasMany(c => c.OwedEffects).WithOne().HasForeignKey(e => e.CaseId);
        });

        modelBuilder.Entity<OwedEffectRecord>(effect =>
        {
            effect.ToTable("owed_effects");
            effect.HasIndex(e => e.Key).IsUnique();
            effect.HasIndex(e => new { e.CaseId, e.State });
            effect.HasIndex(e => new { e.State, e.CreatedAt });
            effect.Property(e => e.Kind).HasMaxLength(16);
            effect.Property(e => e.State).HasMaxLength(16);
        });

        modelBuilder.Entity<FollowUpRecord>(followUp =>
        {
            followUp.ToTable("follow_ups");
            followUp.HasIndex(f => new { f.CaseId, f.Sequence }).IsUnique();
            followUp.HasIndex(f => new { f.DoneAt, f.DueAt });
        });

        modelBuilder.Entity<CompensationRecord>(ledger =>
        {
            ledger.ToTable("compensations");
            ledger.HasIndex(c => new { c.CaseId, c.Kind }).IsUnique();
            ledger.HasIndex(c => new { c.Status, c.ProposedAt }); // the list's filters and the budget's spend of a period
            ledger.HasIndex(c => c.ProposedAt);
            ledger.Property(c => c.Amount).HasPrecision(18, 4);
            ledger.Property(c => c.Kind).HasMaxLength(32);
            ledger.Property(c => c.Currency).HasMaxLength(3);
            ledger.Property(c => c.Status).HasMaxLength(16);
            ledger.Property(c => c.Carrier).HasMaxLength(16);
            ledger.Property(c => c.BreachType).HasMaxLength(32);
            ledger.Property(c => c.ProposedBy).HasMaxLength(100);
            ledger.Property(c => c.OfferedBy).HasMaxLength(100);
            ledger.Property(c => c.GrantedBy).HasMaxLength(100);
            ledger.Property(c => c.RedeemedBy).HasMaxLength(100);
            ledger.Property(c => c.WithdrawnBy).HasMaxLength(100);
            ledger.Property(c => c.Reason).HasMaxLength(500);
            ledger.Property(c => c.IssuerRef).HasMaxLength(100);
        });

        modelBuilder.Entity<ClaimRecord>(claim =>
        {
            claim.ToTable("claims");
            claim.HasIndex(c => c.ShipmentId).IsUnique(); // one claim per shipment, whoever applies the snapshot first
            claim.HasIndex(c => new { c.Status, c.FileBy }); // the deadline job and the console's badge
            claim.HasIndex(c => new { c.Carrier, c.Commitment }); // the monthly summary
            claim.HasIndex(c => c.TrackingNumber);
            claim.Property(c => c.Carrier).HasMaxLength(16);
            claim.Property(c => c.TrackingNumber).HasMaxLength(64);
            claim.Property(c => c.ServiceCode).HasMaxLength(64);
            claim.Property(c => c.TimeZone).HasMaxLength(64);
            claim.Property(c => c.Reason).HasMaxLength(16);
            claim.Property(c => c.Status).HasMaxLength(16);
            claim.Property(c => c.Exclusion).HasMaxLength(32);
            claim.Property(c => c.Currency).HasMaxLength(3);
            claim.Property(c => c.CarrierReference).HasMaxLength(100);
            claim.Property(c => c.Amount).HasPrecision(18, 4);
            claim.Property(c => c.CreditedAmount).HasPrecision(18, 4);
            claim.Property(c => c.Version).IsConcurrencyToken();
            claim.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.ClaimId);
        });

        modelBuilder.Entity<ClaimEventRecord>(claimEvent =>
        {
            claimEvent.ToTable("claim_events");
            claimEvent.HasIndex(e => new { e.ClaimId, e.At });
            claimEvent.Property(e => e.Actor).HasMaxLength(200);
            claimEvent.Property(e => e.Action).HasMaxLength(16);
            claimEvent.Property(e => e.Note).HasMaxLength(1000);
        });

        modelBuilder.Entity<SentCommentRecord>(sent =>
        {
            sent.ToTable("sent_comments");
            sent.HasKey(c => c.Key);
            sent.HasIndex(c => c.CaseId);
        });

        modelBuilder.Entity<LocalTicketRecord>(ticket =>
        {
            ticket.ToTable("local_tickets");
            ticket.HasIndex(t => t.ExternalId).IsUnique();
            ticket.HasIndex(t => t.PersonalDataErasedAt);
            ticket.HasMany(t => t.Comments).WithOne().HasForeignKey(c => c.TicketId);
        });

        modelBuilder.Entity<LocalTicketCommentRecord>(comment =>
        {
            comment.ToTable("local_ticket_comments");
            comment.HasIndex(c => new { c.TicketId, c.IdempotencyKey }).IsUnique();
        });

        // Every Guid key is assigned in code (Guid.NewGuid()), so a new row added through a navigation must be an
        // INSERT; left to convention EF would take a set key for an existing row and issue an UPDATE.
        foreach (var key in modelBuilder.Model.GetEntityTypes().Select(t => t.FindPrimaryKey()).Where(k => k?.Properties is [{ ClrType: var type }] && type == typeof(Guid)))
        {
            key!.Properties[0].ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
        }

        if (Database.IsNpgsql())
        {
            // timestamptz stores an instant; Npgsql refuses a DateTimeOffset with a non-zero offset rather than lose it.
            // Promises keep their own time zone (PromiseTimeZone), so store the instant as UTC and read it back as UTC.
            var utc = new ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties())
                         .Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
            {
                property.SetValueConverter(utc);
            }
        }

        if (Database.IsSqlite())
        {
            // SQLite has no DateTimeOffset type: EF stores text that cannot be compared or ordered in SQL, and the
            // sweep's "due now" query needs both. Store UTC ticks instead (EF Core docs, SQLite limitations).
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties())
                         .Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
            {
                property.SetValueConverter(new DateTimeOffsetToBinaryConverter());
            }

            // Decimal is stored as TEXT in SQLite, which also cannot be compared; amounts are never queried by value.
        }
    }
}
