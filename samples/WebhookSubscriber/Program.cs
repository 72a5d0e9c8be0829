using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using WebhookSubscriber;

// A minimal CaseLedger webhook receiver: checks each delivery's signature, drops duplicates by the
// CloudEvent id (deliveries are at least once), and prints what arrived.
var secret = Environment.GetEnvironmentVariable("WEBHOOK_SECRET");
if (string.IsNullOrEmpty(secret))
{
    Console.Error.WriteLine("Set WEBHOOK_SECRET to the secret you gave CaseLedger when subscribing.");
    return 2;
}

var app = WebApplication.CreateSlimBuilder(args).Build();
var seen = new ConcurrentDictionary<string, bool>();

app.MapPost("/webhooks/caseledger", async (HttpRequest request) =>
{
    using var buffer = new MemoryStream();
    await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
    var body = buffer.ToArray();
    var check = CaseLedgerSignature.Verify(secret, request.Headers[CaseLedgerSignature.Header], body, DateTimeOffset.UtcNow);
    if (check != SignatureCheck.Valid)
    {
        Console.WriteLine($"refused a delivery: signature {check}");
        return Results.Unauthorized();
    }
    var cloudEvent = JsonNode.Parse(body)!;
    var id = (string)cloudEvent["id"]!;
    if (!seen.TryAdd(id, true))
    {
        Console.WriteLine($"duplicate {id} (already handled)");
        return Results.Ok();
    }
    Console.WriteLine($"#{cloudEvent["globalsequence"]} {cloudEvent["type"]} case {cloudEvent["subject"]} v{cloudEvent["streamversion"]} at {cloudEvent["time"]}");
    return Results.Ok();
});

app.Run();
return 0;
