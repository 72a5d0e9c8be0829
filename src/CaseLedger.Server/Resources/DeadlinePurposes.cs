namespace CaseLedger.Server.Resources;

/// <summary>
/// What a deadline is for, in Chinese (DeadlinePurposes.resx): the domain states each purpose in English, and a number in it
/// (the days of the period) stands for {0} in the name of the translation (<see cref="Pages.Shown.Purpose"/>).
/// </summary>
public sealed class DeadlinePurposes;
