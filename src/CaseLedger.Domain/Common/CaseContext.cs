using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Officers;
using NodaTime;

namespace CaseLedger.Domain;

/// <summary>What a decision may know besides the command and the case: the recording instant, the actor, the named officers, the agency and the calendar.</summary>
public sealed record CaseContext(
    Instant Now,
    Actor Actor,
    string CaseId,
    IReadOnlyDictionary<string, Officer> Officers,
    Agency? Agency,
    IWorkingDayCalendar Calendar)
{
    public LocalDate Today => AgencyZone.Today(Now);

    /// <summary>
    /// For a linked proceeding, the agencies whose staff act on it, as the engine read them from the stored record (the
    /// reconsideration body; the sued agencies; the contested case's agency): never what the command names.
    /// </summary>
    public IReadOnlyCollection<string>? ActingAgencies { get; init; }

    /// <summary>The case agency's published lists, loaded for the steps that cite its discretion benchmarks (I8).</summary>
    public PublishedLists? Lists { get; init; }
}

/// <summary>In which capacity an officer signs a step.</summary>
public enum SignatureCapacity { Officer, Approver, Decider, Participant, Reviewer, Presider, Receiver }

/// <summary>An officer named on an event with the certificate they held on the business date (full-process record).</summary>
public sealed record OfficerSignature(string OfficerId, string? CertificateNumber, SignatureCapacity Capacity);
