using Ontraport.Client.Inferred;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Client.Tests;

/// <summary>
/// The inferred web-app addresses (<see cref="WebAppUrls"/>): the forms public integrations link to for contacts, deals,
/// invoices and custom objects, and none for rows that only join or log other records.
/// </summary>
public class WebAppUrlsTests
{
    [Theory]
    [InlineData(ObjectTypeIds.Contact, 5, "https://app.ontraport.com/#!/contact/edit&id=5")]
    [InlineData(ObjectTypeIds.Deal, 1234, "https://app.ontraport.com/#!/deal/edit&id=1234")]
    [InlineData(ObjectTypeIds.Transaction, 1234, "https://app.ontraport.com/#!/invoice/edit&id=1234")]
    [InlineData(ObjectTypeIds.Message, 7, "https://app.ontraport.com/#!/message/edit&id=7")]
    [InlineData(ObjectTypeIds.Company, 1, "https://app.ontraport.com/#!/company/edit&id=1")]
    public void A_built_in_record_opens_at_its_singular_name(int objectTypeId, long id, string expected)
    {
        Assert.Equal(expected, WebAppUrls.Record(ObjectTypeRegistry.Find(objectTypeId)!, id));
    }

    [Fact]
    public void A_custom_object_opens_at_o_plural_and_type_id()
    {
        var metadata = new AccountMetadata(new Dictionary<int, ObjectMetadata> { [10006] = new(10006, "Job", []) });
        var jobs = ObjectTypeCatalog.FromMetadata(metadata).Find(10006)!;
        Assert.Equal("https://app.ontraport.com/#!/o_jobs10006/edit&id=16853", WebAppUrls.Record(jobs, 16853));
    }

    [Theory]
    [InlineData(ObjectTypeIds.TagSubscriber)]
    [InlineData(ObjectTypeIds.SequenceSubscriber)]
    [InlineData(ObjectTypeIds.LogItem)]
    [InlineData(ObjectTypeIds.AutomationLogItem)]
    [InlineData(ObjectTypeIds.CustomObjectRelationship)]
    public void Join_rows_and_logs_have_no_page(int objectTypeId)
    {
        Assert.Null(WebAppUrls.Record(ObjectTypeRegistry.Find(objectTypeId)!, 3));
    }

    [Fact]
    public void No_record_no_address()
    {
        Assert.Null(WebAppUrls.Record(ObjectTypeRegistry.Find(ObjectTypeIds.Contact)!, 0));
    }
}
