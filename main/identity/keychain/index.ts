/** The keychain adapter and credential vault, as the rest of Lanyard uses them. */
export { KeytarKeychain, type KeytarApi, type KeytarLoader } from './keytar-keychain.js';
export { probeKeychain, PROBE_SERVICE, type ProbeResult } from './probe.js';
export { CredentialVault, type AppCredential, type ForgetResult, type VaultOptions } from './credential-vault.js';
export { KeychainError, type KeychainErrorCode } from './keychain-error.js';
export { openCredentialVault, type OpenedVault } from './open-vault.js';
export { REFRESH_TOKEN_SERVICE, INDEX_SERVICE, appService, rememberedService } from './service-names.js';
