using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TeamsDxBot.Calendar;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Metrics;
using TeamsDxBot.Turns;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Benchmarks;

/// <summary>
/// Measured usage of a company. First an admin's system posts a user list (email, last active) every week
/// for 13 weeks to <c>POST /api/usage</c> of the real bot (its Program, in this process, Azurite): one
/// request per week, as the tool's admin screen exports it, each request with everyone in it. Every
/// person-week is then looked for in storage. Then a year (52 weeks) of per-person weeks of another
/// initiative is stored and the company report's measured figures (<see cref="IUsageFigures.OverviewAsync"/>)
/// are worked out again and again, with one department's people list beside it.
/// </summary>
public static class UsageBenchmark
{
    private const string Tenant = IntakeBenchmark.Tenant;

    public static async Task<int> RunAsync(Args args)
    {
        var peopleCount = args.Int("people", 10_000);
        var importWeeks = args.Int("import-weeks", 13);
        var reportWeeks = args.Int("report-weeks", 52);
        var departmentCount = args.Int("departments", 20);
        // Requests in flight at once; 1 is an admin's weekly job sending its files one after the other.
        var concurrency = Math.Max(1, args.Int("concurrency", 1));
        var samples = args.Int("samples", 21);
        var storage = Environment.GetEnvironmentVariable("TEAMSDXBOT_BENCH_STORAGE") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";

        var setup = Stopwatch.StartNew();
        await using var bot = await InProcessBot.StartAsync(new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:TablePrefix"] = "u" + Guid.NewGuid().ToString("N")[..10],
            ["Delivery:RunEngine"] = "false",
            ["Pulse:CheckInterval"] = "30.00:00:00",
            ["Questions:CheckInterval"] = "30.00:00:00",
            ["Demo:Seed"] = "false",
        });
        var now = bot.Get<TimeProvider>().GetUtcNow();
        var random = new Random(20261207);

        var departments = new List<string>();
        foreach (var name in IntakeBenchmark.DepartmentNames(departmentCount))
        {
            departments.Add((await bot.Get<DepartmentRepository>().CreateAsync(Tenant, name, now, default)).Department!.Id);
        }
        // Department sizes from a few big to many small ones.
        var weights = Enumerable.Range(0, departments.Count).Select(i => 1.0 / Math.Pow(i + 1, 0.8)).ToArray();
        var cumulative = weights.Select((w, i) => weights.Take(i + 1).Sum() / weights.Sum()).ToArray();
        var staff = Enumerable.Range(0, peopleCount)
            .Select(i => new BenchStaff(i, $"aad-{i:00000}", departments[Math.Min(departments.Count - 1, Array.FindIndex(cumulative, c => c >= (i + 0.5) / peopleCount))]))
            .ToList();
        await BenchStaff.EnrolAsync(bot.Get<PersonRepository>(), Tenant, staff, "http://127.0.0.1:9/", now, TimeSpan.FromDays(7));
        Console.Error.WriteLine($"enrolled {staff.Count} people in {setup.Elapsed.TotalSeconds:F1}s");

        var zone = bot.Get<PersonZones>().Company;
        var today = DateOnly.FromDateTime(WallClock.ToLocal(now, zone));
        var thisMonday = UsageWeek.MondayOf(today);
        var promoter = new UserContext(new Person { TenantId = Tenant, AadObjectId = "bench-promoter", Name = "推進 太郎", IsPromoter = true },
            new HashSet<Role> { Role.Staff, Role.Promoter }, Texts.Japanese, IsNew: false);
        var imported = await AddInitiativeAsync(bot, "bench-import", thisMonday.AddDays(-7 * importWeeks), zone);
        var key = (await bot.Get<ApiKeyService>().RotateAsync(promoter, imported.Id, default)).Issued!.Token;

