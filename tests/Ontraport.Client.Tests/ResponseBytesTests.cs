using System.Net;
using System.Text;

namespace Ontraport.Client.Tests;

/// <summary>
/// The answer is parsed from its UTF-8 bytes, not a string (issue 22): what reads the same must still read the same —
/// a byte order mark, non-ASCII text, a body that is not valid UTF-8 (read with replacement characters, as the string
/// read did) and a blank body.
/// </summary>
public class ResponseBytesTests
{
    private static ClientHarness Answering(byte[] body) =>
        ClientHarness.Create((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
        }));

    private static byte[] Envelope(byte[] firstname) =>
        [.. "{\"code\":0,\"data\":{\"id\":\"7\",\"firstname\":\""u8, .. firstname, .. "\"},\"account_id\":187157}"u8];

    [Fact]
    public async Task Non_ASCII_text_reads_the_same_from_the_bytes()
    {
        await using var harness = Answering(Envelope(Encoding.UTF8.GetBytes("Zoë 😀 \\u00e9")));
        var record = await harness.Client().Objects.GetAsync(0, 7, CancellationToken.None);
        Assert.Equal("Zoë 😀 é", record!.Fields["firstname"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_byte_order_mark_is_skipped()
    {
        await using var harness = Answering([0xEF, 0xBB, 0xBF, .. Envelope("Ann"u8.ToArray())]);
        var record = await harness.Client().Objects.GetAsync(0, 7, CancellationToken.None);
        Assert.Equal("Ann", record!.Fields["firstname"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_that_is_not_valid_UTF8_is_read_with_replacement_characters_as_before()
    {
        await using var harness = Answering(Envelope([(byte)'Z', (byte)'o', 0xEB])); // "Zoë" in Latin-1
        var record = await harness.Client().Objects.GetAsync(0, 7, CancellationToken.None);
        Assert.Equal("Zo\uFFFD", record!.Fields["firstname"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_blank_body_is_no_record()
    {
        await using var harness = Answering(" \r\n"u8.ToArray());
        Assert.Null(await harness.Client().Objects.GetAsync(0, 7, CancellationToken.None));
    }
}
