namespace Ontraport.Sandbox;

/// <remarks>
/// <para><b>Fault injection</b> (off unless <see cref="SandboxOptions.Faults"/> is set; see <see cref="SandboxFaults"/>)</para>
/// <list type="bullet">
/// <item>Throttle, ServerError and PlainTextError stop a request before it is processed (nothing changes); a throttled
/// answer says <c>X-Rate-Limit-Remaining: 0</c> and the rule's <c>X-Rate-Limit-Reset</c>.</item>
/// <item>ServerErrorAfter (answered 502), ConnectionReset and MalformedJson strike after the request was processed: its
/// effects stand (a charge is booked in the ledger), only the answer is lost. This is the case that must never lead to a
/// second charge.</item>
/// <item>Latency holds the answer back on the sandbox clock, after processing, like the test gateway's timeout.</item>
/// <item>Injected requests are logged like any other, with the status the caller saw; a dropped connection is logged with
/// the status of the request it processed.</item>
/// </list>
/// </remarks>
internal static partial class SandboxChoices
{
    public const string InjectedPlainTextError = "Unexpected error processing request";
}
