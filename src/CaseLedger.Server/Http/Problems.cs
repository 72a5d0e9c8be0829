using CaseLedger.Domain;
using Microsoft.AspNetCore.Http;

namespace CaseLedger.Server.Http;

/// <summary>Every refusal as application/problem+json (RFC 9457) with a stable <c>code</c>.</summary>
public static class Problems
{
    public static int StatusOf(string code) => code switch
    {
        RefusalCodes.ValidationFailed => StatusCodes.Status400BadRequest,
        RefusalCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
        RefusalCodes.Forbidden => StatusCodes.Status403Forbidden,
        RefusalCodes.NotFound => StatusCodes.Status404NotFound,
        RefusalCodes.ConcurrencyConflict or RefusalCodes.AlreadyExists or RefusalCodes.AssessmentAlreadyRecorded => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static IResult Of(Refusal refusal, string? instance = null) => Of(refusal.Code, refusal.Message, instance);

    public static IResult Of(string code, string detail, string? instance = null) => Results.Problem(
        statusCode: StatusOf(code),
        title: Title(code),
        detail: detail,
        instance: instance,
        type: $"https://caseledger.dev/problems/{code}",
        extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>An HTTP protocol error that is no refusal of CaseLedger's (a method or a media type the endpoint does not take), with its own status and code.</summary>
    public static IResult Protocol(int status, string code, string detail, string? instance = null) => Results.Problem(
        statusCode: status,
        title: "The request does not fit the endpoint.",
        detail: detail,
        instance: instance,
        type: $"https://caseledger.dev/problems/{code}",
        extensions: new Dictionary<string, object?> { ["code"] = code });

    private static string Title(string code) => code switch
    {
        RefusalCodes.ValidationFailed => "The request is not valid.",
        RefusalCodes.Unauthenticated => "A valid bearer token is required.",
        RefusalCodes.Forbidden => "Your role may not do this.",
        RefusalCodes.NotFound => "Not found.",
        RefusalCodes.ConcurrencyConflict => "The record changed since you read it.",
        _ => "The command was refused.",
    };
}
