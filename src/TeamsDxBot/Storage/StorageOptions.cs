using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Azure Table Storage, Cosmos DB Table API, or Azurite (the default) connection string.</summary>
    [Required]
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Prepended to every table name so several deployments or test runs can share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,20}$|^$", ErrorMessage = "Storage:TablePrefix must be letters and digits, starting with a letter.")]
    public string TablePrefix { get; set; } = "";
}
