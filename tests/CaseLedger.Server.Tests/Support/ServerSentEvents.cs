using System.Text.Json.Nodes;

namespace CaseLedger.Server.Tests.Support;

public sealed record ServerSentEvent(string Id, string Type, JsonNode Data);

/// <summary>Reads a text/event-stream response event by event.</summary>
public sealed class ServerSentEvents : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private ServerSentEvents(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<ServerSentEvents> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new ServerSentEvents(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event (comments and keep-alives skipped), within 30 s.</summary>
    public async Task<ServerSentEvent> NextAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? id = null, type = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(limit.Token) ?? throw new InvalidOperationException("The stream ended.");
            if (line.Length == 0)
            {
                if (data is not null) return new ServerSentEvent(id!, type!, JsonNode.Parse(data)!);
                continue;
            }
            if (line.StartsWith(':')) continue;
            var (field, value) = line.IndexOf(':') is var colon and >= 0 ? (line[..colon], line[(colon + 1)..].TrimStart()) : (line, "");
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data = value; break;
            }
        }
    }

    public async Task<List<ServerSentEvent>> NextAsync(int count, Func<ServerSentEvent, bool> which)
    {
        var events = new List<ServerSentEvent>();
        while (events.Count < count)
        {
            var next = await NextAsync();
            if (which(next)) events.Add(next);
        }
        return events;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
