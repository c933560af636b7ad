using TeamsDxBot.Directory;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Storage;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Concurrent_updates_of_one_person_are_all_kept()
    {
        var tables = await TestStorage.CreateAsync(PersonRepository.TableName);
        var people = new PersonRepository(tables);
        await people.TryAddAsync(new Person { TenantId = "t", AadObjectId = "p" }, default);

        // Ten writers each add a different key-user department at the same time.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => people.UpdateAsync("t", "p",
            p => p with { KeyUserOf = p.KeyUserOf.Append($"d{i}").ToHashSet() }, default)));

        var person = await people.GetAsync("t", "p", default);
        Assert.Equal(10, person!.KeyUserOf.Count);
    }

    [Fact]
    public async Task A_write_with_a_stale_ETag_is_refused()
    {
        var tables = await TestStorage.CreateAsync(PersonRepository.TableName);
        var people = new PersonRepository(tables);
        var original = await people.TryAddAsync(new Person { TenantId = "t", AadObjectId = "p", Name = "A" }, default);
        await people.ReplaceAsync(original! with { Name = "B" }, default);

        var error = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => people.ReplaceAsync(original! with { Name = "C" }, default));
        Assert.Equal(412, error.Status);
        Assert.Equal("B", (await people.GetAsync("t", "p", default))!.Name);
    }

    [Fact]
    public async Task Adding_the_same_person_twice_keeps_the_first()
    {
        var people = new PersonRepository(await TestStorage.CreateAsync(PersonRepository.TableName));
        Assert.NotNull(await people.TryAddAsync(new Person { TenantId = "t", AadObjectId = "p", Name = "first" }, default));
        Assert.Null(await people.TryAddAsync(new Person { TenantId = "t", AadObjectId = "p", Name = "second" }, default));
        Assert.Equal("first", (await people.GetAsync("t", "p", default))!.Name);
    }
}
