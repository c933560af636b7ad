using './main.bicep'

// Lowercase letters and digits, 3 to 11: every resource name is derived from it.
param name = 'teamsdx'
param instanceCount = 2
param appServiceSku = 'P0v3'
param botSku = 'F0'
// Read from the environment so that no secret is written into the repository (README, "Deploy to Azure"):
//   TEAMSDX_SIGNING_KEY    = $(openssl rand -base64 32), kept for every later deployment
//   TEAMSDX_FIRST_PROMOTER = the Entra object id or UPN of the first DX promoter
param signingKey = readEnvironmentVariable('TEAMSDX_SIGNING_KEY')
param firstPromoter = readEnvironmentVariable('TEAMSDX_FIRST_PROMOTER')
