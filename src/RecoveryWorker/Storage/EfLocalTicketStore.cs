using Microsoft.EntityFrameworkCore;
using RecoveryWorker.Connectors.Abstractions;
using RecoveryWorker.Connectors.Helpdesks.Local;

namespace RecoveryWorker.Storage;

/// <summary>The local helpdesk's tickets in the state store. Unique indexes make create and comment idempotent.</summary>
internal sealed class EfLocalTicketStore(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time) : ILocalTicketStore
{
    public async Task<long> CreateAsync(TicketDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, draft.ExternalId, cancellationToken) is { } existing)
        {
            return existing;
        }

        var now = time.GetUtcNow();
        var ticket = new LocalTicketRecord
        {
            ExternalId = draft.ExternalId,
            RequesterName = draft.RequesterName,
            RequesterEmail = draft.RequesterEmail,
            Subject = draft.Subject,
            Body = draft.PublicBody,
            BodyIsPublic = draft.SendPublicly,
            Tags = string.Join(' ', draft.Tags),
            Priority = draft.Priority.ToString(),
            Status = HelpdeskTicketStatus.New.ToString(),
            CreatedAt = now,
            UpdatedAt = now,
            Comments =
            {
                new LocalTicketCommentRecord { IdempotencyKey = draft.ExternalId + ":apology", Public = draft.SendPublicly, Body = draft.PublicBody, CreatedAt = now },
                new LocalTicketCommentRecord { IdempotencyKey = draft.ExternalId + ":note", Public = false, Body = draft.InternalNote, CreatedAt = now },
            },
        };
        db.LocalTickets.Add(ticket);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return ticket.Id;
        }
        catch (DbUpdateException)
        {
            // Another attempt created it between our look and our insert: the unique index kept it to one.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await FindAsync(fresh, draft.ExternalId, cancellationToken) ?? throw new InvalidOperationException($"Ticket for {draft.ExternalId} could not be created.");
        }
    }

    public async Task<long?> FindAsync(string externalId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await FindAsync(db, externalId, cancellationToken);
    }

    public async Task<bool> AddCommentAsync(long ticketId, TicketComment comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.LocalTickets.FindAsync([ticketId], cancellationToken);
        if (ticket is null)
        {
            return false;
        }

        if (await db.LocalTicketComments.AnyAsync(c => c.TicketId == ticketId && c.IdempotencyKey == comment.IdempotencyKey, cancellationToken))
        {
            return true;
        }

        var now = time.GetUtcNow();
        db.LocalTicketComments.Add(new LocalTicketCommentRecord { TicketId = ticketId, IdempotencyKey = comment.IdempotencyKey, Public = comment.Public, Body = comment.Body, CreatedAt = now });
        if (comment.Public && ticket.Status is nameof(HelpdeskTicketStatus.New))
        {
            ticket.Status = HelpdeskTicketStatus.Open.ToString();
        }

        ticket.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same comment was added concurrently; the unique index kept one.
        }

        return true;
    }

    public async Task<IReadOnlyList<string>?> GetTagsAsync(long ticketId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tags = await db.LocalTickets.Where(t => t.Id == ticketId).Select(t => t.Tags).FirstOrDefaultAsync(cancellationToken);
        return tags?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    public async Task<HelpdeskTicketStatus?> GetStatusAsync(long ticketId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var status = await db.LocalTickets.Where(t => t.Id == ticketId).Select(t => t.Status).FirstOrDefaultAsync(cancellationToken);
        return status is null ? null : Enum.Parse<HelpdeskTicketStatus>(status);
    }

    public async Task<bool> ReopenAsync(long ticketId, TicketComment note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (!await AddCommentAsync(ticketId, note, cancellationToken))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var solved = new[] { nameof(HelpdeskTicketStatus.Solved), nameof(HelpdeskTicketStatus.Closed) };
        await db.LocalTickets.Where(t => t.Id == ticketId && solved.Contains(t.Status))
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.Status, nameof(HelpdeskTicketStatus.Open)).SetProperty(x => x.UpdatedAt, time.GetUtcNow()), cancellationToken);
        return true;
    }

    public async Task<SolveOutcome?> SolveAsync(long ticketId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.LocalTickets.FindAsync([ticketId], cancellationToken);
        if (ticket is null)
        {
            return null;
        }

        if (ticket.Status is nameof(HelpdeskTicketStatus.Solved) or nameof(HelpdeskTicketStatus.Closed))
        {
            return SolveOutcome.AlreadyDone;
        }

        ticket.Status = nameof(HelpdeskTicketStatus.Solved);
        ticket.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return SolveOutcome.Solved;
    }

    public async Task<bool> EscalateAsync(long ticketId, TicketEscalation escalation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.LocalTickets.FindAsync([ticketId], cancellationToken);
        if (ticket is null)
        {
            return false;
        }

        ticket.Priority = escalation.Priority.ToString();
        ticket.Group = escalation.Group ?? ticket.Group;
        if (!ticket.Tags.Split(' ').Contains(escalation.Tag, StringComparer.Ordinal))
        {
            ticket.Tags = ticket.Tags + " " + escalation.Tag;
        }

        ticket.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return await AddCommentAsync(ticketId, new TicketComment(escalation.Note, Public: false, IdempotencyKey: ticket.ExternalId + ":escalation"), cancellationToken);
    }

    private static Task<long?> FindAsync(RecoveryDbContext db, string externalId, CancellationToken cancellationToken) =>
        db.LocalTickets.Where(t => t.ExternalId == externalId).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);
}
