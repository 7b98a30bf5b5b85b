/** The shell's identity client: what the session layer imports. */
export { IdentityClient, SHELL_SCOPE, type IdentityClientOptions } from './identity-client.js';
export { IdentityError, type IdentityErrorCode } from './identity-error.js';
export { StandardIdentityClient, type StandardClientOptions } from './standard/standard-client.js';
export type {
  CardProofInput, FidoEnrolment, FidoSignIn, RegisteredKey, RoleChoice, RoleOption, SignedInSession, SignedInUser, SmartcardSignIn,
} from './types.js';
