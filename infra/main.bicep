// TeamsDxBot on Azure: App Service on Linux (.NET 10), table storage, an Azure Bot with the Teams
// channel whose identity is a user-assigned managed identity (no client secret), Key Vault for the
// secrets the app reads through Key Vault references, and Application Insights on Log Analytics.
//
//   TEAMSDX_SIGNING_KEY=... TEAMSDX_FIRST_PROMOTER=... az deployment group create -g <group> -p infra/main.bicepparam

targetScope = 'resourceGroup'

@description('Short lowercase name used to derive every resource name (3 to 11 letters or digits).')
@minLength(3)
@maxLength(11)
param name string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('App Service instances. Two or more share the work: every background job claims it with ETags and leases in the one storage account.')
@minValue(1)
@maxValue(10)
param instanceCount int = 2

@description('App Service plan size (Linux). P0v3 is the smallest that keeps the app always on with two instances.')
param appServiceSku string = 'P0v3'

@description('Azure Bot pricing tier: F0 (free, standard channels only) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Base64 of at least 32 random bytes (openssl rand -base64 32). Signs file links, survey tickets and anonymous respondent keys; keep it when redeploying.')
@secure()
@minLength(44)
param signingKey string

@description('Entra object id or UPN of the first DX promoter.')
param firstPromoter string

@description('Name shown for the bot in Teams.')
param botDisplayName string = 'DX推進ボット'

var suffix = uniqueString(resourceGroup().id, name)
var hostName = '${name}-${suffix}.azurewebsites.net'
// Built-in role: Key Vault Secrets User.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${name}${suffix}', 24)
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-bot-${suffix}'
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${name}-kv-${suffix}', 24)
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource signingKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'SigningKey'
  properties: {
    value: signingKey
  }
}

resource storageSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'StorageConnectionString'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

resource secretsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: '${name}-${suffix}'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
        // App Service forwards its front end to this port; Kestrel listens on loopback elsewhere.
        { name: 'Urls', value: 'http://0.0.0.0:8080' }
        { name: 'WEBSITES_PORT', value: '8080' }
        { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'MicrosoftAppId', value: identity.properties.clientId }
        { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
        { name: 'Security__SigningKey', value: '@Microsoft.KeyVault(SecretUri=${signingKeySecret.properties.secretUri})' }
        { name: 'Files__PublicBaseUrl', value: 'https://${hostName}' }
        { name: 'Storage__ConnectionString', value: '@Microsoft.KeyVault(SecretUri=${storageSecret.properties.secretUri})' }
        { name: 'Directory__Admins__0', value: firstPromoter }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
      ]
    }
  }
  dependsOn: [
    secretsReader
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${hostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenant().tenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

@description('The Azure Bot messaging endpoint.')
output messagingEndpoint string = bot.properties.endpoint

@description('The bot app id (the managed identity client id): pass it to scripts/package-manifest.sh.')
output botAppId string = identity.properties.clientId

@description('The web app host name.')
output hostName string = app.properties.defaultHostName

@description('The web app name, for the zip deployment.')
output webAppName string = app.name
