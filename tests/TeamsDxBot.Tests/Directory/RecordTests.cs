using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsDxBot.Directory;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Directory;

/// <summary>RecordAsync writes the row it has just read; when that row changed meanwhile it reads again.</summary>
public sealed class RecordTests
{
    private sealed class NoAdmins : IOptionsMonitor<DirectoryOptions>
    {
        public DirectoryOptions CurrentValue { get; } = new();
        public DirectoryOptions Get(string? name) => CurrentValue;
        public IDisposable? OnChange(Action<DirectoryOptions, string?> listener) => null;
    }

    [Fact]
    public async Task Simultaneous_turns_of_one_person_are_all_recorded()
    {
        var tables = await TestStorage.CreateAsync(PersonRepository.TableName, DepartmentRepository.TableName);
        var people = new PersonRepository(tables);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        var directory = new DirectoryService(people, new DepartmentRepository(tables), new Access(new NoAdmins()), new LastSeenWriter(tables, NullLogger<LastSeenWriter>.Instance), clock);
        await people.TryAddAsync(new Person { TenantId = "t", AadObjectId = "p", Name = "社員 花子", LastSeen = clock.GetUtcNow().AddDays(-7) }, default);

        // Each turn moves LastSeen and brings its own locale: most find the row changed by another turn.
        var sightings = Enumerable.Range(0, 8).Select(i => new Sighting("t", "p", "29:p", "社員 花子", null, $"ja-JP-x-{i}", "Asia/Tokyo", null, null)).ToList();
        var recorded = await Task.WhenAll(sightings.Select(s => directory.RecordAsync(s, default)));

        Assert.All(recorded, r => Assert.False(r.IsNew));
        var stored = (await people.GetAsync("t", "p", default))!;
        Assert.Equal(clock.GetUtcNow(), stored.LastSeen);
        Assert.Equal("Asia/Tokyo", stored.TimeZone);
        Assert.Contains(stored.Locale, sightings.Select(s => s.Locale));
        // What each turn got back is a row as stored, with its ETag: the last one to write matches storage.
        Assert.Contains(recorded, r => r.Person.ETag == stored.ETag && r.Person.Locale == stored.Locale);
    }

    [Fact]
    public async Task A_turn_that_only_moves_last_seen_does_not_wait_for_the_write_and_the_write_still_lands()
    {
        var tables = await TestStorage.CreateAsync(PersonRepository.TableName, DepartmentRepository.TableName);
        var people = new PersonRepository(tables);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        var writer = new LastSeenWriter(tables, NullLogger<LastSeenWriter>.Instance);
        var directory = new DirectoryService(people, new DepartmentRepository(tables), new Access(new NoAdmins()), writer, clock);
        var weekAgo = clock.GetUtcNow().AddDays(-7);
        foreach (var id in new[] { "p1", "p2", "gone" })
        {
            await people.TryAddAsync(new Person { TenantId = "t", AadObjectId = id, Name = id, Locale = "ja-JP", TimeZone = "Asia/Tokyo", LastSeen = weekAgo }, default);
        }
        var sightings = new[] { "p1", "p2", "gone" }.Select(id => new Sighting("t", id, null, id, null, "ja-JP", "Asia/Tokyo", null, null)).ToList();
        var recorded = new List<Person>();
        foreach (var sighting in sightings)
        {
            recorded.Add((await directory.RecordAsync(sighting, default)).Person);
        }
        Assert.All(recorded, p => Assert.Equal(clock.GetUtcNow(), p.LastSeen));
        // Not written yet: the writer has not run. A person deleted meanwhile does not stop the others.
        Assert.Equal(weekAgo, (await people.GetAsync("t", "p1", default))!.LastSeen);
        await tables.Get(PersonRepository.TableName).DeleteEntityAsync("t", "gone");

        await writer.StartAsync(default);
        // The writer runs on its own; wait (bounded) for it rather than for a fixed time.
        for (var i = 0; i < 100 && (await people.GetAsync("t", "p2", default))!.LastSeen != clock.GetUtcNow(); i++)
        {
            await Task.Delay(50);
        }
        await writer.StopAsync(default);
        Assert.Equal(clock.GetUtcNow(), (await people.GetAsync("t", "p1", default))!.LastSeen);
        Assert.Equal(clock.GetUtcNow(), (await people.GetAsync("t", "p2", default))!.LastSeen);
        Assert.Null(await people.GetAsync("t", "gone", default));
    }
}