        // One user list per week, oldest first: everyone with a last login on one of the week's working days.
        var lists = Enumerable.Range(0, importWeeks).Select(w =>
        {
            var monday = thisMonday.AddDays(-7 * (importWeeks - w));
            var csv = new StringBuilder("email,last_active\n");
            foreach (var p in staff)
            {
                var day = monday.AddDays(random.Next(0, 5));
                csv.Append(CultureInfo.InvariantCulture, $"staff{p.Index}@contoso.example,{day:yyyy-MM-dd} {random.Next(8, 20):00}:{random.Next(0, 60):00}\n");
            }
            return (Monday: monday, Body: Encoding.UTF8.GetBytes(csv.ToString()));
        }).ToList();
        var rows = staff.Count * importWeeks;
        Console.Error.WriteLine($"{importWeeks} user lists of {staff.Count} rows ({lists.Max(l => l.Body.Length) / 1024} KiB each); setup {setup.Elapsed.TotalSeconds:F1}s");
        setup.Stop();

        using var client = new HttpClient { BaseAddress = bot.Address, Timeout = TimeSpan.FromMinutes(10) };
        var statuses = new int[lists.Count];
        var latencies = new double[lists.Count];
        var next = -1;
        var import = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < lists.Count)
            {
                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{UsageApi.Path}?{UsageApi.InitiativeParameter}={imported.Id}")
                {
                    Content = new ByteArrayContent(lists[i].Body),
                };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await client.SendAsync(request);
                statuses[i] = (int)response.StatusCode;
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"week {lists[i].Monday}: HTTP {statuses[i]} {await response.Content.ReadAsStringAsync()}");
                }
            }
        })));
        import.Stop();
        Console.Error.WriteLine($"imported {rows} rows in {import.Elapsed.TotalSeconds:F1}s ({rows / import.Elapsed.TotalSeconds:F0} rows/s)");

        // Every row's person-week must be stored: one week per person per list.
        var stored = await bot.Get<UsageWeekRepository>().ListFromAsync(Tenant, imported.Id, lists[0].Monday, default);
        var found = stored.Where(u => u.ActiveDays == 1).Select(u => (u.PersonId, u.WeekStart)).ToHashSet();
        var lost = staff.Sum(p => lists.Count(l => !found.Contains((p.AadObjectId, l.Monday))));
        Console.Error.WriteLine($"stored {stored.Count} person-weeks, {lost} missing");

        // A year of weeks for a second tool: people start at different times, some use it most weeks, some now and then, some stop.
        var report = await AddInitiativeAsync(bot, "bench-report", thisMonday.AddDays(-7 * reportWeeks), zone);
        var yearWeeks = Enumerable.Range(0, reportWeeks).Select(w => thisMonday.AddDays(-7 * (reportWeeks - w))).ToList();
        var year = new List<UsageWeek>();
        foreach (var p in staff)
        {
            var start = random.NextDouble() < 0.1 ? reportWeeks : random.Next(0, reportWeeks);
            var stop = random.NextDouble() < 0.15 ? random.Next(start, reportWeeks + 1) : reportWeeks;
            var share = random.NextDouble() < 0.6 ? 0.9 : 0.35;
            for (var w = start; w < stop; w++)
            {
                if (random.NextDouble() < share)
                {
                    var days = random.Next(1, 6);
                    year.Add(new UsageWeek
                    {
                        TenantId = Tenant, InitiativeId = report.Id, PersonId = p.AadObjectId, WeekStart = yearWeeks[w], ActiveDays = days,
                        LastActive = yearWeeks[w].AddDays(days - 1), Source = "api:bench", ReceivedAt = now,
                    });
                }
            }
        }
        var seed = Stopwatch.StartNew();
        await bot.Get<UsageWeekRepository>().ReplaceWeeksAsync(Tenant, report.Id, yearWeeks, year, default);
        Console.Error.WriteLine($"stored {year.Count} person-weeks over {reportWeeks} weeks in {seed.Elapsed.TotalSeconds:F1}s");

        var figures = bot.Get<IUsageFigures>();
        // The first report after the import: the directory's ids were read whole by the imports a moment ago.
        var firstStart = Stopwatch.GetTimestamp();
        await figures.OverviewAsync(report, default);
        var firstMs = Stopwatch.GetElapsedTime(firstStart).TotalMilliseconds;
        for (var i = 0; i < 3; i++)
        {
            await figures.OverviewAsync(report, default);
        }
        var overview = (await figures.OverviewAsync(report, default))!;
        var reportMs = await TimeAsync(samples, () => figures.OverviewAsync(report, default));
        var department = departments[1];
        var peopleMs = await TimeAsync(samples, () => figures.PeopleAsync(report, department, thisMonday.AddDays(-7), default));
        var directoryMs = await TimeAsync(Math.Min(samples, 5), () => bot.Get<PersonRepository>().ListAsync(Tenant, default));
        var identitiesMs = await TimeAsync(samples, () => bot.Get<PersonRepository>().ListIdentitiesAsync(Tenant, default));
        var chunksMs = await TimeAsync(samples, () => bot.Get<UsageWeekRepository>().ReadAsync(Tenant, report.Id, default));
        var last = overview.Company.Weeks[^1];
        // What the figures read: the initiative's chunk rows.
        long storedBytes = 0;
        var chunkRows = 0;
        await foreach (var row in bot.Get<TeamsDxBot.Storage.Tables>().Get(UsageWeekRepository.TableName)
            .QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{UsageWeekRepository.PartitionKeyOf(Tenant, report.Id)}'"))
        {
            chunkRows++;
            storedBytes += row.Keys.Where(k => k.StartsWith('D')).Sum(k => row.GetBinary(k)?.Length ?? 0);
        }

        var output = new Dictionary<string, object>
        {
            ["benchmark"] = "usage",
            ["people"] = staff.Count,
            ["import_weeks"] = importWeeks,
            ["rows"] = rows,
            ["requests"] = lists.Count,
            ["concurrency"] = concurrency,
            ["import_seconds"] = Math.Round(import.Elapsed.TotalSeconds, 2),
            ["import_rows_per_s"] = Math.Round(rows / import.Elapsed.TotalSeconds, 0),
            ["request_p50_ms"] = Math.Round(Median(latencies), 0),
            ["request_max_ms"] = Math.Round(latencies.Max(), 0),
            ["failed_requests"] = statuses.Count(s => s != 200),
            ["lost"] = lost,
            ["report_weeks"] = reportWeeks,
            ["report_person_weeks"] = year.Count,
            ["report_ms"] = Math.Round(Median(reportMs), 1),
            ["report_min_ms"] = Math.Round(reportMs.Min(), 1),
            ["report_max_ms"] = Math.Round(reportMs.Max(), 1),
            ["report_first_ms"] = Math.Round(firstMs, 1),
            ["department_people_ms"] = Math.Round(Median(peopleMs), 1),
            ["directory_read_ms"] = Math.Round(Median(directoryMs), 1),
            ["identities_read_ms"] = Math.Round(Median(identitiesMs), 1),
            ["usage_read_ms"] = Math.Round(Median(chunksMs), 1),
            ["chunk_rows"] = chunkRows,
            ["stored_kib"] = storedBytes / 1024,
            ["groups"] = overview.Groups.Count,
            ["weeks_shown"] = overview.Company.Weeks.Count,
            ["last_week_active_rate"] = Math.Round(last.ActiveRate ?? 0, 3),
            ["samples"] = samples,
            ["load_avg"] = LoadAverage.Read(),
            ["setup_seconds"] = Math.Round(setup.Elapsed.TotalSeconds, 1),
        };
        Console.Out.WriteLine(JsonSerializer.Serialize(output));
        return 0;
    }

    private static async Task<Initiative> AddInitiativeAsync(InProcessBot bot, string id, DateOnly goLive, TimeZoneInfo zone)
    {
        var initiative = new Initiative
        {
            TenantId = Tenant,
            Id = id,
            Name = id == "bench-import" ? "経費精算システム" : "社内チャット",
            GoLive = goLive,
            TargetDate = goLive.AddMonths(Initiative.DefaultTargetMonths),
            CreatedAt = WallClock.ToUtc(goLive.AddDays(-14).ToDateTime(TimeOnly.MinValue), zone),
        };
        await bot.Get<InitiativeRepository>().AddAsync(initiative, default);
        return (await bot.Get<InitiativeRepository>().GetAsync(Tenant, id, default))!;
    }

    private static async Task<List<double>> TimeAsync(int samples, Func<Task> action)
    {
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return times;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
