// The core's front door: what the shells (Electron, headless) and the CLI may use. Everything else under
// src/main/core is the core's own business and may move; eslint.config.js refuses deep imports from outside.
// See docs/ARCHITECTURE.md for the layers.
export { createCore, type Core, type CoreOptions } from './create-core'
export { dataDirProblem, ensureApiToken, resolveDataDir } from './data-dir'
export type { EventBus } from './events'
export { acquireInstance, readInstance, type InstanceInfo, type InstanceLock } from './instance'
export { API_PROOF_NONCE, API_PROOF_PATH, apiProof, newProofNonce, proofMatches } from './api-proof'
export type { NotificationPort, NotifyResult } from './notify/notifier'
export type { Toast } from './notify/policy'
export type { ToastAction, ToastActionId, ToastActionResult, ToastSubject } from './notify/toast-actions'
export { computeTrayState, trayEntries, type TrayMenuItem, type TrayState } from './notify/tray-state'
export { PROVIDERS, sampleBody } from './providers'
export { SOURCE_TOOLS } from './source-actions/tools'
export { createConfBackend, PLAIN_CODEC, type SecretCodec, type SettingsBackend } from './settings/backend'
export { DEFAULT_SETTINGS, SETTINGS_SCHEMA, type StoredSettings } from './settings/schema'
export { createSettings } from './settings/settings'
export { VERSION } from './version'
