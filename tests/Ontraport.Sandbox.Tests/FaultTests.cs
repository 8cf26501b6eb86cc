using System.Net;
using System.Text;
using System.Text.Json;
using Ontraport.Testing;

namespace Ontraport.Sandbox.Tests;

/// <summary>Each injected fault does what SandboxChoices.Faults says: before or after processing, and how it answers.</summary>
public class FaultTests
{
    private static (HttpClient Http, OntraportSandbox Sandbox) Create(string spec, TimeProvider? time = null)
    {
        var sandbox = new OntraportSandbox(new SandboxOptions { Faults = SandboxFaults.Parse(spec), TimeProvider = time ?? TimeProvider.System });
        var http = new HttpClient(new SandboxHttpMessageHandler(sandbox)) { BaseAddress = new Uri("http://sandbox.invalid/1/") };
        http.DefaultRequestHeaders.Add("Api-Appid", "faults");
        http.DefaultRequestHeaders.Add("Api-Key", "key");
        return (http, sandbox);
    }

    private static Task<HttpResponseMessage> CreateCompanyAsync(HttpClient http) =>
        http.PostAsync("objects", new StringContent("""{"objectID":150,"name":"Faulty Inc"}""", Encoding.UTF8, "application/json"));

    private static int Companies(OntraportSandbox sandbox) => sandbox.Account("faults").Count(150);

    [Theory]
    [InlineData("throttle:1:reset=7", 429)]
    [InlineData("server_error:1", 500)]
    [InlineData("plain_text:1", 400)]
    public async Task Faults_before_processing_change_nothing(string spec, int status)
    {
        var (http, sandbox) = Create(spec);
        var before = Companies(sandbox);
        using var response = await CreateCompanyAsync(http);
        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, Companies(sandbox));
        if (status == 429)
        {
            Assert.Equal("0", response.Headers.GetValues("X-Rate-Limit-Remaining").Single());
            Assert.Equal("7", response.Headers.GetValues("X-Rate-Limit-Reset").Single());
        }
    }

    [Fact]
    public async Task A_5xx_after_processing_keeps_the_effect()
    {
        var (http, sandbox) = Create("server_error_after:1");
        var before = Companies(sandbox);
        using var response = await CreateCompanyAsync(http);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(before + 1, Companies(sandbox));
    }

    [Fact]
    public async Task A_dropped_connection_after_processing_keeps_the_effect()
    {
        var (http, sandbox) = Create("reset:1");
        var before = Companies(sandbox);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => CreateCompanyAsync(http));
        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
        Assert.Equal(before + 1, Companies(sandbox));
    }

    [Fact]
    public async Task Malformed_JSON_is_a_200_that_does_not_parse_and_keeps_the_effect()
    {
        var (http, sandbox) = Create("malformed:1");
        var before = Companies(sandbox);
        using var response = await CreateCompanyAsync(http);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        Assert.Equal(before + 1, Companies(sandbox));
    }

    [Fact]
    public async Task Latency_holds_the_answer_on_the_sandbox_clock()
    {
        var time = new FakeClock();
        var (http, _) = Create("latency:1:ms=3000", time);
        var call = http.GetAsync("objects?objectID=0&range=1");
        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(3)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        using var response = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_rule_with_a_path_strikes_only_that_path_and_faults_can_be_switched_off()
    {
        var (http, sandbox) = Create("server_error:1:path=objects/getInfo");
        using (var list = await http.GetAsync("objects?objectID=0&range=1"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using (var info = await http.GetAsync("objects/getInfo?objectID=0"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, info.StatusCode);
        }

        Assert.Equal(1, sandbox.Faults!.Injected[SandboxFaultKind.ServerError]);
        sandbox.Faults.Enabled = false;
        using var after = await http.GetAsync("objects/getInfo?objectID=0");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_rule_with_after_strikes_only_once_that_path_has_been_requested()
    {
        // Reads of one record fail only after a charge: the read-back, never the reads that prepared it.
        var (http, sandbox) = Create("server_error:1:path=object:after=transaction/markPaid");
        using (var before = await http.GetAsync("object?objectID=0&id=1"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var arming = await http.PutAsync("transaction/markPaid", new FormUrlEncodedContent([new("id", "1")])))
        {
            Assert.NotEqual(HttpStatusCode.InternalServerError, arming.StatusCode);
        }

        using (var readBack = await http.GetAsync("object?objectID=0&id=1"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, readBack.StatusCode);
        }

        Assert.Equal(1, sandbox.Faults!.Injected[SandboxFaultKind.ServerError]);
    }

    [Theory]
    [InlineData("explode:0.5", "Unknown fault")]
    [InlineData("throttle", "probability")]
    [InlineData("throttle:2", "probability")]
    [InlineData("latency:0.1:sec=3", "not ms=N")]
    [InlineData("latency:0.1:since=x", "after=P")]
    public void Bad_specs_say_what_to_fix(string spec, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SandboxFaults.Parse(spec));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
