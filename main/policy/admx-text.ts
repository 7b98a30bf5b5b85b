/**
 * The Group Policy editor's words for each machine-policy setting (en-GB): a display name and an
 * explanation of what it does. Allowed values, ranges, defaults and the registry value are added
 * from the schema by main/policy/admx.ts; test/unit/policy/admx.test.ts checks that every schema
 * setting has its words here and nothing else does.
 */
export interface SettingText { name: string; explain: string }

export const SECTION_TITLES: Record<string, string> = {
  station: 'Station',
  identityProvider: 'Identity provider',
  'identityProvider.claims': 'Identity provider claims',
  trustedCardCAs: 'Trusted card CAs',
  authenticators: 'Authenticators',
  apps: 'Apps',
  session: 'Sessions',
  preferences: 'User preferences fixed for everyone',
  audit: 'Audit log',
  'audit.syslog': 'Audit log forwarding (syslog)',
};

export const SETTING_TEXT: Record<string, SettingText> = {
  'station.name': { name: 'Station name', explain: 'The name of this workstation as clinicians see it on the lock screen and as the audit log records it, for example "Ward 7 nurses\' station".' },
  'identityProvider.issuer': { name: 'Identity provider issuer', explain: 'The OpenID Connect issuer URL of the trust\'s identity provider. Lanyard reads the provider\'s discovery document from this address.' },
  'identityProvider.clientId': { name: 'Identity provider client ID', explain: 'The client ID registered for Lanyard at the identity provider.' },
  'identityProvider.profile': { name: 'Identity provider profile', explain: 'standard: any OpenID Connect provider (Keycloak, Entra ID, ADFS, LemonLDAP::NG); a smartcard user is proven by TLS client certificate at the provider\'s certificate endpoint, with the card\'s own key after the PIN typed in Lanyard. reference: Lanyard\'s reference provider and its own card exchange (demo and tests).' },
  'identityProvider.certificateHost': { name: 'Certificate endpoint host', explain: 'Standard profile: the host (and port, if not 443) whose TLS handshake asks for the smartcard\'s certificate, for example certauth.login.microsoftonline.com for Entra ID. Required when smartcards are allowed.' },
  'identityProvider.acrValues': { name: 'Requested authentication context (acr_values)', explain: 'Standard profile: the acr_values sent with each sign-in, as the provider names its authentication levels. Not set: none is sent.' },
  'identityProvider.cardLoginHint': { name: 'Card sign-in login hint', explain: 'Standard profile: send the card certificate\'s user principal name (upn) or email address (email) as login_hint with each card sign-in, for providers that ask who is signing in before they ask for the certificate (Entra ID certificate-based authentication: upn). A card whose certificate has no such name is refused with a message. Not set: no hint is sent.' },
  'identityProvider.scopes': { name: 'Scopes', explain: 'Standard profile: the scopes Lanyard asks for, separated by spaces, starting with openid. Not set: openid profile.' },
  'identityProvider.serverCAs': { name: 'Provider TLS roots', explain: 'Standard profile: the certificates (PEM) of the CAs that sign the identity provider\'s TLS server certificates, when they are the trust\'s own and not in the system\'s store. Lanyard then trusts only these for the provider. Not set: the system\'s trusted roots.' },
  'identityProvider.claims.userId': { name: 'Claim with the user ID', explain: 'Standard profile: the ID token claim that holds the person\'s user ID (the audit log and keychain key on it).' },
  'identityProvider.claims.name': { name: 'Claim with the person\'s name', explain: 'Standard profile: the ID token claim with the name shown on the PIN pad, lock screen and tabs.' },
  'identityProvider.claims.roles': { name: 'Claim with the roles', explain: 'Standard profile: the ID token claim with the person\'s roles: a list of CIS2 role objects (person_roleid, role_code, role_name, org_code) or a list of role codes. A person with several roles picks one in Lanyard.' },
  trustedCardCAs: { name: 'Trusted smartcard CAs', explain: 'The certificates (PEM, "-----BEGIN CERTIFICATE-----" to "-----END CERTIFICATE-----") of the certificate authorities that issue staff smartcards. Paste every certificate, one after another. A card whose certificate does not chain to one of these is refused.' },
  'authenticators.smartcard': { name: 'Allow smartcard sign-in', explain: 'Enabled: clinicians sign in by tapping a smartcard and typing its PIN. Disabled: smartcards are not accepted.' },
  'authenticators.fido': { name: 'Allow fingerprint security key sign-in', explain: 'Enabled: clinicians sign in by touching a FIDO2 fingerprint security key. Disabled: security keys are not accepted.' },
  apps: { name: 'Apps', explain: 'The web apps Lanyard opens in tabs, as a JSON array. Each app is an object with "id" (lower-case letters, digits and hyphens), "name", "url", "allowedOrigins" (the origins the app may navigate to), "signIn" ("oidc", "form" or "none"), optionally "roles" (the NRBAC role codes that see the app; absent means every role) and, for "form", a "form" object with "loginUrl", "usernameSelector", "passwordSelector" and "submitSelector", and optionally "username" (the username the app uses for each person, as a template such as {givenInitial}{familyName} or {claim:preferred_username}: Lanyard remembers and fills only a sign-in with that username) and "offerUnverified" (true: without "username", still offer Remember, marked as not checked; default false). Lines are joined before the JSON is read.' },
  'session.onCardRemoval': { name: 'When the smartcard is pulled', explain: 'lock: the screen locks at once and the clinician\'s apps are kept for their return. logout: the session ends and its apps are closed.' },
  'session.onKeyRemoval': { name: 'When the security key is pulled', explain: 'lock or logout as for smartcards; nothing: pulling the key that signed the session in does not lock it.' },
  'session.resumeWith': { name: 'Resume a locked session with', explain: 'same-method: a locked session resumes only with the card or key it began with. any-method: with any authenticator this policy allows, for the same person.' },
  'session.pinGraceSeconds': { name: 'PIN grace period (seconds)', explain: 'A re-tap of the same card within this many seconds of locking resumes the session without the PIN. 0 always asks for the PIN.' },
  'session.idleTimeoutSeconds': { name: 'Idle timeout (seconds)', explain: 'The screen locks after this long without keyboard or mouse input.' },
  'session.idleWarningSeconds': { name: 'Idle warning (seconds)', explain: 'A countdown is shown for this many seconds before the idle lock.' },
  'session.suspendedTimeoutSeconds': { name: 'Keep locked sessions for (seconds)', explain: 'A locked (suspended) session ends this long after it was locked: its apps are closed and its sign-ins revoked.' },
  'session.maxSuspendedUsers': { name: 'Most locked sessions kept', explain: 'How many clinicians may have a locked session kept on this workstation at once; beyond it, the oldest is ended. 0 ends a session whenever it would be kept.' },
  'session.lockScreenShows': { name: 'Lock screen shows', explain: 'initials: the lock screen shows the initials of the clinicians whose sessions are kept. name: their full names.' },
  'session.onRefreshFailure': { name: 'When sign-in renewal fails', explain: 'Lanyard renews each session\'s sign-in with the identity provider before it expires, also while the session is locked. If a renewal fails (the sign-in was revoked, or the provider is down for longer than the sign-in lasts): lock: the station locks and the clinician taps their card again. keep-working: the apps stay open on their own sign-ins and the clinician is told. Both are recorded in the audit log.' },
  'context.enabled': { name: 'Share patient context between apps', explain: 'On: an embedded FHIRcast hub keeps the apps listed in context.apps on the same patient, and the shell shows a patient banner. Off (the default): every app keeps its own patient.' },
  'context.apps': { name: 'Apps that share patient context', explain: 'The ids of the apps (OpenID Connect sign-in only) that receive hub.url and hub.topic in their token response and may subscribe to the hub.' },
  'context.ackTimeoutSeconds': { name: 'Seconds for an app to follow a patient change', explain: 'An app that has not acknowledged a patient change by then is named in a warning above the tabs.' },
  'context.appsMayChangeContext': { name: 'Apps may change the patient', explain: 'On: any taking-part app may open or close a patient for the others. Off: apps follow, and only the shell closes the patient.' },
  'preferences.textSize': { name: 'Text size', explain: 'Fixes the size of the text in Lanyard\'s own screens (normal, large or larger) for every user; their own choice is not offered and their settings show "set by your organisation". Not configured: each user chooses, and Lanyard remembers it for them on this workstation.' },
  'preferences.highContrast': { name: 'High contrast', explain: 'Enabled: Lanyard\'s own screens are always shown in high contrast. Disabled: never. Either way users cannot change it. Not configured: each user chooses.' },
  'preferences.tabOrder': { name: 'Tab order', explain: 'as-listed: every user\'s tabs keep the order of the apps in this policy and cannot be moved. Not configured: users may move their tabs left and right, and Lanyard opens their apps in that order next time.' },
  'audit.file': { name: 'Audit log file', explain: 'The path of the audit log file. Not set: Lanyard\'s data folder.' },
  'audit.keyDir': { name: 'Audit key folder', explain: 'The folder of the audit checkpoint signing key and head record; it must not be the audit log\'s own folder. Not set: beside Lanyard\'s data folder.' },
  'audit.maxBytes': { name: 'Audit log size before rotation (bytes)', explain: 'The audit log file is rotated when it reaches this size.' },
  'audit.syslog.host': { name: 'Syslog server', explain: 'The host name or address of the syslog server that receives a copy of every audit line. Set together with the port.' },
  'audit.syslog.port': { name: 'Syslog port', explain: 'The syslog server\'s port.' },
  'audit.syslog.protocol': { name: 'Syslog protocol', explain: 'udp or tcp.' },
};
