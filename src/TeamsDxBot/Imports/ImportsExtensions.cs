using TeamsDxBot.Turns;

namespace TeamsDxBot.Imports;

public static class ImportsExtensions
{
    public static IHostApplicationBuilder AddFileImports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(FileImport.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<FileImport>();
        builder.Services.AddSingleton<IFileUploadHandler>(sp => sp.GetRequiredService<FileImport>());
        builder.Services.AddSingleton<ICardVerbs>(sp => sp.GetRequiredService<FileImport>());
        return builder;
    }
}
