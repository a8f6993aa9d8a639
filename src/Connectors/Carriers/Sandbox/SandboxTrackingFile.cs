using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RecoveryWorker.Connectors.Carriers.Sandbox;

/// <summary>
/// The parsed tracking file, re-read when its last write time or length changes. A malformed version is logged once
/// and the last good content kept, so a typo during a demo does not make every parcel vanish; a missing file means
/// no parcel is known. The file is first read when the sandbox is built, so the content it starts with is known even
/// if an editor is already rewriting it when the first parcel is tracked.
/// </summary>
internal sealed class SandboxTrackingFile
{
    private static readonly IReadOnlyDictionary<string, SandboxParcel> NoParcels = new Dictionary<string, SandboxParcel>();

    private readonly ILogger<SandboxTrackingFile> _logger;
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, SandboxParcel> _parcels = NoParcels;
    private FileStamp? _loaded;
    private FileStamp? _unreadable;
    private FileStamp? _malformed;
    private bool _missingLogged;

    public SandboxTrackingFile(IOptions<SandboxOptions> options, ILogger<SandboxTrackingFile> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        // Resolved once: the current directory is where `dotnet run` or the container starts, and a later change of
        // it must not make the sandbox read another file.
        Path = System.IO.Path.GetFullPath(options.Value.TrackingFile, Directory.GetCurrentDirectory());
        // Read now rather than on the first call: a rewrite truncates the file before writing it, and a first read
        // that lands in between would otherwise leave no previous content to keep.
        lock (_gate)
        {
            RefreshIfChanged();
        }
    }

    /// <summary>The absolute path of the tracking file.</summary>
    public string Path { get; }

    /// <summary>The parcels by tracking number (case-insensitive), as of the file's latest good version.</summary>
    public IReadOnlyDictionary<string, SandboxParcel> GetParcels()
    {
        // One stat per call, serialized: the sandbox is for demos and tests, where simple beats fast.
        lock (_gate)
        {
            RefreshIfChanged();
            return _parcels;
        }
    }

    private void RefreshIfChanged()
    {
        if (ReadStamp() is not { } stamp)
        {
            _parcels = NoParcels;
            _loaded = null;
            if (!_missingLogged)
            {
                _logger.TrackingFileMissing(Path);
                _missingLogged = true;
            }

            return;
        }

        _missingLogged = false;
        // Taken before reading and compared after it, so a read that overlapped a rewrite is neither used nor
        // remembered: the next call reads again.
        if (stamp == _loaded)
        {
            return;
        }

        byte[] content;
        try
        {
            // Share everything so an editor saving the file is never blocked by the worker.
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            content = buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not remembered as loaded: a lock or permission problem may clear without the file changing.
            if (stamp != _unreadable)
            {
                _logger.TrackingFileUnreadable(Path, ex.Message);
                _unreadable = stamp;
            }

            return;
        }

        _unreadable = null;
        if (ReadStamp() != stamp)
        {
            // Torn read: the file was rewritten (or deleted) while it was read. Keep the previous content, say
            // nothing, and leave the stamp unremembered so the next call reads the settled version.
            return;
        }

        if (!SandboxTrackingParser.TryParse(content, out var parcels, out var reason))
        {
            // Reported once per version, not on every call.
            if (stamp != _malformed)
            {
                _logger.TrackingFileMalformed(Path, reason);
                _malformed = stamp;
            }

            // An empty file is most likely being written (File.WriteAllText and editors truncate first), so it is
            // read again on the next call; other malformed content is remembered and not parsed again.
            if (content.Length > 0)
            {
                _loaded = stamp;
            }

            return;
        }

        _loaded = stamp;
        _malformed = null;
        _parcels = parcels;
        _logger.TrackingFileLoaded(Path, parcels.Count);
    }

    // A fresh FileInfo each time: FileInfo caches what it read, and a stale stamp would hide a rewrite.
    private FileStamp? ReadStamp()
    {
        var file = new FileInfo(Path);
        return file.Exists ? new FileStamp(file.LastWriteTimeUtc, file.Length) : null;
    }

    private readonly record struct FileStamp(DateTime LastWriteUtc, long Length);
}
