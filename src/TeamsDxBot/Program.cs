using TeamsDxBot.Anonymity;
using TeamsDxBot.Audit;
using TeamsDxBot.Bot;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Calendar;
using TeamsDxBot.Delivery;
using TeamsDxBot.Demo;
using TeamsDxBot.Dev;
using TeamsDxBot.Directory;
using TeamsDxBot.Files;
using TeamsDxBot.Health;
using TeamsDxBot.Hosting;
using TeamsDxBot.Imports;
using TeamsDxBot.Improvements;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Metrics;
using TeamsDxBot.Nudges;
using TeamsDxBot.Observability;
using TeamsDxBot.Onboarding;
using TeamsDxBot.Privacy;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Reports;
using TeamsDxBot.Security;
using TeamsDxBot.Storage;
using TeamsDxBot.Usage;

var builder = WebApplication.CreateBuilder(args);

builder.AddDevClock();
builder.AddObservability();
builder.AddTableStorage();
builder.AddCalendar();
builder.AddAnonymity();
builder.AddSecurity();
builder.AddHealth();
builder.AddBot();
builder.AddDelivery();
builder.AddDirectory();
builder.AddInitiatives();
builder.AddMetrics();
builder.AddUsage();
builder.AddQuestions();
builder.AddFiles();
builder.AddPulse();
builder.AddBroadcasts();
builder.AddReports();
builder.AddImprovements();
builder.AddNudges();
builder.AddAudit();
builder.AddPrivacy();
builder.AddFileImports();
builder.AddOnboarding();
builder.AddDemoData();

var app = builder.Build();
app.EnsureSettingsAreValid();

app.MapHealth();
app.MapBot();
app.MapFiles();
app.MapMetrics();
app.MapUsage();
app.MapDevClock();

app.Run();

public partial class Program;
