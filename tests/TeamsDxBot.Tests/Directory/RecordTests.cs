using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsDxBot.Directory;
using TeamsDxBot.Tests.Infrastructure;

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
        var directory = new DirectoryService(people, new DepartmentRepository(tables), new Access(new NoAdmins()), clock);
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
}
